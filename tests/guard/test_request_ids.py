"""Request ids: unique, and ordered by time (they are the traces table's primary key)."""

from __future__ import annotations

import re
import time

from phaseone.guard.pipeline import new_request_id


def test_ids_are_unique_hex_and_time_ordered() -> None:
    first = [new_request_id() for _ in range(20_000)]
    assert len(set(first)) == len(first)
    assert all(re.fullmatch(r"[0-9a-f]{24}", i) for i in first)
    time.sleep(0.002)
    later = new_request_id()
    assert later > max(first)  # a later millisecond sorts after every earlier id
    stamp_ms = int(later[:12], 16)
    assert abs(stamp_ms - time.time() * 1000) < 5_000
