"""A new run's record: its cost said (and limited) first, the metric locked, then created.

Before the first call a new run says what it will cost and refuses to start over
``--max-cost``; the success metric is locked on the data the run reads; and the run row
records what it was asked to do — target and scorers without secrets, every setting a
resume must keep (`evals.resumable.RECORDED_OPTIONS`) and where the calls run — because the
gate compares a run with the plan by what it recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from phaseone.evals.cost import CostEstimate, estimate_cost
from phaseone.evals.metric_lock import lock_metric_if_needed
from phaseone.evals.options import EvalOptions
from phaseone.evals.parts import RunParts
from phaseone.evals.stops import CostLimitExceeded
from phaseone.humanize import money
from phaseone.plan.loader import LoadedPlan
from phaseone.plan.lock import scorer_definitions
from phaseone.redact import public_config
from phaseone.store import runs as run_store
from phaseone.store.database import Store
from phaseone.store.models import Run


def check_estimate(
    estimate: CostEstimate,
    currency: str,
    max_cost: float | None,
    echo: Callable[[str], None] | None,
) -> None:
    """Say the estimate; refuse a run whose estimate exceeds `max_cost`.

    Raises:
        CostLimitExceeded: the estimate is over the limit (nothing has started).
    """
    if echo is not None:
        echo(
            f"estimated cost: {money(estimate.total, currency)} for {estimate.calls:,} calls "
            f"({money(estimate.per_call, currency)} per call; {estimate.basis}; "
            "cache hits not subtracted)"
        )
    if max_cost is not None and estimate.total > max_cost:
        raise CostLimitExceeded(
            f"estimated cost {money(estimate.total, currency)} exceeds --max-cost "
            f"{money(max_cost, currency)} ({estimate.basis})",
            fix="raise --max-cost, run fewer cases, or lower --repeat",
        )


def run_config(
    parts: RunParts,
    options: EvalOptions,
    estimate: CostEstimate,
    cluster_address: str | None,
) -> dict[str, Any]:
    """What the run was asked to do, without secrets (they never reach the store).

    The scorers are recorded as the plan defines them (`scorer_definitions`), and a
    `python` scorer with its code's hashes (`code_fingerprint`): the gate compares both
    with the plan now, since a scorer swapped or rewritten after the run makes its pass
    rate a measure of something else.
    """
    cfg = parts.target_config
    tdump = cfg.model_dump(mode="json") if hasattr(cfg, "model_dump") else {}
    scorers = scorer_definitions(parts.suite.scorers)
    for d, scorer in zip(scorers, parts.scorers, strict=False):  # built in the plan's order
        code = getattr(scorer, "code", None)
        if d.get("kind") == "python" and isinstance(code, dict):
            d["code_fingerprint"] = code
    return {
        "target": {**public_config(tdump), "label": parts.target.label},
        "scorers": scorers,
        "suite_tags": list(parts.suite.tags),
        "suite_threshold": parts.suite.threshold,
        "concurrency": options.calls_in_flight,
        "repeat": parts.repeat,
        "use_cache": options.reads_cache,
        "max_cost": options.max_cost,
        "retries": options.retries,
        "backoff_base_s": options.backoff_base_s,
        "backoff_max_s": options.backoff_max_s,
        "case_timeout_s": options.case_timeout_s,
        "max_throttle_waits": options.max_throttle_waits,
        "cost_estimate": estimate.as_dict(),
        # Where the calls ran: a run's figures (latency above all) depend on it.
        "cluster": cluster_address,
    }


async def create_run(
    loaded: LoadedPlan,
    store: Store,
    parts: RunParts,
    options: EvalOptions,
    *,
    cluster_address: str | None = None,
    echo: Callable[[str], None] | None = None,
) -> tuple[Run, float]:
    """Estimate, lock and record a new run of `parts`.

    Returns:
        The run (status ``running``) and the estimated cost of one call, which the
        executor reserves per call in flight against ``max_cost``.

    Raises:
        CostLimitExceeded: the estimate exceeds ``options.max_cost``.
    """
    estimate = await estimate_cost(
        store,
        fingerprint=parts.target.fingerprint,
        price=parts.target.price,
        target_config=parts.target_config,
        source=parts.source,
        calls=parts.total_cases,
    )
    check_estimate(estimate, loaded.plan.project.currency, options.max_cost, echo)
    lock_note = lock_metric_if_needed(loaded, store, parts.suite, parts.identity)
    config = run_config(parts, options, estimate, cluster_address)
    if lock_note is not None:
        config["metric_lock"] = lock_note
        if echo is not None:
            echo(f"warning: {lock_note['message']}")
    run = run_store.create_run(
        store,
        project=loaded.plan.project.name,
        suite=parts.suite.name,
        role=parts.role,
        target_fingerprint=parts.target.fingerprint,
        target_label=parts.target.label,
        dataset_identity=parts.identity,
        config=config,
        plan_hash=loaded.content_hash,
        total_cases=parts.total_cases,
    )
    return run, estimate.per_call
