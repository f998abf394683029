"""Conversation cases through each target kind, against real local servers."""

from __future__ import annotations

import textwrap
import uuid
from pathlib import Path
from typing import Any

from phaseone.chat import parse_conversation
from phaseone.datasets import Case
from phaseone.plan.components import HttpTarget, OpenAITarget, PythonTarget
from phaseone.targets import build_target
from servers import JsonServer, OpenAIServer


def weather_case(result: str, case_id: str = "paris") -> Case:
    talk = parse_conversation(
        [
            {"role": "system", "content": "Case-level note: metric units."},
            {"role": "user", "content": "Weather in Paris?"},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {"id": "call_1", "function": {"name": "weather", "arguments": "{}"}}
                ],
            },
            {"role": "tool", "tool_call_id": "call_1", "content": result},
        ]
    )
    return Case(id=case_id, input=talk.last_user_text(), conversation=talk, metadata={"n": 3})


def from_tool(messages: list[dict[str, Any]], payload: dict[str, Any]) -> str:
    """A model that answers from the last tool result, and says so when it has none."""
    for m in reversed(messages):
        if m.get("role") == "tool":
            return f"It is {m['content']}."
    return "I have no weather data."


async def test_openai_sends_the_plan_system_prompt_then_the_conversation() -> None:
    with OpenAIServer(from_tool) as server:
        target = build_target(
            OpenAITarget(
                base_url=server.url + "/v1",
                model="m",
                messages=[
                    {"role": "system", "content": "You are WeatherBot ({{ case.metadata.n }})."},
                    {"role": "user", "content": "Question: {{ input }}"},
                ],
            ),
            ".",
        )
        try:
            sunny = await target.call("ignored", case=weather_case("18°C and sunny"))
            rainy = await target.call("ignored", case=weather_case("9°C and rain", "rome"))
            sent = server.received[0].body["messages"]
            oslo = Case(id="oslo", input="Weather in Oslo?", metadata={"n": 1})
            plain = await target.call(oslo.input, case=oslo)
            plain_sent = server.last.body["messages"]
        finally:
            await target.aclose()
    # positive control: each answer carries its own case's tool result
    assert sunny.output == "It is 18°C and sunny."
    assert rainy.output == "It is 9°C and rain."
    # the plan's system prompt (rendered over the case) first, then the case as written;
    # the plan's `{{ input }}` user turn is not sent for a conversation case
    assert sent[0] == {"role": "system", "content": "You are WeatherBot (3)."}
    assert [m["role"] for m in sent] == ["system", "system", "user", "assistant", "tool"]
    assert sent[3]["tool_calls"][0]["id"] == "call_1" and sent[3]["content"] is None
    assert sent[4] == {"role": "tool", "content": "18°C and sunny", "tool_call_id": "call_1"}
    assert not any("Question:" in str(m.get("content")) for m in sent)
    # negative control: a single-input case still gets the template, and no tool data
    assert plain_sent == [
        {"role": "system", "content": "You are WeatherBot (1)."},
        {"role": "user", "content": "Question: Weather in Oslo?"},
    ]
    assert plain.output == "I have no weather data."


async def test_openai_token_bound_counts_the_conversation_and_its_calls() -> None:
    target = build_target(OpenAITarget(base_url="http://127.0.0.1:9/v1", model="m"), ".")
    short = weather_case("x")
    long = weather_case("x" * 1000)
    bound = target.max_input_tokens("Weather in Paris?", case=short)  # type: ignore[attr-defined]
    # every message's bytes (tool-call JSON included) plus 8 per message and 8 for the reply
    assert bound > 8 * 5 + len("Weather in Paris?") + len('"call_1"')
    more = target.max_input_tokens("Weather in Paris?", case=long)  # type: ignore[attr-defined]
    assert more - bound == 999
    await target.aclose()


async def test_http_target_maps_the_conversation_with_case_messages() -> None:
    with JsonServer(lambda payload, _r: {"answer": payload}) as server:
        target = build_target(
            HttpTarget(
                url=server.url + "/chat",
                body={"messages": "{{ case.messages }}", "question": "{{ input }}"},
                output_path="answer",
            ),
            ".",
        )
        try:
            r = await target.call("Weather in Paris?", case=weather_case("18°C"))
        finally:
            await target.aclose()
    body = server.last.body
    assert body["question"] == "Weather in Paris?"
    assert isinstance(body["messages"], list) and len(body["messages"]) == 4  # JSON, not text
    assert body["messages"][3] == {"role": "tool", "content": "18°C", "tool_call_id": "call_1"}
    assert r.output == body


async def test_python_target_reads_the_conversation_from_case(tmp_path: Path) -> None:
    module = f"convo_bot_{uuid.uuid4().hex[:8]}"
    (tmp_path / f"{module}.py").write_text(
        textwrap.dedent(
            """
            def answer(text, case=None):
                tools = [m.content for m in case.conversation if m.role == "tool"]
                return {"said": text, "tool": tools[-1], "n": len(case.messages)}
            """
        )
    )
    target = build_target(PythonTarget(callable=f"{module}:answer"), tmp_path)
    r = await target.call("Weather in Paris?", case=weather_case("18°C"))
    assert r.output == {"said": "Weather in Paris?", "tool": "18°C", "n": 4}
    await target.aclose()
