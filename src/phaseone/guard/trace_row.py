"""A request's id, and the wrapper that marks an answer in its trace row as not yet
redacted.

Every request, refused or answered, ends in exactly one trace row (`recording.py`
records it); the row itself is the store's `TraceRow`, which the stages fill in as the
request goes.
"""

from __future__ import annotations

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


class Unredacted:
    """A target's answer waiting in a trace row (`TraceRow.output`) for the recorder to
    redact it; never stored as it is (the writer only ever receives what
    `Recorder.record` hands it, and that redacts it first)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value
