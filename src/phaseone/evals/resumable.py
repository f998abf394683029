"""Resuming a run: which stored run may be finished, and with which settings.

A resumed run must stay one run: the same target (by fingerprint), the same dataset
content, the settings it was started with, and answers young enough to be evidence once
it is finished. Each of those is checked here before any call; the executor then skips
every (case, repeat) already stored.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from phaseone.errors import UsageError
from phaseone.evals.options import EvalOptions
from phaseone.evals.parts import RunParts
from phaseone.humanize import ago
from phaseone.plan.loader import LoadedPlan
from phaseone.store import runs as run_store
from phaseone.store.database import Store
from phaseone.store.models import Run, utcnow

#: EvalOptions fields recorded with a run (`evals.new_run.run_config`) and restored by a
#: resume: a run finished under other settings than it started with would be two runs in
#: one. Each maps to how the user names it.
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
#: Recorded settings a user can give on the command line: one given that differs from
#: the recorded value is refused rather than silently replaced.
EXPLICIT_OPTIONS = ("concurrency", "repeat", "use_cache")
#: What a run from before a setting was recorded is taken to have used.
_DEFAULTS: dict[str, Any] = {
    "concurrency": EvalOptions().calls_in_flight,
    "repeat": None,
    "use_cache": False,
}


def _shown(name: str, value: Any) -> str:
    if name == "use_cache":
        return "--cache" if value else "--no-cache (the default)"
    return f"{RECORDED_OPTIONS[name]} {value}"


def recorded_options(run: Run, options: EvalOptions) -> EvalOptions:
    """`options` with the settings `run` was started with, for resuming it.

    Args:
        run: The run to resume; its ``config`` holds what it was started with (a run
            from before a setting was recorded keeps that setting's default).
        options: How to run here; its recorded fields are replaced by the run's, its
            role by the run's role, and its ``max_cost`` (when given) replaces the
            recorded limit: a run stopped by its spend limit is resumed with a higher one.

    Raises:
        UsageError: a setting given in `EXPLICIT_OPTIONS` conflicts with the recorded one.
    """
    cfg = dict(run.config or {})
    defaults = EvalOptions()
    recorded: dict[str, Any] = {}
    for name in RECORDED_OPTIONS:
        value = cfg.get(name, _DEFAULTS.get(name, getattr(defaults, name)))
        given = getattr(options, name) if name in EXPLICIT_OPTIONS else None
        if given is not None and given != value:
            raise UsageError(
                f"run {run.id} was started with {_shown(name, value)}; resuming it with "
                f"{_shown(name, given)} would finish it under other settings than it started",
                fix=f"drop that option (`phaseone eval --resume {run.id}` keeps the run's "
                "settings), or start a new run with it",
            )
        recorded[name] = value
    max_cost = options.max_cost if options.max_cost is not None else cfg.get("max_cost")
    return dataclasses.replace(options, **recorded, max_cost=max_cost, role=run.role)


def reopen(
    loaded: LoadedPlan, store: Store, run_id: str, options: EvalOptions
) -> tuple[Run, EvalOptions]:
    """The run to resume and the options to resume it with.

    A new spend limit is recorded with the run.

    Raises:
        UsageError: the run is completed, its first answers are too old to be evidence,
            or a given setting conflicts with the recorded one.
    """
    run = run_store.get_run(store, run_id)
    if run.status == "completed":
        raise UsageError(
            f"run {run.id} is already completed; nothing to resume",
            fix=f"see it with `phaseone runs show {run.id}`",
        )
    refuse_stale(loaded, store, run)
    resumed = recorded_options(run, options)
    if resumed.max_cost != (run.config or {}).get("max_cost"):
        run_store.update_config(store, run.id, {"max_cost": resumed.max_cost})
    return run, resumed


def refuse_stale(loaded: LoadedPlan, store: Store, run: Run) -> None:
    """A resume may not carry answers older than the gate would accept as evidence.

    A resumed run is as old as its oldest answer (the gate ages it so); finishing one
    whose first answers are past ``gate.evidence_max_age_days`` would only produce a run
    the gate rejects as stale, after paying for the remaining calls.
    """
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


def check_same_system(run: Run, parts: RunParts) -> None:
    """The plan's target and dataset now are the ones the run started with.

    Raises:
        UsageError: the target's fingerprint or the dataset's content hash differs;
            finishing the run would mix two systems or two datasets.
    """
    if run.target_fingerprint != parts.target.fingerprint:
        raise UsageError(
            f"run {run.id} was made against {run.target_label} with a different "
            "configuration than the plan's target now has; resuming would mix two systems",
            fix="start a new run (phaseone eval) or restore the target configuration",
        )
    old = (run.dataset_identity or {}).get("content_hash")
    if old and old != parts.identity.get("content_hash"):
        raise UsageError(
            f"the dataset of run {run.id} changed since it started "
            f"({old[:12]}… → {str(parts.identity.get('content_hash'))[:12]}…)",
            fix="start a new run with `phaseone eval`",
        )
