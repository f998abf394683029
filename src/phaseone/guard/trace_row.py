"""A request's id and its trace row, which the stages fill in as the request goes.

Every request, refused or answered, ends in exactly one trace row (`recording.py`
writes it); this module says what the row holds when a request starts.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from typing import Any

# Seeded once from the OS; per-request `os.urandom` costs ~100 µs on some VMs. Request ids
# must be unique, not secret (feedback needs an API key anyway).
_ids = random.Random(os.urandom(32))


def new_request_id() -> str:
    """24 hex digits: milliseconds since the epoch (48 bits), then 48 random bits.

    Time-ordered, like a UUIDv7, because the id is the traces table's primary key: new
    rows land at the end of its index instead of at random pages all over it, which kept
    the trace writer's cost per row flat as the table grew (random ids made every insert
    touch a different page once the table outgrew the cache)."""
    return f"{time.time_ns() // 1_000_000:012x}{_ids.getrandbits(48):012x}"


def new_trace(request_id: str, project: str) -> dict[str, Any]:
    """A request's trace row as the stages fill it in: answered by the primary until a
    stage says otherwise. One literal, so every trace has every column."""
    return {
        "id": request_id,
        "project": project,
        "key_name": None,
        "started_at": dt.datetime.now(dt.UTC),
        "input": None,
        "output": None,
        "input_tokens": None,
        "output_tokens": None,
        "cost": None,
        "outcome": "ok",
        "status_code": 200,
        "error_kind": None,
        "findings": [],
        "route": "primary",
        "target_version": None,
        "shadow_output": None,
    }


class Unredacted:
    """A target's answer waiting in a trace for the recorder to redact it; never stored
    as it is (the writer only ever receives what `Recorder.record` hands it)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value
