"""Controls: each configured piece of the runtime 20% verified by a passing probe."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from phaseone.gate.checks._registry import check
from phaseone.gate.context import GateContext
from phaseone.gate.model import Check, CheckResult, Evidence
from phaseone.humanize import ago
from phaseone.plan.controls_hash import HEADER, controls_hash
from phaseone.plan.disabled import injection_disabled, pii_disabled
from phaseone.plan.schema import Controls


@dataclass(frozen=True)
class ControlSpec:
    """A control of the plan and the probes that prove it works."""

    name: str
    title: str
    configured: Callable[[Controls], bool]
    probes: tuple[str, ...]
    how_to_configure: str
    #: The plan setting that switched the control off, when the plan says so explicitly
    #: (a key written in the plan, not a default); None otherwise.
    disabled_by: Callable[[Controls], str | None] = lambda c: None


def _budget_on(c: Controls) -> bool:
    b = c.budget
    return b is not None and any(
        v is not None for v in (b.per_request_max, b.daily, b.monthly, b.per_key_daily)
    )


CONTROL_SPECS: tuple[ControlSpec, ...] = (
    ControlSpec(
        "auth",
        "API keys required; missing and revoked keys refused",
        lambda c: c.auth.required,
        ("auth_missing_key", "auth_revoked_key"),
        "controls.auth.required: true",
    ),
    ControlSpec(
        "limits",
        "Oversized input refused",
        lambda c: True,
        ("input_size_limit",),
        "controls.limits.max_input_chars",
    ),
    ControlSpec(
        "rate_limit",
        "Per-key rate limit trips",
        lambda c: c.rate_limit is not None,
        ("rate_limit",),
        "controls.rate_limit: {requests_per_minute: …, burst: …}",
    ),
    ControlSpec(
        "budget",
        "Budget ceiling refuses spend beyond it",
        _budget_on,
        ("budget_ceiling",),
        "controls.budget: {daily: …, per_key_daily: …}",
    ),
    ControlSpec(
        "pii",
        "PII redacted before traces are stored",
        lambda c: c.guardrails.pii.action != "off" and c.guardrails.pii.redact_traces,
        ("pii_redaction",),
        "controls.guardrails.pii: {action: redact}",
        pii_disabled,
    ),
    ControlSpec(
        "injection",
        "Prompt injection blocked or flagged, benign input not",
        lambda c: c.guardrails.injection.action != "off",
        ("prompt_injection",),
        "controls.guardrails.injection: {action: block}",
        injection_disabled,
    ),
    ControlSpec(
        "resilience",
        "Timeout, retry, fallback and circuit breaker work under faults",
        lambda c: c.resilience.fallback is not None or c.resilience.circuit_breaker is not None,
        ("fault_injection",),
        "controls.resilience: {fallback: …, circuit_breaker: …}",
    ),
    ControlSpec(
        "monitoring",
        "Metrics endpoint counts traffic; every request is traced",
        lambda c: c.monitoring.tracing or c.monitoring.metrics,
        ("metrics_endpoint", "traces_recorded"),
        "controls.monitoring",
    ),
)


#: Traces named in a failing cross-check (the rest are counted).
SHOWN_TRACES = 5
#: Newest live traces scanned for raw PII (bounded: a gate pass must stay fast).
PII_SCAN_LIMIT = 5000
VERIFY_URL = "`phaseone verify --url URL --key KEY` against the deployed gateway"


def deployment_problem(ctx: GateContext) -> tuple[str, str] | None:
    """Why the gate's probe batch is no evidence about the deployed system: (reason, fix).

    Probes count only when they probed, over HTTP, a running gateway that reported the
    controls hash of the plan as it is now, in one complete batch. A rehearsal
    (`phaseone verify` without --url) probes a gateway built inside the command around a
    stand-in target; it shows the plan's controls can work, not that the deployed ones do.
    """
    b = ctx.probe_batch
    if b is None:
        return "no probe results", f"run {VERIFY_URL}"
    want = controls_hash(ctx.plan.controls)
    if not b.complete:
        if not b.described:
            why = "it was recorded by an older phaseone that did not record what it probed"
        elif b.missing:
            why = f"missing {', '.join(b.missing)}"
        else:
            why = "it was not a full run of every probe (killed, or `verify --only`)"
        return f"the newest probe {b.describe()} is incomplete: {why}", f"run {VERIFY_URL}"
    if not b.deployed:
        return (
            f"the newest probes ran in {b.describe()}: a rehearsal around a stand-in target, "
            "not the deployed gateway",
            f"run {VERIFY_URL}",
        )
    if b.gateway_controls is None:
        return (
            f"the gateway at {b.probed} did not report the controls it enforces "
            f"({HEADER} header; probe {b.describe()})",
            f"deploy this phaseone version (`phaseone serve --plan {ctx.loaded.path.name}`; a "
            f"proxy in front of it must pass the {HEADER} header through), then {VERIFY_URL}",
        )
    seen = set(b.seen_controls) | {b.gateway_controls}
    if len(seen) > 1:
        return (
            f"the gateway at {b.probed} changed its controls during {b.describe()} "
            f"(it reported {', '.join(sorted(seen))})",
            f"re-run {VERIFY_URL} once the deployment is stable",
        )
    if b.gateway_controls != want:
        changed = b.plan_controls is not None and b.plan_controls != want
        why = (
            "the plan's controls changed after the probes ran"
            if changed
            else "the gateway runs other controls than the plan's (another plan file?)"
        )
        return (
            f"{why}: the gateway at {b.probed} enforced controls {b.gateway_controls} in "
            f"{b.describe()}, the plan's are {want} now",
            f"redeploy the gateway with this plan (`phaseone serve --plan "
            f"{ctx.loaded.path.name}`), then {VERIFY_URL}",
        )
    return None


def _anonymous_answers(ctx: GateContext) -> str | None:
    """Live traces answered 200 without a key while the plan requires keys."""
    from phaseone.guard.auth import ANONYMOUS

    anon = [
        t
        for t in ctx.recent_traces
        if t.key_name in (None, ANONYMOUS.name) and t.status_code == 200
    ]
    if not anon:
        return None
    anon.sort(key=lambda t: t.started_at, reverse=True)
    ids = ", ".join(t.id for t in anon[:SHOWN_TRACES])
    more = f" and {len(anon) - SHOWN_TRACES} more" if len(anon) > SHOWN_TRACES else ""
    return (
        f"{len(anon)} live trace(s) in the last {ctx.max_age_days:g} days were answered "
        f"(HTTP 200) without an API key while the plan requires keys: {ids}{more} "
        f"(newest {ago(anon[0].started_at, ctx.now)})"
    )


def _raw_pii(ctx: GateContext) -> str | None:
    """Live traces whose stored input still holds PII while the plan redacts traces."""
    from phaseone.guard.pii import ALL_KINDS, find_pii
    from phaseone.guard.pii_phone import DEFAULT_REGIONS

    pii = ctx.plan.controls.guardrails.pii if ctx.plan.controls else None
    kinds = tuple(pii.kinds) if pii and pii.kinds else ALL_KINDS
    regions = tuple(pii.regions) if pii else DEFAULT_REGIONS
    traces = sorted(ctx.recent_traces, key=lambda t: t.started_at, reverse=True)
    hits: list[str] = []
    newest: dt.datetime | None = None
    for t in traces[:PII_SCAN_LIMIT]:
        if t.input is None:
            continue
        text = t.input if isinstance(t.input, str) else json.dumps(t.input, ensure_ascii=False)
        found = find_pii(text, kinds, regions)
        if found:
            newest = newest or t.started_at
            hits.append(f"{t.id} ({', '.join(sorted({m.kind for m in found}))})")
    if not hits or newest is None:
        return None
    more = f" and {len(hits) - SHOWN_TRACES} more" if len(hits) > SHOWN_TRACES else ""
    return (
        f"{len(hits)} stored live trace(s) hold raw personal data although the plan redacts "
        f"traces: {', '.join(hits[:SHOWN_TRACES])}{more} (newest {ago(newest, ctx.now)})"
    )


#: Cross-checks of live traces against what a control promises, by control name.
TRACE_CROSS_CHECKS: dict[str, Callable[[GateContext], str | None]] = {
    "auth": _anonymous_answers,
    "pii": _raw_pii,
}


def probe_backed(
    ctx: GateContext, c: Check, probes: tuple[str, ...], control: str | None = None
) -> CheckResult:
    """Pass when each probe passed in the gate's batch, against the deployed gateway
    enforcing the plan's current controls, the batch is fresh, and live traces agree."""
    ev: list[Evidence] = []
    missing, failed = [], []
    for name in probes:
        row = ctx.probes.get(name)
        if row is None:
            missing.append(name)
            continue
        ev.append(ctx.probe_evidence(row))
        if not row.passed:
            failed.append(f"{name}: {row.summary}")
    cross = TRACE_CROSS_CHECKS.get(control or "")
    if cross is not None and (seen := cross(ctx)):
        ev.append(ctx.verified("traces", seen))
        return c.failed(
            seen,
            ev,
            fix="find which gateway served these (a gateway started from another plan, or "
            f"with the control off), redeploy with `phaseone serve --plan "
            f"{ctx.loaded.path.name}`, then {VERIFY_URL}",
        )
    if problem := deployment_problem(ctx):
        reason, fix = problem
        return c.inconclusive(reason, ev, fix=fix)
    if failed:
        return c.failed("probe failed — " + "; ".join(failed), ev)
    if stale := ctx.stale_result(c, ev, VERIFY_URL):
        return stale
    if missing:
        return c.inconclusive(
            f"no probe result for {', '.join(missing)}", ev, fix=f"run {VERIFY_URL}"
        )
    b = ctx.probe_batch
    where = f" (batch {b.batch_id} against {b.probed}, controls {b.gateway_controls})" if b else ""
    return c.passed(
        "; ".join(f"{r.probe}: {r.summary}" for r in (ctx.probes[n] for n in probes)) + where,
        ev,
    )


#: The guardrail probes, the plan's bars for each, and the keys their results store them
#: under (`details.thresholds`: recall bar, false-positive bar).
_GUARDRAIL_BARS: dict[str, tuple[str, str, str]] = {
    "prompt_injection": ("injection", "min_detection", "max_false_positive"),
    "pii_redaction": ("pii", "min_recall", "max_false_positive"),
}


def _graded_against_other_bars(
    ctx: GateContext, c: Check, probes: tuple[str, ...]
) -> CheckResult | None:
    """Inconclusive when a guardrail probe was graded against bars the plan no longer has.

    A pass against 80% says nothing about 90%: after a (re-locked) bar change the probe
    must run again. Probes are cheap and touch no real system, so no re-grading here.
    """
    for name in probes:
        row = ctx.probes.get(name)
        if row is None or not row.passed or name not in _GUARDRAIL_BARS:
            continue  # a failure stays a failure (`probe_backed`), whatever the bars
        kind, recall_key, fp_key = _GUARDRAIL_BARS[name]
        bar = getattr(ctx.settings.guardrails, kind)
        stored = (row.details or {}).get("thresholds") or {}
        want = {recall_key: bar.min_recall, fp_key: bar.max_false_positive_rate}
        if any(
            not isinstance(stored.get(k), int | float) or abs(float(stored[k]) - v) > 1e-9
            for k, v in want.items()
        ):
            return c.inconclusive(
                f"probe {name} was graded against bars {stored or 'not recorded'}, the plan's "
                f"gate.guardrails.{kind} now says {want}",
                [ctx.probe_evidence(row)],
                fix=f"run `phaseone verify --probe {name}` against the current bars",
            )
    return None


TRACE_NOTES = {
    "auth": "and no live trace in the evidence window was answered 200 without a key",
    "pii": "and no stored live trace in the evidence window holds raw personal data",
}


def _register(spec: ControlSpec) -> None:
    @check(
        f"controls.{spec.name}",
        area="controls",
        title=spec.title,
        blocking=True,
        verified_by=f"probe(s) {', '.join(spec.probes)} passed within gate.evidence_max_age_days, "
        "in the newest complete probe batch against a running gateway (`verify --url`) that "
        f"reported the plan's current controls hash ({HEADER})"
        + (f"; {TRACE_NOTES[spec.name]}" if spec.name in TRACE_NOTES else ""),
        cites="the newest complete probe batch against the deployed gateway"
        + (", live traces" if spec.name in TRACE_NOTES else ""),
        fix=f"configure it ({spec.how_to_configure}), deploy, then {VERIFY_URL}",
    )
    def _check(ctx: GateContext, c: Check) -> CheckResult:
        controls = ctx.plan.controls
        if controls is not None and (setting := spec.disabled_by(controls)):
            # Not blocking: the owner scoped this control out in the plan (say, a system
            # whose output is one label of a fixed set has nothing to steer), and the gate
            # certifies the controls that exist. It is no quiet escape either: every
            # decision names it beside its outcome (`decision.notes_of`).
            return c.skipped(
                f"not applicable: disabled in the plan ({setting})",
                data={"disabled_in_plan": setting},
            )
        if controls is None or not spec.configured(controls):
            return c.skipped(f"{spec.name} is not configured in the plan")
        probes = spec.probes
        if spec.name == "monitoring":
            probes = tuple(
                p
                for p, on in (
                    ("metrics_endpoint", controls.monitoring.metrics),
                    ("traces_recorded", controls.monitoring.tracing),
                )
                if on
            )
        return _graded_against_other_bars(ctx, c, probes) or probe_backed(ctx, c, probes, spec.name)


@check(
    "controls.configured",
    area="controls",
    title="The runtime 20% is configured: auth, budget, rate limit, tracing",
    blocking=True,
    verified_by="the plan's `controls` block enables auth, a budget ceiling, a rate limit and "
    "tracing (the controls a production owner cannot run without)",
    cites="the plan version",
    fix="add a `controls:` block (see `phaseone init`): auth, budget, rate_limit, monitoring",
)
def controls_configured(ctx: GateContext, c: Check) -> CheckResult:
    controls = ctx.plan.controls
    if controls is None:
        return c.failed(
            "the plan has no `controls`: nothing guards the live system",
            [ctx.plan_ev("no controls block")],
        )
    missing = [
        name
        for name, on in (
            ("auth", controls.auth.required),
            ("budget ceiling", _budget_on(controls)),
            ("rate limit", controls.rate_limit is not None),
            ("tracing", controls.monitoring.tracing),
        )
        if not on
    ]
    on = [s.name for s in CONTROL_SPECS if s.configured(controls)]
    ev = [ctx.plan_ev(f"configured: {', '.join(on)}")]
    if missing:
        return c.failed(f"not configured: {', '.join(missing)}", ev)
    return c.passed(f"configured: {', '.join(on)}", ev)


for _spec in CONTROL_SPECS:
    _register(_spec)
