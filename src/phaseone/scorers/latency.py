"""Latency limit: the answer came within ``max_ms``."""

from __future__ import annotations

from phaseone.datasets.base import Case
from phaseone.plan.components import LatencyScorer
from phaseone.scorers._common import BaseScorer, passed
from phaseone.scorers.base import SCORERS, Score
from phaseone.scorers.context import ScorerContext
from phaseone.targets.base import TargetResponse


@SCORERS.register("latency")
class Latency(BaseScorer):
    """``latency_ms ≤ max_ms`` (a cached answer keeps the latency of the call that made it)."""

    kind = "latency"

    def __init__(self, config: LatencyScorer, ctx: ScorerContext) -> None:
        super().__init__(config, ctx)
        self.max_ms = config.max_ms

    def check(self, case: Case, response: TargetResponse) -> Score:
        ms = response.latency_ms
        ok = ms <= self.max_ms
        return passed(
            ok,
            f"{ms:.0f} ms {'≤' if ok else '>'} {self.max_ms:g} ms",
            latency_ms=ms,
        )
