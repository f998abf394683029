"""The one shape every scorer has, and the small text helpers they share.

A scorer is a class registered under its ``kind`` whose constructor takes the
plan's config model and a `ScorerContext` (misconfiguration raises `ScorerError`
there, at build time, before any case runs). Per case, `BaseScorer.score` turns
any exception from the scorer's own check into a failed `Score` that says what
went wrong, so one odd output never stops a run.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from phaseone.datasets.base import Case
from phaseone.errors import ScorerError
from phaseone.plan.components import ScorerBase
from phaseone.scorers.base import Score
from phaseone.scorers.context import ScorerContext
from phaseone.targets.base import TargetResponse

QUOTE = 120
_WS = re.compile(r"\s+")


class ScorerUnavailable(ScorerError):
    """A scorer could not judge for an infrastructure reason (the judge endpoint is down).

    Raised out of ``score`` on purpose: the runner records this scorer's result as
    unavailable (the case's other scorers still count) instead of a wrong answer the
    system never gave. ``fatal`` says no retry can fix it (a 401/403, an unknown model):
    the run then stops at once instead of after several cases in a row.
    """

    def __init__(self, message: str, *, fix: str | None = None, fatal: bool = False) -> None:
        super().__init__(message, fix=fix)
        self.fatal = fatal


class BaseScorer:
    """Common behaviour: the name, error containment, value clipping, ``aclose``."""

    kind: str = "scorer"

    def __init__(self, config: ScorerBase, ctx: ScorerContext) -> None:
        self.config = config
        self.ctx = ctx
        self.name = config.label

    async def score(self, case: Case, response: TargetResponse) -> Score:
        try:
            result = await self.ascore(case, response)
        except ScorerUnavailable:
            raise
        except Exception as exc:
            return Score(
                0.0,
                False,
                f"{self.name}: could not score this output: {type(exc).__name__}: {exc}",
                {"error": type(exc).__name__},
            )
        result.value = clip01(result.value)
        return result

    async def ascore(self, case: Case, response: TargetResponse) -> Score:
        """Async scorers override this; plain checks override `check`."""
        return self.check(case, response)

    def check(self, case: Case, response: TargetResponse) -> Score:
        raise NotImplementedError

    async def aclose(self) -> None:
        """Release resources (sessions); the runner calls it when the run ends."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


def clip01(value: Any) -> float:
    """A number in [0, 1]; NaN and non-numbers become 0."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return 0.0
    if math.isnan(v):
        return 0.0
    return min(1.0, max(0.0, v))


def passed(ok: bool, explanation: str = "", **details: Any) -> Score:
    return Score(1.0 if ok else 0.0, ok, explanation, details)


def as_text(value: Any) -> str:
    """The text a scorer compares: strings as they are, anything else as canonical JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


def normalise(
    text: str, *, case_sensitive: bool = False, strip: bool = True, collapse: bool = True
) -> str:
    if collapse:
        text = _WS.sub(" ", text)
    if strip:
        text = text.strip()
    if not case_sensitive:
        text = text.casefold()
    return text


def quote(value: Any) -> str:
    text = as_text(value)
    short = text[:QUOTE]
    return repr(short + ("…" if len(text) > QUOTE else ""))


def no_expected(name: str) -> Score:
    return Score(
        0.0,
        False,
        f"{name}: the case has no expected output and the scorer has no `value` to compare to",
        {"error": "no_expected"},
    )
