"""The OpenAI-protocol gateway benchmark's harness (`bench/bench_openai_gateway.py`).

Its figures are only as good as its parts: the mock upstream must speak the protocol
the gateways expect (a chat completion with usage; server-sent events ending with
``[DONE]``), and a short run must measure every system it starts. LiteLLM is not
installed here (it never is a phaseone dependency), so the smoke run leaves it out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_gateway import wait_http  # noqa: E402
from bench.ports import start_on_socket  # noqa: E402


@pytest.fixture
def upstream() -> Iterator[str]:
    """The mock upstream on a socket bound before it starts (no port to lose meanwhile)."""
    proc, port = start_on_socket([sys.executable, "-m", "bench.openai_upstream"], cwd=ROOT)
    try:
        wait_http(f"http://127.0.0.1:{port}/v1/models")
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        proc.terminate()
        proc.wait(10)


async def test_upstream_answers_a_chat_completion_with_usage(upstream: str) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "Where is my order?"}]}
    async with (
        aiohttp.ClientSession() as s,
        s.post(upstream + "/chat/completions", json=body) as r,
    ):
        assert r.status == 200
        doc = await r.json()
    assert doc["object"] == "chat.completion"
    assert doc["model"] == "m"
    assert doc["choices"][0]["message"] == {
        "role": "assistant",
        "content": "Your order 12345 ships today.",
    }
    assert doc["usage"]["completion_tokens"] == 5
    assert doc["usage"]["total_tokens"] == doc["usage"]["prompt_tokens"] + 5


async def test_upstream_streams_events_in_order_then_done(upstream: str) -> None:
    body = {
        "model": "m",
        "messages": [{"role": "user", "content": "hi"}],
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    async with aiohttp.ClientSession() as s:
        # Two streams on one keep-alive connection: the chunked framing must end each.
        for _ in range(2):
            async with s.post(upstream + "/chat/completions", json=body) as r:
                assert r.status == 200
                assert r.headers["content-type"] == "text/event-stream"
                text = (await r.read()).decode()
    events = [e.removeprefix("data: ") for e in text.split("\n\n") if e]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    content = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
    assert content == "Your order 12345 ships today."
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert chunks[-2]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["completion_tokens"] == 5


def test_smoke_run_measures_bare_and_both_phaseone_routes_side_by_side(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    t0 = time.monotonic()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "openai_gateway",
            "--smoke",
            "--no-litellm",
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        },
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert time.monotonic() - t0 < 120
    assert "install it in a throwaway venv" in run.stdout  # says how to add LiteLLM
    systems = json.loads(out.read_text())["systems"]
    assert "litellm" not in systems
    bare, invoke, chat = systems["bare"], systems["phaseone invoke"], systems["phaseone chat"]
    for name, res in (("bare", bare), ("phaseone invoke", invoke), ("phaseone chat", chat)):
        point = res["open_50"]
        assert point["sent"] == 25 and point["ok"] == 25 and point["errors"] == 0, (name, point)
        assert 0 < point["p50"] <= point["p99"], (name, point)
        assert res["closed"]["rps"] > 0, name
    # The gateway's own process did work, and its latency is measured over the bare path.
    assert invoke["open_50"]["cpu_ms"] > 0 and invoke["closed"]["cpu_ms"] > 0
    assert invoke["open_50"]["added_p50"] == pytest.approx(
        invoke["open_50"]["p50"] - bare["open_50"]["p50"]
    )
    assert invoke["rss_mb"] > 10
    # Streaming: the time to the first event through /v1/chat/completions and over the bare
    # path; /v1/invoke does not stream.
    for res in (bare, chat):
        stream = res["stream_50"]
        assert stream["ok"] == 25 and stream["errors"] == 0, stream
        assert 0 < stream["ttft_p50"] <= stream["p99"], stream
    assert chat["stream_50"]["added_ttft_p99"] == pytest.approx(
        chat["stream_50"]["ttft_p99"] - bare["stream_50"]["ttft_p99"]
    )
    assert "stream_50" not in invoke
    assert "open loop 50 req/s" in run.stdout and "closed loop, 8 clients" in run.stdout


#: A stand-in for LiteLLM's proxy: `--port N` only, 200 at /health/liveliness; a port in
#: use ends it as uvicorn does ("[Errno 98] … address already in use", exit 1).
FAKE_PEER = """
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

class Alive(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'"I\\'m alive!"')

port = int(sys.argv[sys.argv.index("--port") + 1])
try:
    server = HTTPServer(("127.0.0.1", port), Alive)
except OSError as exc:
    print(f"ERROR: {exc}", file=sys.stderr)
    sys.exit(1)
print(f"listening on {port}", flush=True)
server.serve_forever()
"""


def test_a_peer_whose_port_was_taken_starts_again_on_another(tmp_path: Path) -> None:
    """LiteLLM takes only a port number: when another process took it first, the peer is
    started once more on a new free port, and the URL given back is that one."""
    import socket

    from bench.bench_openai_gateway import LiteLLM, PortTaken, stop

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        peer = LiteLLM([sys.executable, "-c", FAKE_PEER], dict(os.environ), tmp_path, port=port)
        proc, url = peer()
        try:
            assert peer.port != port and url == f"http://127.0.0.1:{peer.port}/chat/completions"
            assert proc.poll() is None
            assert (
                f"listening on {peer.port}" in (tmp_path / f"litellm-{peer.port}.log").read_text()
            )
            assert (
                "address already in use" in (tmp_path / f"litellm-{port}.log").read_text().lower()
            )
        finally:
            stop(proc)
        # Taken twice in a row: the second failure is reported, not retried for ever.
        stubborn = LiteLLM([sys.executable, "-c", FAKE_PEER], dict(os.environ), tmp_path,
                           port=port, attempts=1)  # fmt: skip
        with pytest.raises(PortTaken):
            stubborn()
