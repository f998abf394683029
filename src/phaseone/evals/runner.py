"""The eval runner: a suite's cases through a target and its scorers, into the store.

Shape of a run, and why:

* **Streaming, bounded.** One producer reads the dataset and feeds a bounded queue; a
  fixed pool of ``concurrency`` workers pulls from it. Memory holds the queue, the
  in-flight cases and one writer batch — never the dataset or the results — so it stays
  flat from 100 cases to 100,000.
* **Committed as it goes.** Each finished case goes to one writer task that commits in
  small batches from a thread (see `writer.py`). A killed run keeps everything but the
  last window; ``resume(run_id)`` skips every (case, repeat) already stored and the
  ``uq_case_once`` constraint makes a duplicate impossible even if two resumes race.
* **Polite to the target.** Transient errors (timeouts, resets, 5xx) are retried with
  jittered exponential back-off; 429 / Retry-After shrink a shared concurrency limit and
  pause all workers (`limiter.py`) instead of hammering an overloaded service.
* **The cache is never evidence.** Reading stored answers is opt-in (``use_cache``,
  ``phaseone eval --cache``) and keyed on the fingerprint of what answers (the target's
  configuration and, for a python target, its code). A reused answer keeps its original
  latency, tokens and cost and is stored with ``cached=True``; the summary counts fresh
  calls and reused answers apart, and the gate does not take reused answers as evidence.
* **Errors are data.** A target error becomes the case's ``error_kind`` and message,
  never a crash; too many infrastructure errors make the verdict INCONCLUSIVE, not FAIL.
* **An outage is not data.** A target or judge that fails case after case (refused,
  unresolvable, 401/403) stops the run with its cause (`outage.py`): stored as
  ``stopped``, exit 2, finished cases kept, ``--resume`` continues it.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import signal
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from phaseone.datasets.base import Case, DatasetSource
from phaseone.errors import (
    Interrupted,
    LimitExceeded,
    TargetError,
    TargetStatusError,
    TargetTimeout,
    UsageError,
)
from phaseone.evals.cluster_spec import new_spec
from phaseone.evals.cost import CostEstimate, estimate_cost
from phaseone.evals.limiter import AdaptiveLimiter
from phaseone.evals.outage import (
    TARGET,
    InfrastructureStop,
    Observed,
    OutageWatch,
    scorer_failures,
    target_failure,
)
from phaseone.evals.progress import ProgressReporter, make_progress
from phaseone.evals.scoring import (
    CaseScores,
    build_scorers_for,
    find_suite,
    jsonable,
    score_case,
)
from phaseone.evals.writer import Pending, ResultWriter
from phaseone.humanize import money
from phaseone.plan.loader import LoadedPlan
from phaseone.plan.schema import Suite
from phaseone.scorers.base import Scorer
from phaseone.store import cache as cache_store
from phaseone.store import runs as run_store
from phaseone.store.database import Store
from phaseone.store.models import Run, utcnow
from phaseone.targets.base import Target, TargetResponse

if TYPE_CHECKING:
    from phaseone.evals.cluster import EvalCluster

#: Error kinds that say the infrastructure failed, not the AI system's answer.
INFRA_ERROR_KINDS = frozenset({"timeout", "connection", "status", "bad_response"})
T = TypeVar("T")
_CHUNK = 64  #: cases read (and looked up in cache / resume state) per store round trip


class CostLimitExceeded(LimitExceeded):
    """A run would spend (or has spent) more than ``--max-cost``."""

    def __init__(self, message: str, *, run_id: str | None = None, fix: str | None = None) -> None:
        super().__init__(message, fix=fix)
        self.run_id = run_id


class RunInterrupted(Interrupted):
    """The run was stopped (Ctrl-C); everything finished so far is stored."""

    def __init__(self, run_id: str) -> None:
        super().__init__(
            f"run {run_id} interrupted; finished cases are stored",
            fix=f"phaseone eval --resume {run_id}",
        )
        self.run_id = run_id


@dataclass
class RunOptions:
    """How to run; every field has the CLI's default.

    Attributes:
        concurrency: Most calls in flight at once (the AIMD limiter may lower it).
        repeat: Runs per case; None takes the suite's ``repeat``.
        use_cache: Read answers from the response cache and write fresh ones to it (off
            by default: a development convenience for iterating on scorers, never
            evidence; the gate does not count a run with reused answers).
        role: pilot | baseline | canary.
        max_cost: Refuse to start when the estimate exceeds it; stop before a call that
            would take the actual spend past it.
        retries: Retries of a transient error (timeouts, connection errors, 5xx).
        backoff_base_s: First back-off; doubles per retry, with jitter.
        case_timeout_s: Per-call timeout; None uses the target's ``timeout_s``.
        max_throttle_waits: 429 answers tolerated per case before it is recorded as an error.
        progress: Show progress (a rich bar on a TTY, plain lines otherwise).
        handle_signals: Install a SIGINT handler that stops cleanly (the CLI does).
        echo: Where to say things before the run starts (the cost estimate).
        cluster: Call the target and score on this Dask cluster (`evals.cluster`)
            instead of in this process; everything else stays here.
    """

    concurrency: int = 16
    repeat: int | None = None
    use_cache: bool = False
    role: str = "pilot"
    max_cost: float | None = None
    retries: int = 2
    backoff_base_s: float = 0.2
    backoff_max_s: float = 10.0
    case_timeout_s: float | None = None
    max_throttle_waits: int = 30
    progress: bool = True
    handle_signals: bool = False
    echo: Callable[[str], None] | None = None
    cluster: EvalCluster | None = None


@dataclass
class _Item:
    case: Case
    repeat_index: int
    key: str
    tags: list[str]
    cached: cache_store.CachedResponse | None = None


@dataclass
class _RunState:
    spent: float = 0.0
    fresh_calls: int = 0
    duplicates: int = 0
    skipped: int = 0
    stop_reason: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)


# --- public API -------------------------------------------------------------------------


async def arun_suite(
    loaded: LoadedPlan,
    store: Store,
    suite_name: str,
    *,
    concurrency: int = 16,
    repeat: int | None = None,
    use_cache: bool = False,
    role: str = "pilot",
    target_config: Any = None,
    progress: bool = True,
    max_cost: float | None = None,
    options: RunOptions | None = None,
) -> Run:
    """Run one suite against the plan's target (or ``target_config``) and store every case.

    Args:
        loaded: The plan.
        store: Where runs and case results go.
        suite_name: A suite of the plan.
        concurrency: Most calls in flight.
        repeat: Runs per case (default: the suite's ``repeat``).
        use_cache: Reuse stored answers (marked cached, original latency kept; the
            gate does not take such a run as evidence).
        role: pilot | baseline | canary; picks the target when ``target_config`` is None.
        target_config: Run against this target instead of the role's.
        progress: Show progress on stderr.
        max_cost: Spend limit for this run, in the plan's currency.
        options: Everything else (retries, timeouts, signals); overrides the arguments above.

    Returns:
        The finished run with its summary.

    Raises:
        UsageError: unknown suite/role; CostLimitExceeded: over ``max_cost``;
        RunInterrupted: stopped by SIGINT (the run is stored as ``interrupted``).
    """
    opts = options or RunOptions(
        concurrency=concurrency,
        repeat=repeat,
        use_cache=use_cache,
        role=role,
        max_cost=max_cost,
        progress=progress,
    )
    suite = find_suite(loaded, suite_name)
    tcfg = target_config if target_config is not None else target_for_role(loaded, opts.role)
    return await _Execution.start(loaded, store, suite, tcfg, opts, resume_run=None)


#: RunOptions fields recorded with a run (`_run_config`) and restored by a resume: a run
#: finished under other settings than it started with would be two runs in one.
RECORDED_OPTIONS: dict[str, str] = {
    "concurrency": "--concurrency",
    "repeat": "--repeat",
    "use_cache": "--cache",
    "retries": "retries",
    "backoff_base_s": "back-off",
    "backoff_max_s": "back-off ceiling",
    "case_timeout_s": "case timeout",
    "max_throttle_waits": "throttle waits",
}


def _shown(name: str, value: Any) -> str:
    if name == "use_cache":
        return "--cache" if value else "--no-cache (the default)"
    return f"{RECORDED_OPTIONS[name]} {value}"


def recorded_options(run: Run, opts: RunOptions, explicit: dict[str, Any]) -> RunOptions:
    """`opts` with the settings `run` was started with, for resuming it.

    Args:
        run: The run to resume; its ``config`` holds what it was started with (a run
            from before a setting was recorded keeps that setting's default).
        opts: How to run here (progress, signals, echo, cluster); its recorded fields
            are replaced by the run's.
        explicit: Settings the user gave for this resume (None = not given). One that
            differs from the recorded value is refused rather than silently mixed.

    Raises:
        UsageError: an explicit setting conflicts with the recorded one (exit 2).
    """
    cfg = dict(run.config or {})
    defaults = RunOptions()
    for name in RECORDED_OPTIONS:
        recorded = cfg.get(name, getattr(defaults, name))
        given = explicit.get(name)
        if given is not None and given != recorded:
            raise UsageError(
                f"run {run.id} was started with {_shown(name, recorded)}; resuming it with "
                f"{_shown(name, given)} would finish it under other settings than it started",
                fix=f"drop that option (`phaseone eval --resume {run.id}` keeps the run's "
                "settings), or start a new run with it",
            )
        setattr(opts, name, recorded)
    return opts


async def aresume(
    loaded: LoadedPlan,
    store: Store,
    run_id: str,
    *,
    concurrency: int | None = None,
    repeat: int | None = None,
    use_cache: bool | None = None,
    max_cost: float | None = None,
    progress: bool = True,
    options: RunOptions | None = None,
) -> Run:
    """Finish a killed or interrupted run: only cases not yet stored are run.

    The target is rebuilt from the plan for the run's role and must have the same
    fingerprint; the dataset must have the same content hash — otherwise the finished
    run would mix two systems or two datasets, and it is refused. Every setting the run
    was started with (concurrency, repeat, cache, retries and limits; `RECORDED_OPTIONS`)
    is kept; one given here that differs is a `UsageError`. ``max_cost`` is the exception:
    a run stopped by its spend limit is resumed with a higher one, which is then recorded
    with the run.

    Args:
        concurrency, repeat, use_cache: Given explicitly by the user (None: not given);
            they must equal the recorded values.
        max_cost: A new spend limit (else ``options.max_cost``, else the recorded one).
        options: How to run here (progress, signals, echo, cluster).
    """
    run = run_store.get_run(store, run_id)
    if run.status == "completed":
        raise UsageError(
            f"run {run.id} is already completed; nothing to resume",
            fix=f"see it with `phaseone runs show {run.id}`",
        )
    _refuse_stale_resume(loaded, store, run)
    suite = find_suite(loaded, run.suite)
    cfg = dict(run.config or {})
    opts = options or RunOptions(progress=progress)
    new_limit = max_cost if max_cost is not None else opts.max_cost
    explicit = {"concurrency": concurrency, "repeat": repeat, "use_cache": use_cache}
    opts = recorded_options(run, opts, explicit)
    opts.max_cost = new_limit if new_limit is not None else cfg.get("max_cost")
    if opts.max_cost != cfg.get("max_cost"):
        run_store.update_config(store, run.id, {"max_cost": opts.max_cost})
    opts.role = run.role
    tcfg = target_for_role(loaded, run.role)
    return await _Execution.start(loaded, store, suite, tcfg, opts, resume_run=run)


def _refuse_stale_resume(loaded: LoadedPlan, store: Store, run: Run) -> None:
    """A resume may not carry answers older than the gate would accept as evidence.

    A resumed run is as old as its oldest answer (the gate ages it so); finishing one
    whose first answers are past ``gate.evidence_max_age_days`` would only produce a run
    the gate rejects as stale, after paying for the remaining calls.
    """
    from phaseone.humanize import ago

    span = run_store.observed_span(store, run.id)
    if span is None:
        return
    first = span[0]
    limit = float(loaded.plan.gate.evidence_max_age_days)
    now = utcnow()
    if (now - first).total_seconds() > limit * 86400:
        raise UsageError(
            f"run {run.id}'s first answers were observed {ago(first, now)}, older than "
            f"gate.evidence_max_age_days = {limit:g}: finishing it would mix them with "
            "answers observed now and still be stale evidence",
            fix=f"start a new run: phaseone eval {run.suite}",
        )


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion on uvloop when it is installed (else asyncio's loop).

    uvloop roughly halves the event loop's own cost per HTTP call, which is most of the
    runner's overhead at high concurrency.
    """
    factory: Callable[[], asyncio.AbstractEventLoop] | None = None
    try:
        import uvloop

        factory = uvloop.new_event_loop
    except ImportError:  # pragma: no cover - uvloop is a dependency except on Windows
        factory = None
    with asyncio.Runner(loop_factory=factory) as runner:
        return runner.run(coro)


def run_suite(loaded: LoadedPlan, store: Store, suite_name: str, **kw: Any) -> Run:
    """Blocking `arun_suite`, for scripts and notebooks without a running loop."""
    return run_async(arun_suite(loaded, store, suite_name, **kw))


def resume(loaded: LoadedPlan, store: Store, run_id: str, **kw: Any) -> Run:
    """Blocking `aresume`."""
    return run_async(aresume(loaded, store, run_id, **kw))


def target_for_role(loaded: LoadedPlan, role: str) -> Any:
    """The target a role runs against: the plan's target, its baseline, or its canary."""
    plan = loaded.plan
    if role == "pilot":
        return plan.target
    if role == "baseline":
        m = plan.success_metric
        if m is None or m.baseline is None or m.baseline.target is None:
            raise UsageError(
                "the plan has no baseline target",
                fix="add success_metric.baseline.target to the plan",
            )
        return m.baseline.target
    if role == "canary":
        canary = plan.controls.rollout.canary if plan.controls else None
        if canary is None:
            raise UsageError(
                "the plan has no canary target", fix="add controls.rollout.canary.target"
            )
        return canary.target
    raise UsageError(f"unknown run role {role!r}", fix="use pilot, baseline or canary")


# --- one execution ------------------------------------------------------------------------


def _merge_tags(case_tags: tuple[str, ...], suite_tags: list[str]) -> list[str]:
    if not suite_tags:
        return list(case_tags)
    seen = dict.fromkeys(case_tags)
    for t in suite_tags:
        seen.setdefault(t, None)
    return list(seen)


class _Execution:
    """State of one run while it executes; `start` is the only entry point."""

    def __init__(
        self,
        loaded: LoadedPlan,
        store: Store,
        suite: Suite,
        target: Target,
        target_config: Any,
        source: DatasetSource,
        scorers: list[Scorer],
        opts: RunOptions,
        run: Run,
        repeat: int,
        per_call_estimate: float,
        resuming: bool,
    ) -> None:
        self.loaded = loaded
        self.store = store
        self.suite = suite
        self.target = target
        self.source = source
        self.scorers = scorers
        self.opts = opts
        self.run = run
        self.repeat = repeat
        self.per_call_estimate = per_call_estimate
        self.resuming = resuming
        self.state = _RunState()
        self.limiter = AdaptiveLimiter(opts.concurrency)
        self.writer = ResultWriter(store)
        self.progress: ProgressReporter = make_progress(opts.progress)
        self.queue: asyncio.Queue[_Item | None] = asyncio.Queue(maxsize=opts.concurrency * 4)
        timeout_s = float(getattr(target_config, "timeout_s", 30.0))
        # A backstop over the target's own timeout, for targets that do not enforce it.
        self.case_timeout = opts.case_timeout_s or (timeout_s * 1.1 + 0.5)
        self.tasks: list[asyncio.Task[None]] = []
        self.fingerprint = target.fingerprint
        self.outage = OutageWatch()
        self.score_answer: Callable[[Case, TargetResponse], Awaitable[CaseScores]] = (
            self._score_here
        )

    # --- setup ------------------------------------------------------------------------

    @classmethod
    async def start(
        cls,
        loaded: LoadedPlan,
        store: Store,
        suite: Suite,
        target_config: Any,
        opts: RunOptions,
        resume_run: Run | None,
    ) -> Run:
        from phaseone.datasets import build_source
        from phaseone.targets import build_target

        if opts.concurrency < 1:
            raise UsageError(f"concurrency must be ≥ 1, got {opts.concurrency}")
        repeat = int(opts.repeat or suite.repeat or 1)
        if repeat < 1:
            raise UsageError(f"repeat must be ≥ 1, got {repeat}")
        source = build_source(suite.dataset, loaded.base_dir, store)
        # On a cluster the workers score; here the scorers only check their config early.
        scorers = build_scorers_for(
            suite, loaded, store, use_cache=opts.use_cache, load_models=opts.cluster is None
        )
        target = build_target(target_config, loaded.base_dir)
        try:
            identity = (await source.identity()).as_dict()
            if resume_run is not None:
                run = cls._check_resumable(resume_run, target, identity)
                per_call = float((run.config or {}).get("cost_estimate", {}).get("per_call", 0.0))
                run_store.set_run_status(store, run.id, "running")
            else:
                estimate = await estimate_cost(
                    store,
                    fingerprint=target.fingerprint,
                    price=target.price,
                    target_config=target_config,
                    source=source,
                    calls=identity["rows"] * repeat,
                )
                cls._announce(loaded, estimate, opts)
                per_call = estimate.per_call
                lock_note = _lock_metric_if_needed(loaded, store, suite, identity)
                config = _run_config(suite, target, target_config, opts, repeat, estimate, scorers)
                if lock_note is not None:
                    config["metric_lock"] = lock_note
                    if opts.echo is not None:
                        opts.echo(f"warning: {lock_note['message']}")
                run = run_store.create_run(
                    store,
                    project=loaded.plan.project.name,
                    suite=suite.name,
                    role=opts.role,
                    target_fingerprint=target.fingerprint,
                    target_label=target.label,
                    dataset_identity=identity,
                    config=config,
                    plan_hash=loaded.content_hash,
                    total_cases=identity["rows"] * repeat,
                )
            ex = cls(
                loaded,
                store,
                suite,
                target,
                target_config,
                source,
                scorers,
                opts,
                run,
                repeat,
                per_call,
                resuming=resume_run is not None,
            )
            if opts.cluster is None:
                return await ex.execute()
            spec = new_spec(loaded, suite.name, target_config, store.url, opts.use_cache)
            remote = await opts.cluster.prepare(spec, target, concurrency=opts.concurrency)
            ex.target = remote.target
            ex.score_answer = remote.score
            try:
                return await ex.execute()
            finally:
                await remote.aclose()
        finally:
            await target.aclose()
            for s in scorers:
                aclose = getattr(s, "aclose", None)
                if aclose is not None:
                    with contextlib.suppress(Exception):
                        await aclose()

    @staticmethod
    def _check_resumable(run: Run, target: Target, identity: dict[str, Any]) -> Run:
        if run.target_fingerprint != target.fingerprint:
            raise UsageError(
                f"run {run.id} was made against {run.target_label} with a different "
                "configuration than the plan's target now has; resuming would mix two systems",
                fix="start a new run (phaseone eval) or restore the target configuration",
            )
        old = (run.dataset_identity or {}).get("content_hash")
        if old and old != identity.get("content_hash"):
            raise UsageError(
                f"the dataset of run {run.id} changed since it started "
                f"({old[:12]}… → {str(identity.get('content_hash'))[:12]}…)",
                fix="start a new run with `phaseone eval`",
            )
        return run

    @staticmethod
    def _announce(loaded: LoadedPlan, est: CostEstimate, opts: RunOptions) -> None:
        cur = loaded.plan.project.currency
        msg = (
            f"estimated cost: {money(est.total, cur)} for {est.calls:,} calls "
            f"({money(est.per_call, cur)} per call; {est.basis}; cache hits not subtracted)"
        )
        if opts.echo is not None:
            opts.echo(msg)
        if opts.max_cost is not None and est.total > opts.max_cost:
            raise CostLimitExceeded(
                f"estimated cost {money(est.total, cur)} exceeds --max-cost "
                f"{money(opts.max_cost, cur)} ({est.basis})",
                fix="raise --max-cost, run fewer cases, or lower --repeat",
            )

    # --- the run ------------------------------------------------------------------------

    async def execute(self) -> Run:
        loop = asyncio.get_running_loop()
        sigint_installed = False
        if self.opts.handle_signals:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signal.SIGINT, self._on_sigint)
                sigint_installed = True
        label = f"{self.suite.name} ({self.opts.role})"
        already = run_store.count_results(self.store, self.run.id) if self.resuming else 0
        self.progress.start(label, self.run.total_cases, already_done=already)
        self.writer.start()
        t0 = time.perf_counter()
        error: BaseException | None = None
        try:
            producer = asyncio.create_task(self._produce(), name="phaseone-producer")
            self.tasks = [producer] + [
                asyncio.create_task(self._worker(), name=f"phaseone-worker-{i}")
                for i in range(self.opts.concurrency)
            ]
            await asyncio.gather(*self.tasks)
        except asyncio.CancelledError as exc:
            if self.state.stop_reason is None:
                self.state.stop_reason = "cancelled"
                error = exc
        except BaseException as exc:  # a store failure, a scorer missing its extra, …
            error = exc
            if self.state.stop_reason is None:
                self.state.stop_reason = "failed"
        finally:
            for t in self.tasks:
                t.cancel()
            await asyncio.gather(*self.tasks, return_exceptions=True)
            self.progress.stop()
            if sigint_installed:
                with contextlib.suppress(Exception):
                    loop.remove_signal_handler(signal.SIGINT)
        try:
            if error is None:
                await self._settle_outage()
            await self.writer.close()
        except BaseException as exc:
            error = error or exc
            self.state.stop_reason = "failed"
        wall = time.perf_counter() - t0
        return await self._finish(wall, error)

    async def _finish(self, wall_s: float, error: BaseException | None) -> Run:
        from phaseone.evals.integrity import summarise_sealed
        from phaseone.evals.summary import SummaryInputs

        reason = self.state.stop_reason
        status = "completed"
        if reason in ("interrupted", "max_cost", "cancelled"):
            status = "interrupted"
        elif reason == "failed":
            status = "failed"
        elif reason == "infrastructure":
            status = "stopped"
        notes = {
            "status": status,
            "wall_s": round(wall_s, 3),
            "fresh_calls": self.state.fresh_calls,
            "spent": self.state.spent,
            "duplicate_case_ids": self.state.duplicates,
            "throttle": self.limiter.stats.as_dict(),
        }
        if reason and reason != "completed":
            notes["stopped"] = reason
            if reason == "infrastructure" and self.outage.stop is not None:
                notes["stop_cause"] = self.outage.stop.reason()
                await asyncio.to_thread(self._keep_dropped_answers)
        elif self.run.total_cases:
            stored = await asyncio.to_thread(run_store.count_results, self.store, self.run.id)
            missing = self.run.total_cases - stored
            if missing > 0:  # every case ran, so only repeated ids can be missing
                notes["duplicate_case_ids"] = missing // self.repeat
        try:
            # Sealed: the gate recomputes it from the case results (evals/integrity.py).
            inputs = SummaryInputs.of(self.run, self.loaded)
            summary = await asyncio.to_thread(
                summarise_sealed, self.store, self.run, inputs, notes=notes
            )
            run_store.finish_run(self.store, self.run.id, status=status, summary=summary)
            run = run_store.get_run(self.store, self.run.id)
        except Exception:
            if error is not None:  # the store is what failed: report the first failure
                raise error from None
            raise
        if error is not None:
            raise error
        if reason == "interrupted":
            raise RunInterrupted(run.id)
        if reason == "infrastructure":
            raise self._outage_error(run)
        if reason == "max_cost":
            cur = self.loaded.plan.project.currency
            assert self.opts.max_cost is not None  # the only way to stop for cost
            raise CostLimitExceeded(
                f"run {run.id} stopped: spent {money(self.state.spent, cur)}; the next call "
                f"would exceed --max-cost {money(self.opts.max_cost, cur)}",
                run_id=run.id,
                fix=f"phaseone eval --resume {run.id} --max-cost <higher limit>",
            )
        return run

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

    def _keep_dropped_answers(self) -> None:
        """Fresh target answers of cases dropped by the stop go to the cache all the same:
        the resume then does not pay for them again."""
        rows = self.outage.dropped_cache_rows()
        if rows:
            with self.store.engine.begin() as conn:
                cache_store.put_rows(conn, rows)

    def _outage_error(self, run: Run) -> InfrastructureStop:
        stop = self.outage.stop
        assert stop is not None
        stored = (run.summary or {}).get("n", 0)
        if stop.failure.component == TARGET:
            what = "bring the target back (check its URL, that it is running, its credentials)"
        else:
            what = (
                f"fix the scorer {stop.failure.component!r} (the judge's base_url, model, api_key)"
            )
        return InfrastructureStop(
            f"suite {self.suite.name!r} stopped: {stop.reason()}; {stored} finished case(s) kept",
            run_id=run.id,
            fix=f"{what}, then finish the run: phaseone eval --resume {run.id}",
        )

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
                if len(chunk) >= _CHUNK:
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
        for _ in range(self.opts.concurrency):
            await self.queue.put(None)

    def _discard_queued(self) -> None:
        """Drop cases not yet started (a resume runs them) and wake every worker."""
        while True:
            try:
                self.queue.get_nowait()
            except asyncio.QueueEmpty:
                break
        for _ in range(self.opts.concurrency):
            self.queue.put_nowait(None)

    async def _feed(self, cases: list[Case]) -> None:
        items = [
            _Item(
                case=c,
                repeat_index=r,
                key=cache_store.cache_key(self.fingerprint, c.input, r),
                tags=_merge_tags(c.tags, self.suite.tags),
            )
            for c in cases
            for r in range(self.repeat)
        ]
        if self.resuming or self.opts.use_cache:
            done, hits = await asyncio.to_thread(self._lookup, items)
            if done:
                before = len(items)
                items = [i for i in items if (i.case.id, i.repeat_index) not in done]
                self.state.skipped += before - len(items)
            for i in items:
                i.cached = hits.get(i.key)
        for item in items:
            if self.state.stop_reason is not None:
                return
            await self.queue.put(item)

    def _lookup(
        self, items: list[_Item]
    ) -> tuple[set[tuple[str, int]], dict[str, cache_store.CachedResponse]]:
        with self.store.engine.connect() as conn:
            done: set[tuple[str, int]] = set()
            if self.resuming:
                done = run_store.stored_keys(conn, self.run.id, {i.case.id for i in items})
            hits: dict[str, cache_store.CachedResponse] = {}
            if self.opts.use_cache:
                hits = cache_store.get_many(
                    conn, [i.key for i in items if (i.case.id, i.repeat_index) not in done]
                )
        return done, hits

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
            self.progress.advance(
                passed=r["passed"], error=r["error_kind"] is not None, cached=r["cached"]
            )

    async def _run_item(self, item: _Item) -> Pending | None:
        case = item.case
        cache_row: dict[str, Any] | None = None
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
                response = await self._call(case)
            except TargetError as exc:
                down = target_failure(exc)
                row = self._row(item, None, error=(exc.kind, str(exc)), cached=False)
                return Observed(row, ok=[] if down else [TARGET], failures=[down] if down else [])
            cached = False
            self.state.fresh_calls += 1
            self.state.spent += response.cost or 0.0
            response.output = jsonable(response.output)
            if self.opts.use_cache:  # without --cache the cache is neither read nor written
                cache_row = cache_store.entry_row(
                    item.key,
                    namespace="target",
                    output=response.output,
                    latency_ms=response.latency_ms,
                    input_tokens=response.input_tokens,
                    output_tokens=response.output_tokens,
                    cost=response.cost,
                    meta={"target": self.target.label},
                )
        verdict = await self.score_answer(case, response)
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

    async def _score_here(self, case: Case, response: TargetResponse) -> CaseScores:
        return await score_case(self.scorers, case, response)

    def _budget_allows(self) -> bool:
        limit = self.opts.max_cost
        if limit is None:
            return True
        reserved = self.per_call_estimate * (self.limiter.in_flight + 1)
        return self.state.spent + reserved <= limit + 1e-12

    async def _call(self, case: Case) -> TargetResponse:
        """One call with retries for transient errors and shared back-off on throttling."""
        attempt = 0
        throttled = 0
        limiter = self.limiter
        while True:
            await limiter.acquire()
            ok = False
            try:
                async with asyncio.timeout(self.case_timeout):
                    response = await self.target.call(case.input, case=case)
                ok = True
                return response
            except TimeoutError:
                err: TargetError = TargetTimeout(
                    f"{self.target.label}: no answer within {self.case_timeout:g}s"
                )
            except TargetError as exc:
                err = exc
            finally:
                limiter.release(ok=ok)
            retry_after = getattr(err, "retry_after", None)
            if isinstance(err, TargetStatusError) and (
                err.status == 429 or (err.status == 503 and retry_after is not None)
            ):
                throttled += 1
                if throttled > self.opts.max_throttle_waits:
                    raise err
                limiter.throttle(retry_after)
                continue
            if not err.transient or attempt >= self.opts.retries:
                raise err
            attempt += 1
            cap = min(self.opts.backoff_max_s, self.opts.backoff_base_s * 2 ** (attempt - 1))
            delay = cap / 2 + random.uniform(0, cap / 2)
            if retry_after is not None:
                delay = max(delay, float(retry_after))
            await asyncio.sleep(delay)

    def _row(
        self,
        item: _Item,
        response: TargetResponse | None,
        *,
        scores: dict[str, Any] | None = None,
        passed: bool | None = None,
        error: tuple[str, str] | None = None,
        cached: bool,
    ) -> dict[str, Any]:
        case = item.case
        return {
            "run_id": self.run.id,
            "case_id": case.id,
            "repeat_index": item.repeat_index,
            "input": jsonable(case.input),
            "expected": jsonable(case.expected),
            "output": response.output if response is not None else None,
            "tags": item.tags,
            "scores": scores or {},
            "passed": passed if error is None else None,
            "error_kind": error[0] if error else None,
            "error_message": error[1][:4000] if error else None,
            "latency_ms": response.latency_ms if response is not None else None,
            "input_tokens": response.input_tokens if response is not None else None,
            "output_tokens": response.output_tokens if response is not None else None,
            "cost": response.cost if response is not None else None,
            "cached": cached,
            "created_at": utcnow(),
        }


def _run_config(
    suite: Suite,
    target: Target,
    target_config: Any,
    opts: RunOptions,
    repeat: int,
    estimate: CostEstimate,
    built: Sequence[Any] = (),
) -> dict[str, Any]:
    """What the run was asked to do, without secrets (they never reach the store).

    The scorers are recorded as the plan defines them (`scorer_definitions`), and a
    `python` scorer with its code's hashes (`code_fingerprint`): the gate compares both
    with the plan now, since a scorer swapped or rewritten after the run makes its pass
    rate a measure of something else.
    """
    from phaseone.plan.lock import scorer_definitions
    from phaseone.redact import public_config

    tdump = target_config.model_dump(mode="json") if hasattr(target_config, "model_dump") else {}
    scorers = scorer_definitions(suite.scorers)
    for d, scorer in zip(scorers, built, strict=False):  # built in the plan's order
        code = getattr(scorer, "code", None)
        if d.get("kind") == "python" and isinstance(code, dict):
            d["code_fingerprint"] = code
    return {
        "target": {**public_config(tdump), "label": target.label},
        "scorers": scorers,
        "suite_tags": list(suite.tags),
        "suite_threshold": suite.threshold,
        "concurrency": opts.concurrency,
        "repeat": repeat,
        "use_cache": opts.use_cache,
        "max_cost": opts.max_cost,
        "retries": opts.retries,
        "backoff_base_s": opts.backoff_base_s,
        "backoff_max_s": opts.backoff_max_s,
        "case_timeout_s": opts.case_timeout_s,
        "max_throttle_waits": opts.max_throttle_waits,
        "cost_estimate": estimate.as_dict(),
        # Where the calls ran: a run's figures (latency above all) depend on it.
        "cluster": opts.cluster.address if opts.cluster is not None else None,
    }


def _lock_metric_if_needed(
    loaded: LoadedPlan, store: Store, suite: Suite, identity: dict[str, Any]
) -> dict[str, Any] | None:
    """Pre-register the success metric before the first evidence for it exists.

    Returns:
        A note (recorded with the run, and shown) when the metric's suite reads other
        data than the lock in force names: results on a different query or file are not
        a measure of the agreed metric until someone re-locks it on purpose.
    """
    metric = loaded.plan.success_metric
    if metric is None or metric.suite != suite.name:
        return None
    from phaseone.plan.lock import describe_dataset_change, ensure_locked, same_dataset

    lock = ensure_locked(store, loaded, identity)
    if lock is None or same_dataset(lock.dataset_identity, identity) is not False:
        return None
    was, now = describe_dataset_change(lock.dataset_identity, identity)
    return {
        "dataset_differs_from_lock": True,
        "lock_id": lock.id,
        "locked": was,
        "now": now,
        "message": (
            f"the dataset of suite {suite.name!r} differs from the one the success metric was "
            f"locked on (locked: {was}; now: {now}); this run does not measure the agreed "
            "metric: the gate's metric.locked check fails on it until the change is "
            're-locked on purpose with phaseone lock --reason "why the data changed"'
        ),
    }
