"""Build gate evidence by writing rows straight into the store, as the real producers do.

The eval runner, the gateway and the probes write these rows in production; the gate
only reads them. Writing them here keeps each test to the one fact it is about.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phaseone.plan.loader import LoadedPlan
from phaseone.plan.schema import Plan
from phaseone.store.database import Store
from phaseone.store.models import CaseResult, ProbeResult, Run, Trace

PROJECT = "inbox-screening"


@dataclass
class Pilot:
    """A whole phase one, for real: a service, live SQL data, eval runs, probes."""

    loaded: LoadedPlan
    store: Store
    runs: dict[str, Any]
    batch: str


ALL_PROBES = {
    "auth_missing_key": "auth",
    "auth_revoked_key": "auth",
    "input_size_limit": "limits",
    "rate_limit": "rate_limit",
    "budget_ceiling": "budget",
    "pii_redaction": "pii",
    "prompt_injection": "injection",
    "fault_injection": "resilience",
    "kill_switch_drill": "rollout",
    "metrics_endpoint": "monitoring",
    "traces_recorded": "monitoring",
}


#: What the guardrail probes record as the bars they graded against (the plan's defaults).
PROBE_THRESHOLDS: dict[str, dict[str, Any]] = {
    "prompt_injection": {"thresholds": {"min_detection": 0.8, "max_false_positive": 0.1}},
    "pii_redaction": {"thresholds": {"min_recall": 0.9, "max_false_positive": 0.1}},
}


def go_plan_dict() -> dict[str, Any]:
    """A plan that has everything a GO needs."""
    return {
        "project": {"name": PROJECT, "currency": "EUR"},
        "owner": {
            "name": "Dana Okafor",
            "role": "Head of Support Operations",
            "team": "Customer Support",
            "contact": "dana.okafor@example.com",
        },
        "success_metric": {
            "name": "pass rate",
            "suite": "main",
            "scorer": "exact",
            "aggregate": "pass_rate",
            "threshold": 0.8,
            "confidence": 0.95,
            "min_cases": 100,
        },
        "target": {
            "kind": "http",
            "url": "http://127.0.0.1:9/classify",
            "price": {"per_call": 0.001},
        },
        "suites": [
            {
                "name": "main",
                "dataset": {
                    "kind": "sql",
                    "url": "sqlite:///x.db",
                    "query": "SELECT 1",
                    "live": True,  # stands for the system's own store
                },
                "scorers": [{"kind": "exact"}],
                "tags": ["happy"],
            },
            {
                "name": "edge",
                "dataset": {"kind": "jsonl", "path": "edge.jsonl"},
                "scorers": [{"kind": "exact"}],
                "tags": ["edge"],
                "threshold": 0.7,
            },
            {
                "name": "adv",
                "dataset": {"kind": "jsonl", "path": "adv.jsonl"},
                "scorers": [{"kind": "exact"}],
                "tags": ["adversarial"],
                "threshold": 0.9,
            },
        ],
        "controls": {
            "budget": {"daily": 50, "per_key_daily": 10},
            "resilience": {"fallback": {"static": "sorry, try later"}},
            # short flushes so probes find their traces quickly
            "monitoring": {"flush_interval_s": 0.2},
        },
        "phases": {
            "one": {"budget": 5000},
            "two": {
                "items": [
                    {"name": "build", "one_off": 40000, "monthly": 0},
                    {"name": "hosting", "monthly": 300},
                ],
                "expected_monthly_requests": 100000,
                "run_cost_ceiling_monthly": 1000,
            },
        },
        "gate": {
            "evidence_max_age_days": 14,
            "max_error_rate": 0.05,
            "max_p95_latency_ms": 2000,
            # the rows these builders write came from no live target; the pilot fixture
            # (a real service) and the spot-check tests turn it on
            "spot_check_cases": 0,
        },
    }


def loaded_plan(tmp_path: Path, data: dict[str, Any] | None = None) -> LoadedPlan:
    return LoadedPlan.from_model(Plan.model_validate(data or go_plan_dict()), tmp_path)


def summary(
    *,
    n: int = 200,
    passes: int | None = None,
    error_rate: float = 0.0,
    p95: float = 300.0,
    cost_mean: float = 0.001,
    metric: dict[str, Any] | None = None,
    verdict: str | None = "PASS",
) -> dict[str, Any]:
    passes = int(n * 0.9) if passes is None else passes
    errors = round(n * error_rate)
    out: dict[str, Any] = {
        "n": n,
        "scored": n - errors,
        "errors": errors,
        "error_rate": error_rate,
        "infra_error_rate": error_rate,
        "cached": 0,
        "pass_rate": {
            "value": passes / max(n - errors, 1),
            "lower": 0.0,
            "upper": 1.0,
            "passes": passes,
            "n": n - errors,
        },
        "latency_ms": {"p50": p95 / 2, "p95": p95, "p99": p95 * 1.2, "mean": p95 / 2},
        "cost": {"total": cost_mean * n, "mean": cost_mean, "p95": cost_mean * 1.5},
        "verdict": verdict,
        "by_tag": {"happy": {"n": n, "pass_rate": {"value": passes / n}}},
    }
    if metric is not None:
        out["metric"] = metric
    return out


def metric_summary(
    verdict: str = "PASS",
    n: int = 200,
    value: float = 0.9,
    lower: float = 0.86,
    upper: float = 0.93,
    more: int | None = None,
    threshold: float = 0.8,
) -> dict[str, Any]:
    return {
        "name": "pass rate",
        "aggregate": "pass_rate",
        "label": None,
        "value": value,
        "lower": lower,
        "upper": upper,
        "threshold": threshold,
        "direction": "higher",
        "confidence": 0.95,
        "n": n,
        "min_cases": 100,
        "verdict": verdict,
        "more_cases_needed": more,
        "reason": "test",
    }


def run_identity(
    loaded: LoadedPlan | None, suite: str, role: str = "pilot"
) -> tuple[str, str, dict[str, Any]]:
    """(target fingerprint, target label, dataset identity) a run of `suite` in `role`
    made against `loaded` (default: the GO plan) records, as the eval runner does."""
    from phaseone.datasets import build_source, dataset_config
    from phaseone.evals.parts import target_for_role
    from phaseone.targets import build_target

    plan = loaded if loaded is not None else loaded_plan(Path("."))
    try:
        target = build_target(target_for_role(plan, role), plan.base_dir)
        fp, label = target.fingerprint, target.label
    except Exception:  # a role the plan has no target for: a run of some other system
        fp, label = "fp", "http test"
    try:
        config = plan.plan.suite(suite).dataset
    except KeyError:
        return fp, label, {}
    identity = {
        "source": build_source(config, plan.base_dir).describe(),
        "config": dataset_config(config),
    }
    return fp, label, identity


def run_scoring(loaded: LoadedPlan | None, suite: str) -> dict[str, Any]:
    """The scorers and suite tags a run of `suite` records (`evals.new_run.run_config`)."""
    from phaseone.gate.run_match import planned_scoring

    plan = loaded if loaded is not None else loaded_plan(Path("."))
    try:
        scoring = planned_scoring(plan.plan.suite(suite), plan.base_dir)
    except KeyError:  # a suite the plan does not have
        return {"scorers": [{"kind": "exact"}], "suite_tags": []}
    return {"scorers": scoring.scorers, "suite_tags": scoring.tags}


def _suite_threshold(suite: str, summ: dict[str, Any]) -> float | None:
    if summ.get("suite_threshold") is not None:
        return float(summ["suite_threshold"])
    for sd in go_plan_dict()["suites"]:
        if sd["name"] == suite and sd.get("threshold") is not None:
            return float(sd["threshold"])
    return None


def _rows_for(
    summ: dict[str, Any], cases: dict[str, bool] | None
) -> list[tuple[str, bool | None, bool]]:
    """(case id, passed or None for an error, cached) of each case the summary describes."""
    reused = int(summ.get("reused_answers", summ.get("cached", 0)) or 0)
    if cases is not None:  # the last `reused` of them answered from the cache
        first_reused = len(cases) - reused
        return [(cid, ok, i >= first_reused) for i, (cid, ok) in enumerate(cases.items())]
    n = int(summ.get("n") or 0)
    errors = int(summ.get("errors") or 0)
    scored = n - errors
    metric = summ.get("metric")
    if isinstance(metric, dict) and isinstance(metric.get("value"), int | float):
        passes = round(float(metric["value"]) * scored)
    else:
        passes = int((summ.get("pass_rate") or {}).get("passes") or 0)
    rows: list[tuple[str, bool | None, bool]] = []
    for i in range(n):
        cached = i >= n - reused
        if i < errors:
            rows.append((f"c{i:04d}", None, cached))
        else:
            rows.append((f"c{i:04d}", (i - errors) < passes, cached))
    return rows


def add_run(
    store: Store,
    suite: str,
    summ: dict[str, Any],
    *,
    role: str = "pilot",
    at: dt.datetime | None = None,
    cases: dict[str, bool] | None = None,
    outputs: dict[str, Any] | None = None,
    project: str = PROJECT,
    loaded: LoadedPlan | None = None,
    run_id: str | None = None,
    conversations: dict[str, list[dict[str, Any]]] | None = None,
) -> str:
    """A finished run as the runner leaves it: case results, then the summary computed
    from them and sealed (`evals.integrity`).

    ``summ`` (from `summary` / `metric_summary`) describes the results to write: how many
    cases, errors, passes (the metric's value when it has one), reused answers, the p95
    latency and the mean cost; the stored summary is then computed from those results,
    so every figure the gate reads is one the case results support. The run is stamped
    with the target and dataset of `loaded` (default: the GO plan) for its suite and role,
    so the gate takes it as a run of that plan.
    """
    from phaseone.evals.integrity import summarise_sealed
    from phaseone.evals.summary import SummaryInputs
    from phaseone.plan.schema import SuccessMetric

    at = at or dt.datetime.now(dt.UTC)
    run_id = run_id or "r_" + uuid.uuid4().hex[:16]
    threshold = _suite_threshold(suite, summ)
    rows = _rows_for(summ, cases)
    fp, label, identity = run_identity(loaded, suite, role)
    p95 = (summ.get("latency_ms") or {}).get("p95", 300.0)
    cost = (summ.get("cost") or {}).get("mean", 0.001)
    run = Run(
        id=run_id,
        project=project,
        suite=suite,
        role=role,
        plan_hash=None,
        target_fingerprint=fp,
        target_label=label,
        dataset_identity=identity,
        config={"suite_threshold": threshold, **run_scoring(loaded, suite)},
        status="completed",
        total_cases=len(rows),
        summary=None,
        started_at=at - dt.timedelta(minutes=1),
        finished_at=at,
    )
    with store.session() as s:
        s.add(run)
        s.flush()
        for cid, ok, cached in rows:
            error = ok is None
            out = (outputs or {}).get(cid, "ham" if ok else "spam")
            s.add(
                CaseResult(
                    run_id=run_id,
                    case_id=cid,
                    repeat_index=0,
                    input=f"in {cid}",
                    conversation=(conversations or {}).get(cid),
                    expected="ham",
                    output=None if error else out,
                    tags=[],
                    scores={} if error else {"exact": {"passed": ok, "value": float(bool(ok))}},
                    passed=ok,
                    error_kind="status" if error else None,
                    error_message="HTTP 502" if error else None,
                    latency_ms=None if error else p95,
                    cost=None if error else cost,
                    cached=cached,
                    created_at=at,
                )
            )
    metric = None
    if suite == go_plan_dict()["success_metric"]["suite"]:
        m = dict(go_plan_dict()["success_metric"])
        if isinstance(summ.get("metric"), dict):
            m["threshold"] = summ["metric"].get("threshold", m["threshold"])
        metric = SuccessMetric.model_validate(m)
    inputs = SummaryInputs(
        metric=metric,
        suite_threshold=threshold,
        max_infra_error_rate=0.1,
        scorer_kinds={"exact": {"kind": "exact", "labels": None}},
    )
    sealed = summarise_sealed(store, run, inputs)
    with store.session() as s:
        row = s.get(Run, run_id)
        assert row is not None
        row.summary = sealed
    return run_id


def age_run(store: Store, run_id: str, at: dt.datetime) -> None:
    """Make ``run_id`` a run whose answers were all observed at ``at``, sealed then (as a
    run really made at that time would be)."""
    from phaseone.evals.integrity import summarise_sealed
    from phaseone.evals.summary import SummaryInputs

    with store.session() as s:
        for cr in s.query(CaseResult).filter(CaseResult.run_id == run_id):
            cr.created_at = at
        run = s.get(Run, run_id)
        assert run is not None
        run.started_at = at - dt.timedelta(minutes=1)
        run.finished_at = at
    with store.session() as s:
        run = s.get(Run, run_id)
        assert run is not None
        inputs = SummaryInputs.from_json((run.summary or {})["integrity"]["inputs"])
        run.summary = summarise_sealed(store, run, inputs)


#: Where the probes of `add_batch` say they ran: a deployed gateway, over HTTP.
DEPLOYED_URL = "http://127.0.0.1:8080"


def batch_meta(
    loaded: LoadedPlan | None = None,
    *,
    probed: str = DEPLOYED_URL,
    controls: str | None = None,
    planned: list[str] | None = None,
    complete: bool = True,
) -> dict[str, Any]:
    """The `details["batch"]` the probe runner stores: what was probed, and its controls.

    `controls` defaults to the hash of `loaded`'s controls (the gateway enforced the plan).
    """
    from phaseone.plan.controls_hash import controls_hash

    want = controls_hash(loaded.plan.controls) if loaded is not None else None
    return {
        "probed": probed,
        "plan_controls": want,
        "gateway_controls": controls if controls is not None else want,
        "planned": list(planned if planned is not None else ALL_PROBES),
        "full": True,
        "complete": complete,
        "seen_controls": [],
    }


def add_probe(
    store: Store,
    probe: str,
    passed: bool = True,
    *,
    batch: str = "pb_test",
    at: dt.datetime | None = None,
    summary: str = "ok",
    project: str = PROJECT,
    meta: dict[str, Any] | None = None,
) -> None:
    with store.session() as s:
        s.add(
            ProbeResult(
                batch_id=batch,
                project=project,
                probe=probe,
                control=ALL_PROBES.get(probe, "x"),
                passed=passed,
                summary=summary,
                details={
                    **copy.deepcopy(PROBE_THRESHOLDS.get(probe, {})),
                    **({"batch": meta} if meta is not None else {}),
                },
                gateway_url=(meta or {}).get("probed"),
                created_at=at or dt.datetime.now(dt.UTC),
            )
        )


def add_batch(
    store: Store,
    loaded: LoadedPlan,
    *,
    batch: str = "pb_test",
    at: dt.datetime | None = None,
    failing: dict[str, str] | None = None,
    skip: tuple[str, ...] = (),
    **meta: Any,
) -> None:
    """A whole probe batch as `phaseone verify --url` stores it (every probe, stamped
    complete), passing except the probes in `failing` (name → summary)."""
    names = [n for n in ALL_PROBES if n not in skip]
    m = batch_meta(loaded, planned=names, **meta)
    for name in names:
        bad = (failing or {}).get(name)
        add_probe(store, name, bad is None, batch=batch, at=at, summary=bad or "ok", meta=m)


def add_trace(
    store: Store,
    *,
    outcome: str = "ok",
    status: int = 200,
    latency: float = 100,
    cost: float = 0.001,
    key: str = "app",
    project: str = PROJECT,
    at: dt.datetime | None = None,
    findings: list[Any] | None = None,
    route: str = "primary",
    input: Any = None,
    output: Any = None,
) -> None:
    with store.session() as s:
        s.add(
            Trace(
                id="t_" + uuid.uuid4().hex[:16],
                project=project,
                key_name=key,
                started_at=at or dt.datetime.now(dt.UTC),
                latency_ms=latency,
                input=input,
                output=output,
                outcome=outcome,
                status_code=status,
                cost=cost,
                findings=findings or [],
                route=route,
            )
        )


def lock_metric(store: Store, loaded: LoadedPlan, at: dt.datetime | None = None) -> None:
    from phaseone.plan.lock import ensure_locked
    from phaseone.store.models import MetricLock

    m = loaded.plan.success_metric
    identity = run_identity(loaded, m.suite)[2] if m is not None else None
    lock = ensure_locked(store, loaded, identity or {"source": "sql", "content_hash": "abc"})
    if at is not None and lock is not None:
        with store.session() as s:
            row = s.get(MetricLock, lock.id)
            assert row is not None
            row.locked_at = at


def go_evidence(
    store: Store, loaded: LoadedPlan, *, probes: bool = True, at: dt.datetime | None = None
) -> dict[str, str]:
    """Lock the metric, then add passing runs of every suite and passing probes."""
    now = dt.datetime.now(dt.UTC)
    lock_metric(store, loaded, at=(at or now) - dt.timedelta(hours=2))
    cases = {f"c{i:03d}": i % 10 != 0 for i in range(200)}
    ids = {
        "main": add_run(
            store, "main", summary(metric=metric_summary()), at=at, cases=cases, loaded=loaded
        ),
        "edge": add_run(store, "edge", summary(n=40, passes=36), at=at, loaded=loaded),
        "adv": add_run(store, "adv", summary(n=60, passes=59), at=at, loaded=loaded),
    }
    if probes:
        add_batch(store, loaded, at=at)
    return ids


#: A people-and-process check registered only while a test needs one (see `people_check`).
PEOPLE_CHECK = "rollout.runbook_rehearsed"


@contextlib.contextmanager
def people_check() -> Iterator[str]:
    """Register an attestable blocking check that software cannot satisfy, then remove it.

    The rubric has no such check of its own yet; this one stands for the kind attestations
    exist for (a runbook rehearsed with the on-call team), so tests can show what an
    attestation does there and what it does not do everywhere else.
    """
    from phaseone.gate.checks import CHECKS
    from phaseone.gate.checks._registry import _ORDER, check
    from phaseone.gate.context import GateContext
    from phaseone.gate.model import Check, CheckResult

    def rehearsed(ctx: GateContext, c: Check) -> CheckResult:
        return c.inconclusive("no rehearsal of the runbook is on record")

    check(
        PEOPLE_CHECK,
        area="rollout",
        title="The runbook was rehearsed with the on-call team",
        blocking=True,
        verified_by="a person's attestation",
        cites="attestations",
        fix="rehearse the runbook, then `phaseone attest`",
        attestable=True,
    )(rehearsed)
    try:
        yield PEOPLE_CHECK
    finally:
        CHECKS._items.pop(PEOPLE_CHECK, None)
        _ORDER.remove(PEOPLE_CHECK)
