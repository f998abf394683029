"""The phase-two cost projection as typed records (`CostProjection`).

`checks.cost` measures the cost per request and projects phase two's monthly run cost;
the ``cost.run_cost_projected`` check reads the projection's attributes, and the decision
record keeps `CostProjection.to_json` under ``cost`` (the report and the demo read it
there). The JSON's keys and order are the recorded ones: the decision records are hash
chained, so a record written by this version matches one written before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RunCost:
    """Cost per request measured on the metric run's fresh calls."""

    mean: float
    p95: float
    run_id: str
    n: int
    reused_answers: int
    finished_at: str
    #: When the oldest answer was observed (a resumed run is as old as that).
    observed_from: str

    def to_json(self) -> dict[str, Any]:
        return {
            "mean": self.mean,
            "p95": self.p95,
            "run_id": self.run_id,
            "n": self.n,
            "reused_answers": self.reused_answers,
            "finished_at": self.finished_at,
            "observed_from": self.observed_from,
        }


@dataclass(frozen=True)
class TraceCost:
    """Cost per request measured on recent live traces."""

    mean: float
    p95: float
    n: int

    def to_json(self) -> dict[str, Any]:
        return {"mean": self.mean, "p95": self.p95, "n": self.n}


@dataclass(frozen=True)
class PerRequestCost:
    """The larger of the measured means (and of the p95s), with what was measured."""

    mean: float
    p95: float
    runs: RunCost | None = None
    traces: TraceCost | None = None

    def to_json(self) -> dict[str, Any]:
        sources: dict[str, Any] = {}
        if self.runs is not None:
            sources["runs"] = self.runs.to_json()
        if self.traces is not None:
            sources["traces"] = self.traces.to_json()
        return {"mean": self.mean, "p95": self.p95, "sources": sources}


@dataclass(frozen=True)
class CostProjection:
    """Phase two's cost: the plan's items and volume, and the projected monthly run cost
    (``projected_monthly`` None until a cost per request was measured on fresh calls)."""

    currency: str
    one_off_total: float
    items_monthly: float
    items: list[dict[str, Any]]
    expected_monthly_requests: int | None
    ceiling_monthly: float | None
    cost_per_request: PerRequestCost | None
    assumptions: tuple[str, ...]
    projected_monthly: float | None = None
    projected_monthly_p95: float | None = None

    def to_json(self) -> dict[str, Any]:
        """The decision record's ``cost`` (keys in their recorded order)."""
        per_req = self.cost_per_request
        out: dict[str, Any] = {
            "currency": self.currency,
            "one_off_total": self.one_off_total,
            "items_monthly": self.items_monthly,
            "items": self.items,
            "expected_monthly_requests": self.expected_monthly_requests,
            "ceiling_monthly": self.ceiling_monthly,
            "cost_per_request": per_req.to_json() if per_req is not None else None,
            "assumptions": list(self.assumptions),
        }
        if self.projected_monthly is not None and self.projected_monthly_p95 is not None:
            out["projected_monthly"] = self.projected_monthly
            out["projected_monthly_p95"] = self.projected_monthly_p95
        return out


__all__ = ["CostProjection", "PerRequestCost", "RunCost", "TraceCost"]
