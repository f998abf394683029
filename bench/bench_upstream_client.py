"""The call to the upstream, side by side: aiohttp against the lean HTTP/1.1 client.

`targets/client.py: HttpClient.request_json` sends a whole-answer call over plain
``http://`` through `targets/http1.py` and everything else through aiohttp. This measures
both paths of the same `HttpClient`, against the same mock OpenAI upstream
(`bench/openai_upstream.py`, its own process), in one process, alternating rounds: the
client's CPU per call (``time.thread_time``: this thread only, so the upstream's work and
other processes on the machine are not counted), the median and best of the rounds, and
the ratio. Each call sends the benchmark's chat body and parses the answer's JSON.

Run: ``python -m bench upstream_client [--calls 500] [--rounds 7]``; ``--smoke`` proves
the harness in a fraction of a second.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import uvloop  # the gateway's loop: the calls are measured on it

from bench.bench_gateway import wait_http
from bench.bench_openai_gateway import chat_body
from bench.ports import start_on_socket
from phaseone.targets import http1
from phaseone.targets.client import HttpClient

ROOT = Path(__file__).resolve().parent.parent
HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}


async def _round(client: HttpClient, url: str, body: bytes, calls: int, lean: bool) -> float:
    """CPU µs per call of this thread, `calls` calls in a row on one path."""
    if lean:
        http1._endpoints.pop(url, None)  # found again: the lean path
    else:
        http1._endpoints[url] = None  # "not for http1": the aiohttp path
    start = time.thread_time()
    for _ in range(calls):
        await client.request_json("POST", url, headers=HEADERS, body=body)
    return (time.thread_time() - start) / calls * 1e6


async def measure(url: str, calls: int, rounds: int) -> dict[str, Any]:
    client = HttpClient("bench upstream", 10.0)
    body = chat_body(False)
    times: dict[str, list[float]] = {"aiohttp": [], "http1": []}
    try:
        for lean in (False, True):  # warm both pools and code paths
            await _round(client, url, body, max(1, calls // 5), lean)
        for _ in range(rounds):
            times["aiohttp"].append(await _round(client, url, body, calls, False))
            times["http1"].append(await _round(client, url, body, calls, True))
    finally:
        http1._endpoints.pop(url, None)
        await client.aclose()
    out: dict[str, Any] = {
        name: {"median_us": statistics.median(v), "best_us": min(v), "rounds": v}
        for name, v in times.items()
    }
    out["ratio_median"] = out["aiohttp"]["median_us"] / out["http1"]["median_us"]
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="bench_upstream_client")
    parser.add_argument("--calls", type=int, default=500, help="calls per round (500)")
    parser.add_argument("--rounds", type=int, default=7, help="rounds per path (7)")
    parser.add_argument("--smoke", action="store_true", help="a fraction of a second")
    args, _ = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    calls, rounds = (20, 1) if args.smoke else (args.calls, args.rounds)
    up, port = start_on_socket(
        [sys.executable, "-m", "bench.openai_upstream"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/v1/models")
        result = uvloop.run(measure(f"http://127.0.0.1:{port}/v1/chat/completions", calls, rounds))
    finally:
        up.terminate()
        up.wait(10)
    load = os.getloadavg()[0]
    result["loadavg_1m"] = load
    print(
        f"upstream call, CPU of the calling thread per call (median / best of {rounds}"
        f" rounds of {calls}; load average {load:.2f}):"
    )
    for name in ("aiohttp", "http1"):
        r = result[name]
        print(f"  {name:<8} {r['median_us']:7.1f} / {r['best_us']:7.1f} µs")
    print(f"  aiohttp / http1: {result['ratio_median']:.2f}x (medians)")
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
