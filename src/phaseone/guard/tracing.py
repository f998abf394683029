"""Trace writing off the hot path: requests enqueue their `TraceRow`, a background thread writes
batches every `flush_interval_s`, and `close()` writes what is left.

This is the in-process writer (the Python API's default, `trace_writer: thread`);
`phaseone serve` hands its batches to a child process instead (`trace_process`).

Batches are small: a write starts once `batch_size` rows wait, else after the interval.
Loss guarantees: a clean shutdown (SIGTERM → uvicorn's graceful shutdown → `close()`)
loses nothing. SIGKILL or a power cut loses at most the traces enqueued since the last
flush (one flush interval). Updates (feedback, a late shadow answer) whose trace row is
not there yet are retried on the next flushes (another instance may own the row).
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Any, Literal

from phaseone.store.budget_counters import LedgerEntry
from phaseone.store.database import Store
from phaseone.store.trace_row import TraceRow
from phaseone.store.traces import BATCH_ROWS, PendingWrites, WriteStatus

#: Where a guard's traces are written: a thread of its process, or a child process.
WriterMode = Literal["thread", "process"]


class QueuedWriter:
    """What the request path sees of a trace writer: three non-blocking enqueues.

    A request only puts a tuple on a `SimpleQueue` (no lock held across a write); the
    writer's own thread drains the queue."""

    def __init__(self) -> None:
        self._q: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()

    def trace(self, row: TraceRow) -> None:
        self._enqueue(("t", row))

    def ledger(self, row: LedgerEntry) -> None:
        self._enqueue(("l", row))

    def update(self, trace_id: str, values: dict[str, Any]) -> None:
        self._enqueue(("u", (trace_id, values)))

    def _enqueue(self, item: tuple[str, Any]) -> None:
        self._q.put(item)

    def _drain(self) -> list[tuple[str, Any]]:
        items: list[tuple[str, Any]] = []
        while True:
            try:
                items.append(self._q.get_nowait())
            except queue.Empty:
                return items


class TraceWriter(QueuedWriter):
    #: Rows that trigger a write before the interval is up (small batches, short GIL holds).
    batch_size = BATCH_ROWS
    #: How often the writer thread looks at the queue.
    tick_s = 0.02

    def __init__(self, store: Store, flush_interval_s: float = 1.0) -> None:
        super().__init__()
        self.store = store
        self.flush_interval_s = flush_interval_s
        self._stop = threading.Event()
        self._flush_lock = threading.Lock()
        self._pending = PendingWrites(store)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="p1-traces", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        # Write when `batch_size` rows are waiting, else every `flush_interval_s`: a batch
        # is built holding the GIL, and one second of traffic at 2,000 req/s in one batch
        # (~40 ms of Python work) held the event loop back for tens of milliseconds.
        tick = min(self.tick_s, self.flush_interval_s)
        last = time.monotonic()
        while not self._stop.wait(tick):
            now = time.monotonic()
            retry = self._pending.retry_in()  # a failed write is retried without waiting
            if (  # for the interval (writes resume as soon as the database takes them)
                now - last >= self.flush_interval_s
                or self._q.qsize() >= self.batch_size
                or (retry is not None and retry <= 0)
            ):
                last = now
                self._write(force=False)

    def _write(self, force: bool) -> int:
        with self._flush_lock:
            self._pending.add(self._drain())
            return self._pending.write(force=force)

    def flush(self) -> int:
        """Write everything queued so far; returns the number of traces written (rows
        whose write failed are kept and written with the next flush)."""
        return self._write(force=True)

    def status(self) -> WriteStatus:
        """The writer's health: backlog, failed writes, dropped rows (`/healthz`)."""
        return self._pending.status().plus_waiting(self._q.qsize())

    def close(self) -> None:
        """Stop the thread and write everything, retrying for up to `CLOSE_WAIT_S` while
        the database is away (a restart during a deploy loses nothing)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        with self._flush_lock:
            self._pending.add(self._drain())
            self._pending.write_all()
