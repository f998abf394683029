"""The one writer of a run: batches case results into the store from a thread.

Committing each result on its own costs a transaction (an fsync on SQLite) per case and
blocks the event loop; committing once at the end loses everything on a kill. The middle
way: a single writer task collects results for at most ``max_delay_s`` or ``max_batch``
results, then commits them (and the cache entries of fresh answers, in the same
transaction) in a worker thread while the loop keeps running cases. A kill loses at most
what was in that window; those cases are simply run again by ``--resume``.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from phaseone.errors import StoreError
from phaseone.store.cache import CacheRow
from phaseone.store.case_rows import CaseRow
from phaseone.store.database import Store
from phaseone.store.eval_io import write_results


@dataclass
class Pending:
    """One finished case: its result and, for a fresh answer, its cache entry."""

    result: CaseRow
    cache_row: CacheRow | None = None


@dataclass
class WriterStats:
    batches: int = 0
    rows: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


class ResultWriter:
    """Owns the queue of finished cases and the task that commits them."""

    def __init__(
        self,
        store: Store,
        *,
        max_batch: int = 100,
        max_delay_s: float = 0.05,
        max_pending: int = 2000,
    ) -> None:
        self.store = store
        self.max_batch = max_batch
        self.max_delay_s = max_delay_s
        self.queue: asyncio.Queue[Pending | None] = asyncio.Queue(maxsize=max_pending)
        self.stats = WriterStats()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="phaseone-result-writer")

    async def put(self, item: Pending) -> None:
        if self._task is not None and self._task.done():
            # Surface a store failure to the worker instead of queueing forever.
            self._task.result()
        await self.queue.put(item)

    async def close(self) -> None:
        """Flush everything queued, then stop. Raises StoreError if a commit failed."""
        if self._task is None:
            return
        if not self._task.done():
            await self.queue.put(None)
        await self._task

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        done = False
        while not done:
            item = await self.queue.get()
            if item is None:
                break
            batch = [item]
            deadline = loop.time() + self.max_delay_s
            # Take everything already waiting (bounded by the queue), then wait out the
            # window for more, so a backlog drains in large batches.
            while True:
                while len(batch) < self.max_batch * 10:
                    try:
                        nxt = self.queue.get_nowait()
                    except asyncio.QueueEmpty:
                        break
                    if nxt is None:
                        done = True
                        break
                    batch.append(nxt)
                if done or len(batch) >= self.max_batch:
                    break
                remaining = deadline - loop.time()
                if remaining <= 0:
                    break
                try:
                    nxt = await asyncio.wait_for(self.queue.get(), remaining)
                except TimeoutError:
                    break
                if nxt is None:
                    done = True
                    break
                batch.append(nxt)
            await self._commit(batch)

    async def _commit(self, batch: list[Pending]) -> None:
        results = [p.result for p in batch]
        cache_rows = [p.cache_row for p in batch if p.cache_row is not None]
        t0 = time.perf_counter()
        try:
            await asyncio.to_thread(self._write, results, cache_rows)
        except Exception as exc:
            self.stats.errors.append(str(exc))
            raise StoreError(
                f"could not store case results in {self.store.safe_url}: {exc}",
                fix="check the database is reachable and writable; then resume the run",
            ) from exc
        self.stats.batches += 1
        self.stats.rows += len(results)
        self.stats.seconds += time.perf_counter() - t0

    def _write(self, results: list[CaseRow], cache_rows: list[CacheRow]) -> None:
        write_results(self.store, results, cache_rows)
