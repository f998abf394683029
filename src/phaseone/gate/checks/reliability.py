"""Reliability: error rate and tail latency of the eval runs and of live traffic, and how
often live answers came from the fallback instead of the target."""

from __future__ import annotations

from phaseone.gate.checks._registry import check
from phaseone.gate.checks.integration import limits_problems, runs_within_limits
from phaseone.gate.context import GateContext
from phaseone.gate.model import Check, CheckResult, Evidence
from phaseone.humanize import DASH, ago
from phaseone.store.models import Trace
from phaseone.store.slo_queries import last_evaluation, open_incidents


def p95(values: list[float]) -> float | None:
    if not values:
        return None
    from phaseone.evals.stats import percentiles

    v = percentiles(values, (95,))["p95"]
    return None if v is None else float(v)


@check(
    "reliability.runs",
    area="reliability",
    title="Error rate and p95 latency of the latest runs within limits",
    blocking=True,
    verified_by="each suite's latest completed pilot run, fresh calls only (answers reused from "
    "the cache are no measurement): error rate ≤ gate.max_error_rate and p95 latency ≤ "
    "gate.max_p95_latency_ms",
    cites="the latest run of every suite",
    fix="fix the errors or the slow path the runs show, then re-run",
)
def runs_reliable(ctx: GateContext, c: Check) -> CheckResult:
    ev, probs, figures, unmeasured = runs_within_limits(ctx, list(ctx.plan.suites))
    if not ev:
        return c.inconclusive("no completed runs", fix="run `phaseone eval`")
    if stale := ctx.stale_result(c, ev, "`phaseone eval`", reused_ok=True):
        return stale
    if unmeasured:
        return c.inconclusive(
            f"no fresh calls measured: {', '.join(unmeasured)}",
            ev,
            fix="run `phaseone eval` without --cache",
            data={"suites": figures},
        )
    if probs:
        return c.failed("; ".join(probs), ev, data={"suites": figures})
    newest = max(e.at for e in ev)
    return c.passed(
        f"{len(ev)} run(s) within limits on fresh calls (newest finished {ago(newest, ctx.now)})",
        ev,
        data={"suites": figures},
    )


@check(
    "reliability.live_traffic",
    area="reliability",
    title="Live traffic through the gateway within error and latency limits",
    blocking=False,
    verified_by="traces of the last gate.evidence_max_age_days days (probe traffic excluded): "
    "share of 5xx/error outcomes and p95 latency",
    cites="the traces table",
    fix="route pilot users through `phaseone serve` so live behaviour is measured",
)
def live_traffic(ctx: GateContext, c: Check) -> CheckResult:
    traces = ctx.recent_traces
    if not traces:
        return c.inconclusive(
            f"no live traces in the last {ctx.max_age_days:g} days (probe traffic excluded)"
        )
    served = [t for t in traces if t.outcome != "refused"]
    errors = [t for t in served if t.outcome == "error" or t.status_code >= 500]
    err = len(errors) / len(served) if served else 0.0
    lat = p95([t.latency_ms for t in served if t.latency_ms is not None])
    newest = max(t.started_at for t in traces)
    ev = [
        ctx.verified(
            "traces",
            f"{len(traces)} traces, {len(served)} served, errors {err:.1%}, "
            f"p95 {DASH if lat is None else f'{lat:.0f} ms'}",
            newest,
        )
    ]
    data = {"traces": len(traces), "served": len(served), "error_rate": err, "p95_ms": lat}
    if not served:
        return c.inconclusive(
            f"0 served requests among {len(traces)} live trace(s) (all refused): nothing "
            "shows how the system behaves when it answers",
            ev,
            data=data,
        )
    probs = limits_problems(ctx, "live traffic", err, lat)
    if probs:
        return c.failed("; ".join(probs), ev, data=data)
    return c.passed(f"{len(served)} served requests within limits", ev, data=data)


def answered_by_fallback(t: Trace) -> bool:
    """A served request whose answer is the fallback's (a target failure, the kill switch,
    an output that failed its schema): HTTP 200, but not the AI system's answer."""
    return t.outcome == "fallback" or t.route == "fallback"


@check(
    "reliability.fallback_rate",
    area="reliability",
    title="Live answers come from the target, not from the fallback",
    blocking=True,
    verified_by="traces of the last gate.evidence_max_age_days days (probe traffic excluded): "
    "share of served requests answered by the fallback ≤ gate.max_fallback_rate; skipped "
    "without live traffic (reliability.live_traffic says so)",
    cites="the traces table",
    fix="find why the target fails (the traces' error_kind, the circuit breaker, the kill "
    "switch) and fix it; a fallback answer is a degraded answer, not a success",
)
def fallback_rate(ctx: GateContext, c: Check) -> CheckResult:
    served = [t for t in ctx.recent_traces if t.outcome != "refused"]
    if not served:
        return c.skipped(
            f"no served live traffic in the last {ctx.max_age_days:g} days"
            " (probe traffic excluded): nothing to judge"
        )
    fallbacks = sum(1 for t in served if answered_by_fallback(t))
    rate = fallbacks / len(served)
    bar = ctx.settings.max_fallback_rate
    newest = max(t.started_at for t in served)
    ev = [
        ctx.verified(
            "traces",
            f"{len(served)} served requests, {fallbacks} answered by the fallback ({rate:.1%})",
            newest,
        )
    ]
    data = {"served": len(served), "fallbacks": fallbacks, "fallback_rate": rate, "max": bar}
    if rate > bar:
        return c.failed(
            f"live traffic: fallback rate {rate:.1%} ({fallbacks} of {len(served)} served"
            f" requests) > gate.max_fallback_rate {bar:.1%}",
            ev,
            data=data,
        )
    return c.passed(f"fallback rate {rate:.1%} ≤ {bar:.1%}", ev, data=data)


@check(
    "reliability.slo_alerts",
    area="reliability",
    title="No SLO page firing on the live system",
    blocking=True,
    verified_by="`phaseone watch`'s evaluations of the plan's burn-rate alerts (`slos:`): no"
    " page-severity incident is open; skipped when the plan has no `slos:` or nothing has"
    " watched the live system yet",
    cites="the open SLO incidents and the watcher's latest evaluation",
    fix="find why the error budget burns (`phaseone traces`, the dashboard), fix it or roll"
    " back; the watcher resolves the incident when the alert stops, and the gate decides again",
)
def slo_alerts(ctx: GateContext, c: Check) -> CheckResult:
    return _open_incidents_check(
        ctx, c, pages=True, failing="SLO page alert(s) firing", calm="no SLO page alert firing"
    )


def _open_incidents_check(
    ctx: GateContext, c: Check, *, pages: bool, failing: str, calm: str
) -> CheckResult:
    """Fail while `phaseone watch` has an incident of the kind open (pages, or everything
    else: tickets and drift alarms); pass on the watcher's last evaluation; skip when
    there is nothing to watch or nothing has watched yet."""
    if ctx.plan.slos is None:
        return c.skipped("the plan has no `slos:`: nothing was agreed for after GO")
    incidents = open_incidents(ctx.store, ctx.project).values()
    open_now = [i for i in incidents if (i.severity == "page") == pages]
    if open_now:
        ev = [
            Evidence(
                "verified",
                f"incident {i.id}",
                f"{i.alert} ({i.slo}) firing since {i.fired_at:%Y-%m-%d %H:%M} UTC",
                i.fired_at,
                refs=[str(i.id)],
            ).aged(ctx.now)
            for i in open_now
        ]
        names = ", ".join(i.alert for i in open_now)
        return c.failed(f"{len(open_now)} {failing}: {names}", ev)
    last = last_evaluation(ctx.store, ctx.project)
    if last is None:
        return c.skipped("nothing has watched the live system yet (`phaseone watch`)")
    ev = [
        Evidence(
            "verified",
            "phaseone watch",
            f"alerts evaluated; firing: {', '.join(last.firing) or 'none'}",
            last.at,
        ).aged(ctx.now)
    ]
    return c.passed(f"{calm} (last evaluated {ago(last.at, ctx.now)})", ev)


@check(
    "reliability.slo_tickets",
    area="reliability",
    title="No ticket alert or drift alarm open on the live system",
    blocking=False,
    verified_by="`phaseone watch`'s open ticket-severity incidents: slow error-budget burns,"
    " and drift alarms on the live inputs and answers (pass rate, length, language, label"
    " mix) against the pilot's; skipped when the plan has no `slos:` or nothing has watched"
    " the live system yet",
    cites="the open SLO incidents and the watcher's latest evaluation",
    fix="read the incident's evidence (`phaseone watch --once`, the notification): a drift"
    " alarm means live traffic no longer looks like what the pilot measured; re-run the"
    " suites on recent traffic and decide whether the plan's evidence still holds",
)
def slo_tickets(ctx: GateContext, c: Check) -> CheckResult:
    return _open_incidents_check(
        ctx,
        c,
        pages=False,
        failing="ticket alert(s) or drift alarm(s) open",
        calm="no ticket alert or drift alarm open",
    )
