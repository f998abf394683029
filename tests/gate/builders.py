"""Build gate evidence by writing rows straight into the store, as the real producers do.

The eval runner, the gateway and the probes write these rows in production; the gate
only reads them. Writing them here keeps each test to the one fact it is about.
"""

from __future__ import annotations

import copy
import datetime as dt
import uuid
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
                "dataset": {"kind": "sql", "url": "sqlite:///x.db", "query": "SELECT 1"},
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
) -> str:
    at = at or dt.datetime.now(dt.UTC)
    run_id = "r_" + uuid.uuid4().hex[:16]
    with store.session() as s:
        s.add(
            Run(
                id=run_id,
                project=project,
                suite=suite,
                role=role,
                plan_hash=None,
                target_fingerprint="fp",
                target_label="http test",
                dataset_identity={},
                config={},
                status="completed",
                total_cases=summ.get("n"),
                summary=copy.deepcopy(summ),
                started_at=at - dt.timedelta(minutes=1),
                finished_at=at,
            )
        )
        s.flush()
        for cid, ok in (cases or {}).items():
            out = (outputs or {}).get(cid, "ham" if ok else "spam")
            s.add(
                CaseResult(
                    run_id=run_id,
                    case_id=cid,
                    repeat_index=0,
                    input=f"in {cid}",
                    expected="ham",
                    output=out,
                    tags=[],
                    scores={"exact": {"passed": ok, "value": float(ok)}},
                    passed=ok,
                    latency_ms=10.0,
                    cost=0.001,
                )
            )
    return run_id


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
                details={"batch": meta} if meta is not None else {},
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

    lock = ensure_locked(store, loaded, {"source": "sql", "content_hash": "abc"})
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
        "main": add_run(store, "main", summary(metric=metric_summary()), at=at, cases=cases),
        "edge": add_run(store, "edge", summary(n=40, passes=36), at=at),
        "adv": add_run(store, "adv", summary(n=60, passes=59), at=at),
    }
    if probes:
        add_batch(store, loaded, at=at)
    return ids
