"""Exact match against the expected output, after the configured normalisation."""

from __future__ import annotations

from phaseone.datasets.base import Case
from phaseone.plan.components import ExactScorer
from phaseone.scorers._common import BaseScorer, as_text, no_expected, normalise, passed, quote
from phaseone.scorers.base import SCORERS, Score
from phaseone.scorers.context import ScorerContext
from phaseone.targets.base import TargetResponse


@SCORERS.register("exact")
class Exact(BaseScorer):
    """Output equals ``case.expected``.

    By default case-insensitive with outer whitespace stripped and inner runs of
    whitespace collapsed, so "Spam\\n" equals "spam"; structured outputs compare as
    canonical JSON (key order does not matter).
    """

    kind = "exact"

    def __init__(self, config: ExactScorer, ctx: ScorerContext) -> None:
        super().__init__(config, ctx)
        self.opts = config

    def _norm(self, value: object) -> str:
        return normalise(
            as_text(value),
            case_sensitive=self.opts.case_sensitive,
            strip=self.opts.strip,
            collapse=self.opts.collapse_whitespace,
        )

    def check(self, case: Case, response: TargetResponse) -> Score:
        if case.expected is None:
            return no_expected(self.name)
        ok = self._norm(response.output) == self._norm(case.expected)
        if ok:
            return passed(True, "matches the expected output")
        return passed(False, f"expected {quote(case.expected)}, got {quote(response.output)}")
