"""Cost limit: the answer cost at most ``max_cost``."""

from __future__ import annotations

from phaseone.datasets.base import Case
from phaseone.humanize import money
from phaseone.plan.components import CostScorer
from phaseone.scorers._common import BaseScorer, passed
from phaseone.scorers.base import SCORERS, Score
from phaseone.scorers.context import ScorerContext
from phaseone.targets.base import TargetResponse


@SCORERS.register("cost")
class Cost(BaseScorer):
    """``cost ≤ max_cost`` in the plan's currency, from the target's prices."""

    kind = "cost"

    def __init__(self, config: CostScorer, ctx: ScorerContext) -> None:
        super().__init__(config, ctx)
        self.max_cost = config.max_cost
        self.currency = ctx.currency

    def check(self, case: Case, response: TargetResponse) -> Score:
        cost = response.cost or 0.0
        ok = cost <= self.max_cost
        cur = self.currency
        op = "≤" if ok else ">"
        return passed(ok, f"cost {money(cost, cur)} {op} {money(self.max_cost, cur)}", cost=cost)
