"""The http target against real local servers: templates, paths, and every failure kind."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from phaseone.errors import (
    TargetBadResponse,
    TargetConfigError,
    TargetConnectionError,
    TargetException,
    TargetStatusError,
    TargetTimeout,
)
from phaseone.plan.components import HttpTarget, Price
from phaseone.targets import build_target
from phaseone.targets.client import parse_retry_after
from servers import JsonServer, closed_port_url


def target(url: str, **kw: Any) -> Any:
    return build_target(HttpTarget(url=url, **kw), ".")


async def test_happy_path_template_keeps_json_types(json_server: JsonServer) -> None:
    t = target(
        json_server.url + "/predict",
        headers={"X-Team": "inbox"},
        body={
            "input": "{{ input }}",
            "meta": {"id": "{{ case.id }}", "n": 3},
            "s": "q={{ input.q }}",
        },
        output_path="echo.input.q",
        input_tokens_path="usage.input_tokens",
        output_tokens_path="usage.output_tokens",
        price=Price(per_1k_input_tokens=1000, per_1k_output_tokens=2000),
    )

    class C:
        id = "c-1"

    r = await t.call({"q": "hello world", "k": [1, 2]}, case=C())
    sent = json_server.last
    assert sent.method == "POST" and sent.path == "/predict"
    assert sent.headers["X-Team"] == "inbox"
    assert sent.body == {
        "input": {"q": "hello world", "k": [1, 2]},  # the dict, not its str()
        "meta": {"id": "c-1", "n": 3},
        "s": "q=hello world",
    }
    assert r.output == "hello world"
    # the echo server counts whitespace words of the JSON input: 6 each way
    assert (r.input_tokens, r.output_tokens) == (6, 6)
    assert r.cost == pytest.approx(6 * 1 + 6 * 2)
    assert r.latency_ms > 0
    await t.aclose()


async def test_list_index_path_and_one_pooled_session(spam_server: JsonServer) -> None:
    t = target(spam_server.url + "/classify", output_path="data.items.0.label")
    outs = await asyncio.gather(*(t.call(f"WIN cash now {i}") for i in range(20)))
    assert {r.output for r in outs} == {"spam"}
    assert (await t.call("lunch at noon?")).output == "ham"
    # Plain http:// goes through the lean client's pool (`targets/http1.py`): the 20
    # concurrent calls opened at most 20 connections, kept alive; the next call takes the
    # last one released, and gives it back.
    idle = [c for conns in t._client._lean._idle.values() for c in conns]
    assert 1 <= len(idle) <= 20 and not any(c.closed for c in idle)
    last = idle[-1]
    await t.call("again")
    assert [c for conns in t._client._lean._idle.values() for c in conns][-1] is last
    assert spam_server.requests == 22
    await t.aclose()
    assert all(c.closed for c in idle)


async def test_get_sends_body_as_query(json_server: JsonServer) -> None:
    t = target(json_server.url + "/q", method="GET", body={"text": "{{ input }}"}, output_path=".")
    await t.call("hi there")
    assert json_server.last.method == "GET"
    assert json_server.last.query == {"text": "hi there"}
    await t.aclose()


async def test_status_500_is_a_status_error_quoting_the_body(json_server: JsonServer) -> None:
    json_server.mode = "status"
    json_server.status = 500
    json_server.error_body = {"error": "model crashed"}
    t = target(json_server.url)
    with pytest.raises(TargetStatusError) as err:
        await t.call("x")
    assert err.value.kind == "status" and err.value.status == 500 and err.value.transient
    assert "HTTP 500" in str(err.value) and "model crashed" in str(err.value)
    await t.aclose()


async def test_429_parses_retry_after(json_server: JsonServer) -> None:
    json_server.mode = "429"
    json_server.retry_after = "7"
    t = target(json_server.url)
    with pytest.raises(TargetStatusError) as err:
        await t.call("x")
    assert err.value.status == 429 and err.value.retry_after == 7.0 and err.value.transient
    await t.aclose()


def test_retry_after_http_date_and_garbage() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert parse_retry_after("1.5") == 1.5
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


async def test_timeout_against_a_hanging_server(json_server: JsonServer) -> None:
    json_server.mode = "hang"
    t = target(json_server.url, timeout_s=0.2)
    with pytest.raises(TargetTimeout) as err:
        await t.call("x")
    assert err.value.kind == "timeout" and "0.2s" in str(err.value)
    await t.aclose()


async def test_connection_refused_on_a_closed_port() -> None:
    url = closed_port_url() + "/classify"
    t = target(url)
    with pytest.raises(TargetConnectionError) as err:
        await t.call("x")
    assert err.value.kind == "connection" and err.value.fix
    assert str(err.value) == f"connection refused at {url}"  # the cause and the URL, one line
    await t.aclose()


async def test_dns_failure_names_the_host_and_the_url() -> None:
    url = "http://phaseone-no-such-host.invalid/classify?api_key=sk-secret"
    t = target(url)
    with pytest.raises(TargetConnectionError) as err:
        await t.call("x")
    msg = str(err.value)
    assert msg.startswith("cannot resolve host 'phaseone-no-such-host.invalid' (DNS: ")
    assert "at http://phaseone-no-such-host.invalid/classify?api_key=" in msg
    assert "sk-secret" not in msg  # the URL is shown with its secrets masked
    await t.aclose()


async def test_dropped_connection_is_a_connection_error(json_server: JsonServer) -> None:
    json_server.mode = "drop"
    t = target(json_server.url)
    with pytest.raises(TargetConnectionError):
        await t.call("x")
    await t.aclose()


async def test_html_answer_is_a_bad_response_quoting_it(json_server: JsonServer) -> None:
    json_server.mode = "html"
    t = target(json_server.url)
    with pytest.raises(TargetBadResponse) as err:
        await t.call("x")
    msg = str(err.value)
    assert err.value.kind == "bad_response"
    assert "not JSON" in msg and "text/html" in msg and "<!DOCTYPE html>" in msg
    await t.aclose()


async def test_missing_output_path_names_the_path_and_what_is_there(
    json_server: JsonServer,
) -> None:
    t = target(json_server.url, output_path="result.label")
    with pytest.raises(TargetBadResponse) as err:
        await t.call("x")
    msg = str(err.value)
    assert "'result.label'" in msg and "'output'" in msg and "'echo'" in msg
    await t.aclose()


async def test_missing_token_path_is_a_bad_response(json_server: JsonServer) -> None:
    t = target(json_server.url, input_tokens_path="usage.prompt_tokens")
    with pytest.raises(TargetBadResponse, match="input_tokens_path"):
        await t.call("x")
    await t.aclose()


async def test_template_referencing_a_missing_field_is_a_case_error(
    json_server: JsonServer,
) -> None:
    t = target(json_server.url, body={"q": "{{ input.question }}"})
    with pytest.raises(TargetException, match="question"):
        await t.call({"text": "no question key"})
    assert json_server.requests == 0  # never sent
    await t.aclose()


def test_broken_template_fails_at_build_time() -> None:
    with pytest.raises(TargetConfigError, match=r"target.body.q"):
        target("http://127.0.0.1:1/", body={"q": "{{ input "})


def test_fingerprint_and_label_exclude_secrets() -> None:
    a = target(
        "http://user:pw123@127.0.0.1:9/x?api_key=SECRET1&lang=en",
        headers={"Authorization": "Bearer SECRET2", "X-Api-Key": "SECRET3", "X-Team": "a"},
    )
    b = target(
        "http://user:other@127.0.0.1:9/x?api_key=OTHER&lang=en",
        headers={"Authorization": "Bearer OTHER", "X-Api-Key": "OTHER", "X-Team": "a"},
        timeout_s=99,
    )
    c = target("http://127.0.0.1:9/x?lang=en", headers={"X-Team": "b"})
    assert a.fingerprint == b.fingerprint != c.fingerprint
    for secret in ("pw123", "SECRET1"):
        assert secret not in a.label
    assert a.label.startswith("http POST http://user:***@127.0.0.1:9/x?")
