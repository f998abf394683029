"""The gate-time spot check: is the system answering now as it did in the cited run?

A run is a measurement of the system as it was when the run finished. Between that run
and `phaseone gate` the service behind the same URL can be redeployed, reconfigured or
swapped for another model, and no stored row would show it. So the gate re-calls a small
random sample of the metric run's cases against the plan's target, scores the answers
with the suite's scorers, and compares each case's pass/fail with the stored one. If
more than `gate.spot_check_tolerance` of them changed, or the target cannot be reached,
the cited run no longer describes the system and the gate cannot say GO on it.

The calls are evidence too: they are stored as a small run of role ``spot_check`` (so
their cost counts as phase-one spend, and the report can cite what was observed).
"""

from __future__ import annotations

import asyncio
import math
import random
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from phaseone.chat import Conversation, ConversationInvalid, parse_conversation
from phaseone.datasets import build_source
from phaseone.datasets.base import Case
from phaseone.errors import TargetError
from phaseone.evals.scoring import build_scorers_for, find_suite, jsonable, score_case
from phaseone.store.case_rows import CaseRow, store_case_rows
from phaseone.store.gate_queries import sample_scored_cases
from phaseone.store.models import CaseResult, Run
from phaseone.store.run_summary import Cost, RunSummary

if TYPE_CHECKING:
    from phaseone.plan.loader import LoadedPlan
    from phaseone.plan.schema import Suite
    from phaseone.store.database import Store

#: The role of the run that stores a spot check's calls.
SPOT_CHECK_ROLE = "spot_check"
#: Calls in flight at once: a spot check is a handful of calls, not a load test.
CONCURRENCY = 4


@dataclass(frozen=True)
class SpotCase:
    """One re-called case: its pass/fail then (in the cited run) and now.

    Attributes:
        before: the stored verdict in the cited run.
        after: the verdict now; None when the call or a scorer failed (`error` says why).
    """

    case_id: str
    before: bool
    after: bool | None
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.after is None or self.after != self.before


@dataclass(frozen=True)
class SpotCheckSummary:
    """What a spot check's run records under ``summary.spot_check``."""

    of: str  #: the cited run re-called
    n: int
    changed: list[str]  #: case ids whose pass/fail changed
    errors: int  #: calls that failed


@dataclass
class SpotCheck:
    """The outcome of one spot check, and the run that stores its calls."""

    cited_run: str
    run_id: str
    target: str
    cases: list[SpotCase] = field(default_factory=list)
    cost: float = 0.0

    @property
    def changed(self) -> list[SpotCase]:
        return [c for c in self.cases if c.changed]

    @property
    def errors(self) -> list[SpotCase]:
        return [c for c in self.cases if c.error is not None]

    @property
    def unreachable(self) -> bool:
        """Every call failed: nothing was observed about the system's answers."""
        return bool(self.cases) and len(self.errors) == len(self.cases)

    def allowed(self, tolerance: float) -> int:
        """How many changed cases the tolerance accepts (a share of the sample, rounded down)."""
        return math.floor(tolerance * len(self.cases) + 1e-9)

    def describe(self) -> str:
        flips = [c for c in self.changed if c.error is None]
        went = (
            f"{sum(1 for c in flips if c.before)} passed then and fail now, "
            f"{sum(1 for c in flips if not c.before)} failed then and pass now"
        )
        errs = f", {len(self.errors)} call(s) failed" if self.errors else ""
        return (
            f"{len(self.cases)} case(s) of run {self.cited_run} re-called now against "
            f"{self.target} (stored as run {self.run_id}): {len(self.changed)} changed "
            f"pass/fail ({went}{errs})"
        )


def sample_cases(store: Store, run_id: str, n: int, rng: random.Random) -> list[CaseResult]:
    """Up to `n` scored cases (first repeat, no error) of a run, chosen at random.

    Random each time on purpose: a fixed sample could be special-cased by the system.
    """
    return sample_scored_cases(store, run_id, n, rng)


def stored_conversations(rows: list[CaseResult]) -> dict[str, Conversation]:
    """The conversations the cited run stored with its case results (what it sent)."""
    found: dict[str, Conversation] = {}
    for r in rows:
        if r.conversation:
            try:
                found[r.case_id] = parse_conversation(r.conversation)
            except ConversationInvalid:
                continue  # not as stored by phaseone: read the dataset's instead
    return found


async def conversations_of(
    suite: Suite, loaded: LoadedPlan, store: Store, ids: set[str]
) -> dict[str, Conversation]:
    """The conversations of the cases `ids`, read from the suite's dataset.

    Re-calling a conversation case with its last user message alone would ask another
    question and read as a changed answer. A case result keeps the conversation it sent
    (`stored_conversations`); one stored by an older phaseone keeps only the input, and
    its conversation is read here: the gate compares the cited run's dataset with the
    plan's (`run_match`), so the dataset read now holds the conversations the run sent.
    """
    mapping = getattr(suite.dataset, "mapping", None)
    if mapping is None or not mapping.messages or not ids:
        return {}
    found: dict[str, Conversation] = {}
    cases = build_source(suite.dataset, loaded.base_dir, store).cases()
    try:
        async for case in cases:
            if case.id in ids and case.conversation is not None:
                found[case.id] = case.conversation
                if len(found) == len(ids):
                    break
    finally:
        aclose = getattr(cases, "aclose", None)
        if aclose is not None:
            await aclose()
    return found


async def _observe(
    target: Any,
    scorers: list[Any],
    row: CaseResult,
    timeout_s: float,
    run_id: str,
    conversation: Conversation | None = None,
) -> tuple[SpotCase, CaseRow]:
    case = Case(
        id=row.case_id,
        input=row.input,
        expected=row.expected,
        tags=tuple(row.tags or ()),
        conversation=conversation,
    )
    stored = CaseRow(
        run_id=run_id,
        case_id=row.case_id,
        input=row.input,
        expected=row.expected,
        tags=list(row.tags or []),
        conversation=conversation.to_openai() if conversation is not None else None,
    )
    try:
        async with asyncio.timeout(timeout_s):
            response = await target.call(case.input, case=case)
    except (TargetError, TimeoutError) as exc:
        kind = getattr(exc, "kind", "timeout")
        msg = str(exc) or f"no answer within {timeout_s:g}s"
        stored.error_kind, stored.error_message = kind, msg[:4000]
        return SpotCase(row.case_id, bool(row.passed), None, f"{kind}: {msg}"), stored
    response.output = jsonable(response.output)
    verdict = await score_case(scorers, case, response)
    stored.output = response.output
    stored.latency_ms = response.latency_ms
    stored.input_tokens = response.input_tokens
    stored.output_tokens = response.output_tokens
    stored.cost = response.cost
    stored.scores = verdict.stored_scores()
    if verdict.error is not None:
        stored.error_kind, stored.error_message = "scorer", verdict.error[:4000]
        return SpotCase(row.case_id, bool(row.passed), None, verdict.error), stored
    stored.passed = verdict.passed
    return SpotCase(row.case_id, bool(row.passed), verdict.passed), stored


async def _acheck(
    loaded: LoadedPlan, store: Store, cited: Run, rows: list[CaseResult]
) -> SpotCheck:
    from phaseone.evals.parts import target_for_role
    from phaseone.store import runs as run_store
    from phaseone.targets import build_target

    tcfg = target_for_role(loaded, cited.role)
    target = build_target(tcfg, loaded.base_dir)
    suite = find_suite(loaded, cited.suite)
    scorers = build_scorers_for(suite, loaded, store)
    talks = stored_conversations(rows)
    missing = {r.case_id for r in rows} - talks.keys()
    talks |= await conversations_of(suite, loaded, store, missing)
    run = run_store.create_run(
        store,
        project=loaded.plan.project.name,
        suite=cited.suite,
        role=SPOT_CHECK_ROLE,
        target_fingerprint=target.fingerprint,
        target_label=target.label,
        dataset_identity={"spot_check_of": cited.id},
        config={"spot_check_of": cited.id, "cases": [r.case_id for r in rows]},
        plan_hash=loaded.content_hash,
        total_cases=len(rows),
    )
    out = SpotCheck(cited.id, run.id, target.label)
    gate = asyncio.Semaphore(CONCURRENCY)
    timeout_s = float(getattr(tcfg, "timeout_s", 30.0))

    async def one(row: CaseResult) -> tuple[SpotCase, CaseRow]:
        async with gate:
            return await _observe(target, scorers, row, timeout_s, run.id, talks.get(row.case_id))

    try:
        results = await asyncio.gather(*(one(r) for r in rows))
    finally:
        await target.aclose()
    stored = [row for _, row in results]
    store_case_rows(store, stored)
    out.cases = [c for c, _ in results]
    out.cost = sum(r.cost or 0.0 for r in stored)
    observed = SpotCheckSummary(
        of=cited.id,
        n=len(out.cases),
        changed=[c.case_id for c in out.changed],
        errors=len(out.errors),
    )
    summary = RunSummary(
        n=len(out.cases), fresh_calls=len(out.cases), cost=Cost(total=out.cost)
    ).to_json()
    run_store.finish_run(
        store, run.id, status="completed", summary={"spot_check": asdict(observed), **summary}
    )
    return out


def spot_check(
    loaded: LoadedPlan,
    store: Store,
    cited: Run,
    n: int,
    *,
    rng: random.Random | None = None,
) -> SpotCheck | None:
    """Re-call `n` random scored cases of `cited` now and compare; None when it has none.

    Args:
        cited: the run the gate's metric verdict rests on.
        n: how many cases (`gate.spot_check_cases`).
        rng: the sampler (default: the system's randomness, so the sample is not known
            in advance).
    """
    from phaseone.evals.loop import run_async

    rows = sample_cases(store, cited.id, n, rng or random.SystemRandom())
    if not rows:
        return None
    return run_async(_acheck(loaded, store, cited, rows))
