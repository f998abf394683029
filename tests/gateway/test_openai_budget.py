"""Budgets on the streamed chat path: 50 concurrent streams never overshoot the ceiling,
and a reader that leaves mid-stream is settled on what was produced and traced."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import openai
from guardkit import wait_until
from openai_kit import NO_OUTPUT_GUARD, chat_gateway, upstream

from servers import OpenAIServer

PRICE = {"per_1k_input_tokens": 1.0, "per_1k_output_tokens": 1.0}
WORDS = "one two three four five six seven eight nine ten"


def test_fifty_concurrent_streams_never_overshoot_the_budget(tmp_path: Path) -> None:
    with OpenAIServer(chunk_delay_s=0.02) as llm:
        models = [{"name": "support", "upstreams": [upstream(llm.url)], "price": PRICE}]
        # each request's worst case: prompt bound (8 × 2 + 49 bytes = 65 tokens) + 40
        # output tokens at 1 per 1k = 0.105; its real cost: 10 + 10 tokens = 0.02
        daily = 0.5
        controls = {"budget": {"daily": daily}}
        with chat_gateway(tmp_path, models, controls) as gw:

            async def one(client: openai.AsyncOpenAI) -> str:
                try:
                    stream = await client.chat.completions.create(
                        model="support",
                        messages=[{"role": "user", "content": WORDS}],
                        max_tokens=40,
                        stream=True,
                        stream_options={"include_usage": True},
                    )
                    text = "".join(
                        [c.choices[0].delta.content or "" async for c in stream if c.choices]
                    )
                    assert text == WORDS
                    return "ok"
                except openai.RateLimitError as exc:
                    assert exc.code == "budget_exceeded"
                    return "refused"

            async def run() -> list[str]:
                client = gw.async_client()
                try:
                    return list(await asyncio.gather(*(one(client) for _ in range(50))))
                finally:
                    await client.close()

            outcomes = asyncio.run(run())
            # both sides of the control happened: some streams served, some refused
            assert 0 < outcomes.count("ok") < 50 and outcomes.count("refused") > 0

            def settled() -> bool:
                rows = [t for t in gw.traces() if t.status_code == 200]
                return len(rows) == outcomes.count("ok")

            assert wait_until(settled)
            spent = sum(t.cost or 0.0 for t in gw.traces())
            assert 0 < spent <= daily + 1e-9
            served = [t for t in gw.traces() if t.status_code == 200]
            assert all(
                abs((t.cost or 0) - 0.02) < 1e-9 for t in served
            )  # real usage, not the bound


def test_a_reader_leaving_mid_stream_is_settled_on_what_was_produced(tmp_path: Path) -> None:
    with OpenAIServer(chunk_delay_s=0.15) as llm:
        models = [{"name": "support", "upstreams": [upstream(llm.url)], "price": PRICE}]
        controls = {**NO_OUTPUT_GUARD, "budget": {"daily": 10.0}}
        with chat_gateway(tmp_path, models, controls) as gw:
            client = gw.client()
            # negative control: a stream read to its end is settled on the upstream's usage
            whole = client.chat.completions.with_raw_response.create(
                model="support",
                messages=[{"role": "user", "content": WORDS}],
                stream=True,
                stream_options={"include_usage": True},
            )
            assert "".join(c.choices[0].delta.content or "" for c in whole.parse() if c.choices)
            full = gw.trace(whole.headers["x-request-id"])
            assert (full.status_code, full.output_tokens, full.cost) == (200, 10, 0.02)
            assert full.model == "support"
            # the first chunk came after the upstream's first delay, before the whole answer
            assert full.ttft_ms is not None and full.latency_ms is not None
            assert 100 < full.ttft_ms < full.latency_ms

            cut = client.chat.completions.with_raw_response.create(
                model="support", messages=[{"role": "user", "content": WORDS}], stream=True
            )
            stream = cut.parse()
            got = []
            for c in stream:
                if c.choices and c.choices[0].delta.content:
                    got.append(c.choices[0].delta.content)
                if len(got) == 2:
                    break
            stream.close()  # the reader leaves after two words
            trace = gw.trace(cut.headers["x-request-id"])
            assert (trace.status_code, trace.error_kind, trace.outcome) == (
                499,
                "cancelled",
                "error",
            )
            # no usage came from the upstream: settled on the bound of what was produced
            # (one token per byte of the words sent so far), never on nothing
            assert trace.output_tokens is not None and 0 < trace.output_tokens < len(WORDS)
            assert trace.cost is not None and 0 < trace.cost < 0.105
            assert trace.output and trace.output.startswith("one two")
            # the upstream's stream was closed too, not left running to its end
            assert wait_until(lambda: llm.streams_cancelled == 1, 5)
            time.sleep(0.3)
            assert llm.streams_done == 1
