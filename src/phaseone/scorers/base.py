"""What a scorer returns, and the registry of scorer kinds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from phaseone.chat import Transcript
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


def transcript_of(case: Case, response: TargetResponse) -> Transcript | None:
    """The conversation case's transcript (its messages and the answer), or None for a
    single-input case: what a scorer that judges the exchange, not just the answer, reads."""
    if case.conversation is None:
        return None
    return Transcript(case.conversation, response.output)


class Scorer(Protocol):
    name: str

    async def score(self, case: Case, response: TargetResponse) -> Score: ...


#: kind → factory(config, context) -> Scorer
ScorerFactory = Callable[..., Scorer]
#: Each kind's module is imported when a plan first names it: `judge` needs aiohttp and
#: `similarity` an embedding model, which a suite scoring labels must not pay for.
SCORERS: Registry[ScorerFactory] = Registry(
    "scorer",
    modules={
        "classification": "phaseone.scorers.classification",
        "contains": "phaseone.scorers.contains",
        "cost": "phaseone.scorers.cost",
        "exact": "phaseone.scorers.exact",
        "icontains": "phaseone.scorers.contains",
        "json": "phaseone.scorers.json_valid",
        "json_field": "phaseone.scorers.json_field",
        "judge": "phaseone.scorers.judge",
        "latency": "phaseone.scorers.latency",
        "numeric": "phaseone.scorers.numeric",
        "python": "phaseone.scorers.custom",
        "regex": "phaseone.scorers.regex",
        "similarity": "phaseone.scorers.similarity",
    },
)
