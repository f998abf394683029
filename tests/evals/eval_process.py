"""A real `phaseone eval` process over a workspace's SQLite store: start it, watch what
it stored, kill it mid-run. Shared by the resume tests here and the reliability suite's
SIGKILL campaign (`tests/reliability/test_eval_sigkill.py`)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def start_eval(plan: Path, *args: str) -> subprocess.Popen[str]:
    """`phaseone eval --plan PLAN ARGS…` in its own process, output captured."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "160"}
    env.pop("PHASEONE_DB_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "phaseone.cli", "eval", "--plan", str(plan), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=plan.parent,
    )


def query(plan: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of `sql` on the workspace's store (``store.db`` beside the plan)."""
    with sqlite3.connect(plan.parent / "store.db", timeout=30) as c:
        return list(c.execute(sql, params))


def stored(plan: Path) -> int:
    """Case results stored so far (0 before the schema exists)."""
    try:
        return int(query(plan, "SELECT count(*) FROM case_results")[0][0])
    except sqlite3.OperationalError:  # the schema is not created yet
        return 0


def wait_for_results(plan: Path, proc: subprocess.Popen[str], at_least: int) -> None:
    """Block until `at_least` case results are stored; fail if the process ends first."""
    deadline = time.monotonic() + 60
    while stored(plan) < at_least:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no results were stored in time"
        time.sleep(0.05)


def kill_after_results(plan: Path, proc: subprocess.Popen[str], at_least: int) -> None:
    """SIGKILL the eval once `at_least` case results are stored, and reap it."""
    wait_for_results(plan, proc, at_least)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
