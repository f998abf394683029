"""The executor: a run's cases through the target and scorers, results to the writer.

Shape, and why:

* **Streaming, bounded.** One producer reads the dataset and feeds a bounded queue; a
  fixed pool of ``concurrency`` workers pulls from it. Memory holds the queue, the
  in-flight cases and one writer batch — never the dataset or the results — so it stays
  flat from 100 cases to 100,000.
* **Committed as it goes.** Each finished case goes to one writer task that commits in
  small batches from a thread (`writer.py`). A killed run keeps everything but the last
  window; a resume skips every (case, repeat) already stored, and the ``uq_case_once``
  constraint makes a duplicate impossible even if two resumes race.
* **Polite to the target.** Retries, back-off and throttling are `calls.py`'s; the
  spend limit is checked before every fresh call, reserving the estimate for each call
  in flight.
* **The cache is never evidence.** Stored answers are read only with ``use_cache`` and
  keyed on the fingerprint of what answers; a reused answer keeps its original latency,
  tokens and cost and is stored with ``cached=True``.
* **Errors are data, an outage is not.** A target error becomes the case's
  ``error_kind``; a target or judge that fails case after case stops the run
  (`outage.py`), its held-back failures dropped so that a resume runs them again.

The executor ends with an `Execution` record; `finish.py` turns it into the stored run.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from phaseone.datasets.base import Case, DatasetSource
from phaseone.errors import TargetError
from phaseone.evals.calls import CallPolicy, call_target
from phaseone.evals.limiter import AdaptiveLimiter
from phaseone.evals.options import EvalOptions
from phaseone.evals.outage import TARGET, Observed, OutageWatch, scorer_failures, target_failure
from phaseone.evals.progress import ProgressReporter, make_progress
from phaseone.evals.scoring import CaseScores, jsonable
from phaseone.evals.writer import Pending, ResultWriter
from phaseone.plan.schema import Suite
from phaseone.store import cache as cache_store
from phaseone.store import runs as run_store
from phaseone.store.case_rows import CaseRow
from phaseone.store.database import Store
from phaseone.store.eval_io import Lookup, lookup
from phaseone.store.models import Run, utcnow
from phaseone.targets.base import Target, TargetResponse

#: Cases read (and looked up in cache / resume state) per store round trip.
CHUNK = 64

#: Judges one answer: the suite's scorers here, or on a Dask worker.
ScoreAnswer = Callable[[Case, TargetResponse], Awaitable[CaseScores]]


@dataclass
class _Item:
    case: Case
    repeat_index: int
    key: str
    tags: list[str]
    cached: cache_store.CachedResponse | None = None


@dataclass
class Execution:
    """How the calls of a run went, for `finish.py` to store.

    Attributes:
        stop_reason: None (every case ran), ``interrupted``, ``max_cost``, ``cancelled``,
            ``failed`` or ``infrastructure``.
        error: What failed the run, re-raised once the run is stored.
        wall_s: Seconds from the first call to the last result written.
    """

    spent: float = 0.0
    fresh_calls: int = 0
    skipped: int = 0
    stop_reason: str | None = None
    error: BaseException | None = None
    wall_s: float = 0.0
    throttle: dict[str, Any] = field(default_factory=dict)


def merge_tags(case_tags: tuple[str, ...], suite_tags: list[str]) -> list[str]:
    """A case's tags, then the suite's not already among them."""
    if not suite_tags:
        return list(case_tags)
    seen = dict.fromkeys(case_tags)
    for t in suite_tags:
        seen.setdefault(t, None)
    return list(seen)


class Executor:
    """Runs the cases of one stored run; `execute` is the only entry point."""

    def __init__(
        self,
        store: Store,
        run: Run,
        suite: Suite,
        source: DatasetSource,
        target: Target,
        score: ScoreAnswer,
        options: EvalOptions,
        *,
        repeat: int,
        policy: CallPolicy,
        per_call_estimate: float,
        resuming: bool,
        outage: OutageWatch,
    ) -> None:
        self.store = store
        self.run = run
        self.suite = suite
        self.source = source
        self.target = target
        self.score = score
        self.options = options
        self.concurrency = options.calls_in_flight
        self.repeat = repeat
        self.policy = policy
        self.per_call_estimate = per_call_estimate
        self.resuming = resuming
        self.outage = outage
        self.state = Execution()
        self.limiter = AdaptiveLimiter(self.concurrency)
        self.writer = ResultWriter(store)
        self.progress: ProgressReporter = make_progress(options.progress)
        self.queue: asyncio.Queue[_Item | None] = asyncio.Queue(maxsize=self.concurrency * 4)
        self.tasks: list[asyncio.Task[None]] = []
        self.fingerprint = target.fingerprint

    async def execute(self) -> Execution:
        """Run every case not yet stored; never raises for a case or a stop."""
        loop = asyncio.get_running_loop()
        sigint_installed = False
        if self.options.handle_signals:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signal.SIGINT, self._on_sigint)
                sigint_installed = True
        label = f"{self.suite.name} ({self.run.role})"
        already = run_store.count_results(self.store, self.run.id) if self.resuming else 0
        self.progress.start(label, self.run.total_cases, already_done=already)
        self.writer.start()
        t0 = time.perf_counter()
        state = self.state
        try:
            producer = asyncio.create_task(self._produce(), name="phaseone-producer")
            self.tasks = [producer] + [
                asyncio.create_task(self._worker(), name=f"phaseone-worker-{i}")
                for i in range(self.concurrency)
            ]
            await asyncio.gather(*self.tasks)
        except asyncio.CancelledError as exc:
            if state.stop_reason is None:
                state.stop_reason = "cancelled"
                state.error = exc
        except BaseException as exc:  # a store failure, a scorer missing its extra, …
            state.error = exc
            if state.stop_reason is None:
                state.stop_reason = "failed"
        finally:
            for t in self.tasks:
                t.cancel()
            await asyncio.gather(*self.tasks, return_exceptions=True)
            self.progress.stop()
            if sigint_installed:
                with contextlib.suppress(Exception):
                    loop.remove_signal_handler(signal.SIGINT)
        try:
            if state.error is None:
                await self._settle_outage()
            await self.writer.close()
        except BaseException as exc:
            state.error = state.error or exc
            state.stop_reason = "failed"
        state.wall_s = time.perf_counter() - t0
        state.throttle = self.limiter.stats.as_dict()
        return state

    def _on_sigint(self) -> None:
        if self.state.stop_reason == "interrupted":
            # Second Ctrl-C: stop waiting for a clean finish.
            raise KeyboardInterrupt
        self.state.stop_reason = "interrupted"
        for t in self.tasks:
            t.cancel()

    async def _settle_outage(self) -> None:
        """At the end of the calls: store the held-back failures as data, or stop the run
        when a component never worked (`OutageWatch.finish`)."""
        if self.state.stop_reason is not None:
            return  # interrupted or over budget: held cases are not stored; a resume runs them
        for ready in self.outage.finish():
            await self.writer.put(ready)
        if self.outage.stop is not None:
            self.state.stop_reason = "infrastructure"

    def _stop(self, reason: str) -> None:
        if self.state.stop_reason is None:
            self.state.stop_reason = reason
        # Stop feeding new cases; workers finish what they hold, then see the flag.
        if self.tasks:
            self.tasks[0].cancel()

    # --- producer -----------------------------------------------------------------------

    async def _produce(self) -> None:
        # No set of seen ids (memory must not grow with the dataset): a duplicate id is
        # stored once by `uq_case_once` and counted at the end from what is missing.
        chunk: list[Case] = []
        try:
            async for case in self.source.cases():
                chunk.append(case)
                if len(chunk) >= CHUNK:
                    await self._feed(chunk)
                    chunk = []
            if chunk:
                await self._feed(chunk)
        except asyncio.CancelledError:
            self._discard_queued()
            if self.state.stop_reason in (None, "interrupted", "cancelled"):
                raise
            return  # stopped on purpose (max cost): workers finish the calls they hold
        except BaseException:
            self._discard_queued()
            raise
        for _ in range(self.concurrency):
            await self.queue.put(None)

    def _discard_queued(self) -> None:
        """Drop cases not yet started (a resume runs them) and wake every worker."""
        while True:
            try:
                self.queue.get_nowait()
            except asyncio.QueueEmpty:
                break
        for _ in range(self.concurrency):
            self.queue.put_nowait(None)

    async def _feed(self, cases: list[Case]) -> None:
        items = [
            _Item(
                case=c,
                repeat_index=r,
                key=cache_store.cache_key(self.fingerprint, c.request_identity(), r),
                tags=merge_tags(c.tags, self.suite.tags),
            )
            for c in cases
            for r in range(self.repeat)
        ]
        if self.resuming or self.options.reads_cache:
            found = await asyncio.to_thread(self._lookup, items)
            if found.done:
                before = len(items)
                items = [i for i in items if (i.case.id, i.repeat_index) not in found.done]
                self.state.skipped += before - len(items)
            for i in items:
                i.cached = found.hits.get(i.key)
        for item in items:
            if self.state.stop_reason is not None:
                return
            await self.queue.put(item)

    def _lookup(self, items: list[_Item]) -> Lookup:
        def cache_keys(done: set[tuple[str, int]]) -> list[str]:
            return [i.key for i in items if (i.case.id, i.repeat_index) not in done]

        return lookup(
            self.store,
            run_id=self.run.id if self.resuming else None,
            case_ids={i.case.id for i in items},
            cache_keys=cache_keys if self.options.reads_cache else None,
        )

    # --- workers ------------------------------------------------------------------------

    async def _worker(self) -> None:
        queue = self.queue
        while True:
            item = await queue.get()
            if item is None:
                return
            if self.state.stop_reason is not None:
                continue  # drain without running: the producer has been stopped
            pending = await self._run_item(item)
            if pending is None:  # stopped before the call (max cost)
                continue
            for ready in self.outage.observe(pending):  # an outage's failures wait (outage.py)
                await self.writer.put(ready)
            if self.outage.stop is not None:
                self._stop("infrastructure")
            r = pending.result
            self.progress.advance(passed=r.passed, error=r.error_kind is not None, cached=r.cached)

    async def _run_item(self, item: _Item) -> Pending | None:
        case = item.case
        cache_row: cache_store.CacheRow | None = None
        if item.cached is not None:
            c = item.cached
            response = TargetResponse(
                output=c.output,
                latency_ms=c.latency_ms if c.latency_ms is not None else 0.0,
                input_tokens=c.input_tokens,
                output_tokens=c.output_tokens,
                cost=c.cost or 0.0,
            )
            cached = True
        else:
            if not self._budget_allows():
                self._stop("max_cost")
                return None
            try:
                response = await call_target(self.target, case, self.limiter, self.policy)
            except TargetError as exc:
                down = target_failure(exc)
                row = self._row(item, None, error=(exc.kind, str(exc)), cached=False)
                return Observed(row, ok=[] if down else [TARGET], failures=[down] if down else [])
            cached = False
            self.state.fresh_calls += 1
            self.state.spent += response.cost or 0.0
            response.output = jsonable(response.output)
            if self.options.reads_cache:  # without --cache the cache is neither read nor written
                cache_row = cache_store.CacheRow(
                    item.key,
                    namespace="target",
                    output=response.output,
                    latency_ms=response.latency_ms,
                    input_tokens=response.input_tokens,
                    output_tokens=response.output_tokens,
                    cost=response.cost,
                    meta={"target": self.target.label},
                )
        verdict = await self.score(case, response)
        worked = ([] if cached else [TARGET]) + list(verdict.scores)
        if verdict.error is not None:  # the other scorers' verdicts are kept (scoring.py)
            row = self._row(
                item,
                response,
                scores=verdict.stored_scores(),
                error=("scorer", verdict.error),
                cached=cached,
            )
            return Observed(row, cache_row, ok=worked, failures=scorer_failures(verdict))
        row = self._row(item, response, scores=verdict.scores, passed=verdict.passed, cached=cached)
        return Observed(row, cache_row, ok=worked)

    def _budget_allows(self) -> bool:
        limit = self.options.max_cost
        if limit is None:
            return True
        reserved = self.per_call_estimate * (self.limiter.in_flight + 1)
        return self.state.spent + reserved <= limit + 1e-12

    def _row(
        self,
        item: _Item,
        response: TargetResponse | None,
        *,
        scores: dict[str, Any] | None = None,
        passed: bool | None = None,
        error: tuple[str, str] | None = None,
        cached: bool,
    ) -> CaseRow:
        """The case's stored record, built once here: the writer stores it as it is."""
        case = item.case
        return CaseRow(
            run_id=self.run.id,
            case_id=case.id,
            repeat_index=item.repeat_index,
            input=jsonable(case.input),
            expected=jsonable(case.expected),
            output=response.output if response is not None else None,
            tags=item.tags,
            scores=scores or {},
            passed=passed if error is None else None,
            error_kind=error[0] if error else None,
            error_message=error[1][:4000] if error else None,
            latency_ms=response.latency_ms if response is not None else None,
            input_tokens=response.input_tokens if response is not None else None,
            output_tokens=response.output_tokens if response is not None else None,
            cost=response.cost if response is not None else None,
            cached=cached,
            created_at=utcnow(),
            conversation=case.conversation.to_openai() if case.conversation else None,
        )
