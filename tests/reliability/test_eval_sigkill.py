"""SIGKILL of `phaseone eval`, then `--resume`: the same results as a run never killed
(issue #21). `tests/evals/test_resume.py` shows nothing is lost or repeated; this shows
the resumed run is the uninterrupted one: same cases and repeats, same outputs, verdicts,
errors and scores, same summary figures.

The target is deterministic (a keyword classifier over HTTP that answers HTTP 400 for
every 11th case, an error that is data) and some labels are wrong, so the results hold
passes, failures and errors alike.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from evals_workspace import failing_responder, http_target, spam_cases, suite, write_workspace

from servers import JsonServer

N_CASES, REPEAT = 60, 2
TOTAL = N_CASES * REPEAT


def _eval(plan: Path, *args: str) -> subprocess.Popen[str]:
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


def _query(plan: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(plan.parent / "store.db", timeout=30) as c:
        return list(c.execute(sql))


def _stored(plan: Path) -> int:
    try:
        return int(_query(plan, "SELECT count(*) FROM case_results")[0][0])
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0


def _results(plan: Path) -> dict[tuple[str, int], tuple[Any, ...]]:
    rows = _query(
        plan,
        "SELECT case_id, repeat_index, output, passed, error_kind, scores, input, expected"
        " FROM case_results",
    )
    out = {}
    for case_id, rep, output, passed, error_kind, scores, inp, expected in rows:
        assert (case_id, rep) not in out, f"{case_id} repeat {rep} stored twice"
        out[(case_id, rep)] = (output, passed, error_kind, json.loads(scores), inp, expected)
    return out


#: Summary figures that depend on the results only (not on timing or on being resumed).
def _figures(plan: Path) -> dict[str, Any]:
    ((status, summary),) = _query(plan, "SELECT status, summary FROM runs")
    s = json.loads(summary)
    return {"status": status, **{k: s.get(k) for k in ("n", "pass_rate", "errors", "scorers")}}


def _workspace(root: Path, url: str) -> Path:
    return write_workspace(
        root,
        cases=spam_cases(N_CASES, wrong_every=7),
        target=http_target(url),
        suites=[suite(repeat=REPEAT)],
    )


def test_a_killed_and_resumed_run_equals_an_uninterrupted_one(tmp_path: Path) -> None:
    respond = failing_responder(lambda n: n % 11 == 5, status=400)
    with JsonServer(respond, latency_s=0.08) as server:
        whole = _workspace(tmp_path / "whole", server.url)
        once = _eval(whole, "--concurrency", "4", "--no-progress")
        _, err = once.communicate(timeout=120)
        assert once.returncode in (0, 1), err

        killed = _workspace(tmp_path / "killed", server.url)
        proc = _eval(killed, "--concurrency", "4", "--no-progress")
        deadline = time.monotonic() + 60
        while _stored(killed) < 20:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no results were stored in time"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        before = _stored(killed)
        assert 20 <= before < TOTAL
        ((run_id,),) = _query(killed, "SELECT id FROM runs")
        resumed = _eval(killed, "--resume", run_id, "--no-progress")
        _, err = resumed.communicate(timeout=120)
        assert resumed.returncode == once.returncode, err

    a, b = _results(whole), _results(killed)
    assert len(a) == TOTAL and set(a) == set(b)
    different = {k: (a[k], b[k]) for k in a if a[k] != b[k]}
    assert not different, different
    # the results hold every kind of outcome, so the comparison means something
    assert {v[1] for v in a.values()} >= {0, 1} and any(v[2] for v in a.values())
    assert _figures(whole) == _figures(killed)
    assert _figures(killed)["status"] == "completed"
