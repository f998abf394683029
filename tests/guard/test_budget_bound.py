"""Budget reservations bound the real cost from above, so spend never crosses a ceiling
even when the tokenizer is unkind (non-English text) or the prompt is mostly a system
prompt the caller never sent."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from phaseone.guard import BudgetExhausted, Guard
from phaseone.guard.callable import CallableTarget
from phaseone.plan.components import OpenAITarget, Price
from phaseone.plan.schema import Budget, Controls
from phaseone.targets import build_target
from phaseone.targets.tokens import max_tokens_of
from servers import OpenAIServer


async def test_spend_stays_under_the_ceiling_with_a_worst_case_tokenizer() -> None:
    """The target bills one token per UTF-8 byte (the most any byte-level tokenizer can):
    150 Japanese characters are 450 tokens, not the 38 that "4 characters a token" says."""
    text = "日本語" * 50

    async def model(x: str) -> dict[str, Any]:
        await asyncio.sleep(0.01)
        return {"output": "ok", "input_tokens": max_tokens_of(x), "output_tokens": 0}

    target = CallableTarget(model, price=Price(per_1k_input_tokens=0.01))
    guard = Guard(Controls(budget=Budget(daily=0.02)), target, auth_required=False)
    results = await asyncio.gather(*(guard.invoke(text) for _ in range(50)), return_exceptions=True)
    served = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, BudgetExhausted)]
    assert len(served) + len(refused) == 50
    assert sum(r.cost for r in served) <= 0.02  # 4 × 0.0045; chars/4 would have let 52 in
    assert len(served) == 4
    await guard.aclose()


async def test_the_system_prompt_counts_towards_the_reservation(
    openai_server: OpenAIServer,
) -> None:
    config = OpenAITarget(
        kind="openai",
        base_url=openai_server.url + "/v1",
        model="tiny-chat",
        messages=[
            {"role": "system", "content": "Follow the house style guide. " * 70},
            {"role": "user", "content": "{{ input }}"},
        ],
        max_tokens=5,
        price=Price(per_1k_input_tokens=1.0, per_1k_output_tokens=1.0),
    )
    target = build_target(config, ".")
    bound = target.max_input_tokens("hi")  # type: ignore[attr-defined]
    assert bound >= len(("Follow the house style guide. " * 70).encode()) + len(b"hi")
    answered = await target.call("hi")
    assert answered.input_tokens is not None and answered.input_tokens <= bound

    budget = Budget(daily=100.0, per_request_max=1.0)
    guard = Guard(Controls(budget=budget), target, auth_required=False, max_output_tokens=5)
    with pytest.raises(BudgetExhausted) as refused:
        await guard.invoke("hi")  # 2 input chars, but a ~2,100-token prompt
    assert refused.value.code == "request_too_expensive"
    assert "may cost up to 2.1" in refused.value.message
    await guard.aclose()
