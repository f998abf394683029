"""Two runs compared case by case, as typed records (`RunComparison`).

`compare.compare_runs` builds one; the eval command, ``phaseone runs compare``, the
renderers, the gate's checks and the pilot's stored baseline read its attributes instead
of string keys. ``--format json`` prints `RunComparison.to_json`, whose keys and order are
the published output (tests compare it byte for byte), so each part writes its own JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from phaseone.store.run_summary import Rate

if TYPE_CHECKING:  # the records only hold results; numpy loads with whoever computes them
    from phaseone.evals.stats import NonInferiority, PairedDiff


@dataclass(frozen=True)
class RunBrief:
    """One side of a comparison: which run, and how it did."""

    id: str
    suite: str
    role: str
    status: str
    target: str
    started_at: dt.datetime | None
    pass_rate: Rate | None
    verdict: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "suite": self.suite,
            "role": self.role,
            "status": self.status,
            "target": self.target,
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "pass_rate": self.pass_rate.to_json() if self.pass_rate is not None else None,
            "verdict": self.verdict,
        }


@dataclass(frozen=True)
class CaseChange:
    """A paired case whose pass/fail differs between the runs (a regression or a fix)."""

    case_id: str
    repeat_index: int
    expected: Any
    output_a: Any
    output_b: Any

    def to_json(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "repeat_index": self.repeat_index,
            "expected": self.expected,
            "output_a": self.output_a,
            "output_b": self.output_b,
        }


@dataclass(frozen=True)
class Changes:
    """Regressions (or fixes): all counted, the first `compare.MAX_LISTED` listed."""

    count: int = 0
    cases: tuple[CaseChange, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"count": self.count, "cases": [c.to_json() for c in self.cases]}


@dataclass(frozen=True)
class McNemar:
    """The exact McNemar test on the discordant pairs (``b`` regressions, ``c`` fixes)."""

    b: int
    c: int
    p_value: float
    significant: bool

    def to_json(self) -> dict[str, Any]:
        return {"b": self.b, "c": self.c, "p_value": self.p_value, "significant": self.significant}


class Verdicted(Protocol):
    """A non-inferiority result as `comparisons.judge_baseline` reads it."""

    @property
    def verdict(self) -> str: ...

    def to_json(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class NonInferiorityOutcome:
    """B tested for non-inferiority to A on the runs' decisive rate.

    Attributes:
        on: What was compared: ``pass rate``, or the metric's name and aggregate.
        margin: The plan's margin.
        verdict: ``superior``, ``non-inferior``, ``inferior`` or ``inconclusive``.
        reason: One line that says why.
        result: The test itself; None when a run has no scored cases (not tested).
    """

    on: str
    margin: float
    verdict: str
    reason: str
    result: NonInferiority | None = None

    @classmethod
    def tested(cls, result: NonInferiority, on: str) -> NonInferiorityOutcome:
        return cls(on, result.margin, result.verdict, result.reason, result)

    @classmethod
    def untested(cls, margin: float, on: str) -> NonInferiorityOutcome:
        return cls(on, margin, "inconclusive", "a run has no scored cases")

    def to_json(self) -> dict[str, Any]:
        if self.result is not None:
            return {**self.result.as_dict(), "on": self.on}
        return {
            "verdict": self.verdict,
            "reason": self.reason,
            "margin": self.margin,
            "on": self.on,
        }


@dataclass(frozen=True)
class RunComparison:
    """Run B compared with run A (A is the reference: a regression passed in A only).

    Attributes:
        paired: Cases (with repeat index) in both runs, scored in both.
        only_a: Results in A only (not paired); ``only_b`` likewise.
        scorers: Per scorer, the paired bootstrap of B − A.
        confidence: Level of the intervals and of the non-inferiority bound.
        warnings: What limits the comparison (different suites or data, unpaired cases).
        non_inferiority: Only when a margin was given.
    """

    a: RunBrief
    b: RunBrief
    paired: int
    only_a: int
    only_b: int
    both_pass: int
    both_fail: int
    regressions: Changes
    fixes: Changes
    mcnemar: McNemar
    scorers: dict[str, PairedDiff] = field(default_factory=dict)
    confidence: float = 0.95
    warnings: tuple[str, ...] = ()
    non_inferiority: NonInferiorityOutcome | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON of ``--format json`` (keys in their published order)."""
        out: dict[str, Any] = {
            "a": self.a.to_json(),
            "b": self.b.to_json(),
            "paired": self.paired,
            "only_a": self.only_a,
            "only_b": self.only_b,
            "both_pass": self.both_pass,
            "both_fail": self.both_fail,
            "regressions": self.regressions.to_json(),
            "fixes": self.fixes.to_json(),
            "mcnemar": self.mcnemar.to_json(),
            "scorers": {name: d.as_dict() for name, d in self.scorers.items()},
            "confidence": self.confidence,
            "warnings": list(self.warnings),
        }
        if self.non_inferiority is not None:
            out["non_inferiority"] = self.non_inferiority.to_json()
        return out


__all__ = [
    "CaseChange",
    "Changes",
    "McNemar",
    "NonInferiorityOutcome",
    "RunBrief",
    "RunComparison",
    "Verdicted",
]
