"""`workers.once`: the first xdist worker to ask runs the eval, the others read its runs.

Called directly, in threads of this process (the file lock is per open file, so two
threads block each other as two workers do); the plugin under ``-n 2`` is in
`test_xdist.py`.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from phaseone.errors import InfrastructureError, UsageError
from phaseone.pytest_plugin.outcome import SuiteOutcome
from phaseone.pytest_plugin.workers import WorkerReport, once

PLAN = Path("/plan/phaseone.yaml")


class Eval:
    """Counts the eval's runs and reads; what `once` is handed."""

    def __init__(self, seconds: float = 0.0, error: Exception | None = None) -> None:
        self.seconds = seconds
        self.error = error
        self.runs = 0
        self.read: list[tuple[str, ...]] = []

    def run(self) -> SuiteOutcome:
        self.runs += 1
        time.sleep(self.seconds)
        if self.error is not None:
            raise self.error
        return SuiteOutcome(runs=())

    def read_back(self, run_ids: object) -> SuiteOutcome:
        self.read.append(tuple(run_ids))  # type: ignore[arg-type]
        return SuiteOutcome(runs=())


def ask(directory: Path, worker: str, job: Eval, suites: tuple[str, ...] = ("spam",)) -> object:
    return once(directory, worker, PLAN, suites, job.run, job.read_back)


def test_two_workers_asking_at_once_make_one_eval(tmp_path: Path) -> None:
    job = Eval(seconds=0.3)  # long enough for the second to wait on the lock
    start = threading.Barrier(2)
    done: list[str] = []

    def worker(name: str) -> None:
        start.wait()
        ask(tmp_path / "run", name, job)
        done.append(name)

    threads = [threading.Thread(target=worker, args=(f"gw{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(done) == ["gw0", "gw1"]
    assert job.runs == 1 and job.read == [()]  # one ran, the other read its (no) runs


def test_other_suites_or_another_xdist_run_are_another_eval(tmp_path: Path) -> None:
    job = Eval()
    ask(tmp_path / "run1", "gw0", job)
    ask(tmp_path / "run1", "gw1", job, ("spam", "edge"))
    ask(tmp_path / "run2", "gw0", job)
    assert job.runs == 3 and job.read == []
    ask(tmp_path / "run1", "gw1", job, ("edge", "spam"))  # the same suites, in any order
    assert job.runs == 3 and len(job.read) == 1


def test_the_evals_error_reaches_every_worker_as_its_own_type(tmp_path: Path) -> None:
    job = Eval(error=InfrastructureError("connection refused at http://127.0.0.1:9/x"))
    with pytest.raises(InfrastructureError, match="connection refused"):
        ask(tmp_path, "gw0", job)
    with pytest.raises(InfrastructureError, match="connection refused"):
        ask(tmp_path, "gw1", job)
    assert job.runs == 1  # not tried again


def test_a_worker_that_stopped_mid_eval_is_named_and_the_eval_not_run_again(
    tmp_path: Path,
) -> None:
    job = Eval(error=RuntimeError("a bug, or pytest-timeout"))
    with pytest.raises(RuntimeError):
        ask(tmp_path, "gw3", job)
    with pytest.raises(UsageError) as stopped:
        ask(tmp_path, "gw0", job)
    assert "worker gw3" in stopped.value.message and "stopped before it finished" in (
        stopped.value.message
    )
    assert stopped.value.fix is not None and "gw3" in stopped.value.fix
    assert job.runs == 1


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_shared_directory_open_to_others_is_refused(tmp_path: Path) -> None:
    shared = tmp_path / "run"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    job = Eval()
    with pytest.raises(UsageError) as refused:
        ask(shared, "gw0", job)
    assert str(shared) in refused.value.message and f"remove {shared}" in (refused.value.fix or "")
    assert job.runs == 0


def test_a_workers_report_crosses_as_bytes_with_its_error() -> None:
    report = WorkerReport(PLAN, error=InfrastructureError("down", fix="start it"), own_failures=2)
    back = WorkerReport.loads(report.dumps())
    assert isinstance(back.error, InfrastructureError) and back.error.fix == "start it"
    assert (back.plan, back.own_failures, back.run_ids) == (PLAN, 2, None)
