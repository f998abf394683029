"""The `CHECKS` registry and the decorator every check file uses."""

from __future__ import annotations

from collections.abc import Callable

from phaseone.gate.model import AREAS, Check, CheckFn
from phaseone.registry import Registry

CHECKS: Registry[Check] = Registry("check")
#: Registration order: within an area, checks read in the order their file defines them.
_ORDER: list[str] = []
#: Areas whose evidence software produces (runs, probes, traces, the plan, the lock): a
#: check there can never be attestable, whoever writes it.
MEASURED_AREAS = frozenset({"metric", "evals", "integration", "controls", "reliability", "cost"})


def check(
    id: str,
    *,
    area: str,
    title: str,
    blocking: bool,
    verified_by: str,
    cites: str,
    fix: str,
    attestable: bool = False,
) -> Callable[[CheckFn], CheckFn]:
    """Register the decorated function as check `id`.

    Args:
        blocking: a blocking check that fails makes the decision NO-GO; an advisory
            check is reported but never changes the decision.
        verified_by: how software verifies it, in one sentence (shown in `phaseone gate
            --explain` and the docs).
        cites: the evidence it cites (runs, probes, plan, traces…).
        fix: the default "what to do" when it does not pass.
        attestable: a person's attestation (`phaseone attest`) may stand in when the
            software finds no evidence. Only for facts about people and process that
            software cannot observe (an owner's sign-off, an on-call rota, a runbook
            rehearsed). Never for a check whose evidence software can produce (runs,
            probes, traces, the plan): there, a person's word would turn a gap the gate
            can close by measuring into a pass, and the fix is to measure.
    """
    if area not in AREAS:
        raise ValueError(f"check {id!r}: unknown area {area!r}")
    if attestable and area in MEASURED_AREAS:
        raise ValueError(
            f"check {id!r}: area {area!r} is measured by software, so it cannot be attestable"
        )

    def decorate(fn: CheckFn) -> CheckFn:
        CHECKS.register(id)(
            Check(
                id=id,
                area=area,
                title=title,
                blocking=blocking,
                verified_by=verified_by,
                cites=cites,
                fix=fix,
                fn=fn,
                attestable=attestable,
            )
        )
        _ORDER.append(id)
        return fn

    return decorate


def ordered_checks() -> list[Check]:
    """Every check, grouped by area in the order a reader walks the rubric."""
    order = {a: i for i, a in enumerate(AREAS)}
    pos = {name: i for i, name in enumerate(_ORDER)}
    return sorted(
        (c for _, c in CHECKS.items()), key=lambda c: (order[c.area], pos.get(c.id, 1 << 30))
    )
