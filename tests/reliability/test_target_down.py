"""The target going down mid-traffic (issue #21): `phaseone serve` answers with the
fallback while it is away, goes back to it once it is back, and traces every request with
the outcome the client saw; `/metrics` counts the fallback answers as degraded.

The target (a JSON service) sits behind a TCP proxy that the test cuts for 3 s: its
connections are reset and new ones refused, as when its host goes away.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from guardkit import http, write_plan
from relkit import Load, TcpProxy, metric_samples, serving, wait_for
from sqlalchemy import select

from phaseone.store import Store
from phaseone.store.keys import create_key
from phaseone.store.models import Trace
from servers import JsonServer

FALLBACK = "sorry, try again later"
DOWN_S = 3.0


def _traces(store: Store, ids: set[str]) -> dict[str, tuple[str, str, int, object, str | None]]:
    q = select(
        Trace.id, Trace.outcome, Trace.route, Trace.status_code, Trace.output, Trace.error_kind
    ).where(Trace.id.in_(ids))
    with store.session() as s:
        rows = s.execute(q).all()
    return {r.id: (r.outcome, r.route, r.status_code, r.output, r.error_kind) for r in rows}


async def test_fallbacks_while_the_target_is_down_and_every_request_traced(
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    store = Store(db)
    key = create_key(store, "svc", scopes=["invoke", "metrics"])
    controls = {
        "rate_limit": {"requests_per_minute": 6_000_000, "burst": 100_000},
        "resilience": {
            "timeout_s": 2,
            "retries": 1,
            "backoff_base_s": 0.01,
            "fallback": {"static": FALLBACK},
            "circuit_breaker": {"failure_threshold": 3, "reset_after_s": 1},
        },
        "monitoring": {"flush_interval_s": 0.2},
    }
    with JsonServer(latency_s=0.01) as upstream, TcpProxy("127.0.0.1", upstream.port) as proxy:
        target = {"kind": "http", "url": f"http://127.0.0.1:{proxy.port}/answer"}
        plan = write_plan(tmp_path, controls, target=target, store_url=db).path
        with serving(plan, tmp_path / "serve.log") as served:
            async with Load(served.url, key, clients=6, pace_s=0.02) as load:
                await load.until(lambda: load.count(200) >= 30, 60)
                cut = len(load.answers)
                await asyncio.to_thread(proxy.cut)
                await asyncio.sleep(DOWN_S)
                await asyncio.to_thread(proxy.restore)
                back = len(load.answers)
                # the breaker half-opens after 1 s and closes on a good call
                assert await load.until(
                    lambda: any(a.route == "primary" for a in load.answers[back:]), 30
                )
                await asyncio.sleep(0.5)
            status, _, metrics = http(served.url + "/metrics", key=key)
            assert status == 200

        answers = load.answers
        assert all(a.status == 200 for a in answers), {(a.status, a.code) for a in answers}
        routes = [a.route for a in answers]
        assert set(routes[:cut]) == {"primary"}
        assert "fallback" in routes[cut:back]
        assert routes.count("fallback") >= 3

        # every request has its trace, with the outcome and route its client saw
        ids = {a.request_id for a in answers if a.request_id}
        assert len(ids) == len(answers)
        traces = await asyncio.to_thread(
            wait_for, lambda: (t := _traces(store, ids)) and len(t) == len(ids) and t, 60
        )
        for a in answers:
            outcome, route, status, output, error_kind = traces[a.request_id]
            assert (route, status) == (a.route, 200)
            if a.route == "fallback":
                assert (outcome, output) == ("fallback", FALLBACK)
            else:
                assert (outcome, error_kind) == ("ok", None) and output != FALLBACK

        degraded = metric_samples(metrics, "phaseone_requests_degraded_total")
        assert degraded['reason="fallback"'] == routes.count("fallback")
        assert degraded['reason="error"'] == 0
    store.close()
