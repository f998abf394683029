"""A run's parts, built once from the plan: the suite, its target, scorers and dataset.

Everything below the entry point (`evals.runner`) works on these typed objects, never on
the loaded plan again: the target is built for the run's role, the scorers for the
suite, the dataset source for the suite's dataset, and the dataset's identity is read
once (a resume compares it, a new run records it). `open_parts` closes the target and
the scorers when the run is over, whatever happened.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from phaseone.datasets import build_source
from phaseone.datasets.base import DatasetSource
from phaseone.errors import UsageError
from phaseone.evals.options import EvalOptions
from phaseone.evals.scoring import build_scorers_for
from phaseone.plan.loader import LoadedPlan
from phaseone.plan.schema import Suite
from phaseone.scorers.base import Scorer
from phaseone.store.database import Store
from phaseone.targets import build_target
from phaseone.targets.base import Target


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


@dataclass(frozen=True)
class RunParts:
    """What one run of a suite is made of.

    Attributes:
        suite: The suite as the plan defines it.
        role: Whose target is called (pilot, baseline, canary).
        target_config: The role's target configuration (recorded, secrets masked).
        target: The target built from it.
        scorers: The suite's scorers, in the plan's order.
        source: The suite's dataset.
        identity: The dataset's identity (configuration, content hash, rows).
        repeat: Runs per case.
    """

    suite: Suite
    role: str
    target_config: Any
    target: Target
    scorers: list[Scorer]
    source: DatasetSource
    identity: dict[str, Any]
    repeat: int

    @property
    def total_cases(self) -> int:
        """Case results the run will hold when complete."""
        return int(self.identity["rows"]) * self.repeat


@contextlib.asynccontextmanager
async def open_parts(
    loaded: LoadedPlan,
    store: Store,
    suite: Suite,
    options: EvalOptions,
    *,
    scores_here: bool = True,
) -> AsyncIterator[RunParts]:
    """Build the parts of a run of `suite` with `options`; close them on exit.

    Args:
        scores_here: False when the scorers judge elsewhere (on a Dask cluster): they are
            built only to check their configuration, without loading models.

    Raises:
        UsageError: concurrency or repeat below 1, or no target for the role.
    """
    if options.calls_in_flight < 1:
        raise UsageError(f"concurrency must be ≥ 1, got {options.calls_in_flight}")
    repeat = int(options.repeat or suite.repeat or 1)
    if repeat < 1:
        raise UsageError(f"repeat must be ≥ 1, got {repeat}")
    target_config = target_for_role(loaded, options.role)
    source = build_source(suite.dataset, loaded.base_dir, store)
    scorers = build_scorers_for(
        suite, loaded, store, use_cache=options.reads_cache, load_models=scores_here
    )
    target = build_target(target_config, loaded.base_dir)
    try:
        identity = (await source.identity()).as_dict()
        yield RunParts(
            suite, options.role, target_config, target, scorers, source, identity, repeat
        )
    finally:
        await target.aclose()
        for s in scorers:
            aclose = getattr(s, "aclose", None)
            if aclose is not None:
                with contextlib.suppress(Exception):
                    await aclose()
