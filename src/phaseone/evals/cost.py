"""What a run will cost, said before it starts.

Two bases, best first: the mean cost of earlier fresh calls of the same target (what it
really cost), or the plan's price applied to a token estimate (input tokens ≈ characters/4
of the first cases' inputs; output tokens from the target's `max_tokens` when it has one,
else an assumed length). Cache hits are not subtracted: the estimate is an upper bound.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from phaseone.datasets.base import DatasetSource
from phaseone.plan.components import Price
from phaseone.store.database import Store
from phaseone.store.runs import mean_fresh_cost
from phaseone.targets.base import cost_of

#: Output length assumed when the target does not bound it (tokens).
ASSUMED_OUTPUT_TOKENS = 200
SAMPLE_CASES = 100


@dataclass(frozen=True)
class CostEstimate:
    total: float
    per_call: float
    calls: int
    basis: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _price_is_zero(price: Price) -> bool:
    return not (price.per_call or price.per_1k_input_tokens or price.per_1k_output_tokens)


async def _mean_input_tokens(source: DatasetSource, limit: int = SAMPLE_CASES) -> float:
    total = 0
    n = 0
    agen = source.cases()
    try:
        async for case in agen:
            inp = case.input if case.messages is None else case.messages  # the whole talk
            text = inp if isinstance(inp, str) else json.dumps(inp, default=str)
            total += len(text)
            n += 1
            if n >= limit:
                break
    finally:
        aclose = getattr(agen, "aclose", None)
        if aclose is not None:
            await aclose()
    return (total / n / 4 + 8) if n else 0.0


async def estimate_cost(
    store: Store,
    *,
    fingerprint: str,
    price: Price,
    target_config: Any,
    source: DatasetSource,
    calls: int,
) -> CostEstimate:
    """Estimate the spend of ``calls`` fresh calls to a target (upper bound: ignores cache)."""
    prior = mean_fresh_cost(store, fingerprint)
    if prior is not None and prior[1] >= 10:
        mean, n = prior
        return CostEstimate(
            mean * calls, mean, calls, f"mean cost of {n} earlier fresh calls of this target"
        )
    if _price_is_zero(price):
        return CostEstimate(0.0, 0.0, calls, "the plan's price for this target is 0")
    tin = await _mean_input_tokens(source) if price.per_1k_input_tokens else 0.0
    max_tokens = getattr(target_config, "max_tokens", None)
    tout = float(max_tokens) if isinstance(max_tokens, int) else float(ASSUMED_OUTPUT_TOKENS)
    if not price.per_1k_output_tokens:
        tout = 0.0
    per_call = cost_of(price, round(tin), round(tout))
    basis = "the plan's price"
    if tin or tout:
        basis += f" × ≈{tin:.0f} input and ≤{tout:.0f} output tokens per call"
    return CostEstimate(per_call * calls, per_call, calls, basis)
