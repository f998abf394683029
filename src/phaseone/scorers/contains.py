"""Substring checks: ``contains`` (case-sensitive) and ``icontains`` (case-insensitive)."""

from __future__ import annotations

from phaseone.datasets.base import Case
from phaseone.plan.components import ContainsScorer
from phaseone.scorers._common import BaseScorer, as_text, no_expected, quote
from phaseone.scorers.base import SCORERS, Score
from phaseone.scorers.context import ScorerContext
from phaseone.targets.base import TargetResponse


@SCORERS.register("contains")
@SCORERS.register("icontains")
class Contains(BaseScorer):
    """The output contains a value (``value``, or ``values`` with ``mode`` any/all).

    Without ``value``/``values`` the case's expected output is the value (a list of
    expected strings means ``values``). With ``mode: all`` the score is the fraction
    of values found, so partial answers are visible in the mean; it passes only when
    all are found.
    """

    def __init__(self, config: ContainsScorer, ctx: ScorerContext) -> None:
        super().__init__(config, ctx)
        self.opts = config
        self.kind = config.kind
        self.insensitive = config.kind == "icontains"

    def _values(self, case: Case) -> list[str] | None:
        if self.opts.values is not None:
            return list(self.opts.values)
        if self.opts.value is not None:
            return [self.opts.value]
        if case.expected is None:
            return None
        if isinstance(case.expected, list):
            return [as_text(v) for v in case.expected]
        return [as_text(case.expected)]

    def check(self, case: Case, response: TargetResponse) -> Score:
        values = self._values(case)
        if values is None:
            return no_expected(self.name)
        if not values:
            return Score(0.0, False, f"{self.name}: no values to look for")
        text = as_text(response.output)
        hay = text.casefold() if self.insensitive else text
        found = [v for v in values if (v.casefold() if self.insensitive else v) in hay]
        missing = [v for v in values if v not in found]
        details = {"found": found, "missing": missing}
        if self.opts.mode == "any":
            ok = bool(found)
            why = f"contains {found[0]!r}" if ok else f"contains none of {values!r}"
            return Score(1.0 if ok else 0.0, ok, why, details)
        ok = not missing
        why = f"contains all {len(values)} values" if ok else f"missing {missing!r}"
        if not ok:
            why += f" in {quote(text)}"
        return Score(len(found) / len(values), ok, why, details)
