"""One field of a JSON output equals a value."""

from __future__ import annotations

from typing import Any

from phaseone.datasets.base import Case
from phaseone.jsonpath import PathNotFound, get_path
from phaseone.plan.components import JsonFieldScorer
from phaseone.scorers._common import BaseScorer, as_text, no_expected, passed, quote
from phaseone.scorers._jsonout import NotJson, parse_output
from phaseone.scorers.base import SCORERS, Score
from phaseone.scorers.context import ScorerContext
from phaseone.targets.base import TargetResponse


def loosely_equal(actual: Any, wanted: Any) -> bool:
    """Equal as JSON values, or equal as text when exactly one side is a string.

    Datasets from CSV or SQL often carry every expected value as a string ("3",
    "true"), while the output's field is typed (3, true); both spellings match. A
    boolean never equals a number (JSON keeps them apart; Python's True == 1 does not).
    """
    if isinstance(actual, str) != isinstance(wanted, str):
        return as_text(actual).strip() == as_text(wanted).strip()
    if isinstance(actual, bool) or isinstance(wanted, bool):
        return actual is wanted
    return bool(actual == wanted)


@SCORERS.register("json_field")
class JsonField(BaseScorer):
    """The field at dotted ``path`` (``data.items.0.label``) equals ``value`` or the expected."""

    kind = "json_field"

    def __init__(self, config: JsonFieldScorer, ctx: ScorerContext) -> None:
        super().__init__(config, ctx)
        self.path = config.path
        self.value = config.value

    def check(self, case: Case, response: TargetResponse) -> Score:
        wanted = self.value if self.value is not None else case.expected
        if wanted is None:
            return no_expected(self.name)
        try:
            doc = parse_output(response.output)
        except NotJson as exc:
            return passed(False, f"{exc}: {quote(response.output)}")
        try:
            actual = get_path(doc, self.path)
        except PathNotFound as exc:
            return passed(False, str(exc))
        if loosely_equal(actual, wanted):
            return passed(True, f"{self.path} = {quote(actual)}", actual=actual)
        return passed(
            False, f"{self.path} is {quote(actual)}, expected {quote(wanted)}", actual=actual
        )
