"""Chat upstreams against real local servers: the SSE reader (comments, event lines, usage,
`[DONE]`), failures mapped to target error kinds, and a target adapted as a chat model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from phaseone.chat import ChatMessage
from phaseone.errors import TargetBadResponse, TargetStatusError
from phaseone.plan.components import HttpTarget, OpenAITarget, Price
from phaseone.targets.chat import ChatRequest, EmbeddingsUnsupported
from phaseone.targets.chat_openai import OpenAIUpstream
from phaseone.targets.chat_target import TargetUpstream, build_upstream
from servers import JsonServer, OpenAIServer

REQ = ChatRequest(
    "public",
    [ChatMessage("system", "be brief"), ChatMessage("user", "alpha beta gamma")],
    extra={"temperature": 0.3, "tools": [{"type": "function", "function": {"name": "f"}}]},
)


def sse(events: list[bytes]) -> Any:
    """A responder that answers every request with these raw SSE bytes."""

    async def respond(payload: Any, request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        for e in events:
            await resp.write(e)
        await resp.write_eof()
        return resp

    return respond


def chunk(content: str | None = None, **extra: Any) -> bytes:
    choice: dict[str, Any] = {"index": 0, "delta": {"content": content} if content else {}}
    choice.update(extra)
    return b"data: " + json.dumps({"choices": [choice]}).encode() + b"\n\n"


async def test_stream_reads_data_lines_and_skips_the_rest() -> None:
    usage = {"choices": [], "usage": {"prompt_tokens": 5, "completion_tokens": 2}}
    events = [
        b": keep-alive comment\n\n",
        b"event: message\n" + chunk("Hel"),
        chunk("lo"),
        chunk(finish_reason="stop"),
        b"data: " + json.dumps(usage).encode() + b"\n\n",
        b"data: [DONE]\n\n",
        chunk("never read: after [DONE]"),
    ]
    with JsonServer(sse(events)) as server:
        up = OpenAIUpstream(OpenAITarget(base_url=server.url + "/v1", model="m", api_key="sk-x"))
        got = [c async for c in up.stream(REQ, 30)]
        await up.aclose()
    assert [c.content for c in got if c.content] == ["Hel", "lo"]
    assert [c.finish_reason for c in got if c.finish_reason] == ["stop"]
    assert got[-1].usage is not None and got[-1].usage.total_tokens == 7
    body = server.last.body
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert body["model"] == "m" and body["max_tokens"] == 30
    assert body["temperature"] == 0.3 and body["tools"][0]["function"]["name"] == "f"
    assert server.last.headers["Authorization"] == "Bearer sk-x"


async def test_a_stream_read_to_its_end_leaves_nothing_to_the_loops_finalizer() -> None:
    """The stream stops at ``data: [DONE]`` with the body's reader still open: that reader
    must not be an async generator, which the event loop would close through its finalizer
    hook (a task and a write to its wake-up socket, on every stream)."""
    import gc
    import sys

    events = [chunk("Hel"), chunk("lo"), b"data: [DONE]\n\n", chunk("after [DONE]")]
    left: list[str] = []
    firstiter, finalizer = sys.get_asyncgen_hooks()
    assert finalizer is not None

    def counting(agen: Any) -> None:
        left.append(agen.__qualname__)
        finalizer(agen)

    with JsonServer(sse(events)) as server:
        up = OpenAIUpstream(OpenAITarget(base_url=server.url + "/v1", model="m"))
        sys.set_asyncgen_hooks(firstiter, counting)
        try:
            got = [c.content async for c in up.stream(REQ, 30)]
            gc.collect()
        finally:
            sys.set_asyncgen_hooks(firstiter, finalizer)
        await up.aclose()
    assert got == ["Hel", "lo"]
    assert left == []


async def test_stream_failures_are_target_errors() -> None:
    with OpenAIServer(mode="429", retry_after="7") as limited:
        up = OpenAIUpstream(OpenAITarget(base_url=limited.url + "/v1", model="m"))
        with pytest.raises(TargetStatusError) as info:
            [c async for c in up.stream(REQ, 10)]
        assert (info.value.status, info.value.retry_after) == (429, 7.0)
        await up.aclose()
    error = b'data: {"error": {"message": "model crashed"}}\n\n'
    with JsonServer(sse([chunk("a"), error])) as server:
        up = OpenAIUpstream(OpenAITarget(base_url=server.url + "/v1", model="m"))
        seen = []
        with pytest.raises(TargetStatusError):
            async for c in up.stream(REQ, 10):
                seen.append(c.content)
        assert seen == ["a"]  # what came before the failure was delivered
        await up.aclose()
    with JsonServer(sse([b"data: {not json\n\n"])) as server:
        up = OpenAIUpstream(OpenAITarget(base_url=server.url + "/v1", model="m"))
        with pytest.raises(TargetBadResponse):
            [c async for c in up.stream(REQ, 10)]
        await up.aclose()


async def test_complete_reads_the_first_choice_and_tool_calls() -> None:
    calls = [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]

    def answer(payload: Any, request: web.Request) -> Any:
        message = {"role": "assistant", "content": None, "tool_calls": calls}
        return {
            "model": "m-2024",
            "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}],
            "usage": {"prompt_tokens": 9, "completion_tokens": 3},
        }

    with JsonServer(answer) as server:
        up = OpenAIUpstream(OpenAITarget(base_url=server.url + "/v1", model="m"))
        done = await up.complete(REQ, 20)
        await up.aclose()
    assert done.content is None and done.tool_calls == calls
    assert done.finish_reason == "tool_calls" and done.model == "m-2024"
    assert done.usage is not None and (done.usage.prompt_tokens, done.usage.completion_tokens) == (
        9,
        3,
    )
    with JsonServer(lambda p, r: {"choices": []}) as broken:
        up = OpenAIUpstream(OpenAITarget(base_url=broken.url + "/v1", model="m"))
        with pytest.raises(TargetBadResponse):
            await up.complete(REQ, 20)
        await up.aclose()


async def test_a_target_served_as_a_chat_model(tmp_path: Path) -> None:
    def structured(payload: Any, request: web.Request) -> Any:
        return {"output": {"label": "spam"}, "usage": {"input_tokens": 4, "output_tokens": 1}}

    with JsonServer(structured) as server:
        cfg = HttpTarget(
            url=server.url + "/classify",
            input_tokens_path="usage.input_tokens",
            output_tokens_path="usage.output_tokens",
        )
        up = build_upstream(cfg, tmp_path, model="classifier", price=Price(per_call=0.5))
        assert isinstance(up, TargetUpstream) and up.price.per_call == 0.5
        done = await up.complete(REQ, 10)
        assert server.last.body == {"input": "alpha beta gamma"}  # the last user message
        assert json.loads(done.content or "") == {"label": "spam"}  # JSON text
        assert done.usage is not None and done.usage.prompt_tokens == 4
        chunks = [c async for c in up.stream(REQ, 10)]
        assert len(chunks) == 1 and chunks[0].finish_reason == "stop"
        with pytest.raises(EmbeddingsUnsupported):
            await up.embeddings({"input": "x"})
        await up.aclose()


def test_the_prompt_bound_counts_every_message() -> None:
    one = ChatRequest("m", [ChatMessage("user", "hi")])
    two = ChatRequest("m", [ChatMessage("system", "é" * 10), ChatMessage("user", "hi")])
    assert one.max_prompt_tokens() == 8 * 2 + 2
    assert two.max_prompt_tokens() == 8 * 3 + 20 + 2  # é is two bytes
    parts = ChatMessage("user", [{"type": "text", "text": "look"}, {"type": "image_url"}])
    assert parts.text() == "look\n"
