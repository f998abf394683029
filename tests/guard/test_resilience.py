"""Circuit breaker states, retries for transient errors only, and optional OTel export."""

from __future__ import annotations

import asyncio
import importlib.util
from pathlib import Path

import pytest
from guardkit import EchoTarget, write_plan

from phaseone.errors import MissingExtraError, TargetStatusError, TargetTimeout
from phaseone.guard import FaultyTarget, Guard
from phaseone.guard.resilience import (
    CLOSED,
    HALF_OPEN,
    OPEN,
    CircuitBreaker,
    CircuitOpenError,
    call_resilient,
)
from phaseone.plan.schema import CircuitBreaker as BreakerConfig
from phaseone.plan.schema import Resilience


def test_breaker_state_machine() -> None:
    b = CircuitBreaker(BreakerConfig(failure_threshold=2, reset_after_s=0.05))
    assert b.allow() and b.state == CLOSED
    b.failure()
    b.success()  # a success resets the count
    b.failure()
    assert b.state == CLOSED and b.allow()
    b.failure()
    assert b.state == OPEN and not b.allow()
    import time

    time.sleep(0.06)
    assert b.allow() and b.state == HALF_OPEN
    assert not b.allow()  # one trial at a time
    b.failure()
    assert b.state == OPEN
    time.sleep(0.06)
    assert b.allow()
    b.success()
    assert b.state == CLOSED and b.allow() and b.allow()


async def test_retries_only_transient_errors_with_backoff() -> None:
    cfg = Resilience(timeout_s=1, retries=3, backoff_base_s=0.01, circuit_breaker=None)
    flaky = FaultyTarget(EchoTarget(), "fail_first", fail_times=2, status=503)
    resp, retries = await call_resilient(flaky, "x", cfg, None)
    assert (resp.output, retries, flaky.calls) == ("x", 2, 3)
    client_error = FaultyTarget(EchoTarget(), "error", status=422)
    with pytest.raises(TargetStatusError):
        await call_resilient(client_error, "x", cfg, None)
    assert client_error.calls == 1
    broken = FaultyTarget(EchoTarget(), "connection")
    with pytest.raises(Exception, match="connection refused"):
        await call_resilient(broken, "x", cfg, None)
    assert broken.calls == 4


async def test_open_breaker_stops_retries() -> None:
    cfg = Resilience(timeout_s=1, retries=5, backoff_base_s=0.0)
    breaker = CircuitBreaker(BreakerConfig(failure_threshold=2, reset_after_s=60))
    target = FaultyTarget(EchoTarget(), "error")
    with pytest.raises(CircuitOpenError):
        await call_resilient(target, "x", cfg, breaker)
    assert target.calls == 2


async def test_slow_target_hits_the_timeout() -> None:
    cfg = Resilience(timeout_s=0.05, retries=0)
    with pytest.raises(Exception, match="no answer within"):
        await asyncio.wait_for(
            call_resilient(FaultyTarget(EchoTarget(), "slow", delay_s=1), "x", cfg, None), 2
        )


async def test_a_deadline_bounds_the_retries_together() -> None:
    """Six attempts of 0.3 s would take 1.8 s and more; a deadline of 0.5 s ends them all
    at 0.5 s, cutting the second attempt short and starting no third."""
    import time

    cfg = Resilience(timeout_s=0.3, retries=5, backoff_base_s=0.01, deadline_s=0.5)
    target = FaultyTarget(EchoTarget(), "hang")
    t0 = time.monotonic()
    with pytest.raises(TargetTimeout, match=r"deadline of 0\.5s"):
        await call_resilient(target, "x", cfg, None)
    elapsed = time.monotonic() - t0
    assert 0.45 <= elapsed < 0.8
    assert target.calls == 2
    # no deadline: each attempt gets its timeout and they add up
    target = FaultyTarget(EchoTarget(), "hang")
    t0 = time.monotonic()
    with pytest.raises(TargetTimeout):
        await call_resilient(
            target, "x", Resilience(timeout_s=0.2, retries=2, backoff_base_s=0), None
        )
    assert target.calls == 3 and time.monotonic() - t0 >= 0.6


async def test_a_retry_that_cannot_start_before_the_deadline_is_not_waited_for() -> None:
    import time

    cfg = Resilience(timeout_s=1, retries=3, backoff_base_s=2.0, deadline_s=1.0)
    target = FaultyTarget(EchoTarget(), "error")
    t0 = time.monotonic()
    with pytest.raises(TargetStatusError):
        await call_resilient(target, "x", cfg, None)
    assert target.calls == 1 and time.monotonic() - t0 < 0.5  # a 1-3 s wait would pass it


async def test_after_the_deadline_the_fallback_answers(tmp_path: Path) -> None:
    import time

    loaded = write_plan(
        tmp_path,
        {"rate_limit": None,
         "resilience": {"timeout_s": 0.3, "retries": 4, "deadline_s": 0.4,
                        "fallback": {"static": "sorry"}, "circuit_breaker": None}},
    )  # fmt: skip
    guard = Guard.from_plan(
        loaded, None, target=FaultyTarget(EchoTarget(), "hang"), auth_required=False
    )
    t0 = time.monotonic()
    result = await guard.invoke("hello")
    assert (result.output, result.route) == ("sorry", "fallback")
    assert time.monotonic() - t0 < 0.8
    await guard.aclose()


@pytest.mark.skipif(
    importlib.util.find_spec("opentelemetry.exporter") is not None,
    reason="the OTLP exporter is installed here",
)
def test_otel_without_exporter_names_the_extra(tmp_path: Path) -> None:
    loaded = write_plan(tmp_path, {"monitoring": {"otel_endpoint": "http://127.0.0.1:4318"}})
    with pytest.raises(MissingExtraError) as exc:
        Guard.from_plan(loaded, None, target=EchoTarget())
    assert exc.value.extra == "otel"


async def test_http_target_takes_the_guards_timeout_as_its_own(json_server: object) -> None:
    """One timer per call: the guard lowers an http target's own (aiohttp) timeout to
    `resilience.timeout_s` and adds no second one; a hang still ends at that timeout."""
    import time

    from phaseone.guard import UpstreamTimeout
    from phaseone.plan.components import HttpTarget
    from phaseone.plan.schema import Controls
    from phaseone.targets import build_target
    from servers import JsonServer

    assert isinstance(json_server, JsonServer)
    target = build_target(HttpTarget(kind="http", url=json_server.url, timeout_s=30), ".")
    controls = Controls(resilience=Resilience(timeout_s=0.3, retries=0, circuit_breaker=None))
    guard = Guard(controls, target, auth_required=False)
    assert target.timeout_s == 0.3  # type: ignore[attr-defined]
    json_server.mode, json_server.hang_s = "hang", 5.0
    started = time.monotonic()
    with pytest.raises(UpstreamTimeout):
        await guard.invoke("hello")
    assert time.monotonic() - started < 2.0
    await guard.aclose()
