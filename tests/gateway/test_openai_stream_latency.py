"""Time to first token through the gateway, output guardrails on: the first chunk of a
plain-prose stream reaches the official `openai` SDK as soon as the upstream has sent it,
not when the upstream sends its next chunk (the hold-back window waits only for what can
still become a finding: an open word, a number in groups).

The upstream here sends its first chunk and then pauses, so a gateway that held the first
chunk (for the window to fill, for a word to end, for a buffer to flush, for a write to be
acknowledged) shows the pause in the measurement.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from openai_kit import chat_gateway, upstream

from servers import LocalServer

FIRST = "Your order "  # a closed word: nothing in it can still become a finding
REST = ["ships ", "today."]
PAUSE_S = 0.5


class PausingLLM(LocalServer):
    """``POST /v1/chat/completions`` streamed: the role and `first`, a pause of `pause_s`,
    then `rest`; `first_sent` holds when each first chunk was written (perf_counter)."""

    def __init__(self, first: str, rest: list[str], pause_s: float) -> None:
        super().__init__()
        self.first, self.rest, self.pause_s = first, rest, pause_s
        self.first_sent: list[float] = []

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/v1/chat/completions", self._chat)

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)

        async def event(delta: dict[str, Any], finish: str | None = None) -> None:
            doc = {
                "id": "chatcmpl-pause",
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": "local-model",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            await resp.write(b"data: " + json.dumps(doc).encode() + b"\n\n")

        await event({"role": "assistant", "content": self.first})
        self.first_sent.append(time.perf_counter())
        await asyncio.sleep(self.pause_s)
        for piece in self.rest:
            await event({"content": piece})
        await event({}, "stop")
        await resp.write(b"data: [DONE]\n\n")
        await resp.write_eof()
        return resp


@pytest.fixture
def pausing() -> Iterator[PausingLLM]:
    with PausingLLM(FIRST, REST, PAUSE_S) as s:
        yield s


def test_first_chunk_is_not_held_until_the_upstream_sends_more(
    tmp_path: Path, pausing: PausingLLM
) -> None:
    models = [{"name": "support", "upstreams": [upstream(pausing.url)]}]
    with chat_gateway(tmp_path, models) as gw:  # default controls: output guardrails on
        client = gw.client()
        lags: list[float] = []
        for _ in range(5):
            stream = client.chat.completions.create(
                model="support", messages=[{"role": "user", "content": "where is it?"}], stream=True
            )
            first_at, text = None, []
            for chunk in stream:
                piece = chunk.choices[0].delta.content if chunk.choices else None
                if piece and first_at is None:
                    first_at = time.perf_counter()
                    assert piece == FIRST  # the whole first chunk, not a part of it
                text.append(piece or "")
            assert "".join(text) == FIRST + "".join(REST)  # and nothing lost after it
            assert first_at is not None
            lags.append(first_at - pausing.first_sent[-1])
        # Every first chunk arrived before the upstream's next one (which came PAUSE_S
        # later); the best of five, which a busy machine does not inflate, within 20 ms.
        assert max(lags) < PAUSE_S / 2, lags
        assert min(lags) < 0.02, lags
