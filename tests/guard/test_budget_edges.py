"""Budget accounting where a request is unusual: a fallback after an invalid answer, a
negative reported cost, a request id reused while in flight, a settle that fails, and a
half-open circuit whose trial call ends in something other than a target error."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from guardkit import EchoTarget

from phaseone.errors import TargetStatusError
from phaseone.guard import BudgetExhausted, Guard
from phaseone.guard.resilience import HALF_OPEN, CircuitBreaker, call_resilient
from phaseone.plan.schema import Budget, Controls, Resilience
from phaseone.plan.schema import CircuitBreaker as BreakerConfig
from phaseone.targets.base import TargetResponse


class SlowTarget(EchoTarget):
    async def call(self, input: Any, *, case: Any = None) -> TargetResponse:
        await asyncio.sleep(0.01)
        return await super().call(input, case=case)


def _served(results: list[Any]) -> list[Any]:
    assert all(not isinstance(r, BaseException) or isinstance(r, BudgetExhausted) for r in results)
    return [r for r in results if not isinstance(r, BaseException)]


async def test_an_invalid_answer_and_its_fallback_are_both_reserved() -> None:
    """The primary's answer fails the output schema, so it is paid for AND the fallback
    answers: reserving only the larger of the two let 10 × 0.20 through a ceiling of 1."""
    controls = Controls.model_validate(
        {
            "budget": {"daily": 1.0},
            "guardrails": {"output_schema": {"type": "object"}},
        }
    )
    primary = SlowTarget(per_call=0.10, answer="not an object")
    fallback = SlowTarget(per_call=0.10, answer={"ok": True})
    guard = Guard(controls, primary, fallback_target=fallback, auth_required=False)
    results = await asyncio.gather(*(guard.invoke("x") for _ in range(20)), return_exceptions=True)
    served = _served(results)
    assert sum(r.cost for r in served) <= 1.0 + 1e-9
    assert len(served) == 5
    await guard.aclose()


async def test_a_negative_cost_gives_no_budget_back() -> None:
    class Refunding(EchoTarget):  # a target that reports negative token counts
        async def call(self, input: Any, *, case: Any = None) -> TargetResponse:
            return TargetResponse(input, 0.1, 3, -20, -0.5)

    guard = Guard(Controls(budget=Budget(daily=1.0)), Refunding(per_call=0.2), auth_required=False)
    for _ in range(3):
        await guard.invoke("x")
    assert guard.budget_backend is not None
    period = guard.spending.scopes(_anon())[0].period
    reserved, spent = guard.budget_backend.spent("project:default", period)  # type: ignore[attr-defined]
    assert spent == 0.0 and reserved == 0.0
    await guard.aclose()


def _anon() -> Any:
    from phaseone.guard.auth import ANONYMOUS

    return ANONYMOUS


async def test_a_request_id_reused_in_flight_keeps_two_reservations() -> None:
    target = SlowTarget(per_call=0.1)
    guard = Guard(Controls(budget=Budget(daily=1.0)), target, auth_required=False)
    results = await asyncio.gather(
        *(guard.invoke("x", request_id="same") for _ in range(8)), return_exceptions=True
    )
    assert len(_served(results)) == 8
    assert guard.budget_backend is not None
    period = guard.spending.scopes(_anon())[0].period
    reserved, spent = guard.budget_backend.spent("project:default", period)  # type: ignore[attr-defined]
    assert reserved == pytest.approx(0.0) and spent == pytest.approx(0.8)
    await guard.aclose()


async def test_an_answered_request_is_served_when_its_settle_fails() -> None:
    guard = Guard(Controls(budget=Budget(daily=1.0)), EchoTarget(per_call=0.1), auth_required=False)
    assert guard.budget_backend is not None

    async def broken(*args: Any) -> None:
        raise ConnectionError("the budget backend went away")

    guard.budget_backend.settle = broken  # type: ignore[method-assign]
    result = await guard.invoke("hello")
    assert result.output == "hello"
    await guard.aclose()


async def test_a_half_open_trial_that_ends_oddly_lets_the_next_request_try() -> None:
    breaker = CircuitBreaker(BreakerConfig(failure_threshold=1, reset_after_s=0.01))
    config = Resilience(timeout_s=1, retries=0)

    class Odd(EchoTarget):
        def __init__(self) -> None:
            super().__init__()
            self.mode = "fail"

        async def call(self, input: Any, *, case: Any = None) -> TargetResponse:
            if self.mode == "fail":
                raise TargetStatusError("down", status=500)
            if self.mode == "bug":
                raise ValueError("a request the target cannot encode")
            return await super().call(input, case=case)

    target = Odd()
    with pytest.raises(TargetStatusError):
        await call_resilient(target, "x", config, breaker)
    await asyncio.sleep(0.02)
    target.mode = "bug"
    with pytest.raises(ValueError):
        await call_resilient(target, "x", config, breaker)  # the half-open trial
    assert breaker.state == HALF_OPEN
    target.mode = "ok"
    resp, _ = await call_resilient(target, "x", config, breaker)  # was refused for ever
    assert resp.output == "x" and breaker.state != HALF_OPEN


async def test_the_memory_backend_forgets_days_that_are_over() -> None:
    from phaseone.guard.budget import MemoryBudget, Scope

    backend = MemoryBudget()
    for key in range(50):
        day = [Scope(f"key:{key}", "d:2026-01-01", 1.0), Scope("project:p", "m:2026-01", 9.0)]
        assert (await backend.reserve(f"r{key}", day, 0.01))[0] is None
        await backend.settle(f"r{key}", day, 0.01, 0.01)
    assert len(backend._c) == 51
    next_day = [Scope("key:0", "d:2026-01-02", 1.0), Scope("project:p", "m:2026-01", 9.0)]
    assert (await backend.reserve("n", next_day, 0.01))[0] is None
    assert sorted(backend._c) == [("key:0", "d:2026-01-02"), ("project:p", "m:2026-01")]
    assert backend.spent("project:p", "m:2026-01")[1] == pytest.approx(0.5)  # the month stays
