"""A resumed run is as old as its oldest answer (issue #15, finding 5).

A run stopped part-way and resumed weeks later used to count as "finished just now":
its age came from ``finished_at``. Here a real run is stopped by its spend limit, its
stored answers are moved back in time (as if it had been stopped then), and the resume
and the gate are asked about it.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from evals_workspace import costly_target, spam_cases, write_workspace

from phaseone.cli import exit_code_for
from phaseone.errors import ExitCode, UsageError
from phaseone.evals import CostLimitExceeded, EvalOptions, aresume, arun_suite
from phaseone.gate import evaluate
from phaseone.gate.context import GateContext
from phaseone.plan.workspace import open_workspace
from phaseone.store.runs import get_run

METRIC = {
    "name": "pass rate",
    "suite": "spam",
    "scorer": "classification",
    "aggregate": "pass_rate",
    "threshold": 0.5,
    "min_cases": 5,
}


async def _stopped_run(tmp_path: Path, *, max_age_days: int = 14) -> tuple[Path, str]:
    """A 20-case run stopped by --max-cost after 5 of its 1-EUR calls."""
    plan = write_workspace(
        tmp_path,
        cases=spam_cases(20),
        target=costly_target(),
        metric=METRIC,
        gate={"evidence_max_age_days": max_age_days},
    )
    loaded, store = open_workspace(plan)
    with pytest.raises(CostLimitExceeded) as info:
        await arun_suite(loaded, store, "spam", EvalOptions(max_cost=5.0, progress=False))
    run_id = info.value.run_id
    assert run_id is not None
    return plan, run_id


def _move_back(plan: Path, run_id: str, days: float) -> int:
    """Every stored answer and the run's own times, `days` earlier (SQLite text times)."""
    with sqlite3.connect(plan.parent / "store.db") as c:
        for table, cols, key in (
            ("case_results", ("created_at",), "run_id"),
            ("runs", ("started_at", "finished_at"), "id"),
        ):
            for col in cols:
                c.execute(
                    f"UPDATE {table} SET {col} = strftime('%Y-%m-%d %H:%M:%f', {col}, "
                    f"'-{days} days') WHERE {key} = ? AND {col} IS NOT NULL",
                    (run_id,),
                )
        return int(
            c.execute("SELECT count(*) FROM case_results WHERE run_id = ?", (run_id,)).fetchone()[0]
        )


async def test_resuming_a_run_whose_first_answers_are_stale_is_refused(tmp_path: Path) -> None:
    plan, run_id = await _stopped_run(tmp_path)
    assert _move_back(plan, run_id, 30) > 0
    loaded, store = open_workspace(plan)
    with pytest.raises(UsageError) as info:
        await aresume(loaded, store, run_id, EvalOptions(max_cost=1000.0, progress=False))
    assert exit_code_for(info.value) == ExitCode.USAGE == 2
    message = str(info.value)
    assert "observed 30 days ago" in message and "evidence_max_age_days = 14" in message
    assert info.value.fix is not None and "start a new run" in info.value.fix
    assert get_run(store, run_id).status == "interrupted"  # nothing was called or finished

    # the command says the same, exit 2
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("PHASEONE_DB_URL", None)
    args = ["eval", "--plan", str(plan), "--resume", run_id, "--max-cost", "1000"]
    res = subprocess.run(
        [sys.executable, "-m", "phaseone.cli", *args, "--no-progress"],
        capture_output=True,
        text=True,
        env=env,
        cwd=plan.parent,
        timeout=120,
    )
    assert res.returncode == 2, res.stdout + res.stderr
    assert "start a new run" in res.stdout + res.stderr


async def test_a_resumed_run_is_as_old_as_its_oldest_answer(tmp_path: Path) -> None:
    plan, run_id = await _stopped_run(tmp_path)
    _move_back(plan, run_id, 10)  # stopped 10 days ago; resumed now (within 14 days)
    loaded, store = open_workspace(plan)
    run = await aresume(loaded, store, run_id, EvalOptions(max_cost=1000.0, progress=False))
    assert run.status == "completed" and run.summary is not None
    assert run.summary["metric"]["verdict"] == "PASS"

    ctx = GateContext(loaded, store)
    ev = ctx.run_evidence(run, "metric")
    assert 9.9 < ev.age_days < 10.1  # not 0: finished_at is now, the oldest answer is not
    assert ctx.run_age(run) == "answers observed between 10 days ago and just now"
    checks = {c.id: c for c in evaluate(loaded, store).checks}
    assert "between 10 days ago and just now" not in checks["evals.metric"].reason  # passes
    assert checks["evals.metric"].status == "pass", checks["evals.metric"].reason

    # a gate that accepts a week of age: the run's oldest answers are too old for it
    data = yaml.safe_load(plan.read_text())
    data["gate"]["evidence_max_age_days"] = 7
    plan.write_text(yaml.safe_dump(data, sort_keys=False))
    loaded, store = open_workspace(plan)
    metric = {c.id: c for c in evaluate(loaded, store).checks}["evals.metric"]
    assert metric.status == "fail" and "stale" in metric.reason and "10 days" in metric.reason


def test_run_age_of_an_unresumed_run_is_one_time(tmp_path: Path) -> None:
    """A run whose answers were all observed together reads as one time, not a span."""
    from phaseone.store.models import CaseResult, Run

    plan = write_workspace(tmp_path, metric=METRIC)
    loaded, store = open_workspace(plan)
    at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    with store.session() as s:
        s.add(
            Run(
                id="r1",
                project="evals-test",
                suite="spam",
                target_fingerprint="f",
                target_label="t",
                dataset_identity={},
                config={},
                status="completed",
                started_at=at,
                finished_at=at + dt.timedelta(minutes=2),
            )
        )
        s.flush()
        s.add(CaseResult(run_id="r1", case_id="a", input="x", created_at=at))
    run = get_run(store, "r1")
    assert GateContext(loaded, store).run_age(run) == "answers observed 3 hours ago"
