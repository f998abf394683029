"""What counts as a look at the locked metric, and how a look is judged.

Runs and locks are written into a real store (SQLite, and PostgreSQL when configured) the
way the runner and `phaseone lock` write them; `count_looks` reads them back.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from cli_runner import cli
from evals_workspace import spam_cases, suite, write_workspace

from phaseone.evals.looks import Looks, count_looks, judge, judge_run
from phaseone.evals.stats import rate_verdict
from phaseone.plan.lock import AUTO_LOCKER
from phaseone.store.database import Store
from phaseone.store.models import CaseResult, Run
from phaseone.store.plans import add_metric_lock
from phaseone.store.run_summary import MetricResult

PROJECT, SUITE = "looks", "main"


T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _metric(k: int, n: int = 200, aggregate: str = "pass_rate") -> dict[str, Any]:
    v = rate_verdict(k, n, 0.8, "higher", 100, 0.95)
    return {**v.as_dict(), "verdict": v.state, "aggregate": aggregate}


def _result(metric: dict[str, Any]) -> MetricResult:
    """The stored metric as the gate reads it."""
    return MetricResult.model_validate(metric)


def _lock(
    store: Store,
    minutes: float,
    *,
    by: str | None = None,
    reason: str | None = None,
    metric: dict[str, Any] | None = None,
    dataset: dict[str, Any] | None = None,
) -> int:
    row = add_metric_lock(
        store,
        PROJECT,
        metric_hash=uuid.uuid4().hex,
        metric=metric or {"threshold": 0.8},
        dataset_identity=dataset,
        plan_hash=None,
        reason=reason,
        locked_by=by,
        locked_at=T0 + dt.timedelta(minutes=minutes),
    )
    return row.id


def _run(
    store: Store,
    minutes: float,
    *,
    status: str = "completed",
    role: str = "pilot",
    suite: str = SUITE,
    metric: dict[str, Any] | None = None,
    summary: bool = True,
    scored: int = 0,
) -> str:
    rid = "r_" + uuid.uuid4().hex[:16]
    summ = {"n": 200, "metric": metric if metric is not None else _metric(170)}
    with store.session() as s:
        s.add(
            Run(
                id=rid,
                project=PROJECT,
                suite=suite,
                role=role,
                target_fingerprint="fp",
                target_label="t",
                dataset_identity={},
                config={},
                status=status,
                summary=summ if summary else None,
                started_at=T0 + dt.timedelta(minutes=minutes),
            )
        )
        s.flush()
        for i in range(scored):  # answers scored before the process died
            s.add(CaseResult(run_id=rid, case_id=f"c{i}", input="x", passed=i % 2 == 0))
    return rid


def _looks(store: Store, rid: str) -> Looks:
    return count_looks(store, PROJECT, SUITE, rid, 0.95)


def test_what_counts_as_a_look(store: Store) -> None:
    _run(store, -10)  # before the lock: evidence against no lock, not a look since it
    _lock(store, 0, by=AUTO_LOCKER)
    first = _run(store, 1)  # completed: look 1
    _run(store, 2, status="interrupted")  # stopped with a metric value: look 2
    _run(store, 3, status="failed")  # failed after scoring: look 3
    _run(store, 4, status="running", summary=False)  # killed before its summary: not a look
    _run(store, 5, metric={"value": None, "n": 0, "verdict": "INCONCLUSIVE"})  # nothing scored
    _run(store, 6, role="baseline")  # the baseline target: not a look at the pilot
    _run(store, 7, suite="edge")  # another suite
    latest = _run(store, 8)  # look 4
    looks = _looks(store, latest)
    assert (looks.look, looks.total) == (4, 4)
    assert not looks.relocked and looks.since_first_lock == 4
    # a run's own number is fixed when it starts: later runs raise the total, not its look
    assert (_looks(store, first).look, _looks(store, first).total) == (1, 4)


def test_a_relock_restarts_the_count_and_is_flagged(store: Store) -> None:
    _lock(store, 0, by=AUTO_LOCKER)
    for m in range(1, 6):
        _run(store, m)
    before = _run(store, 6)
    relock_id = _lock(
        store,
        10,
        by="Dana",
        reason="threshold agreed again with finance",
        metric={"threshold": 0.85},
    )
    after = _run(store, 11)
    assert _looks(store, before).look == 6
    looks = _looks(store, after)
    assert (looks.look, looks.total, looks.relocked) == (1, 1, True)
    assert looks.lock_id == relock_id and looks.since_first_lock == 7
    assert looks.describe() == "look 1 since the re-lock: judged at 97.5% one-sided"


def test_a_relock_that_changes_nothing_measured_keeps_counting(store: Store) -> None:
    """Renaming the metric ('pass rate' → 'pass rate.') or moving a gate bar is not a new
    metric: the five earlier looks still count, so the sixth run is look 6, not look 1."""
    _lock(store, 0, by=AUTO_LOCKER, metric={"name": "pass rate", "threshold": 0.8})
    for m in range(1, 6):
        _run(store, m)
    _lock(store, 10, by="Dana", reason="typo", metric={"name": "pass rate.", "threshold": 0.8})
    looks = _looks(store, _run(store, 11))
    assert (looks.look, looks.total, looks.relocked) == (6, 6, False)
    assert looks.describe() == "look 6 since the lock: judged at 99.88% one-sided"


def _sql_identity(query: str) -> dict[str, Any]:
    config = {"kind": "sql", "url": "sqlite:///inbox.db", "query": query}
    return {"source": "sql", "config": config, "content_hash": "c0ffee", "rows": 200}


def test_a_relock_that_changes_the_dataset_restarts_the_count(store: Store) -> None:
    metric = {"name": "pass rate", "threshold": 0.8}
    _lock(store, 0, metric=metric, dataset=_sql_identity("SELECT * FROM messages"))
    for m in range(1, 4):
        _run(store, m)
    narrowed = _sql_identity("SELECT * FROM messages WHERE label='ham'")
    _lock(store, 10, by="Dana", reason="routine refresh", metric=metric, dataset=narrowed)
    looks = _looks(store, _run(store, 11))
    assert (looks.look, looks.relocked, looks.since_first_lock) == (1, True, 4)


def test_the_automatic_dataset_lock_does_not_restart_the_count(store: Store) -> None:
    """`phaseone lock` before any data, then the runner records the dataset identity with
    the first evidence: one count, not two."""
    _lock(store, 0, by="Dana")
    _run(store, 1)
    _lock(store, 1.5, by=AUTO_LOCKER, reason="dataset identity recorded with the first evidence")
    rid = _run(store, 2)
    looks = _looks(store, rid)
    assert (looks.look, looks.relocked) == (2, False)


def test_the_lock_is_taken_just_before_its_first_run(store: Store) -> None:
    """The runner locks, then creates the run: a run stamped a moment before the lock
    (clock skew) is still the first look since it."""
    _lock(store, 0)
    rid = _run(store, -1 / 60)  # one second earlier
    assert _looks(store, rid).look == 1


def test_judge_keeps_pass_only_when_it_survives_the_looks_level() -> None:
    narrow, clear = _result(_metric(172)), _result(_metric(190))
    assert narrow.verdict == "PASS" and clear.verdict == "PASS"
    j1 = judge(narrow, Looks.at(1, 0.95))
    j20 = judge(narrow, Looks.at(20, 0.95))
    assert j20.state == "INCONCLUSIVE" and j20.demoted and j20.method == "exact"
    assert j20.lower is not None and j20.lower < 0.8
    assert j20.more_cases_needed is not None and j20.more_cases_needed > 0
    assert j1.lower is not None and j20.lower < j1.lower  # stricter at every further look
    assert judge(clear, Looks.at(20, 0.95)).state == "PASS"
    # FAIL and INCONCLUSIVE stand: a look never makes the verdict more lenient
    assert judge(_result(_metric(140)), Looks.at(1, 0.95)).state == "FAIL"
    assert judge(_result(_metric(165)), Looks.at(1, 0.95)).state == "INCONCLUSIVE"
    # the stored verdict's own reasons (too many infrastructure errors) stand too
    infra = clear.model_copy(update={"verdict": "INCONCLUSIVE"})
    assert judge(infra, Looks.at(1, 0.95)).state == "INCONCLUSIVE"


def test_judge_rescales_a_bootstrap_metric() -> None:
    mean = MetricResult(
        **{
            "aggregate": "mean",
            "value": 0.85,
            "lower": 0.81,
            "upper": 0.89,
            "threshold": 0.8,
            "direction": "higher",
            "confidence": 0.95,
            "n": 300,
            "min_cases": 100,
            "verdict": "PASS",
        }
    )
    j = judge(mean, Looks.at(3, 0.95))
    assert j.method == "rescaled" and j.state == "INCONCLUSIVE"
    assert j.lower is not None and j.lower < 0.8


@pytest.mark.parametrize("role", ["pilot", "baseline"])
def test_judge_run_reads_only_pilot_runs_of_the_metric_suite(store: Store, role: str) -> None:
    _lock(store, 0)
    rid = _run(store, 1, role=role)
    with store.session() as s:
        run = s.get(Run, rid)
        assert run is not None
    got = judge_run(store, PROJECT, SUITE, run)
    assert (got is not None) == (role == "pilot")
    if got is not None:
        assert got.looks.look == 1 and got.single == "PASS"


def test_phaseone_eval_shows_the_look_and_exits_by_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """120 cases, all right: the exact 95% lower bound is 0.9753, so every run passes a
    0.965 threshold on its own. Look 1 (97.5%: 0.9698) still passes; look 2 (99.17%:
    0.9609) does not — `phaseone eval` says so and exits 3, as the gate would decide."""
    metric = {
        "name": "pass rate",
        "suite": "spam",
        "scorer": "classification",
        "aggregate": "pass_rate",
        "threshold": 0.965,
        "confidence": 0.95,
        "min_cases": 100,
    }
    plan = write_workspace(tmp_path, cases=spam_cases(120), suites=[suite()], metric=metric)
    args = ("eval", "--plan", str(plan), "--no-progress", "--no-cache")
    assert cli(monkeypatch, *args) == 0
    out = capsys.readouterr().out
    assert "every look counted: look 1 since the lock: judged at 97.5% one-sided" in out
    assert "→ PASS (single look at 95%: PASS)" in out
    assert cli(monkeypatch, *args) == 3
    out = capsys.readouterr().out
    assert "look 2 since the lock: judged at 99.17% one-sided" in out
    assert "→ INCONCLUSIVE (single look at 95%: PASS)" in out
    assert "verdict with every look counted: INCONCLUSIVE" in out
    # JSON keeps the run's stored single-look figure and adds the look, the counted verdict
    assert cli(monkeypatch, *args, "--format", "json") == 3
    doc = json.loads(capsys.readouterr().out)
    (run,) = doc["runs"]
    assert run["summary"]["metric"]["verdict"] == "PASS"
    assert (doc["verdict"], doc["exit_code"]) == ("INCONCLUSIVE", 3)
    looked = doc["looks"][run["id"]]
    assert (looked["look"], looked["verdict"], looked["single_look_verdict"]) == (
        3,
        "INCONCLUSIVE",
        "PASS",
    )
    # and so does the Markdown for a pull-request comment
    assert cli(monkeypatch, *args, "--format", "markdown") == 3
    md = capsys.readouterr().out
    assert "**Every look counted:** look 4 since the lock: judged at 99.75% one-sided" in md
    assert md.startswith("## phaseone eval: ⚠️ INCONCLUSIVE (every look at the metric counted)")


def test_a_resumed_run_stays_one_look(store: Store) -> None:
    """Ctrl-C stores the run as interrupted with a summary (a look); `--resume` finishes
    the same run, so it keeps its number and adds no look."""
    _lock(store, 0)
    rid = _run(store, 1, status="interrupted", metric=_metric(90, 110))
    assert (_looks(store, rid).look, _looks(store, rid).total) == (1, 1)
    with store.session() as s:
        run = s.get(Run, rid)
        assert run is not None
        run.status, run.summary = "completed", {"n": 200, "metric": _metric(172)}
    assert (_looks(store, rid).look, _looks(store, rid).total) == (1, 1)
    assert _looks(store, _run(store, 2)).look == 2


def test_runs_killed_mid_way_with_scored_answers_are_looks(store: Store) -> None:
    """Three runs killed with ``kill -9`` after 72 answers (status still "running", no
    summary: exactly what a killed process leaves) were watched on the progress display's
    running pass rate: each is a look, so the clean run after them is look 4, not look 1,
    and the look says how many abandoned runs were counted."""
    _lock(store, 0)
    for m in (1, 2, 3):
        _run(store, m, status="running", summary=False, scored=72)
    _run(store, 3.5, status="running", summary=False)  # killed before any answer: no look
    _run(store, 3.7, status="stopped", summary=False, scored=5)  # stopped by hand: a look
    clean = _run(store, 4)
    looks = _looks(store, clean)
    assert (looks.look, looks.total, looks.unfinished) == (5, 5, 3)
    assert "3 abandoned or still-running runs with scored answers counted as looks" in (
        looks.describe()
    )
    assert looks.as_dict()["unfinished"] == 3
    # more looks only make it stricter: judged at look 5's level, not look 1's
    assert looks.level > Looks.at(1, 0.95).level


def test_a_killed_then_resumed_run_stays_one_look(store: Store) -> None:
    """``kill -9`` leaves the run "running" with its answers; ``--resume`` finishes the same
    run: one look before, the same one look after."""
    _lock(store, 0)
    rid = _run(store, 1, status="running", summary=False, scored=40)
    assert (_looks(store, rid).look, _looks(store, rid).total) == (1, 1)
    with store.session() as s:
        run = s.get(Run, rid)
        assert run is not None
        run.status, run.summary = "completed", {"n": 200, "metric": _metric(172)}
    looks = _looks(store, rid)
    assert (looks.look, looks.total, looks.unfinished) == (1, 1, 0)
