"""Scoring one answer with a suite's scorers: the same rules in process and on a Dask worker."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from phaseone.datasets.base import Case
from phaseone.errors import MissingExtraError
from phaseone.scorers.base import Scorer
from phaseone.targets.base import TargetResponse


@dataclass
class CaseScores:
    """Every scorer's verdict on one answer, or why scoring stopped.

    ``error`` is set when a scorer raised: the case is then stored as a ``scorer`` error
    (a bug to fix, not a failed answer) and ``scores`` holds what ran before it.
    """

    scores: dict[str, Any] = field(default_factory=dict)
    passed: bool = True
    error: str | None = None


async def score_case(scorers: list[Scorer], case: Case, response: TargetResponse) -> CaseScores:
    """Run the scorers in order; a missing extra stops the whole run (every case would
    fail the same way), any other exception stops only this case."""
    out = CaseScores()
    for scorer in scorers:
        try:
            s = await scorer.score(case, response)
        except MissingExtraError:
            raise
        except Exception as exc:
            out.error = f"scorer {scorer.name!r} raised {type(exc).__name__}: {exc}"
            return out
        out.scores[scorer.name] = s.as_dict()
        out.passed = out.passed and bool(s.passed)
    return out
