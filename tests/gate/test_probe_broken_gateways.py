"""Every probe fails against a broken gateway whose brokenness is what it certifies.

Two deliberately broken gateways, real HTTP servers on 127.0.0.1 (tests/servers.py):

- **refuse-all** answers every request (invoke, /metrics, any path) with one 4xx/5xx
  status — run once per status a real control refuses with (401, 402, 413, 422 with an
  ``injection_blocked`` code, 429, 503), so a refusal that *looks* like the one a probe
  waits for does not fool it. It writes nothing to the store.
- **accept-all** answers every request 200 with an answer (route ``primary``): no auth,
  no limits, no budget, no guardrails, no kill switch. It is as convincing as it can be:
  it stores a trace of every request (raw input, status 200, a cost), and its /metrics
  counts every request under status 200.

Which probes apply, and why (all of them, to both):

probe: refuse-all fails its POSITIVE control … / accept-all fails its NEGATIVE one …
- auth_missing_key: the valid key is not answered / no key and a made-up key get 200
- auth_revoked_key: the fresh key is not answered / the revoked key still gets 200
- input_size_limit: the in-limit input is not answered / the oversized one gets 200
- rate_limit: the first request is not answered / no 429 within burst + 20
- budget_ceiling: nothing answered, no price observed / no 402 at 2.5× the cost
- pii_redaction: PII-free texts not answered/stored / raw PII in the stored traces
- prompt_injection: benign texts not answered / attacks answered unflagged
- metrics_endpoint: requests not answered, /metrics refused / no 401 counted
- traces_recorded: the accepted request is not answered / no key → 200, not 401
- fault_injection*: the healthy target is not answered / faults never reach it
- kill_switch_drill*: the primary does not answer / no fallback after the switch is on

* Drills normally build their own in-process gateway; here the runner's drill gateway
is replaced by the broken one, which is what a broken build of the gateway would be.

So the assertion is sharper than "the probe fails": against refuse-all the *positive*
control must be the failing one, against accept-all the *negative* one.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from builders import ALL_PROBES, loaded_plan

from phaseone.gate.probes import run_probes, runner
from phaseone.gate.probes.harness import ProbeTarget
from phaseone.store.database import Store
from phaseone.store.models import ProbeResult, Trace
from phaseone.store.probes import batch_results
from servers import JSON_BODY, LocalServer

PROJECT = "inbox-screening"
REFUSALS = {
    401: "unauthorized",
    402: "budget_exhausted",
    413: "input_too_large",
    422: "injection_blocked",
    429: "rate_limited",
    503: "unavailable",
}


class RefuseAll(LocalServer):
    """Every request, any path and method: `status` with a gateway-shaped error body."""

    def __init__(self, status: int) -> None:
        super().__init__()
        self.refusal = status

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/{tail:.*}", self.handle)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        rid = uuid.uuid4().hex[:24]
        body = {"error": {"code": REFUSALS[self.refusal], "message": "no", "request_id": rid}}
        return web.json_response(body, status=self.refusal, headers={"x-request-id": rid})


class AcceptAll(LocalServer):
    """Every request 200 with an answer; traces stored raw; /metrics counts all as 200."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.answered = 0

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/metrics", self.metrics)
        app.router.add_route("*", "/{tail:.*}", self.handle)

    async def metrics(self, request: web.Request) -> web.StreamResponse:
        text = (
            "# TYPE phaseone_requests_total counter\n"
            f'phaseone_requests_total{{outcome="ok",status="200",route="primary"}} '
            f"{float(self.answered)}\n"
        )
        return web.Response(text=text, content_type="text/plain")

    async def handle(self, request: web.Request) -> web.StreamResponse:
        rid = uuid.uuid4().hex[:24]
        body = request[JSON_BODY]
        value = body.get("input") if isinstance(body, dict) else body
        self.answered += 1
        with self.store.session() as s:
            s.add(
                Trace(
                    id=rid,
                    project=PROJECT,
                    input=value,
                    output="ok",
                    cost=0.01,
                    outcome="ok",
                    status_code=200,
                    findings=[],
                    route="primary",
                )
            )
        out = {"output": "ok", "request_id": rid, "route": "primary", "cost": 0.01}
        return web.json_response(out, headers={"x-request-id": rid})


def _run_all(tmp_path: Path, server: LocalServer, store: Store, mp: pytest.MonkeyPatch) -> str:
    from phaseone.gate.probes import auth_revoked_key, harness
    from phaseone.guard.faults import FaultyTarget

    # A broken control never starts working: no need to wait the full grace periods.
    mp.setattr(auth_revoked_key, "REVOCATION_WINDOW_S", 0.5)
    mp.setattr(harness, "TRACE_GRACE_S", 0.0)

    @contextlib.contextmanager
    def broken_drill(loaded: Any) -> Iterator[tuple[Any, Store, Any, str]]:
        yield runner.drill_plan(loaded), store, FaultyTarget(ProbeTarget(), mode="ok"), server.url

    mp.setattr(runner, "_drill_gateway", broken_drill)
    return run_probes(loaded_plan(tmp_path), store, gateway_url=server.url)


def _results(tmp_path: Path, make: Any) -> dict[str, ProbeResult]:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    mp = pytest.MonkeyPatch()
    try:
        with make(store) as server:
            batch = _run_all(tmp_path, server, store, mp)
        return {r.probe: r for r in batch_results(store, batch)}
    finally:
        mp.undo()
        store.close()


@pytest.fixture(scope="module")
def refuse_all(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, ProbeResult]]:
    return {
        status: _results(
            tmp_path_factory.mktemp(f"refuse{status}"), lambda _s, st=status: RefuseAll(st)
        )
        for status in REFUSALS
    }


@pytest.fixture(scope="module")
def accept_all(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ProbeResult]:
    return _results(tmp_path_factory.mktemp("accept"), AcceptAll)


@pytest.mark.parametrize("status", sorted(REFUSALS))
@pytest.mark.parametrize("name", sorted(ALL_PROBES))
def test_every_probe_fails_on_a_refuse_all_gateway(
    refuse_all: dict[int, dict[str, ProbeResult]], name: str, status: int
) -> None:
    r = refuse_all[status][name]
    assert not r.passed, r.summary
    assert r.details["positive"]["ok"] is False, r.summary  # nothing good was observed
    assert "positive:" in r.summary and "negative:" in r.summary


@pytest.mark.parametrize("name", sorted(ALL_PROBES))
def test_every_probe_fails_on_an_accept_all_gateway(
    accept_all: dict[str, ProbeResult], name: str
) -> None:
    r = accept_all[name]
    assert not r.passed, r.summary
    assert r.details["negative"]["ok"] is False, r.summary  # nothing bad was refused
    assert "positive:" in r.summary and "negative:" in r.summary


def test_accept_all_is_convincing_where_it_can_be(accept_all: dict[str, ProbeResult]) -> None:
    """The good half of each probe sees a working gateway: the failure is the control's."""
    convincing = {
        "auth_missing_key", "auth_revoked_key", "input_size_limit", "rate_limit",
        "budget_ceiling", "pii_redaction", "prompt_injection", "metrics_endpoint",
        "traces_recorded", "kill_switch_drill",
    }  # fmt: skip
    for name in convincing:
        assert accept_all[name].details["positive"]["ok"] is True, accept_all[name].summary
    assert accept_all["pii_redaction"].details["heldout"]["recall"] == 0.0
    assert accept_all["prompt_injection"].details["heldout"]["recall"] == 0.0
