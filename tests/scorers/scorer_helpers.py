"""Small builders shared by the scorer tests (imported as `from scorer_helpers import …`)."""

from __future__ import annotations

from typing import Any

from phaseone.datasets.base import Case
from phaseone.scorers import ScorerContext, build_scorers
from phaseone.scorers.base import Score, Scorer
from phaseone.targets.base import TargetResponse


def make(config: dict[str, Any], ctx: ScorerContext | None = None) -> Scorer:
    return build_scorers([config], ctx)[0]


async def run(
    scorer: Scorer,
    output: Any,
    expected: Any = None,
    *,
    input: Any = "the input",
    latency_ms: float = 10.0,
    cost: float = 0.0,
) -> Score:
    case = Case(id="c1", input=input, expected=expected)
    return await scorer.score(case, TargetResponse(output=output, latency_ms=latency_ms, cost=cost))
