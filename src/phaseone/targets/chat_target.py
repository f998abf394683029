"""Any `Target` served as a chat model, and building the upstream a plan names.

A python or http target takes one input, not a conversation: it receives the last user
message's text, and its output becomes the assistant's content (JSON text when the output
is not a string). Streaming is one chunk: the target answers all at once. An ``openai``
target config becomes an `OpenAIUpstream`, which passes the whole conversation on.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from phaseone.plan.components import OpenAITarget, Price
from phaseone.targets.base import TARGETS, Target
from phaseone.targets.chat import (
    ChatChunk,
    ChatCompletion,
    ChatRequest,
    ChatUpstream,
    ChatUsage,
    EmbeddingsUnsupported,
)
from phaseone.targets.chat_openai import OpenAIUpstream


class TargetUpstream:
    """A `Target` as a `ChatUpstream`."""

    def __init__(self, target: Target, *, model: str, price: Price | None = None) -> None:
        self.target = target
        self.model = model
        self.label = target.label
        self.price = price if price is not None else target.price
        own = getattr(target, "timeout_s", None)
        self.timeout_s = float(own) if isinstance(own, int | float) else 30.0
        #: The http and openai targets time their own calls (and take a lower limit).
        self.times_itself = isinstance(own, int | float) and hasattr(target, "limit_timeout")

    def limit_timeout(self, seconds: float) -> None:
        limit = getattr(self.target, "limit_timeout", None)
        if limit is not None:
            limit(seconds)
        self.timeout_s = min(self.timeout_s, seconds)

    async def complete(self, req: ChatRequest, max_tokens: int) -> ChatCompletion:
        resp = await self.target.call(req.last_user_text())
        out = resp.output
        content = out if isinstance(out, str) else json.dumps(out, ensure_ascii=False, default=str)
        usage = (
            ChatUsage(resp.input_tokens or 0, resp.output_tokens or 0)
            if resp.input_tokens is not None or resp.output_tokens is not None
            else None
        )
        return ChatCompletion(content=content, usage=usage, model=self.model)

    async def stream(self, req: ChatRequest, max_tokens: int) -> AsyncIterator[ChatChunk]:
        answer = await self.complete(req, max_tokens)
        yield ChatChunk(content=answer.content, finish_reason="stop", usage=answer.usage)

    async def embeddings(self, body: dict[str, Any]) -> dict[str, Any]:
        raise EmbeddingsUnsupported(f"{self.label} serves no embeddings")

    async def aclose(self) -> None:
        await self.target.aclose()


def build_upstream(
    config: Any, base_dir: Path, *, model: str, price: Price | None = None
) -> ChatUpstream:
    """The upstream a plan's target config names: an ``openai`` config speaks the chat API
    itself; any other kind is built as a target and adapted.

    Args:
        config: a `TargetConfig` (python, http or openai).
        base_dir: the plan's directory (python import paths resolve here).
        model: the public model name (what an adapted target reports as its model).
        price: the model's price, overriding the config's own when set.
    """
    if isinstance(config, OpenAITarget):
        return OpenAIUpstream(config, price)
    factory = TARGETS.get(str(config.kind))
    return TargetUpstream(factory(config, base_dir), model=model, price=price)
