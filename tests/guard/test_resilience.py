"""Circuit breaker states, retries for transient errors only, and optional OTel export."""

from __future__ import annotations

import asyncio
import importlib.util
from pathlib import Path

import pytest
from guardkit import EchoTarget, write_plan

from phaseone.errors import MissingExtraError, TargetStatusError
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
