"""`/healthz` tells the truth (issue #21.6): a gateway that serves while its traces cannot
be written, its store or budget backend does not answer, or its circuit breaker is open
says `degraded` with the cause; `/metrics` counts failed trace writes and the backlog;
and once the disk has room again every accepted trace is stored."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from guardkit import EchoTarget, free_port, http, start_serve, write_plan
from sqlalchemy import event, func, select

from phaseone.errors import TargetConnectionError
from phaseone.gateway.app import build_app
from phaseone.gateway.server import serve_in_thread
from phaseone.guard import Guard
from phaseone.guard.health import health_of
from phaseone.store import Store
from phaseone.store.models import Trace
from servers import JsonServer


def _count(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(Trace)) or 0)


def _wait_for(check: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout} s")


def _metric(text: str, name: str) -> float:
    m = re.search(rf"^{name}(?:{{[^}}]*}})? ([0-9.e+-]+)$", text, re.M)
    assert m, f"{name} not in /metrics"
    return float(m.group(1))


def _problems(url: str) -> dict[str, str]:
    status, _, body = http(url + "/healthz")
    assert status == 200
    return {p["code"]: p["message"] for p in body["problems"]}


_CONTROLS = {
    "auth": {"required": False},
    "rate_limit": None,
    "monitoring": {"flush_interval_s": 0.2, "trace_writer": "thread"},
}


def test_a_full_database_makes_the_gateway_degraded_then_loses_nothing(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path}/t.db")
    with store.engine.connect() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
    limit = [pages]  # the database may not grow: a full disk, as SQLite sees it

    @event.listens_for(store.engine, "checkout")
    def _limit(dbapi_conn: Any, _rec: Any, _proxy: Any) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count={limit[0]}")

    loaded = write_plan(tmp_path, _CONTROLS)
    guard = Guard.from_plan(loaded, store, target=EchoTarget())
    server = serve_in_thread(build_app(guard))
    url = server.url
    try:
        assert http(url + "/healthz")[2]["status"] == "ok"
        sent = 0
        for i in range(40):  # requests are served while no trace can be written
            assert http(url + "/v1/invoke", {"input": f"hello {i}"})[0] == 200
            sent += 1
        problems = _wait_for(lambda: _problems(url))
        assert "trace_writes_failing" in problems, problems
        assert "full" in problems["trace_writes_failing"]
        assert http(url + "/healthz?strict=1")[0] == 503
        metrics = http(url + "/metrics")[2]
        failures = _metric(metrics, "phaseone_trace_write_failures_total")
        assert failures >= 1
        assert _metric(metrics, "phaseone_trace_backlog_rows") >= 40
        for i in range(10):
            assert http(url + "/v1/invoke", {"input": f"more {i}"})[0] == 200
            sent += 1
        # The writer keeps trying (every 0.25 … 2 s), and says so.
        _wait_for(
            lambda: (
                _metric(http(url + "/metrics")[2], "phaseone_trace_write_failures_total") > failures
            )
        )
        assert _count(store) < sent
        limit[0] = 1_000_000  # room again
        _wait_for(lambda: http(url + "/healthz")[2]["status"] == "ok", timeout=15)
        # Every accepted trace is stored, without anyone flushing.
        assert _count(store) == sent
        metrics = http(url + "/metrics")[2]
        assert _metric(metrics, "phaseone_trace_backlog_rows") == 0
        assert _metric(metrics, "phaseone_trace_rows_dropped_total") == 0
    finally:
        server.stop()
        store.close()


class _Down:
    """A target that always fails to connect (trips the breaker)."""

    def __init__(self) -> None:
        from phaseone.plan.components import Price

        self.price = Price()
        self.label = "down"
        self.fingerprint = "down"

    async def call(self, input: Any, *, case: Any = None) -> Any:
        raise TargetConnectionError("connection refused")

    async def aclose(self) -> None:
        return None


async def test_an_open_circuit_breaker_is_reported(tmp_path: Path) -> None:
    controls = {
        **_CONTROLS,
        "resilience": {
            "retries": 0,
            "fallback": {"static": "sorry"},
            "circuit_breaker": {"failure_threshold": 2, "reset_after_s": 60},
        },
    }
    store = Store(f"sqlite:///{tmp_path}/t.db")
    guard = Guard.from_plan(write_plan(tmp_path, controls), store, target=_Down())
    try:
        assert (await health_of(guard))[1]["status"] == "ok"
        for _ in range(3):
            assert (await guard.invoke("hi")).fallback_used
        code, body = await health_of(guard)
        assert code == 200 and body["status"] == "degraded"
        assert [p["code"] for p in body["problems"]] == ["circuit_open"]
        assert "primary target is open" in body["problems"][0]["message"]
        assert (await health_of(guard, "1"))[0] == 503
    finally:
        await guard.aclose()
        store.close()


async def test_an_unreachable_store_and_budget_backend_are_reported(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    controls = {
        **_CONTROLS,
        "monitoring": {"tracing": False},
        "rollout": {"kill_switch": False},
        "budget": {
            "daily": 10,
            "backend": "redis",
            "redis_url": f"redis://127.0.0.1:{port}/0",
            "fail_mode": "open",
        },
    }
    pytest.importorskip("redis")
    pytest.importorskip("psycopg")
    store = Store(f"postgresql+psycopg://nobody@127.0.0.1:{port}/none", migrate=False)
    guard = Guard.from_plan(write_plan(tmp_path, controls), store, target=EchoTarget())
    try:
        code, body = await health_of(guard)
        codes = {p["code"]: p["message"] for p in body["problems"]}
        assert code == 200 and body["status"] == "degraded"
        assert set(codes) == {"store_unreachable", "budget_backend_unreachable"}, codes
        assert "connect" in codes["store_unreachable"].lower()
    finally:
        await guard.aclose()
        store.close()


# --- a real full filesystem, with the trace writer process of `phaseone serve` ------


@contextlib.contextmanager
def _small_disk(path: Path, size: str = "4m") -> Iterator[Path]:
    path.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _fill(disk: Path) -> Path:
    """Fill `disk` to the last byte; the file to delete to give the room back."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 512, 1):
            with contextlib.suppress(OSError):
                while os.write(fd, b"\0" * size):
                    pass
    finally:
        os.close(fd)
    return filler


def test_phaseone_serve_on_a_full_disk_holds_its_traces_until_there_is_room(
    tmp_path: Path,
) -> None:
    with _small_disk(tmp_path / "disk") as disk, JsonServer() as upstream:
        url_db = f"sqlite:///{disk}/p1.db"
        Store(url_db).close()  # create and migrate it while there is room
        controls = {**_CONTROLS, "monitoring": {"flush_interval_s": 0.2}}  # writer: process
        target = {"kind": "http", "url": upstream.url + "/answer"}
        loaded = write_plan(tmp_path, controls, target=target, store_url=url_db)
        served = start_serve(loaded.path, tmp_path / "serve.log")
        proc, url = served.proc, served.url
        try:
            filler = _fill(disk)
            sent = 0
            for i in range(60):
                status, _, _ = http(url + "/v1/invoke", {"input": f"on a full disk {i}"})
                assert status == 200
                sent += 1
            problems = _wait_for(lambda: _problems(url))
            assert "trace_writes_failing" in problems, problems
            metrics = http(url + "/metrics")[2]
            assert _metric(metrics, "phaseone_trace_write_failures_total") >= 1
            # (the first rows may fit in the pages SQLite already had)
            assert _metric(metrics, "phaseone_trace_backlog_rows") >= 1
            filler.unlink()  # the operator frees space
            _wait_for(lambda: http(url + "/healthz")[2]["status"] == "ok", timeout=20)
            store = Store(url_db, migrate=False)
            try:
                assert _count(store) == sent
            finally:
                store.close()
        finally:
            proc.terminate()
            proc.wait(30)


def test_health_of_a_guard_without_tracing_or_store_is_ok() -> None:
    guard = Guard(None, EchoTarget())
    code, body = asyncio.run(health_of(guard))
    assert (code, body["status"], body["problems"]) == (200, "ok", [])
    assert "traces" not in body
