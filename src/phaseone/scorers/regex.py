"""Regular-expression match on the output text."""

from __future__ import annotations

import re

from phaseone.datasets.base import Case
from phaseone.errors import ScorerError
from phaseone.plan.components import RegexScorer
from phaseone.scorers._common import BaseScorer, as_text, passed, quote
from phaseone.scorers.base import SCORERS, Score
from phaseone.scorers.context import ScorerContext
from phaseone.targets.base import TargetResponse


@SCORERS.register("regex")
class Regex(BaseScorer):
    """The pattern is found in the output (``full_match``: the whole stripped output matches).

    The pattern is compiled once, when the suite is built, so a typo stops the run
    before any case is sent instead of failing every case.
    """

    kind = "regex"

    def __init__(self, config: RegexScorer, ctx: ScorerContext) -> None:
        super().__init__(config, ctx)
        self.full = config.full_match
        try:
            self.pattern = re.compile(config.pattern)
        except re.error as exc:
            at = f" at position {exc.pos}" if exc.pos is not None else ""
            raise ScorerError(
                f"scorer {self.name!r}: invalid regular expression {config.pattern!r}: "
                f"{exc.msg}{at}",
                fix="fix the pattern (in YAML, single-quote it so backslashes stay as written)",
            ) from exc

    def check(self, case: Case, response: TargetResponse) -> Score:
        text = as_text(response.output)
        m = self.pattern.fullmatch(text.strip()) if self.full else self.pattern.search(text)
        if m is None:
            how = "does not fully match" if self.full else "does not match"
            return passed(False, f"output {quote(text)} {how} /{self.pattern.pattern}/")
        return passed(True, f"matched {m.group(0)[:80]!r}", match=m.group(0)[:200])
