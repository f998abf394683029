"""`run_evals` with one `EvalOptions`: the entry point the CLI and the Python API share."""

from __future__ import annotations

from pathlib import Path

import pytest
from evals_workspace import spam_cases, suite, write_workspace

from phaseone.errors import UsageError
from phaseone.evals import EvalOptions, EvalResult, resume, run_evals
from phaseone.plan.workspace import open_workspace
from phaseone.store.runs import count_results, list_runs, set_run_status

METRIC = {
    "name": "spam accuracy",
    "suite": "spam",
    "scorer": "classification",
    "aggregate": "accuracy",
    "threshold": 0.5,
    "min_cases": 5,
    "baseline": {
        "target": {"kind": "python", "callable": "p1_eval_pilot:classify"},
        "margin": 0.05,
    },
}


def test_one_options_object_runs_every_suite_and_the_metric_baseline(tmp_path: Path) -> None:
    plan = write_workspace(
        tmp_path,
        cases=spam_cases(12),
        suites=[suite("spam"), suite("edge", tags=["edge"])],
        metric=METRIC,
    )
    loaded, store = open_workspace(plan)
    said: list[str] = []
    try:
        result = run_evals(loaded, store, EvalOptions(progress=False), echo=said.append)
        assert isinstance(result, EvalResult)
        # the metric suite's pilot, its baseline right after, then the other suite
        assert [(r.suite, r.role) for r in result.runs] == [
            ("spam", "pilot"),
            ("spam", "baseline"),
            ("edge", "pilot"),
        ]
        assert all(r.status == "completed" for r in result.runs)
        (pair,) = result.pairs
        assert pair.pilot.id == result.runs[0].id and pair.baseline_id == result.runs[1].id
        assert len(result.comparisons) == 1
        assert result.runs[0].summary is not None and "baseline" in result.runs[0].summary
        assert any("estimated cost" in line for line in said)

        only = run_evals(loaded, store, EvalOptions(suites=("edge",), progress=False))
        assert [(r.suite, r.role) for r in only.runs] == [("edge", "pilot")]
        none = run_evals(loaded, store, EvalOptions(suites=("spam",), baseline=False))
        assert [r.role for r in none.runs] == ["pilot"] and none.pairs == ()
    finally:
        store.close()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (EvalOptions(concurrency=0), "--concurrency must be ≥ 1"),
        (EvalOptions(repeat=0), "--repeat must be ≥ 1"),
        (EvalOptions(role="shadow"), "unknown --role"),
        (EvalOptions(resume="r1", suites=("spam",)), "--resume takes no suite names"),
        (EvalOptions(baseline=True), "--baseline needs success_metric.baseline.target"),
        (EvalOptions(suites=("spma",)), "no suite 'spma'"),
    ],
)
def test_options_no_run_can_use_are_refused_before_anything_runs(
    tmp_path: Path, options: EvalOptions, message: str
) -> None:
    loaded, store = open_workspace(write_workspace(tmp_path, cases=spam_cases(5)))
    try:
        with pytest.raises(UsageError, match=message):
            run_evals(loaded, store, options)
        assert list_runs(store, loaded.project) == []
    finally:
        store.close()


def test_a_resume_keeps_the_recorded_settings_and_refuses_a_conflicting_one(
    tmp_path: Path,
) -> None:
    loaded, store = open_workspace(write_workspace(tmp_path, cases=spam_cases(6)))
    try:
        (run,) = run_evals(loaded, store, EvalOptions(concurrency=3, progress=False)).runs
        store_run_id = run.id
        assert run.config["concurrency"] == 3
        with pytest.raises(UsageError, match="already completed"):
            resume(loaded, store, store_run_id)
        set_run_status(store, store_run_id, "interrupted")  # as a Ctrl-C leaves it
        with pytest.raises(UsageError, match="started with --concurrency 3"):
            run_evals(loaded, store, EvalOptions(resume=store_run_id, concurrency=5))
        (again,) = run_evals(loaded, store, EvalOptions(resume=store_run_id, progress=False)).runs
        assert again.id == store_run_id and again.status == "completed"
        assert again.config["concurrency"] == 3 and count_results(store, store_run_id) == 6
    finally:
        store.close()
