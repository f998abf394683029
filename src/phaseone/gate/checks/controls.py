"""Controls: each configured piece of the runtime 20% verified by a passing probe."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from phaseone.gate.checks._registry import check
from phaseone.gate.context import GateContext
from phaseone.gate.model import Check, CheckResult, Evidence
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


def _pii_disabled(c: Controls) -> str | None:
    pii = c.guardrails.pii
    if pii.action == "off" and "action" in pii.model_fields_set:
        return "controls.guardrails.pii.action: off"
    if not pii.redact_traces and "redact_traces" in pii.model_fields_set:
        return "controls.guardrails.pii.redact_traces: false"
    return None


def _injection_disabled(c: Controls) -> str | None:
    inj = c.guardrails.injection
    if inj.action == "off" and "action" in inj.model_fields_set:
        return "controls.guardrails.injection.action: off"
    return None


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
        _pii_disabled,
    ),
    ControlSpec(
        "injection",
        "Prompt injection blocked or flagged, benign input not",
        lambda c: c.guardrails.injection.action != "off",
        ("prompt_injection",),
        "controls.guardrails.injection: {action: block}",
        _injection_disabled,
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


def probe_backed(ctx: GateContext, c: Check, probes: tuple[str, ...]) -> CheckResult:
    """Pass when each probe's newest result passed and is fresh."""
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
    if failed:
        return c.failed("probe failed — " + "; ".join(failed), ev)
    if stale := ctx.stale_result(c, ev, "`phaseone verify` (the probes)"):
        return stale
    if missing:
        return c.inconclusive(
            f"no probe result for {', '.join(missing)}", ev, fix="run `phaseone verify`"
        )
    return c.passed(
        "; ".join(f"{r.probe}: {r.summary}" for r in (ctx.probes[n] for n in probes)), ev
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


def _register(spec: ControlSpec) -> None:
    @check(
        f"controls.{spec.name}",
        area="controls",
        title=spec.title,
        blocking=True,
        verified_by=f"probe(s) {', '.join(spec.probes)} passed within gate.evidence_max_age_days",
        cites="the newest probe results",
        fix=f"configure it ({spec.how_to_configure}), deploy, then `phaseone verify`",
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
        return _graded_against_other_bars(ctx, c, probes) or probe_backed(ctx, c, probes)


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
