"""The trace writer process holds its memory flat while the traces table grows (issue
#21.4: it grew ~520 bytes per request: its SQLite page cache filled with the table's
pages, and a statement was prepared and cached for every batch size; the full-length
check is `python -m bench soak`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from phaseone.guard.trace_process import ProcessTraceWriter
from phaseone.store import Store
from phaseone.store.trace_row import TraceRow

TEXT = "Hello, can you help me summarise this customer email about [EMAIL] order 12345?"


def _rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _send(writer: ProcessTraceWriter, start: int, n: int, batches: bool) -> None:
    """`n` rows; with `batches`, flushed in batches of 1, 2, … 100 rows (live traffic
    gives the writer batches of every size), else every 1,000 rows."""
    now = dt.datetime.now(dt.UTC)
    size, next_flush = 1, start + 1
    for i in range(start, start + n):
        writer.trace(
            TraceRow(
                f"{i:024x}", "soak", key_name="k", started_at=now, latency_ms=1.5,
                input=f"{TEXT} {i}", output=TEXT, input_tokens=20, output_tokens=20,
                cost=0.0001,
            )
        )  # fmt: skip
        if batches and i + 1 == next_flush:
            writer.flush()
            size = size % 100 + 1
            next_flush += size
        elif not batches and i % 1000 == 999:
            writer.flush()
    writer.flush()


def test_the_writer_process_does_not_grow_with_the_table(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path}/t.db")
    writer = ProcessTraceWriter(store, flush_interval_s=60)
    writer.start()
    try:
        pid = writer.pid
        assert pid is not None
        _send(writer, 0, 5_000, batches=False)  # warm-up: imports, the first pages
        before = _rss_kib(pid)
        _send(writer, 5_000, 20_000, batches=True)
        grown = _rss_kib(pid) - before
    finally:
        writer.close()
        store.close()
    # It grew ~10 MB here with the 64 MB page cache (500 bytes a row), and ~13 MB more
    # with a prepared statement per batch size.
    assert grown < 3 * 1024, f"the writer grew {grown} KiB over 20,000 rows"
