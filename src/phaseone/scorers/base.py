"""What a scorer returns, and the registry of scorer kinds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from phaseone.datasets.base import Case
from phaseone.registry import Registry
from phaseone.targets.base import TargetResponse


@dataclass
class Score:
    """A judgement of one output: a number in [0, 1], pass/fail and why."""

    value: float
    passed: bool
    explanation: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"value": self.value, "passed": self.passed}
        if self.explanation:
            d["explanation"] = self.explanation
        if self.details:
            d["details"] = self.details
        return d


class Scorer(Protocol):
    name: str

    async def score(self, case: Case, response: TargetResponse) -> Score: ...


#: kind → factory(config, context) -> Scorer
ScorerFactory = Callable[..., Scorer]
SCORERS: Registry[ScorerFactory] = Registry("scorer")
