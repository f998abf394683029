"""Everything the dashboard shows, read from the store as one JSON-able dict.

The page (`/`) and `/api/summary` render the same dict, so a script sees exactly the
figures the owner sees. Live traffic is read column by column: the dashboard never loads
a trace's input or output, so it cannot show one by mistake.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from phaseone.evals.counted import counted_verdict, stop_cause
from phaseone.evals.stats import percentiles
from phaseone.gate.commands import reports_dir
from phaseone.plan.loader import LoadedPlan
from phaseone.store.dashboard_queries import (
    has_decision,
    live_traffic_rows,
    probe_request_count,
    recent_decisions,
)
from phaseone.store.database import Store
from phaseone.store.decision_record import RecordedDecision
from phaseone.store.decisions import (
    CANARY_PREFIX,
    get_decision,
    head_file,
    signed_time,
    verify_chain,
)
from phaseone.store.gate_queries import project_live_spend
from phaseone.store.models import Run
from phaseone.store.plans import count_runs
from phaseone.store.probes import batch_for_gate, recent_batches, skipped_reason
from phaseone.store.run_summary import RunSummary, summary_or_empty
from phaseone.store.runs import list_runs
from phaseone.store.settings import kill_switch_on

#: The live-traffic window, in hours.
WINDOW_HOURS = 24
FIRST_STEPS = [
    ("phaseone eval", "run the eval suites: the quality evidence"),
    ("phaseone serve", "put the AI system behind its controls: live traffic and traces"),
    ("phaseone verify", "probe every control for real"),
    ("phaseone gate", "decide GO / NO-GO from the evidence and write the report"),
]


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()  # aware UTC (`UTCDateTime`)


# --- 1. decision ----------------------------------------------------------------------------


def decision_section(loaded: LoadedPlan, store: Store) -> dict[str, Any] | None:
    project = loaded.project
    if not has_decision(store, project):
        return None
    row = get_decision(store, project)
    rec = RecordedDecision.of(row.record)
    # What `phaseone decisions verify` checks, head anchor file included (a deleted newest
    # decision leaves a valid, shorter chain that only the anchor shows). Read-only: the
    # dashboard never starts an anchor file, `verify` and the gate do.
    chain = verify_chain(store, project, head=head_file(store, loaded.base_dir), start_head=False)
    html = reports_dir(loaded.base_dir) / f"decision-{row.seq}.html"
    return {
        "seq": row.seq,
        "outcome": row.outcome,
        "decided_at": signed_time(row),
        "plan_hash": row.plan_hash,
        "plan_file": rec.plan_file,
        "plan_is_current": row.plan_hash == loaded.content_hash,
        "owner": rec.owner.name,
        "record_hash": row.record_hash,
        "reasons": list(rec.reasons),
        "counts": rec.counts,
        "report_file": str(html) if html.is_file() else None,
        "report_url": f"/report/{row.seq}",
        "history": decision_history(store, project),
        "chain": {
            "ok": chain.ok,
            "count": chain.count,
            "head_hash": chain.head_hash,
            "problems": list(chain.problems),
        },
    }


#: Earlier decisions shown beside the latest (newest first).
HISTORY = 8


def decision_history(store: Store, project: str) -> list[dict[str, Any]]:
    """The last decisions, newest first: did GO turn into NO-GO, and when.

    The time is the signed `decided_at` (`signed_time`), as `phaseone decisions list`
    shows it: the `created_at` column is outside the hash of older records, so an edited
    column must not be what the owner reads."""
    rows = recent_decisions(store, project, HISTORY)
    return [
        {
            "seq": row.seq,
            "outcome": row.outcome,
            "decided_at": signed_time(row),
            # a canary step (`slo/canary.py`) is in the chain but has no gate report
            "report_url": None if row.outcome.startswith(CANARY_PREFIX) else f"/report/{row.seq}",
        }
        for row in rows
    ]


# --- 2. quality ----------------------------------------------------------------------------

#: Completed pilot runs per suite in the trend line (oldest first).
TREND_RUNS = 10


def _judged_value(summary: RunSummary) -> float | None:
    """The value a suite is judged on: the success metric's when it has a threshold,
    else the pass rate (the same choice as the latest-run row)."""
    found = summary.metric
    if found is not None and found.threshold is not None:
        return found.value
    return summary.pass_rate.value if summary.pass_rate is not None else None


def _trend(runs: list[Run]) -> list[dict[str, Any]]:
    """Runs given newest first, returned oldest first with the judged value of each."""
    return [
        {
            "run_id": r.id,
            "finished_at": _iso(r.finished_at or r.started_at),
            "value": _judged_value(summary_or_empty(r)),
            "verdict": summary_or_empty(r).verdict,
        }
        for r in reversed(runs)
    ]


def sparkline(
    values: list[float | None],
    threshold: float | None,
    w: int = 140,
    h: int = 32,
    *,
    floor: float | None = None,
) -> dict[str, Any]:
    """SVG coordinates for a trend, drawn on the server (the page has no JavaScript).

    The scale spans the values and the threshold, but never less than 0.1: a change that
    matters is visible, run-to-run noise of a point or two is not blown up into a cliff.
    With ``floor`` (counts, error rates) the scale starts there, so zero looks like zero."""
    known = [v for v in values if v is not None]
    span = [*known, *([threshold] if threshold is not None else [])] or [0.0, 1.0]
    if floor is not None:
        span.append(floor)
    lo, hi = min(span), max(span)
    if hi - lo < 0.1:
        mid = lo + 0.05 if floor is not None else (hi + lo) / 2
        lo, hi = mid - 0.05, mid + 0.05
    pad = 4

    def y(v: float) -> float:
        return round(h - pad - (v - lo) / (hi - lo) * (h - 2 * pad), 1)

    step = (w - 2 * pad) / max(1, len(values) - 1)
    points = [(round(pad + i * step, 1), y(v)) for i, v in enumerate(values) if v is not None]
    return {
        "width": w,
        "height": h,
        "points": " ".join(f"{x},{yy}" for x, yy in points),
        "last": points[-1] if points else None,
        "threshold_y": y(threshold) if threshold is not None else None,
    }


#: The typed verdict fields of a suite's latest run (`phaseone.evals.counted`).
SUITE_VERDICT_FIELDS = (
    "verdict",
    "single_look_verdict",
    "look",
    "look_text",
    "reused_answers",
    "evidence",
    "not_evidence",
)


def _stopped(newest: Run | None, latest_completed: Run | None) -> dict[str, Any] | None:
    """The suite's newest pilot run when it ended without completing after the latest
    completed one (an outage stop, Ctrl-C, ``--max-cost``): the owner sees that the
    newest attempt measured nothing, and why."""
    if newest is None or newest.status == "completed":
        return None
    if latest_completed is not None and newest.id == latest_completed.id:
        return None
    return {
        "run_id": newest.id,
        "status": newest.status,
        "label": f"newer run {'still running' if newest.status == 'running' else newest.status}",
        "cause": stop_cause(newest),
        "at": _iso(newest.finished_at or newest.started_at),
    }


def quality_section(loaded: LoadedPlan, store: Store) -> list[dict[str, Any]]:
    """The latest completed pilot run of every suite in the plan (what `runs list` shows),
    and the trend of its last runs."""
    plan = loaded.plan
    metric = plan.success_metric
    metric_suite = metric.suite if metric else None
    out: list[dict[str, Any]] = []
    for suite in plan.suites:
        # One query gives the latest run (the one the gate judges) and the trend.
        recent = list_runs(
            store, loaded.project, suite=suite.name, role="pilot", status="completed",
            limit=TREND_RUNS,
        )  # fmt: skip
        run = recent[0] if recent else None
        newest = list_runs(store, loaded.project, suite=suite.name, role="pilot", limit=1)
        item: dict[str, Any] = {
            "suite": suite.name,
            "tags": list(suite.tags),
            "is_metric_suite": suite.name == metric_suite,
            "run_id": None,
            "finished_at": None,
            "n": None,
            "errors": None,
            "verdict": None,
            "value": None,
            "lower": None,
            "upper": None,
            "threshold": suite.threshold,
            "measure": "pass rate",
            "single_look_verdict": None,
            "look": None,
            "look_text": None,
            "reused_answers": 0,
            "evidence": False,
            "not_evidence": None,
            "stopped": _stopped(newest[0] if newest else None, run),
        }
        if metric is not None and suite.name == metric_suite:
            item.update(measure=metric.name, threshold=metric.threshold)
        if run is not None:
            summ = summary_or_empty(run)
            pr = summ.pass_rate
            item.update(
                run_id=run.id,
                finished_at=_iso(run.finished_at or run.started_at),
                n=summ.n if "n" in summ.model_fields_set else None,
                errors=summ.errors if "errors" in summ.model_fields_set else None,
                value=pr.value if pr is not None else None,
                lower=pr.lower if pr is not None else None,
                upper=pr.upper if pr is not None else None,
            )
            # The verdict the gate counts: every look since the lock, fresh answers only.
            counted = counted_verdict(loaded, store, run).as_dict()
            item.update({k: counted[k] for k in SUITE_VERDICT_FIELDS})
            found = summ.metric
            if found is not None and found.threshold is not None:
                # the metric suite is judged on the declared success metric, not the pass rate
                item.update(
                    measure=str(found.name or found.aggregate or "metric"),
                    value=found.value,
                    lower=found.lower,
                    upper=found.upper,
                    threshold=found.threshold,
                    direction=found.direction,
                )
            elif summ.suite_threshold is not None:
                item["threshold"] = summ.suite_threshold
        trend = _trend(recent)
        item["trend"] = trend
        item["spark"] = sparkline([t["value"] for t in trend], item["threshold"])
        out.append(item)
    return out


# --- 3. live traffic -------------------------------------------------------------------------


def _spend(store: Store, project: str, since: dt.datetime) -> float:
    return project_live_spend(store, project, since)


def _ceiling(spent: float, ceiling: float | None) -> dict[str, Any]:
    share = spent / ceiling if ceiling else None
    return {"spent": spent, "ceiling": ceiling, "share": share}


def traffic_section(loaded: LoadedPlan, store: Store, now: dt.datetime) -> dict[str, Any]:
    """Aggregates of the last 24 h of traces; probe traffic excluded, as the gate does."""
    project = loaded.project
    since = now - dt.timedelta(hours=WINDOW_HOURS)
    rows = live_traffic_rows(store, project, since)
    probe_n = probe_request_count(store, project, since)
    outcomes: dict[str, int] = {}
    served = errors = fallbacks = degraded = with_findings = findings = 0
    latencies: list[float] = []
    # Per hour of the window, oldest first: requests, and served / errors for the rate.
    per_hour = [[0, 0, 0] for _ in range(WINDOW_HOURS)]
    for row in rows:
        outcome, status, latency = row.outcome, row.status_code, row.latency_ms
        route, found, started = row.route, row.findings, row.started_at
        hour = per_hour[
            min(WINDOW_HOURS - 1, max(0, int((started - since) / dt.timedelta(hours=1))))
        ]
        hour[0] += 1
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if outcome == "fallback" or route == "fallback":
            fallbacks += 1
        if found:
            with_findings += 1
            findings += len(found) if isinstance(found, list) else 1
        if outcome == "refused":
            continue
        served += 1
        hour[1] += 1
        if outcome == "error" or (status or 0) >= 500:
            errors += 1
            hour[2] += 1
        # A fallback's answer is served (HTTP 200) but degraded: it counts here (issue #15).
        if outcome in ("error", "fallback") or route == "fallback" or (status or 0) >= 500:
            degraded += 1
        if latency is not None:
            latencies.append(float(latency))
    total = len(rows)
    day_start = now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    month_start = day_start.replace(day=1)
    budget = loaded.plan.controls.budget if loaded.plan.controls else None
    rollout = loaded.plan.controls.rollout if loaded.plan.controls else None
    return {
        "window_hours": WINDOW_HOURS,
        "since": since.isoformat(),
        "requests": total,
        "outcomes": dict(sorted(outcomes.items())),
        "served": served,
        "errors": errors,
        "error_rate": errors / served if served else None,
        "degraded": degraded,
        "degraded_rate": degraded / served if served else None,
        "refused": outcomes.get("refused", 0),
        "refusal_rate": outcomes.get("refused", 0) / total if total else None,
        "latency_ms": percentiles(latencies, (50, 95)),
        "fallbacks": fallbacks,
        "traces_with_findings": with_findings,
        "findings": findings,
        "probe_requests_excluded": probe_n,
        "hourly": _hourly(per_hour),
        "currency": loaded.plan.project.currency,
        "spend": {
            "today": _ceiling(_spend(store, project, day_start), budget.daily if budget else None),
            "month": _ceiling(
                _spend(store, project, month_start), budget.monthly if budget else None
            ),
        },
        "kill_switch": {
            "on": kill_switch_on(store, project),
            "configured": bool(rollout.kill_switch) if rollout else False,
        },
    }


def _hourly(per_hour: list[list[int]]) -> dict[str, Any]:
    """Requests and error rate per hour of the window (oldest first), with their lines."""
    requests = [h[0] for h in per_hour]
    rates = [h[2] / h[1] if h[1] else None for h in per_hour]
    return {
        "requests": requests,
        "error_rate": rates,
        "requests_spark": sparkline([float(r) for r in requests], None, floor=0.0),
        "error_rate_spark": sparkline(rates, None, floor=0.0),
    }


# --- 4. probes ---------------------------------------------------------------------------


def probes_section(loaded: LoadedPlan, store: Store) -> dict[str, Any] | None:
    """The batch the gate counts (`batch_for_gate`, as `GateContext.probe_batch` reads it).

    Not simply the newest batch: a later rehearsal or partial run would show results the
    gate never weighs. When the newest batch is another one, one line says which and why.
    """
    gated = batch_for_gate(store, loaded.project)
    if gated is None:
        return None
    results = [
        {
            "probe": r.probe,
            "control": r.control,
            "passed": bool(r.passed),
            "skipped": skipped_reason(r),
            "summary": r.summary,
            "at": _iso(r.created_at),
        }
        for r in gated.rows.values()
    ]
    passed = sum(1 for r in results if r["passed"])
    skipped = sum(1 for r in results if r["skipped"])
    newest = next(iter(recent_batches(store, loaded.project, limit=1)), None)
    note = None
    if newest is not None and newest.batch_id != gated.batch_id:
        what = (
            "a rehearsal (an in-process gateway, not the deployed one)"
            if not newest.deployed
            else "incomplete or partial"
        )
        note = f"The newest batch, {newest.batch_id}, is {what}: the gate does not count it."
    return {
        "batch_id": gated.batch_id,
        "where": gated.describe(),
        "at": max((r["at"] for r in results if r["at"]), default=None),
        "passed": passed,
        "failed": len(results) - passed - skipped,
        "skipped": skipped,
        "results": results,
        "newer_note": note,
    }


# --- all of it -----------------------------------------------------------------------------


def build_summary(
    loaded: LoadedPlan, store: Store, *, now: dt.datetime | None = None
) -> dict[str, Any]:
    """The whole dashboard as plain data (what `/api/summary` returns)."""
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    owner = loaded.plan.owner
    decision = decision_section(loaded, store)
    quality = quality_section(loaded, store)
    traffic = traffic_section(loaded, store, now)
    probes = probes_section(loaded, store)
    empty = (
        decision is None
        and probes is None
        and traffic["requests"] == 0
        and count_runs(store, loaded.project) == 0
    )
    return {
        "project": loaded.project,
        "owner": {"name": owner.name, "role": owner.role, "team": owner.team},
        "plan": {"file": Path(loaded.path).name, "hash": loaded.content_hash},
        "generated_at": now.isoformat(),
        "empty": empty,
        "first_steps": [{"command": c, "what": w} for c, w in FIRST_STEPS],
        "decision": decision,
        "quality": quality,
        "traffic": traffic,
        "probes": probes,
    }
