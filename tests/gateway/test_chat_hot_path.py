"""The chat route's hot path after issue 16's fourth pass: the answer's bytes are written
from its parts, the routes served from the ASGI scope stamp their own heads, and neither
changes what a client receives.

Each shortcut is compared with the general way it replaced (`dumps` of the dict, the
`stamped` wrapper's header), including the inputs that take the general way again (a lone
surrogate, tool calls, a non-string finish reason)."""

from __future__ import annotations

import http.client as httpclient
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from openai_kit import chat_gateway, upstream

from phaseone.gateway import openai_routes
from phaseone.gateway.openai_routes import (
    chunk_choice,
    chunk_choice_json,
    completion_body,
    completion_json,
)
from phaseone.guard.chat import ChatAnswer
from phaseone.plan.controls_hash import HEADER, controls_hash
from phaseone.targets.chat import ChatChunk, ChatCompletion, ChatUsage
from phaseone.wire import dumps, parse
from servers import OpenAIServer

CALL = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": '{"a": "é"}'}}


def _answer(content: Any, **kw: Any) -> ChatAnswer:
    completion = ChatCompletion(
        content=content,
        usage=None,
        finish_reason=kw.pop("finish_reason", "stop"),
        tool_calls=kw.pop("tool_calls", None),
        model="upstream-model",
    )
    usage = kw.pop("usage", ChatUsage(30, 5))
    return ChatAnswer(
        completion, "primary", kw.pop("model", "support"), "0193a1b2c3d4e5f6a7b8c9d0", usage, 0.0
    )


ANSWERS = [
    ("plain text", _answer("Your order 12345 ships today.")),
    ("escapes and unicode", _answer('日本語 "quoted"\n\ttab \u2028 \\ back', model='modèl "x"')),
    ("no content, tool calls", _answer(None, finish_reason="tool_calls", tool_calls=[CALL])),
    ("empty tool calls", _answer("", tool_calls=[])),
    ("lone surrogate", _answer("a\ud800b")),
    ("surrogate in a tool call", _answer(None, tool_calls=[{**CALL, "id": "\udfff"}])),
    ("finish reason not a string", _answer("x", finish_reason=5)),
    ("finish reason null", _answer("x", finish_reason=None)),
    ("huge and zero usage", _answer("x", usage=ChatUsage(10**20, 0))),
]


@pytest.mark.parametrize("answer", [a for _, a in ANSWERS], ids=[n for n, _ in ANSWERS])
def test_the_answer_bytes_are_those_of_the_dict(
    answer: ChatAnswer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(openai_routes.time, "time", lambda: 1765100000.9)
    body = completion_body(answer)
    assert body == dumps(completion_json(answer))
    doc = parse(body)
    assert doc["created"] == 1765100000
    assert doc["choices"][0]["message"]["content"] == answer.completion.content
    assert doc["usage"]["total_tokens"] == answer.usage.total_tokens


CONTENTS = [None, "", "Your ", '日本語 "quoted"\n\ttab \u2028 \\ back', "a\ud800b"]
FINISHES = [None, "stop", "length", 5, 1.5, True, {"a": 1}, "\udfff"]
CALLS = [None, [], [CALL]]


@pytest.mark.parametrize("role", [True, False])
@pytest.mark.parametrize("calls", CALLS, ids=["no calls", "empty calls", "a call"])
@pytest.mark.parametrize("finish", FINISHES, ids=repr)
@pytest.mark.parametrize("content", CONTENTS, ids=repr)
def test_a_stream_chunk_is_the_bytes_of_the_delta_dict(
    content: str | None, finish: Any, calls: list[dict[str, Any]] | None, role: bool
) -> None:
    """Each streamed chunk's ``choices``, written from its parts, is what the delta dict
    through `dumps` was: the role on the first chunk only, content, tool calls (general
    way), finish reasons of any JSON type, and lone surrogates (escaped, general way)."""
    event = ChatChunk(content, finish, calls)
    got = chunk_choice(event, role)
    assert got == chunk_choice_json(event, role)
    doc = parse(b'{"id":"x"' + got.removesuffix(b"\n\n"))
    delta = doc["choices"][0]["delta"]
    assert ("role" in delta) is role and delta.get("content") == content


@pytest.fixture
def llm() -> Iterator[OpenAIServer]:
    with OpenAIServer() as s:
        yield s


def _raw(
    url: str, method: str, path: str, body: dict[str, Any] | None, key: str | None
) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, every header line as sent (repeats kept), body."""
    u = urlsplit(url)
    conn = httpclient.HTTPConnection(u.hostname or "127.0.0.1", u.port, timeout=10)
    headers = {"Content-Type": "application/json"}
    if key is not None:
        headers["Authorization"] = f"Bearer {key}"
    try:
        conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        resp = conn.getresponse()
        return resp.status, resp.getheaders(), resp.read()
    finally:
        conn.close()


def test_every_answer_says_its_controls_once(tmp_path: Path, llm: OpenAIServer) -> None:
    """Answered, refused by key or body, streamed, the model list, the other routes: the
    controls header once on each (the hot routes now add it themselves)."""
    hello = [{"role": "user", "content": "hello there"}]
    models = [{"name": "support", "upstreams": [upstream(llm.url)]}]
    with chat_gateway(tmp_path, models, target=upstream(llm.url)) as gw:
        want = controls_hash(gw.guard.controls)
        calls = [
            ("POST", "/v1/chat/completions", {"model": "support", "messages": hello}, gw.key),
            ("POST", "/v1/chat/completions", {"model": "support", "messages": hello}, None),
            ("POST", "/v1/chat/completions", {"model": "support", "messages": []}, gw.key),
            ("POST", "/v1/chat/completions", {"model": "nope", "messages": hello}, gw.key),
            (
                "POST",
                "/v1/chat/completions",
                {"model": "support", "messages": hello, "stream": True},
                gw.key,
            ),
            ("GET", "/v1/models", None, gw.key),
            ("POST", "/v1/embeddings", {"model": "support"}, gw.key),
            ("POST", "/v1/invoke", {"input": "hello"}, gw.key),
            ("POST", "/v1/invoke", {"input": "hello"}, None),
            ("GET", "/healthz", None, None),
            ("GET", "/no-such-route", None, None),
        ]
        seen = [_raw(gw.url, m, p, b, k) for m, p, b, k in calls]
    assert [s for s, _, _ in seen] == [200, 401, 400, 404, 200, 200, 400, 200, 401, 200, 404]
    for (_, path, _, _), (_, headers, _) in zip(calls, seen, strict=True):
        stamps = [v for k, v in headers if k.lower() == HEADER.lower()]
        assert stamps == [want], (path, headers)
    streamed = seen[4][2].decode()
    assert streamed.rstrip().endswith("data: [DONE]")
    assert json.loads(seen[0][2])["choices"][0]["message"]["content"] == "hello there"
