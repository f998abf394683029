"""Conversations as eval cases carry them: what is taken, what is refused, and where."""

from __future__ import annotations

import json
from typing import Any

import pytest

from phaseone.chat import (
    ChatMessage,
    Conversation,
    ConversationInvalid,
    ToolCall,
    Transcript,
    parse_conversation,
)


def weather_talk(result: str = "18°C and sunny") -> list[dict[str, Any]]:
    """A system prompt, a user turn, an assistant tool call and its result."""
    return [
        {"role": "system", "content": "You answer from tool results only."},
        {"role": "user", "content": "Weather in Paris?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "weather", "arguments": {"city": "Paris"}},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": result},
    ]


def test_a_tool_conversation_is_read_typed_and_sent_back_as_openai() -> None:
    talk = parse_conversation(weather_talk())
    assert [m.role for m in talk] == ["system", "user", "assistant", "tool"]
    call = talk.messages[2].calls()[0]
    # an object written in the case becomes the JSON text the API carries
    assert call == ToolCall("call_1", "weather", '{"city": "Paris"}')
    sent = talk.to_openai()
    assert sent[2] == {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "weather", "arguments": '{"city": "Paris"}'},
            }
        ],
    }
    assert sent[3] == {"role": "tool", "content": "18°C and sunny", "tool_call_id": "call_1"}
    assert talk.last_user_text() == "Weather in Paris?"
    # the JSON text of the list (a CSV cell) reads the same
    assert parse_conversation(json.dumps(weather_talk())) == talk


def test_transcript_is_the_conversation_then_the_answer() -> None:
    talk = parse_conversation(weather_talk())
    t = Transcript(talk, "It is 18°C.")
    assert t.messages[-1] == {"role": "assistant", "content": "It is 18°C."}
    assert t.messages[:-1] == talk.to_openai()
    text = t.text()
    assert "[tool → call call_1] 18°C and sunny" in text
    assert "calls weather" in text and text.endswith("It is 18°C.")
    # a structured answer is shown as JSON text
    assert Transcript(talk, {"t": 18}).messages[-1]["content"] == '{"t": 18}'


BAD: list[tuple[str, Any, str, str]] = [
    # (what, conversation, field, words of the reason)
    ("empty", [], "messages", "empty"),
    ("not a list", {"role": "user"}, "messages", "expected a list"),
    ("bad JSON text", "[{", "messages", "not valid JSON"),
    ("bad role", [{"role": "bot", "content": "hi"}], "messages[0].role", "'bot'"),
    (
        "unknown field",
        [{"role": "user", "contents": "hi"}],
        "messages[0].contents",
        "unknown field",
    ),
    (
        "list content",
        [{"role": "user", "content": [{"type": "text", "text": "hi"}]}],
        "messages[0].content",
        "must be a string",
    ),
    ("null user content", [{"role": "user", "content": None}], "messages[0].content", "null"),
    (
        "tool result without a call",
        [
            {"role": "user", "content": "hi"},
            {"role": "tool", "tool_call_id": "call_9", "content": "x"},
        ],
        "messages[1].tool_call_id",
        "no assistant message before it made",
    ),
    (
        "tool result without an id",
        [{"role": "user", "content": "hi"}, {"role": "tool", "content": "x"}],
        "messages[1].tool_call_id",
        "needs the id",
    ),
    (
        "call left unanswered",
        [*weather_talk()[:3], {"role": "user", "content": "and?"}],
        "messages[3]",
        "has no tool result",
    ),
    (
        "answered twice",
        [*weather_talk(), {"role": "tool", "tool_call_id": "call_1", "content": "again"}],
        "messages[4].tool_call_id",
        "already answered",
    ),
    (
        "ends with the assistant",
        [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}],
        "messages[1]",
        "ends with an assistant",
    ),
    ("no user", [{"role": "system", "content": "be nice"}], "messages", "no user message"),
    (
        "user makes tool calls",
        [
            {
                "role": "user",
                "content": "hi",
                "tool_calls": [{"id": "c", "function": {"name": "f"}}],
            }
        ],
        "messages[0].tool_calls",
        "only assistant",
    ),
    (
        "tool call without a name",
        [
            *weather_talk()[:2],
            {"role": "assistant", "content": None, "tool_calls": [{"id": "c1", "function": {}}]},
        ],
        "messages[2].tool_calls[0].function",
        "function.name",
    ),
]


@pytest.mark.parametrize(("what", "value", "field", "reason"), BAD, ids=[b[0] for b in BAD])
def test_a_malformed_conversation_names_the_message_field_and_fix(
    what: str, value: Any, field: str, reason: str
) -> None:
    with pytest.raises(ConversationInvalid) as err:
        parse_conversation(value)
    assert err.value.field == field, what
    assert reason in err.value.reason, err.value.reason
    assert err.value.fix  # every refusal says what to do


def test_the_rules_accept_what_openai_accepts() -> None:
    # several calls in one turn answered in any order, then the conversation goes on
    talk = parse_conversation(
        [
            {"role": "user", "content": "Paris and Rome?"},
            {
                "role": "assistant",
                "content": "Checking.",
                "tool_calls": [
                    {"id": "a", "function": {"name": "weather", "arguments": '{"c":"Paris"}'}},
                    {"id": "b", "function": {"name": "weather", "arguments": '{"c":"Rome"}'}},
                ],
            },
            {"role": "tool", "tool_call_id": "b", "content": "20°C"},
            {"role": "tool", "tool_call_id": "a", "content": "18°C"},
            {"role": "assistant", "content": "Rome is warmer.", "tool_calls": []},
            {"role": "user", "content": "By how much?", "name": "dana"},
        ]
    )
    assert len(talk) == 6
    assert talk.messages[4] == ChatMessage("assistant", "Rome is warmer.")
    assert talk.to_openai()[5] == {"role": "user", "content": "By how much?", "name": "dana"}
    assert Conversation(talk.messages).last_user_text() == "By how much?"
