"""The vocabulary of the gate: evidence, a check's description, its result.

Every figure the gate uses is `Evidence` with a kind — *verified* (software produced
it: a run, a probe, the plan itself) or *attested* (a person recorded it) — a source,
a time and so an age. A check's result cites its evidence, says why, and says what to
do when it does not pass.

This module knows nothing of `GateContext`: the context builds results for a check
(`CheckInfo.result`), and a registered check (`model.Check`) is a function of the
context, so the context sits between the two and neither imports the other in a loop.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["pass", "fail", "inconclusive", "skipped"]
EvidenceKind = Literal["verified", "attested"]
AREAS = (
    "ownership",
    "metric",
    "evals",
    "integration",
    "controls",
    "reliability",
    "cost",
    "rollout",
)


@dataclass
class Evidence:
    """One piece of evidence a check cites."""

    kind: EvidenceKind
    source: str  #: e.g. ``run r_123``, ``probe batch pb_…``, ``plan``, ``attestation by …``
    summary: str
    at: dt.datetime
    refs: list[str] = field(default_factory=list)  #: run ids, probe ids, trace ids…
    age_days: float = 0.0

    @property
    def age(self) -> dt.timedelta:
        return dt.timedelta(days=self.age_days)

    def aged(self, now: dt.datetime) -> Evidence:
        self.age_days = max(0.0, (now - self.at).total_seconds() / 86400)
        return self

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "source": self.source,
            "summary": self.summary,
            "at": self.at.isoformat(),
            "age_days": round(self.age_days, 3),
            "refs": list(self.refs),
        }


@dataclass
class CheckResult:
    """What one check concluded, with its evidence, reason and fix."""

    id: str
    area: str
    title: str
    blocking: bool
    status: Status
    evidence: list[Evidence] = field(default_factory=list)
    reason: str = ""
    fix: str | None = None
    data: dict[str, Any] = field(default_factory=dict)  #: figures for the report

    @property
    def attested(self) -> bool:
        """Passed on a person's word only: shown as *attested* in every report."""
        return (
            self.status == "pass"
            and bool(self.evidence)
            and all(e.kind == "attested" for e in self.evidence)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "area": self.area,
            "title": self.title,
            "blocking": self.blocking,
            "status": self.status,
            "attested": self.attested,
            "reason": self.reason,
            "fix": self.fix if self.status != "pass" else None,
            "evidence": [e.to_dict() for e in self.evidence],
            "data": self.data,
        }


@dataclass(frozen=True)
class CheckInfo:
    """What a readiness check asks, how it is verified, the fix: everything but its function."""

    id: str
    area: str
    title: str
    blocking: bool
    verified_by: str  #: how software verifies it
    cites: str  #: the evidence it cites
    fix: str  #: what to do when it fails
    #: A person's attestation may stand in for missing evidence (see `_registry.check`).
    attestable: bool = False

    def result(
        self,
        status: Status,
        reason: str,
        evidence: list[Evidence] | None = None,
        *,
        fix: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> CheckResult:
        return CheckResult(
            id=self.id,
            area=self.area,
            title=self.title,
            blocking=self.blocking,
            status=status,
            evidence=list(evidence or []),
            reason=reason,
            fix=fix if fix is not None else (None if status in ("pass", "skipped") else self.fix),
            data=dict(data or {}),
        )

    def passed(self, reason: str, evidence: list[Evidence], **kw: Any) -> CheckResult:
        return self.result("pass", reason, evidence, **kw)

    def failed(self, reason: str, evidence: list[Evidence] | None = None, **kw: Any) -> CheckResult:
        return self.result("fail", reason, evidence, **kw)

    def inconclusive(
        self, reason: str, evidence: list[Evidence] | None = None, **kw: Any
    ) -> CheckResult:
        return self.result("inconclusive", reason, evidence, **kw)

    def skipped(self, reason: str, **kw: Any) -> CheckResult:
        return self.result("skipped", reason, **kw)
