"""An OpenAI-compatible server whose model answers with tool calls, whole or streamed the
way OpenAI streams them: the call's id and name in its first delta, then its arguments
in small pieces, one call after another, ``finish_reason: tool_calls`` at the end."""

from __future__ import annotations

import json
import time
from typing import Any

from aiohttp import web

from servers import JSON_BODY, OpenAIServer


class ToolCallServer(OpenAIServer):
    """`calls`: ``[(name, arguments_json), …]`` the model calls, in order; `piece`: how
    many characters of arguments each streamed delta carries; `text`: content sent before
    the calls (None: none)."""

    def __init__(
        self,
        calls: list[tuple[str, str]],
        *,
        piece: int = 4,
        text: str | None = None,
        **knobs: Any,
    ) -> None:
        super().__init__(**knobs)
        self.calls = calls
        self.piece = piece
        self.text = text

    def _call(self, i: int, name: str, args: str) -> dict[str, Any]:
        function = {"name": name, "arguments": args}
        return {"id": f"call_{i}", "type": "function", "function": function}

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        payload = request[JSON_BODY]
        assert isinstance(payload, dict)
        usage = {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}
        if not payload.get("stream"):
            message = {
                "role": "assistant",
                "content": self.text,
                "tool_calls": [self._call(i, n, a) for i, (n, a) in enumerate(self.calls)],
            }
            return web.json_response(
                {
                    "id": "chatcmpl-tools",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": self.model,
                    "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}],
                    "usage": usage,
                }
            )
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        base = {"id": "chatcmpl-tools", "object": "chat.completion.chunk", "model": self.model}

        async def delta(d: dict[str, Any], finish: str | None = None) -> None:
            choice = {"index": 0, "delta": d, "finish_reason": finish}
            doc = {**base, "created": int(time.time()), "choices": [choice]}
            await resp.write(b"data: " + json.dumps(doc).encode() + b"\n\n")

        await delta({"role": "assistant", "content": self.text})
        for i, (name, args) in enumerate(self.calls):
            first = self._call(i, name, "")
            await delta({"tool_calls": [{"index": i, **first}]})
            for at in range(0, len(args), self.piece):
                part = args[at : at + self.piece]
                await delta({"tool_calls": [{"index": i, "function": {"arguments": part}}]})
        await delta({}, "tool_calls")
        doc = {**base, "created": int(time.time()), "choices": [], "usage": usage}
        await resp.write(b"data: " + json.dumps(doc).encode() + b"\n\n")
        await resp.write(b"data: [DONE]\n\n")
        await resp.write_eof()
        self.streams_done += 1
        return resp
