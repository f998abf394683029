"""A killed online pass continues: a second pass scores what the first did not, and no
trace is stored twice (the pass runs in a subprocess killed with SIGKILL mid-pass)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from online_fixtures import PROJECT, T0, live

from phaseone.plan.workspace import workspace
from phaseone.store import runs as run_store
from phaseone.store.online_queries import ONLINE_ROLE

SLOW_CHECK = """
import time

def polite(output, case):
    time.sleep(0.02)
    return output == "ham"
"""

PLAN = """\
version: 1
project: {name: inbox}
owner: {name: Dana, role: Head of Support, team: Support, contact: dana@example.com}
target: {kind: http, url: "http://127.0.0.1:9/x"}
store: {url: "sqlite:///STORE"}
suites:
  - name: happy
    dataset: {kind: jsonl, path: cases.jsonl}
    scorers: [{kind: python, name: polite, callable: "slow_check:polite"}]
slos:
  online: {suite: happy, sample_rate: 1.0, max_per_pass: 1000}
"""

PASS = """
import asyncio, datetime as dt, sys
from phaseone.evals.online import score_online
from phaseone.plan.workspace import workspace

with workspace(sys.argv[1]) as ws:
    online = ws.plan.slos.online
    now = dt.datetime.fromisoformat(sys.argv[2])
    window = dt.timedelta(days=30)
    done = asyncio.run(score_online(ws.loaded, ws.store, online, window=window, now=now))
    print("scored", done.scored)
"""


def scored(plan: Path) -> list[str]:
    with workspace(plan) as ws:
        ids: list[str] = []
        for run in run_store.list_runs(ws.store, PROJECT, role=ONLINE_ROLE):
            ids += [r.case_id for r in run_store.iter_case_results(ws.store, run.id)]
    return ids


def run_pass(plan: Path, now: dt.datetime) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(plan.parent), *sys.path])}
    return subprocess.Popen(
        [sys.executable, "-c", PASS, str(plan), now.isoformat()],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_killed_pass_is_continued_and_nothing_is_scored_twice(tmp_path: Path) -> None:
    (tmp_path / "slow_check.py").write_text(SLOW_CHECK, encoding="utf-8")
    (tmp_path / "cases.jsonl").write_text('{"id": "a", "input": "x"}\n', encoding="utf-8")
    plan = tmp_path / "phaseone.yaml"
    plan.write_text(PLAN.replace("STORE", str(tmp_path / "store.db")), encoding="utf-8")
    with workspace(plan) as ws:
        ids = live(ws.store, T0, 300, bad_every=5)
    now = T0 + dt.timedelta(hours=1)

    first = run_pass(plan, now)
    deadline = time.monotonic() + 60
    while len(scored(plan)) < 50 and time.monotonic() < deadline:
        assert first.poll() is None, first.communicate()
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    partial = scored(plan)
    assert 50 <= len(partial) < 300  # killed mid-pass, with batches stored

    second = run_pass(plan, now)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert f"scored {300 - len(partial)}" in out  # only what the first pass had not stored
    final = scored(plan)
    assert len(final) == len(set(final)) == 300 and set(final) == set(ids)
