"""Any OpenAI-compatible chat endpoint as the target (OpenAI, vLLM, Ollama, llama.cpp).

Spoken directly over aiohttp rather than through the `openai` SDK: one protocol, no extra
dependency, and the same pooled session and error kinds as the http target.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from phaseone.errors import TargetBadResponse
from phaseone.plan.components import OpenAITarget
from phaseone.redact import fingerprint_config, mask_url
from phaseone.targets.base import TARGETS, TargetResponse, cost_of, fingerprint_of
from phaseone.targets.client import HttpClient
from phaseone.targets.http import read_path
from phaseone.targets.templates import compile_tree, render
from phaseone.targets.tokens import MESSAGE_OVERHEAD_TOKENS, max_tokens_of
from phaseone.wire import dumps, quote


def _usage(doc: dict[str, Any], key: str) -> int | None:
    """Usage is optional for compatible servers; a missing count is unknown, not an error."""
    usage = doc.get("usage")
    value = usage.get(key) if isinstance(usage, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class OpenAIChatTarget:
    def __init__(self, config: OpenAITarget, base_dir: Path | None = None) -> None:
        self.config = config
        self.price = config.price
        self.url = config.base_url.rstrip("/") + "/chat/completions"
        self.label = f"openai {config.model} @ {mask_url(config.base_url)}"
        self.fingerprint = fingerprint_of(fingerprint_config(config))
        self._messages = compile_tree(config.messages, "target.messages")
        self._headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if config.api_key:
            self._headers["Authorization"] = f"Bearer {config.api_key}"
        self._client = HttpClient(self.label, config.timeout_s)

    def _render(self, input: Any, case: Any) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = render(self._messages, input, case)
        for m in messages:  # a structured input in `{{ input }}` is sent as JSON text
            if not isinstance(m.get("content"), str):
                m["content"] = json.dumps(m.get("content"), ensure_ascii=False, default=str)
        return messages

    def max_input_tokens(self, input: Any, *, case: Any = None) -> int:
        """The most prompt tokens this call can be billed for: every rendered message
        (system prompt included, not just the input) at one token per UTF-8 byte, plus the
        chat format's overhead. The guard reserves budget with it."""
        messages = self._render(input, case)
        return MESSAGE_OVERHEAD_TOKENS * (len(messages) + 1) + sum(
            max_tokens_of(str(m.get("content", ""))) for m in messages
        )

    async def call(self, input: Any, *, case: Any = None) -> TargetResponse:
        messages = self._render(input, case)
        payload = {
            "model": self.config.model,
            "messages": messages,
            "temperature": self.config.temperature,
            "max_tokens": self.config.max_tokens,
        }
        body = dumps(payload)
        start = time.perf_counter()
        doc = await self._client.request_json("POST", self.url, headers=self._headers, body=body)
        latency_ms = (time.perf_counter() - start) * 1000
        if not isinstance(doc, dict):
            raise TargetBadResponse(
                f"{self.label}: answer is not a chat completion object: {quote(json.dumps(doc))}"
            )
        output = read_path(doc, "choices.0.message.content", self.label, "chat completion")
        in_tok = _usage(doc, "prompt_tokens")
        out_tok = _usage(doc, "completion_tokens")
        return TargetResponse(
            output=output,
            latency_ms=latency_ms,
            input_tokens=in_tok,
            output_tokens=out_tok,
            cost=cost_of(self.price, in_tok, out_tok),
            raw=doc,
        )

    @property
    def timeout_s(self) -> float:
        """The timeout this target applies to each call itself."""
        return self._client.timeout_s

    def limit_timeout(self, seconds: float) -> None:
        """Apply at most `seconds` per call (the guard's `resilience.timeout_s`)."""
        self._client.limit_timeout(seconds)

    async def aclose(self) -> None:
        await self._client.aclose()


@TARGETS.register("openai")
def openai_target(config: OpenAITarget, base_dir: Path) -> OpenAIChatTarget:
    return OpenAIChatTarget(config, base_dir)
