"""Traces written by a child process (`controls.monitoring.trace_writer: process`, the
default under `phaseone serve`): what is enqueued is stored, flush and close wait for it,
and neither the gateway's SIGKILL nor the child's death loses what the child was handed."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from guardkit import EchoTarget, http, start_serve, write_plan
from sqlalchemy import func, select

from phaseone.guard import Guard
from phaseone.guard.trace_process import ProcessTraceWriter
from phaseone.guard.tracing import TraceWriter
from phaseone.plan.schema import Controls
from phaseone.store import Store
from phaseone.store.models import Trace


def _controls(**monitoring: Any) -> Controls:
    return Controls.model_validate(
        {
            "auth": {"required": False},
            "rate_limit": None,
            "monitoring": {"flush_interval_s": 60, **monitoring},
        }
    )


def _count(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(Trace)) or 0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped by its parent) counts as gone; so does a process
    # reaped between the signal and the read
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _wait_for(check: Any, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


async def test_the_child_writes_what_the_guard_enqueues(store_url: str) -> None:
    store = Store(store_url)  # SQLite, and PostgreSQL when PHASEONE_TEST_PG_URL is set
    guard = Guard(_controls(), EchoTarget(), store=store, trace_writer="process")
    assert isinstance(guard.writer, ProcessTraceWriter)
    ids = [(await guard.invoke(f"hello {i}")).request_id for i in range(120)]
    child = guard.writer.pid
    assert child is not None and child != os.getpid() and _alive(child)
    guard.writer.update(ids[0], {"feedback_score": 0.25})
    odd = await guard.invoke("x", target=EchoTarget(answer=object()))  # not JSON, not picklable
    # flush returns once everything is in the store (the child may have written some
    # batches already: the count it returns is what this flush wrote)
    assert 0 <= guard.writer.flush() <= 121
    assert _count(store) == 121
    with store.session() as s:
        first = s.get(Trace, ids[0])
        assert first is not None and first.feedback_score == 0.25 and first.input == "hello 0"
        row = s.get(Trace, odd.request_id)
        assert row is not None and str(row.output).startswith("<object object at")
    more = await guard.invoke("after the flush")
    await guard.aclose()  # close writes the rest and stops the child
    assert not _alive(child)
    with store.session() as s:
        assert s.get(Trace, more.request_id) is not None
    store.close()


CHILD_SCRIPT = """
import asyncio, sys, time
sys.path.insert(0, {tests!r})
from guardkit import EchoTarget
from phaseone.guard import Guard
from phaseone.plan.schema import Controls
from phaseone.store import Store

async def main():
    store = Store({url!r})
    c = Controls.model_validate({{
        "auth": {{"required": False}},
        "rate_limit": None,
        "monitoring": {{"flush_interval_s": 60}},
    }})
    guard = Guard(c, EchoTarget(), store=store, trace_writer="process")
    for i in range(30):  # fewer than a batch: the child holds them, unwritten
        await guard.invoke(f"m{{i}}")
    await asyncio.sleep(0.5)  # a few ticks: everything has been handed to the child
    print(guard.writer.pid, flush=True)
    await asyncio.sleep(600)

asyncio.run(main())
"""


def test_a_sigkilled_gateway_loses_nothing_it_handed_over(tmp_path: Path) -> None:
    """The flush interval (60 s) is far longer than the test: the rows can only come from
    the child writing what it holds when the pipe from the dead gateway closes."""
    url = f"sqlite:///{tmp_path / 't.db'}"
    script = CHILD_SCRIPT.format(tests=str(Path(__file__).parent), url=url)
    gateway = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert gateway.stdout is not None
    child = int(gateway.stdout.readline())
    store = Store(url)
    assert _count(store) == 0
    gateway.send_signal(signal.SIGKILL)
    gateway.wait(30)
    assert _wait_for(lambda: _count(store) == 30), f"stored {_count(store)} of 30"
    assert _wait_for(lambda: not _alive(child))  # and then it exits
    store.close()


async def test_when_the_child_dies_the_guard_writes_in_process(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    guard = Guard(_controls(), EchoTarget(), store=store, trace_writer="process")
    assert isinstance(guard.writer, ProcessTraceWriter)
    await guard.invoke("before")
    guard.writer.flush()
    assert _count(store) == 1
    child = guard.writer.pid
    assert child is not None
    os.kill(child, signal.SIGTERM)  # ignored: only the gateway stops it
    os.kill(child, signal.SIGINT)
    await guard.invoke("still the child")
    guard.writer.flush()
    assert _count(store) == 2 and guard.writer.pid == child
    os.kill(child, signal.SIGKILL)
    assert _wait_for(lambda: not _alive(child))
    with caplog.at_level(logging.WARNING, logger="phaseone.guard"):
        ids = [(await guard.invoke(f"after {i}")).request_id for i in range(30)]
        guard.writer.flush()
    assert "writing traces in this process" in caplog.text
    assert guard.writer.pid is None
    ids += [(await guard.invoke(f"later {i}")).request_id for i in range(5)]
    guard.writer.flush()  # straight from the queue to the in-process writer
    with store.session() as s:
        assert all(s.get(Trace, i) is not None for i in ids)
    await guard.aclose()
    assert _count(store) == 37
    store.close()


def test_which_writer_a_guard_uses(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    memory = Store("sqlite://")
    try:
        cases = [
            (store, {}, "thread", TraceWriter),  # the Python API's default
            (store, {}, "process", ProcessTraceWriter),  # `phaseone serve`'s default
            (store, {"trace_writer": "thread"}, "process", TraceWriter),  # the plan decides
            (store, {"trace_writer": "process"}, "thread", ProcessTraceWriter),
            (memory, {"trace_writer": "process"}, "process", TraceWriter),  # one process only
        ]
        for st, monitoring, auto, kind in cases:
            guard = Guard(_controls(**monitoring), EchoTarget(), store=st, trace_writer=auto)
            assert type(guard.writer) is kind, (monitoring, auto)
    finally:
        store.close()
        memory.close()


def test_phaseone_serve_writes_traces_from_a_child_process(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    url = f"sqlite:///{tmp_path / 't.db'}"
    loaded = write_plan(tmp_path, {"auth": {"required": False}}, store_url=url)
    served = start_serve(loaded.path, tmp_path / "serve.log")
    proc = served.proc
    try:
        children = psutil.Process(proc.pid).children()
        assert any("phaseone.store.trace_sink" in " ".join(c.cmdline()) for c in children)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    assert "by a child process of each worker" in served.log_text()
    for c in children:
        assert _wait_for(lambda c=c: not c.is_running() or c.status() == psutil.STATUS_ZOMBIE)


def test_the_store_url_travels_down_the_pipe_not_on_the_command_line(tmp_path: Path) -> None:
    """A PostgreSQL URL may hold a password; a command line is readable by every user."""
    store = Store(f"sqlite:///{tmp_path / 'secret-name.db'}")
    writer = ProcessTraceWriter(store, 60)
    writer.start()
    try:
        assert writer.pid is not None
        cmdline = Path(f"/proc/{writer.pid}/cmdline").read_bytes().decode()
        assert "phaseone.store.trace_sink" in cmdline and "secret-name" not in cmdline
    finally:
        writer.close()
        store.close()


async def test_a_writer_closed_before_it_started_is_no_error(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    guard = Guard(_controls(), EchoTarget(), store=store, trace_writer="process")
    await guard.aclose()  # never started: no child to stop, nothing to write
    assert isinstance(guard.writer, ProcessTraceWriter) and guard.writer.pid is None
    assert _count(store) == 0
    store.close()


async def test_a_child_that_cannot_start_leaves_the_writing_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    monkeypatch.setattr(sys, "executable", "/bin/false")  # exits before saying it is ready
    guard = Guard(_controls(), EchoTarget(), store=store, trace_writer="process")
    with caplog.at_level(logging.WARNING, logger="phaseone.guard"):
        result = await guard.invoke("still traced")
    assert "did not start" in caplog.text and "writing traces in this process" in caplog.text
    await guard.aclose()
    with store.session() as s:
        assert s.get(Trace, result.request_id) is not None
    store.close()


def test_each_serve_worker_has_its_writer_and_sigterm_flushes_them_all(tmp_path: Path) -> None:
    """`phaseone serve --workers 2`: one writer process per worker; a SIGTERM to the
    server stops the workers gracefully and every answered request has its trace."""
    psutil = pytest.importorskip("psutil")
    url = f"sqlite:///{tmp_path / 't.db'}"
    controls = {"auth": {"required": False}, "monitoring": {"flush_interval_s": 60}}
    loaded = write_plan(
        tmp_path, controls, target={"kind": "python", "callable": "p1_echo:echo"}, store_url=url
    )
    (tmp_path / "p1_echo.py").write_text("def echo(text):\n    return text\n")
    served = start_serve(loaded.path, tmp_path / "serve.log", workers=2)
    proc, port = served.proc, served.port
    try:
        sinks = []
        for _ in range(200):  # the second worker may still be starting
            sinks = [
                c
                for c in psutil.Process(proc.pid).children(recursive=True)
                if "phaseone.store.trace_sink" in " ".join(c.cmdline())
            ]
            if len(sinks) == 2:
                break
            time.sleep(0.1)
        assert len(sinks) == 2
        ids = []
        for i in range(60):
            status, _, body = http(
                f"http://127.0.0.1:{port}/v1/invoke", {"input": f"m{i}"}, timeout=10
            )
            assert status == 200
            ids.append(body["request_id"])
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
    store = Store(url)
    with store.session() as s:
        assert all(s.get(Trace, rid) is not None for rid in ids)
    store.close()
    assert _wait_for(lambda: not any(c.is_running() and c.status() != "zombie" for c in sinks))


async def test_an_idle_sender_sleeps_and_the_first_row_wakes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An idle gateway's sender thread does not tick (it cost ~6 ms of CPU a second, 0.3 ms
    a request at 20 req/s), and a row that comes after a quiet spell still reaches the
    store without waiting for the idle poll."""
    monkeypatch.setattr(ProcessTraceWriter, "idle_poll_s", 60.0)
    handovers = []
    real = ProcessTraceWriter._hand_over

    def counted(self: ProcessTraceWriter) -> bool:
        handovers.append(time.monotonic())
        return real(self)

    monkeypatch.setattr(ProcessTraceWriter, "_hand_over", counted)
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    guard = Guard(
        _controls(flush_interval_s=0.1), EchoTarget(), store=store, trace_writer="process"
    )
    try:
        await guard.invoke("first")  # starts the writer
        assert _wait_for(lambda: _count(store) == 1, 10)
        time.sleep(0.3)
        quiet = len(handovers)
        time.sleep(0.5)  # nothing queued: a ticking sender would hand over 25 times
        assert len(handovers) == quiet
        await guard.invoke("after a quiet spell")
        assert _wait_for(lambda: _count(store) == 2, 5)  # woken, not the 60 s poll
    finally:
        await guard.aclose()
        store.close()
    assert _count(store) == 2


async def test_under_steady_rows_the_sender_ticks_on_its_timer_and_is_not_woken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows every 5 ms for 0.6 s (ticks of 50 ms): the sender hands over about once a tick
    and the rows' side wakes it once (the first row; twice if a loaded machine stalls this
    test for a whole tick), not once a tick (12 times before); every row is stored, and a
    quiet spell after them still puts the sender to sleep."""
    monkeypatch.setattr(ProcessTraceWriter, "tick_s", 0.05)
    sets: list[float] = []
    handovers: list[int] = []
    real_hand_over = ProcessTraceWriter._hand_over

    def counted(self: ProcessTraceWriter) -> bool:
        sent = real_hand_over(self)
        handovers.append(int(sent))
        return sent

    monkeypatch.setattr(ProcessTraceWriter, "_hand_over", counted)
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    guard = Guard(
        _controls(flush_interval_s=0.1), EchoTarget(), store=store, trace_writer="process"
    )
    try:
        await guard.invoke("first")  # starts the writer
        assert _wait_for(lambda: _count(store) == 1, 10)
        time.sleep(0.2)  # idle again
        writer = guard.writer
        assert isinstance(writer, ProcessTraceWriter)
        real_set = writer._wake.set

        def counted_set() -> None:
            sets.append(time.monotonic())
            real_set()

        monkeypatch.setattr(writer._wake, "set", counted_set)
        handovers.clear()
        ids = []
        for i in range(120):  # 0.6 s of rows, 5 ms apart (12 ticks)
            ids.append((await guard.invoke(f"row {i}")).request_id)
            time.sleep(0.005)
        assert _wait_for(lambda: _count(store) == 121, 10)
        time.sleep(0.3)
        quiet = len(handovers)
        time.sleep(0.3)
        assert len(handovers) == quiet  # asleep again after the rows stopped
        assert 1 <= len(sets) <= 2  # the first row after the idle spell woke the sender
    finally:
        await guard.aclose()
        store.close()
    assert sum(handovers) >= 5  # the rows went over in batches, tick after tick
    with store.session() as s:
        stored = {t.id for t in s.scalars(select(Trace))}
    assert set(ids) <= stored
