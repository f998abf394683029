"""The body an OpenAI-compatible upstream is sent: the common one (no other field) is
written from its parts; it must be the same bytes as the dict the general way builds."""

from __future__ import annotations

from typing import Any

import pytest

from phaseone.chat import ChatMessage
from phaseone.plan.components import OpenAITarget
from phaseone.targets.chat import ChatRequest
from phaseone.targets.chat_openai import OpenAIUpstream
from phaseone.wire import parse

MESSAGES = [
    ("system and user", [ChatMessage("system", "Be brief."), ChatMessage("user", "hi")]),
    ("escapes", [ChatMessage("user", 'say "x"\n\t\\ \u2028 日本語 é')]),
    ("lone surrogate", [ChatMessage("user", "a\ud800b")]),
    (
        "tool turn",
        [
            ChatMessage("user", "weather?"),
            ChatMessage("assistant", None, None, [{"id": "c1", "type": "function"}]),
            ChatMessage("tool", "sunny", None, None, "c1"),
        ],
    ),
    ("named, content parts", [ChatMessage("user", [{"type": "text", "text": "x"}], "bob")]),
    ("empty text", [ChatMessage("user", "")]),
]


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("extra", [{}, {"temperature": 0.5, "tools": [{"type": "function"}]}])
@pytest.mark.parametrize("messages", [m for _, m in MESSAGES], ids=[n for n, _ in MESSAGES])
def test_the_body_is_the_dicts_bytes(
    messages: list[ChatMessage], extra: dict[str, Any], stream: bool
) -> None:
    up = OpenAIUpstream(
        OpenAITarget(kind="openai", base_url="http://127.0.0.1:9/v1", model="gpt-é")
    )
    req = ChatRequest("support", messages, 64, stream, False, extra)
    body = up._body(req, 77, stream)
    assert body == up.general_body(req, 77, stream)
    doc = parse(body)
    assert doc["model"] == "gpt-é"
    assert doc["max_tokens"] == 77
    assert doc.get("stream", False) is stream
    assert len(doc["messages"]) == len(messages)
