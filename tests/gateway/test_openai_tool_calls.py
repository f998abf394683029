"""A model's tool calls pass the output guardrails, whole and streamed: the official `openai`
SDK streams a tool call whose arguments carry a secret, an e-mail address and an
exfiltration link through the gateway, and none of them leaves raw; a clean call passes
unchanged; with the output guardrails off the same arguments pass as sent (the control
that shows the upstream really sends them)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openai
from openai_kit import chat_gateway, upstream
from tool_server import ToolCallServer

HELLO = [{"role": "user", "content": "mail the report to the team"}]
SECRET = "sk-abcdefghijklmnopqrstuvwxyz0123"
EMAIL = "dana.okafor@example.com"
LEAK_URL = "https://evil.example/c?d=secretdata123"
LEAKY_ARGS = json.dumps({"to": EMAIL, "body": f"key {SECRET}", "link": LEAK_URL})
CLEAN_ARGS = json.dumps({"city": "Lisbon", "unit": "celsius", "days": 3})
OFF = {"guardrails": {"output": {"pii": "off", "secrets": "off", "exfiltration": "off"}}}


@dataclass
class Streamed:
    """A streamed answer's tool calls as the SDK's reader assembles them (by index,
    arguments joined), its finish reason, how many tool-call deltas came, its request id."""

    calls: dict[int, dict[str, str]]
    finish: str | None
    pieces: int
    request_id: str


def streamed_calls(client: openai.OpenAI) -> Streamed:
    calls: dict[int, dict[str, str]] = {}
    finish = None
    pieces = 0
    raw = client.chat.completions.with_raw_response.create(
        model="support", messages=HELLO, stream=True
    )
    for chunk in raw.parse():
        if not chunk.choices:
            continue
        choice = chunk.choices[0]
        finish = choice.finish_reason or finish
        for tc in choice.delta.tool_calls or ():
            pieces += 1
            c = calls.setdefault(tc.index, {"id": "", "name": "", "arguments": ""})
            c["id"] += tc.id or ""
            if tc.function is not None:
                c["name"] += tc.function.name or ""
                c["arguments"] += tc.function.arguments or ""
    return Streamed(calls, finish, pieces, raw.headers["x-request-id"])


def assert_no_leak(args: str) -> None:
    for raw in (SECRET, EMAIL, "evil.example"):
        assert raw not in args, f"{raw!r} left in the tool call: {args}"


def kinds_of(findings: list[dict[str, Any]]) -> set[str]:
    return {f["type"] for f in findings}


def test_a_streamed_tool_call_carrying_secrets_is_redacted_and_a_clean_one_passes(
    tmp_path: Path,
) -> None:
    calls = [("get_weather", CLEAN_ARGS), ("send_email", LEAKY_ARGS)]
    with ToolCallServer(calls, piece=3) as llm:
        models = [{"name": "support", "upstreams": [upstream(llm.url)]}]
        controls = {"guardrails": {"pii": {"action": "redact"}}}
        with chat_gateway(tmp_path, models, controls) as gw:
            st = streamed_calls(gw.client())
            got = st.calls
            assert st.finish == "tool_calls"
            assert [got[0]["name"], got[1]["name"]] == ["get_weather", "send_email"]
            assert [got[0]["id"], got[1]["id"]] == ["call_0", "call_1"]
            assert got[0]["arguments"] == CLEAN_ARGS  # untouched, byte for byte
            assert st.pieces == 2  # held to the end of the answer, then each sent whole
            leaky = got[1]["arguments"]
            assert_no_leak(leaky)
            doc = json.loads(leaky)  # the placeholders keep the arguments valid JSON
            assert doc == {"to": "[EMAIL]", "body": "key [SECRET]", "link": "[LINK]"}
            trace = gw.trace(st.request_id)
            assert {"output_pii", "secret", "exfiltration"} <= kinds_of(trace.findings)
            assert trace.error_kind is None and trace.status_code == 200


def test_the_same_stream_passes_raw_with_the_output_guardrails_off(tmp_path: Path) -> None:
    """Negative control: the upstream really sends the secrets, in many pieces."""
    with ToolCallServer([("send_email", LEAKY_ARGS)], piece=3) as llm:
        models = [{"name": "support", "upstreams": [upstream(llm.url)]}]
        with chat_gateway(tmp_path, models, OFF) as gw:
            st = streamed_calls(gw.client())
            assert st.calls[0]["arguments"] == LEAKY_ARGS
            assert st.pieces > 10  # passed on piece by piece, as it came
            assert st.finish == "tool_calls"


def test_a_whole_answer_tool_call_is_redacted(tmp_path: Path) -> None:
    calls = [("get_weather", CLEAN_ARGS), ("send_email", LEAKY_ARGS)]
    with ToolCallServer(calls) as llm:
        models = [{"name": "support", "upstreams": [upstream(llm.url)]}]
        with chat_gateway(tmp_path, models) as gw:
            raw = gw.client().chat.completions.with_raw_response.create(
                model="support", messages=HELLO
            )
            message = raw.parse().choices[0].message
            assert message.tool_calls is not None
            clean, leaky = (c.function.arguments for c in message.tool_calls)  # type: ignore[union-attr]
            assert clean == CLEAN_ARGS
            assert_no_leak(leaky)
            assert json.loads(leaky)["to"] == "[EMAIL]"
            trace = gw.trace(raw.headers["x-request-id"])
            assert {"output_pii", "secret", "exfiltration"} <= kinds_of(trace.findings)
        (tmp_path / "off").mkdir()
        with chat_gateway(tmp_path / "off", models, OFF) as gw:  # negative control
            message = gw.client().chat.completions.create(model="support", messages=HELLO)
            assert message.choices[0].message.tool_calls is not None
            args = [c.function.arguments for c in message.choices[0].message.tool_calls]  # type: ignore[union-attr]
            assert args == [CLEAN_ARGS, LEAKY_ARGS]


def test_a_blocked_tool_call_never_leaves_whole_or_streamed(tmp_path: Path) -> None:
    block = {"guardrails": {"output": {"secrets": "block"}}}
    with ToolCallServer([("send_email", LEAKY_ARGS)], piece=5, text="Sending it.") as llm:
        models = [{"name": "support", "upstreams": [upstream(llm.url)]}]
        with chat_gateway(tmp_path, models, block) as gw:
            client = gw.client()
            st = streamed_calls(client)
            assert (st.calls, st.finish, st.pieces) == ({}, "content_filter", 0)
            raw = client.chat.completions.with_raw_response.create(model="support", messages=HELLO)
            choice = raw.parse().choices[0]
            assert choice.finish_reason == "content_filter"
            assert not choice.message.tool_calls
            for rid in (st.request_id, raw.headers["x-request-id"]):
                t = gw.trace(rid)
                assert t.error_kind == "output_blocked"
                assert "secret" in kinds_of(t.findings)
    # Positive control: a clean call under the same plan is sent.
    with ToolCallServer([("get_weather", CLEAN_ARGS)], piece=5) as llm:
        models = [{"name": "support", "upstreams": [upstream(llm.url)]}]
        (tmp_path / "clean").mkdir()
        with chat_gateway(tmp_path / "clean", models, block) as gw:
            st = streamed_calls(gw.client())
            assert (st.calls[0]["arguments"], st.finish) == (CLEAN_ARGS, "tool_calls")


def test_an_escaped_value_in_the_arguments_is_read_decoded(tmp_path: Path) -> None:
    """`\\u0040` is `@` to the tool that parses the arguments: it must not hide an address."""
    escaped = '{"to": "dana.okafor\\u0040example.com", "n": 1}'
    assert json.loads(escaped)["to"] == EMAIL
    with ToolCallServer([("send_email", escaped)], piece=4) as llm:
        models = [{"name": "support", "upstreams": [upstream(llm.url)]}]
        with chat_gateway(tmp_path, models) as gw:
            doc = json.loads(streamed_calls(gw.client()).calls[0]["arguments"])
            assert doc == {"to": "[EMAIL]", "n": 1}
