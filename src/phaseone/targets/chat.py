"""Chat completions as typed records, and what serves one: a `ChatUpstream`.

The gateway's OpenAI-compatible routes speak these records to the guard, and the guard
speaks them to an upstream (`chat_openai.py`: any OpenAI-compatible API; `chat_target.py`:
any existing `Target` served as a chat model). Only the fields the controls read are typed
(roles, contents, token limits, usage); every other field of a request body is carried as
it came (`ChatRequest.extra`) so an upstream receives what the client sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from phaseone.chat import ChatMessage
from phaseone.plan.components import Price
from phaseone.targets.base import cost_of
from phaseone.targets.tokens import MESSAGE_OVERHEAD_TOKENS, max_tokens_of


@dataclass(slots=True)
class ChatRequest:
    """A checked ``POST /v1/chat/completions`` body."""

    #: The public model name the client asked for (the plan's `models[].name`).
    model: str
    messages: list[ChatMessage]
    #: The most output tokens the client allows (None: the model's default).
    max_tokens: int | None = None
    stream: bool = False
    #: ``stream_options.include_usage``: a last chunk with the usage.
    include_usage: bool = False
    #: Every other field of the body (temperature, tools, response_format…), as sent.
    extra: dict[str, Any] = field(default_factory=dict)

    def prompt_text(self) -> str:
        """Every message's text, joined: what the input is billed on."""
        return "\n".join(m.text() for m in self.messages)

    def max_prompt_tokens(self) -> int:
        """The most prompt tokens this request can be billed for: one per UTF-8 byte of
        each message, plus the chat format's overhead (see `targets.tokens`)."""
        return MESSAGE_OVERHEAD_TOKENS * (len(self.messages) + 1) + sum(
            max_tokens_of(m.text()) for m in self.messages
        )

    def last_user_text(self) -> str:
        """The last user turn's text (what a non-chat target receives)."""
        for m in reversed(self.messages):
            if m.role == "user":
                return m.text()
        return self.messages[-1].text() if self.messages else ""


@dataclass(slots=True)
class ChatUsage:
    """Tokens an answer was billed for."""

    prompt_tokens: int
    completion_tokens: int

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def as_dict(self) -> dict[str, int]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
        }


@dataclass(slots=True)
class ChatCompletion:
    """An upstream's whole answer (first choice)."""

    content: str | None
    usage: ChatUsage | None = None
    finish_reason: str | None = "stop"
    tool_calls: list[dict[str, Any]] | None = None
    #: The model that answered, as the upstream named it.
    model: str | None = None


@dataclass(slots=True)
class ChatChunk:
    """One streamed delta; the last one of a stream may carry only the usage."""

    content: str | None = None
    finish_reason: str | None = None
    #: Tool-call deltas, as the upstream sent them.
    tool_calls: list[dict[str, Any]] | None = None
    usage: ChatUsage | None = None


class ChatUpstream(Protocol):
    """What serves a public model: an OpenAI-compatible API, or a `Target` adapted.

    Errors are `phaseone.errors.TargetError` subclasses (timeout, connection, status,
    bad response), as for a target."""

    #: Human label (secrets masked), e.g. ``openai gpt-4o-mini @ https://api.openai.com/v1``.
    label: str
    #: The model name the upstream is called with.
    model: str
    price: Price
    timeout_s: float
    #: Whether the upstream applies `timeout_s` to its calls itself (an HTTP client's own
    #: timer); otherwise the guard times them.
    times_itself: bool

    async def complete(self, req: ChatRequest, max_tokens: int) -> ChatCompletion:
        """The whole answer to `req`, at most `max_tokens` long."""
        ...

    def stream(self, req: ChatRequest, max_tokens: int) -> AsyncIterator[ChatChunk]:
        """The answer as deltas, in order; the usage on the last chunk when known."""
        ...

    async def embeddings(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /embeddings`` with `body` (its model replaced by the upstream's); raises
        `EmbeddingsUnsupported` when the upstream has none."""
        ...

    async def aclose(self) -> None: ...


class EmbeddingsUnsupported(Exception):
    """The upstream serves no embeddings (a `Target` adapted as a chat model)."""


def chat_cost(price: Price, usage: ChatUsage | None) -> float:
    """What an answer with `usage` costs at `price` (a per-call price alone without usage)."""
    if usage is None:
        return cost_of(price, None, None)
    return cost_of(price, usage.prompt_tokens, usage.completion_tokens)


__all__ = [
    "ChatChunk",
    "ChatCompletion",
    "ChatRequest",
    "ChatUpstream",
    "ChatUsage",
    "EmbeddingsUnsupported",
    "chat_cost",
]
