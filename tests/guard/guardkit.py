"""Helpers shared by the guard and gateway tests: plans, in-test targets, HTTP calls."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import yaml

from phaseone.plan.components import Price
from phaseone.plan.loader import LoadedPlan, load_plan
from phaseone.targets.base import TargetResponse

OWNER = {"name": "Dana Okafor", "role": "Head of Ops", "team": "Support", "contact": "dana@x.io"}


def write_plan(
    tmp_path: Path,
    controls: dict[str, Any] | None = None,
    *,
    target: dict[str, Any] | None = None,
    project: str = "guardtest",
    store_url: str | None = None,
    models: list[dict[str, Any]] | None = None,
) -> LoadedPlan:
    data: dict[str, Any] = {
        "version": 1,
        "project": {"name": project},
        "owner": OWNER,
        "target": target or {"kind": "http", "url": "http://127.0.0.1:9/never"},
    }
    if controls is not None:
        data["controls"] = controls
    if store_url:
        data["store"] = {"url": store_url}
    if models is not None:
        data["models"] = models
    path = tmp_path / "phaseone.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return load_plan(path)


class EchoTarget:
    """Answers its input at once; `price` per call for budget tests."""

    def __init__(self, per_call: float = 0.0, label: str = "echo", answer: Any = None) -> None:
        self.price = Price(per_call=per_call)
        self.label = label
        self.fingerprint = label
        self.answer = answer
        self.calls = 0
        self.seen: list[Any] = []

    async def call(self, input: Any, *, case: Any = None) -> TargetResponse:
        self.calls += 1
        self.seen.append(input)
        out = self.answer if self.answer is not None else input
        return TargetResponse(out, 0.1, 3, 4, self.price.per_call)

    async def aclose(self) -> None:
        return None


def http(
    url: str,
    body: Any = None,
    *,
    key: str | None = None,
    method: str | None = None,
    raw: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, str], Any]:
    """(status, headers, parsed JSON or text) — errors are answers too."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    h = {"content-type": "application/json"}
    if key:
        h["authorization"] = f"Bearer {key}"
    h.update(headers or {})
    req = urllib.request.Request(url, data=data, headers=h, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status, hdrs, text = resp.status, dict(resp.headers), resp.read().decode()
    except urllib.error.HTTPError as exc:
        status, hdrs, text = exc.code, dict(exc.headers), exc.read().decode()
    try:
        return status, {k.lower(): v for k, v in hdrs.items()}, json.loads(text)
    except ValueError:
        return status, {k.lower(): v for k, v in hdrs.items()}, text


def wait_until(cond: Any, timeout: float = 10.0, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(interval)
    return bool(cond())


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_serve(plan_path: Path, port: int, *, timeout: float = 30.0, workers: int = 1) -> Any:
    """`phaseone serve` in a subprocess; returns the Popen once /healthz answers."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PHASEONE_DB_URL"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "phaseone.cli",
            "serve",
            "--plan",
            str(plan_path),
            "--port",
            str(port),
            *(["--workers", str(workers)] if workers > 1 else []),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"phaseone serve exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            if http(url + "/healthz", timeout=1)[0] == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("phaseone serve did not become healthy")


async def fire(urls: list[str], key: str, n: int, *, value: Any = "hi") -> list[int]:
    """`n` requests at once, spread round-robin over `urls`; their statuses."""
    import asyncio

    import aiohttp

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:

        async def one(i: int) -> int:
            async with session.post(
                urls[i % len(urls)] + "/v1/invoke",
                json={"input": value},
                headers={"authorization": f"Bearer {key}"},
                timeout=aiohttp.ClientTimeout(total=120),
            ) as resp:
                await resp.read()
                return resp.status

        return list(await asyncio.gather(*(one(i) for i in range(n))))
