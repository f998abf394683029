"""Ownership: a named production owner from the line organisation."""

from __future__ import annotations

import re

from phaseone.gate.checks._registry import check
from phaseone.gate.context import GateContext
from phaseone.gate.model import Check, CheckResult
from phaseone.plan.diagnosis import NON_LINE_ORG

_PLACEHOLDER = re.compile(r"^\s*(tbd|tba|todo|n/?a|none|unknown|\?+|-+|x+)\s*$", re.I)
_CONTACT = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+|\+?\d[\d\s().-]{5,}|https?://|^[#@][\w.-]+")


def non_line_reason(team: str, role: str = "") -> str | None:
    """Why the owner does not look like the line organisation, or None.

    Uses the plan diagnosis' word list, so `phaseone plan`, the gate and the report say
    the same thing about the same owner.
    """
    for part, value in (("team", team), ("role", role)):
        hit = NON_LINE_ORG.search(value)
        if hit:
            return (
                f"the owner's {part} {value!r} ({hit.group(0)!r}) is not the line organisation: "
                "a lab, vendor or PoC team cannot own the live system"
            )
    return None


@check(
    "ownership.owner",
    area="ownership",
    title="A named production owner with role, team and contact",
    blocking=True,
    verified_by="the plan's `owner` block: every field filled, no placeholder, reachable contact",
    cites="the plan version",
    fix="name the person who will run the live system under `owner:` (name, role, team, contact)",
    attestable=True,
)
def owner_named(ctx: GateContext, c: Check) -> CheckResult:
    o = ctx.plan.owner
    ev = [ctx.plan_ev(f"owner {o.name}, {o.role}, {o.team}, {o.contact}")]
    blanks = [f for f in ("name", "role", "team", "contact") if _PLACEHOLDER.match(getattr(o, f))]
    if blanks:
        return c.failed(f"owner {', '.join(blanks)} is a placeholder", ev)
    if not _CONTACT.search(o.contact):
        return c.failed(
            f"owner contact {o.contact!r} is not an e-mail address, phone number, URL or handle",
            ev,
            fix="put a contact that reaches the owner, e.g. an e-mail address, under owner.contact",
        )
    return c.passed(f"{o.name} ({o.role}, {o.team}) owns the live system", ev)


@check(
    "ownership.line_team",
    area="ownership",
    title="The owner's team is a line organisation",
    blocking=True,
    verified_by="the owner's team is matched against lab, vendor, PoC and research team patterns",
    cites="the plan version",
    fix="hand ownership to the line team that will run the system in production "
    "(the team that owns the process it serves), and name its member under `owner:`",
    attestable=True,
)
def line_team(ctx: GateContext, c: Check) -> CheckResult:
    team = ctx.plan.owner.team
    ev = [ctx.plan_ev(f"owner team {team!r}")]
    why = non_line_reason(team, ctx.plan.owner.role)
    if why:
        return c.failed(why, ev)
    return c.passed(f"team {team!r} is a line organisation", ev)
