"""Odd requests and odd upstream answers over real HTTP: each gets the documented error
shape (or is served), is traced, and leaves the gateway working for the next request."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from guardkit import http, wait_until
from sqlalchemy import func, select
from test_gateway_http import BASE, gateway, invoke

from phaseone.store import Store
from phaseone.store.keys import create_key
from phaseone.store.models import Trace
from servers import JsonServer


def _count(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(Trace)) or 0)


def _error(resp: tuple[int, dict[str, str], Any]) -> tuple[int, str]:
    status, headers, body = resp
    assert "x-request-id" in headers, headers
    assert set(body["error"]) == {"code", "message", "request_id"}, body
    assert body["error"]["request_id"] == headers["x-request-id"]
    return status, body["error"]["code"]


def test_odd_bodies_are_422_traced_and_authentication_comes_first(tmp_path: Path) -> None:
    json_input = {"limits": {**BASE["limits"], "input_type": "json"}}  # lists as input
    with JsonServer() as up, gateway(tmp_path, up, json_input) as (url, store):
        key = create_key(store, "svc")
        target = url + "/v1/invoke"
        deep = b"[" * 1010 + b"]" * 1010  # 2 KB, within the body limit
        nested: Any = "deep"
        for _ in range(70):  # parses, but deeper than the guardrails walk (64)
            nested = [nested]
        cases = [
            (b'{"input": NaN}', (422, "invalid_input")),
            (deep, (422, "invalid_input")),
        ]
        for raw, expected in cases:
            assert _error(http(target, raw=raw, key=key)) == expected
        assert _error(http(target, {"input": nested}, key=key)) == (422, "invalid_input")
        # no key, or a bad one: 401 whatever is wrong with the body
        assert _error(http(target, raw=b"{", key=None))[0] == 401
        assert _error(http(target, raw=b"x" * 4096, key="p1_bad"))[0] == 401
        assert _error(http(target, key=key, method="GET")) == (405, "method_not_allowed")
        assert wait_until(lambda: _count(store) == 6)  # every refusal has its trace
        with store.session() as s:
            kinds = sorted((t.status_code, t.error_kind) for t in s.scalars(select(Trace)))
        assert (
            kinds
            == [(401, "unauthorized")] * 2
            + [(405, "method_not_allowed")]
            + [(422, "invalid_input")] * 3
        )
        assert invoke(url, key, "still fine")[0] == 200


def test_framework_answers_have_the_error_shape(tmp_path: Path) -> None:
    with JsonServer() as up, gateway(tmp_path, up) as (url, _store):
        assert _error(http(url + "/admin")) == (404, "not_found")
        assert _error(http(url + "/healthz", {"x": 1})) == (405, "method_not_allowed")


def test_text_utf8_cannot_carry_does_not_stop_the_gateway_or_its_traces(tmp_path: Path) -> None:
    """A lone surrogate is valid JSON (``"\\ud800"``) but not UTF-8: it used to be a 500
    on invoke, and in a feedback comment it stopped every later trace write."""
    with JsonServer() as up, gateway(tmp_path, up) as (url, store):
        key = create_key(store, "svc", scopes=["invoke", "feedback"])
        status, headers, body = http(url + "/v1/invoke", raw=b'{"input": "a\\ud800b"}', key=key)
        assert status == 200 and body["output"] == "a\ud800b"
        rid = headers["x-request-id"]
        assert wait_until(lambda: _count(store) == 1)
        raw = b'{"request_id": "%s", "score": 1, "comment": "x\\ud800"}' % rid.encode()
        assert http(url + "/v1/feedback", raw=raw, key=key)[0] == 202
        for i in range(3):
            assert invoke(url, key, f"after {i}")[0] == 200
        assert wait_until(lambda: _count(store) == 4)

        def rated() -> bool:
            with store.session() as s:
                t = s.get(Trace, rid)
                return t is not None and t.feedback_score == 1.0

        assert wait_until(rated)


def test_pii_in_keys_and_feedback_is_redacted(tmp_path: Path) -> None:
    with (
        JsonServer() as up,
        gateway(
            tmp_path,
            up,
            {
                "guardrails": {"pii": {"action": "redact"}},
                "limits": {**BASE["limits"], "input_type": "json"},  # an object as input
            },
        ) as (url, store),
    ):
        key = create_key(store, "svc", scopes=["invoke", "feedback"])
        status, headers, _ = invoke(url, key, {"jane.doe@example.com": "hi"})
        assert status == 200
        assert "jane.doe@example.com" not in str(up.received[-1].body)
        assert "[EMAIL]" in str(up.received[-1].body)
        rid = headers["x-request-id"]
        body = {"request_id": rid, "score": 0.0, "comment": "call me on jo@example.org"}
        assert http(url + "/v1/feedback", body, key=key)[0] == 202

        def comment() -> str | None:
            with store.session() as s:
                t = s.get(Trace, rid)
                return t.feedback_comment if t is not None else None

        assert wait_until(lambda: comment() is not None)
        assert comment() == "call me on [EMAIL]"


def test_upstream_failures_do_not_reveal_its_address_or_answer(tmp_path: Path) -> None:
    from aiohttp import web

    def broken(payload: Any, request: Any) -> Any:
        return web.json_response({"secret": "internal detail"}, status=500)

    with JsonServer(broken) as up, gateway(tmp_path, up) as (url, store):
        key = create_key(store, "svc")
        resp = invoke(url, key, "hello")
        assert _error(resp) == (502, "target_error")
        message = resp[2]["error"]["message"]
        assert "HTTP 500" in message
        assert "127.0.0.1" not in message and "internal detail" not in message


def test_a_rate_limited_target_is_a_429_with_its_retry_after(tmp_path: Path) -> None:
    from aiohttp import web

    def busy(payload: Any, request: Any) -> Any:
        return web.json_response({"error": "slow down"}, status=429, headers={"Retry-After": "7"})

    with JsonServer(busy) as up, gateway(tmp_path, up) as (url, store):
        key = create_key(store, "svc")
        resp = invoke(url, key, "hello")
        assert _error(resp) == (429, "target_rate_limited")
        assert resp[1]["retry-after"] == "7"


def test_an_answer_over_the_size_cap_is_a_bad_response(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aiohttp import web

    import phaseone.targets.client as client

    monkeypatch.setattr(client, "MAX_ANSWER_BYTES", 1000)

    async def big(payload: Any, request: Any) -> Any:
        body = json.dumps({"output": "x" * 5000}).encode()
        if payload.get("input") == "streamed":  # no Content-Length: capped while reading
            resp = web.StreamResponse(headers={"Content-Type": "application/json"})
            resp.enable_chunked_encoding()
            await resp.prepare(request)
            for i in range(0, len(body), 500):
                await resp.write(body[i : i + 500])
            await resp.write_eof()
            return resp
        return web.Response(body=body, content_type="application/json")

    with JsonServer(big) as up, gateway(tmp_path, up) as (url, store):
        key = create_key(store, "svc")
        for how in ("whole", "streamed"):
            resp = invoke(url, key, how)
            assert _error(resp) == (502, "target_error"), how
            assert "bad_response" in resp[2]["error"]["message"]
        monkeypatch.setattr(client, "MAX_ANSWER_BYTES", 100_000)
        assert invoke(url, key, "whole")[0] == 200
