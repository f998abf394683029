"""Stall-risk diagnosis: the four reasons pilots stall, read off the plan itself.

Each risk is present or absent with the reason why, so the plan command, the gate and
the report can all say the same thing in the same words. It reads only the plan (no
store, no network): it is a diagnosis of how the pilot was *scoped*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from phaseone.humanize import money
from phaseone.plan.components import LIVE_DATASET_KINDS
from phaseone.plan.schema import Plan

__all__ = ["NON_LINE_ORG", "Diagnosis", "Risk", "diagnose"]

#: Words in an owner's team or role that say "not the line organisation".
NON_LINE_ORG = re.compile(
    r"\b("
    r"innovation|innovations|lab|labs|vendor|vendors|supplier|contractor|consultants?|"
    r"consultancy|agency|poc|proof[- ]of[- ]concept|pilot|pilots|hackathon|coe|"
    r"cent(?:er|re)s? of excellence|data science|r&d|incubator|accelerator|"
    r"digital factory|venture|ventures|skunkworks|tiger team"
    r")\b",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"^\s*(tbd|tbc|todo|n/?a|none|unknown|\?+|-+|x+|…|\.\.\.)\s*$", re.I)
FILE_KINDS = frozenset({"jsonl", "csv", "yaml"})
_LABELS = {
    "owner": "production owner",
    "scope": "the 20% scoped",
    "metric": "success metric",
    "integration": "real integration",
}


@dataclass(frozen=True)
class Risk:
    """One stall risk: present or not, and why, in words for the production owner."""

    id: str  #: owner | scope | metric | integration
    title: str  #: the risk, e.g. "no success metric"
    present: bool
    why: str
    fix: str | None = None

    @property
    def label(self) -> str:
        """What is in place when the risk is absent, e.g. "success metric"."""
        return _LABELS.get(self.id, self.id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "label": self.label,
            "present": self.present,
            "why": self.why,
            "fix": self.fix,
        }


@dataclass(frozen=True)
class Diagnosis:
    risks: tuple[Risk, ...]

    @property
    def present(self) -> list[Risk]:
        return [r for r in self.risks if r.present]

    @property
    def clear(self) -> bool:
        """No stall risk found."""
        return not self.present

    def risk(self, risk_id: str) -> Risk:
        for r in self.risks:
            if r.id == risk_id:
                return r
        raise KeyError(risk_id)

    def as_dict(self) -> dict[str, Any]:
        return {"clear": self.clear, "risks": [r.as_dict() for r in self.risks]}


def diagnose(plan: Plan) -> Diagnosis:
    """The four stall risks of a plan, in the order a production owner reads them."""
    return Diagnosis(
        (_owner(plan), _scope(plan), _metric(plan), _integration(plan)),
    )


def _owner(plan: Plan) -> Risk:
    title = "no production owner from the line organisation"
    owner = plan.owner
    fix = (
        "name the person in the line organisation who will run the live system:"
        " owner.name, role, team, contact"
    )
    if owner is None:
        return Risk("owner", title, True, "the plan names no owner", fix)
    blank = [
        name
        for name in ("name", "role", "team", "contact")
        if not str(getattr(owner, name, "") or "").strip()
        or _PLACEHOLDER.match(str(getattr(owner, name)))
    ]
    if blank:
        return Risk(
            "owner", title, True, f"the owner's {', '.join(blank)} is missing or a placeholder", fix
        )
    for part in ("team", "role"):
        value = str(getattr(owner, part))
        hit = NON_LINE_ORG.search(value)
        if hit:
            return Risk(
                "owner",
                title,
                True,
                f"the owner's {part} {value!r} ({hit.group(0)!r}) is not the line organisation:"
                " the pilot team cannot own the live system",
                fix,
            )
    return Risk(
        "owner",
        title,
        False,
        f"{owner.name}, {owner.role} ({owner.team}) owns the live system",
    )


def _scope(plan: Plan) -> Risk:
    title = "the 20% not scoped"
    missing: list[str] = []
    if plan.controls is None:
        missing.append("no `controls:` (auth, limits, guardrails, budgets, resilience, monitoring)")
    two = plan.phases.two
    if two is None:
        missing.append("no phase two (`phases.two`)")
    else:
        if not two.items:
            missing.append("phase two has no costed items")
        if two.expected_monthly_requests is None:
            missing.append("phase two has no expected_monthly_requests")
        if two.run_cost_ceiling_monthly is None:
            missing.append("phase two has no run_cost_ceiling_monthly")
    if missing:
        return Risk(
            "scope",
            title,
            True,
            "; ".join(missing),
            "add `controls:` and cost phase two (items, expected volume, run-cost ceiling)"
            " — `phaseone init` shows an example",
        )
    assert two is not None
    one_off = sum(i.one_off for i in two.items)
    monthly = sum(i.monthly for i in two.items)
    cur = plan.project.currency
    return Risk(
        "scope",
        title,
        False,
        f"controls are configured; phase two is costed ({len(two.items)} items,"
        f" {money(one_off, cur)} one-off + {money(monthly, cur)}/month,"
        f" {two.expected_monthly_requests:,} requests/month,"
        f" run-cost ceiling {money(two.run_cost_ceiling_monthly, cur)}/month)",
    )


def _metric(plan: Plan) -> Risk:
    title = "no success metric"
    m = plan.success_metric
    if m is None:
        return Risk(
            "metric",
            title,
            True,
            "no number was agreed that would trigger the production decision",
            "add `success_metric:` with a suite, scorer, threshold and confidence level",
        )
    op = "≥" if m.direction == "higher" else "≤"
    what = f"{m.aggregate}" + (f" of {m.label!r}" if m.label else "")
    return Risk(
        "metric",
        title,
        False,
        f"{m.name!r}: {what} on suite {m.suite!r} {op} {m.threshold:g} at"
        f" {m.confidence:.0%} confidence, at least {m.min_cases} cases",
    )


def _integration(plan: Plan) -> Risk:
    title = "integration faked"
    reasons: list[str] = []
    fixes: list[str] = []
    target_kind = plan.target.kind
    if target_kind == "python":
        reasons.append(
            "the target is a Python callable, not the system as deployed (http or openai)"
        )
        fixes.append("call the deployed system (`target.kind: http` or `openai`)")
    kinds = [s.dataset.kind for s in plan.suites]
    if not kinds:
        reasons.append("no suites, so no data is read from anywhere")
    elif all(k in FILE_KINDS for k in kinds):
        reasons.append(f"every suite reads a file export ({', '.join(sorted(set(kinds)))})")
    if not kinds or all(k in FILE_KINDS for k in kinds):
        fixes.append(
            "read at least one suite from the live source (`dataset.kind: sql`, `http` or `traces`)"
        )
    if reasons:
        return Risk("integration", title, True, "; ".join(reasons), "; ".join(fixes))
    live = sorted({k for k in kinds if k in LIVE_DATASET_KINDS})
    return Risk(
        "integration",
        title,
        False,
        f"the target is called over {target_kind}; live data from {', '.join(live)}",
    )
