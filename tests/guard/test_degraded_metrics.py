"""`/metrics` counts a fallback's answer as degraded (issue #15): served with HTTP 200,
but not the target's answer."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from guardkit import write_plan

from phaseone.errors import TargetConnectionError
from phaseone.guard import Guard
from phaseone.plan.components import Price
from phaseone.targets.base import TargetResponse


def _sample(text: str, name: str, labels: str = "") -> float:
    m = re.search(rf"^{re.escape(name + labels)} ([0-9.e+-]+)$", text, re.M)
    assert m, f"{name}{labels} not in:\n{text}"
    return float(m.group(1))


class _EveryThirdFails:
    def __init__(self) -> None:
        self.price = Price()
        self.label = self.fingerprint = "flaky"
        self.calls = 0

    async def call(self, input: Any, *, case: Any = None) -> TargetResponse:
        self.calls += 1
        if self.calls % 3 == 0:
            raise TargetConnectionError("connection refused")
        return TargetResponse(input, 0.01, 1, 1, 0.0)

    async def aclose(self) -> None:
        return None


async def test_fallback_answers_are_counted_as_degraded(tmp_path: Path) -> None:
    controls = {
        "auth": {"required": False},
        "rate_limit": None,
        "resilience": {"retries": 0, "fallback": {"static": "sorry"}, "circuit_breaker": None},
    }
    guard = Guard.from_plan(write_plan(tmp_path, controls), None, target=_EveryThirdFails())
    try:
        results = [await guard.invoke(f"q{i}") for i in range(9)]
        assert sum(r.fallback_used for r in results) == 3
        assert guard.metrics is not None
        text = guard.metrics.render().decode()
    finally:
        await guard.aclose()
    assert _sample(text, "phaseone_requests_served_total") == 9
    assert _sample(text, "phaseone_requests_degraded_total", '{reason="fallback"}') == 3
    assert _sample(text, "phaseone_requests_degraded_total", '{reason="error"}') == 0
