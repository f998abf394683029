"""Trace writing off the hot path: requests enqueue a dict, a background thread writes
batches every `flush_interval_s`, and `close()` writes what is left.

Batches are small: a write starts once `batch_size` rows wait, else after the interval.
Loss guarantees: a clean shutdown (SIGTERM → uvicorn's graceful shutdown → `close()`)
loses nothing. SIGKILL or a power cut loses at most the traces enqueued since the last
flush (one flush interval). Updates (feedback, a late shadow answer) whose trace row is
not there yet are retried on the next flushes (another instance may own the row).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from phaseone.store.database import Store

log = logging.getLogger("phaseone.guard")
_UPDATE_RETRIES = 10


class TraceWriter:
    #: Rows that trigger a write before the interval is up (small batches, short GIL holds).
    batch_size = 50
    #: How often the writer thread looks at the queue.
    tick_s = 0.02

    def __init__(self, store: Store, flush_interval_s: float = 1.0) -> None:
        self.store = store
        self.flush_interval_s = flush_interval_s
        self._q: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._flush_lock = threading.Lock()
        self._retry: list[tuple[str, dict[str, Any], int]] = []
        self._thread: threading.Thread | None = None
        self.written = 0
        self.on_error: Callable[[BaseException], None] | None = None

    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="p1-traces", daemon=True)
            self._thread.start()

    def trace(self, row: dict[str, Any]) -> None:
        self._q.put(("t", row))

    def ledger(self, row: dict[str, Any]) -> None:
        self._q.put(("l", row))

    def update(self, trace_id: str, values: dict[str, Any]) -> None:
        self._q.put(("u", (trace_id, values)))

    def _run(self) -> None:
        # Write when `batch_size` rows are waiting, else every `flush_interval_s`: a batch
        # is built holding the GIL, and one second of traffic at 2,000 req/s in one batch
        # (~40 ms of Python work) held the event loop back for tens of milliseconds.
        tick = min(self.tick_s, self.flush_interval_s)
        last = time.monotonic()
        while not self._stop.wait(tick):
            now = time.monotonic()
            if now - last >= self.flush_interval_s or self._q.qsize() >= self.batch_size:
                last = now
                self.flush()

    def flush(self) -> int:
        """Write everything queued so far; returns the number of traces written."""
        from phaseone.store.traces import write_batch

        with self._flush_lock:
            traces: list[dict[str, Any]] = []
            ledger: list[dict[str, Any]] = []
            updates: list[tuple[str, dict[str, Any]]] = []
            tries = {}
            for tid, values, n in self._retry:
                updates.append((tid, values))
                tries[id(values)] = n
            self._retry = []
            while True:
                try:
                    kind, item = self._q.get_nowait()
                except queue.Empty:
                    break
                if kind == "t":
                    traces.append(item)
                elif kind == "l":
                    ledger.append(item)
                else:
                    updates.append(item)
            if not (traces or ledger or updates):
                return 0
            try:
                missed = write_batch(self.store, traces, ledger, updates)
            except Exception as exc:  # keep the rows: put them back for the next flush
                log.warning("trace flush failed, will retry: %s", exc)
                for t in traces:
                    self._q.put(("t", t))
                for le in ledger:
                    self._q.put(("l", le))
                for u in updates:
                    self._q.put(("u", u))
                if self.on_error:
                    self.on_error(exc)
                return 0
            for tid, values in missed:
                n = tries.get(id(values), 0) + 1
                if n < _UPDATE_RETRIES:
                    self._retry.append((tid, values, n))
            self.written += len(traces)
            return len(traces)

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        self.flush()
