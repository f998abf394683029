"""Any OpenAI-compatible chat endpoint as the target (OpenAI, vLLM, Ollama, llama.cpp).

Spoken directly over aiohttp rather than through the `openai` SDK: one protocol, no extra
dependency, and the same pooled session and error kinds as the http target.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from phaseone.chat import Conversation
from phaseone.errors import TargetBadResponse
from phaseone.plan.components import OpenAITarget
from phaseone.redact import fingerprint_config, mask_url
from phaseone.targets.base import TARGETS, TargetResponse, fingerprint_of
from phaseone.targets.json_target import AnswerFields, JsonOverHttpTarget, JsonRequest, read_path
from phaseone.targets.templates import compile_tree, render
from phaseone.targets.tokens import MESSAGE_OVERHEAD_TOKENS, max_tokens_of
from phaseone.wire import dumps, quote


def _usage(doc: dict[str, Any], key: str) -> int | None:
    """Usage is optional for compatible servers; a missing count is unknown, not an error."""
    usage = doc.get("usage")
    value = usage.get(key) if isinstance(usage, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def leading_system(messages: list[dict[str, str]]) -> list[dict[str, str]]:
    """The plan's messages before its first non-system one: its system prompt."""
    out = []
    for m in messages:
        if m.get("role") != "system":
            break
        out.append(m)
    return out


def conversation_of(case: Any) -> Conversation | None:
    """The case's conversation, when it carries one (`Case.conversation`)."""
    conversation = getattr(case, "conversation", None)
    return conversation if isinstance(conversation, Conversation) else None


class OpenAIChatTarget(JsonOverHttpTarget):
    """POSTs the rendered messages to ``/chat/completions`` and reads the first choice.

    A case that carries a conversation is sent as the plan's system prompt (its leading
    ``system`` messages, rendered over the case) followed by the conversation as written.
    The plan's other messages (the ``{{ input }}`` user turn, few-shot turns after it)
    are how one input becomes a conversation, which such a case already is, so they are
    not sent. The system prompt is kept because it is part of the deployed system: the
    application in production puts it in front of every user's conversation.
    """

    def __init__(self, config: OpenAITarget, base_dir: Path | None = None) -> None:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if config.api_key:
            headers["Authorization"] = f"Bearer {config.api_key}"
        label = f"openai {config.model} @ {mask_url(config.base_url)}"
        super().__init__(label, config.timeout_s, headers)
        self.config = config
        self.price = config.price
        self.url = config.base_url.rstrip("/") + "/chat/completions"
        self.fingerprint = fingerprint_of(fingerprint_config(config))
        self._messages = compile_tree(config.messages, "target.messages")
        self._system = compile_tree(leading_system(config.messages), "target.messages")

    def _render(self, input: Any, case: Any) -> list[dict[str, Any]]:
        conversation = conversation_of(case)
        template = self._messages if conversation is None else self._system
        messages: list[dict[str, Any]] = render(template, input, case)
        for m in messages:  # a structured input in `{{ input }}` is sent as JSON text
            if not isinstance(m.get("content"), str):
                m["content"] = json.dumps(m.get("content"), ensure_ascii=False, default=str)
        if conversation is not None:
            messages += conversation.to_openai()
        return messages

    def max_input_tokens(self, input: Any, *, case: Any = None) -> int:
        """The most prompt tokens this call can be billed for: every rendered message
        (system prompt included, not just the input; a conversation's tool calls too) at
        one token per UTF-8 byte, plus the chat format's overhead. The guard reserves
        budget with it."""
        messages = self._render(input, case)
        return MESSAGE_OVERHEAD_TOKENS * (len(messages) + 1) + sum(
            max_tokens_of(str(m.get("content") or ""))
            + (len(dumps(m["tool_calls"])) if "tool_calls" in m else 0)  # bytes, as above
            for m in messages
        )

    async def call(self, input: Any, *, case: Any = None) -> TargetResponse:
        payload = {
            "model": self.config.model,
            "messages": self._render(input, case),
            "temperature": self.config.temperature,
            "max_tokens": self.config.max_tokens,
        }
        return await self._answer(JsonRequest("POST", self.url, dumps(payload)), self._read)

    def _read(self, doc: Any) -> AnswerFields:
        if not isinstance(doc, dict):
            raise TargetBadResponse(
                f"{self.label}: answer is not a chat completion object: {quote(json.dumps(doc))}"
            )
        return AnswerFields(
            output=read_path(doc, "choices.0.message.content", self.label, "chat completion"),
            input_tokens=_usage(doc, "prompt_tokens"),
            output_tokens=_usage(doc, "completion_tokens"),
        )


@TARGETS.register("openai")
def openai_target(config: OpenAITarget, base_dir: Path) -> OpenAIChatTarget:
    return OpenAIChatTarget(config, base_dir)
