"""Controls the plan switches off explicitly: one rule for the gate and the probe runner.

The gate treats such a control as not applicable and `phaseone verify` skips its probes;
both must read the same predicate, or verify would fail probes the gate never asks for.
Only a key written in the plan counts (pydantic's `model_fields_set`), never a default.
"""

from __future__ import annotations

from collections.abc import Callable

from phaseone.plan.schema import Controls


def pii_disabled(c: Controls) -> str | None:
    """The plan setting that switched PII redaction off, or None."""
    pii = c.guardrails.pii
    if pii.action == "off" and "action" in pii.model_fields_set:
        return "controls.guardrails.pii.action: off"
    if not pii.redact_traces and "redact_traces" in pii.model_fields_set:
        return "controls.guardrails.pii.redact_traces: false"
    return None


def injection_disabled(c: Controls) -> str | None:
    """The plan setting that switched the injection guardrail off, or None."""
    inj = c.guardrails.injection
    if inj.action == "off" and "action" in inj.model_fields_set:
        return "controls.guardrails.injection.action: off"
    return None


#: Control name (a probe's `control`, a gate `ControlSpec.name`) → its explicit-off rule.
DISABLED_BY: dict[str, Callable[[Controls], str | None]] = {
    "pii": pii_disabled,
    "injection": injection_disabled,
}


def disabled_in_plan(controls: Controls | None, control: str) -> str | None:
    """The plan setting that explicitly disabled `control`, or None."""
    rule = DISABLED_BY.get(control)
    return rule(controls) if controls is not None and rule is not None else None
