"""A number in the output is within a tolerance of the expected number."""

from __future__ import annotations

import math
import re
from typing import Any

from phaseone.datasets.base import Case
from phaseone.plan.components import NumericScorer
from phaseone.scorers._common import BaseScorer, as_text, no_expected, passed, quote
from phaseone.scorers.base import SCORERS, Score
from phaseone.scorers.context import ScorerContext
from phaseone.targets.base import TargetResponse

_NUMBER = re.compile(r"[-+]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


class NotANumber(ValueError):
    pass


def to_number(value: Any) -> tuple[float, str]:
    """The number a value states, and how it was read.

    A bare number (or numeric string) is taken as is. Otherwise the *last* number
    in the text is used ("… so the total is 42."), as models tend to reason first
    and answer last; the explanation says so, so a wrong pick is visible.
    """
    if isinstance(value, bool):
        raise NotANumber(f"{value!r} is a boolean, not a number")
    if isinstance(value, int | float):
        return float(value), "number"
    text = as_text(value).strip()
    try:
        return float(text.replace(",", "")), "number"
    except ValueError:
        pass
    found = _NUMBER.findall(text)
    if not found:
        raise NotANumber(f"no number in {quote(text)}")
    return float(found[-1].replace(",", "")), f"last number in the text ({found[-1]})"


@SCORERS.register("numeric")
class Numeric(BaseScorer):
    """``|output − expected| ≤ tolerance`` (``relative``: ``≤ tolerance · |expected|``)."""

    kind = "numeric"

    def __init__(self, config: NumericScorer, ctx: ScorerContext) -> None:
        super().__init__(config, ctx)
        self.tolerance = config.tolerance
        self.relative = config.relative

    def check(self, case: Case, response: TargetResponse) -> Score:
        if case.expected is None:
            return no_expected(self.name)
        try:
            want, _ = to_number(case.expected)
        except NotANumber as exc:
            return passed(False, f"the expected output is not numeric: {exc}")
        try:
            got, how = to_number(response.output)
        except NotANumber as exc:
            return passed(False, f"the output is not numeric: {exc}")
        if math.isnan(got):
            return passed(False, "the output is NaN")
        diff = abs(got - want)
        allowed = self.tolerance * abs(want) if self.relative else self.tolerance
        ok = diff <= allowed + 1e-12 * max(1.0, abs(want))
        kind = "relative " if self.relative else ""
        why = f"{got:g} vs expected {want:g}: difference {diff:g} "
        why += f"{'within' if ok else 'exceeds'} the {kind}tolerance ({allowed:g})"
        if how != "number":
            why += f"; read the {how}"
        return passed(ok, why, output_number=got, expected_number=want, difference=diff)
