"""Helpers shared by the guard and gateway tests: plans, in-test targets, HTTP calls."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from bench.ports import STARTED

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
    """A port nothing listens on right now, for "nothing answers there" checks only.

    Never hand it to a server to bind later: another process (any client's ephemeral
    port) can take it in between. A server under test binds port 0 instead
    (`start_serve`) and says which port it got.
    """
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Serving:
    """A running `phaseone serve`: its process, the port it bound and its output."""

    proc: subprocess.Popen[bytes]
    port: int
    url: str
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


#: The start-up line `phaseone serve` prints once its socket is bound (commands/serve.py).


def start_serve(
    plan_path: Path,
    log: Path,
    *,
    workers: int = 1,
    port: int = 0,
    env: dict[str, str] | None = None,
    cpu_s: float = 60.0,
    wall_s: float = 240.0,
) -> Serving:
    """`phaseone serve --port 0` (any free port) in a subprocess; returned once the port it
    bound (read back from its start-up line) answers `/healthz`; `env` is added to its
    environment.

    Its output goes to `log`, never a pipe nobody reads (a full pipe blocks the server).
    The wait is bounded by the CPU the server's processes used (`cpu_s`; start-up takes
    ~1.6 s) rather than by the wall clock, so a machine busy with other work slows the
    start without failing it; `wall_s` still ends a server that hangs without working.
    """
    import psutil

    environ = {k: v for k, v in os.environ.items() if k != "PHASEONE_DB_URL"}
    environ.update(env or {}, PYTHONUNBUFFERED="1")
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "phaseone.cli", "serve", "--plan", str(plan_path),
             "--port", str(port), "--workers", str(workers)],
            env=environ, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    tree = psutil.Process(proc.pid)
    started = time.monotonic()
    bound: int | None = None
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"phaseone serve exited: {log.read_text()[-3000:]}")
            if bound is None and (m := STARTED.search(log.read_text(errors="replace"))):
                bound = int(m.group(1))
            if bound is not None:
                with contextlib.suppress(OSError):
                    if http(f"http://127.0.0.1:{bound}/healthz", timeout=2)[0] == 200:
                        return Serving(proc, bound, f"http://127.0.0.1:{bound}", log)
            used = _cpu_seconds(tree)
            waited = time.monotonic() - started
            if used > cpu_s or waited > wall_s:
                raise RuntimeError(
                    f"phaseone serve did not answer /healthz after {used:.1f} s of CPU and"
                    f" {waited:.0f} s: {log.read_text()[-3000:]}"
                )
            time.sleep(0.1)
    except BaseException:
        proc.kill()
        proc.wait(10)
        raise


def _cpu_seconds(proc: Any) -> float:
    """CPU seconds used by `proc` and its children (workers, trace writers) so far."""
    import psutil

    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            t = p.cpu_times()
            total += t.user + t.system
    return total


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
