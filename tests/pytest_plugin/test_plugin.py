"""The pytest plugin, run by pytest's own `pytester` against a real local HTTP target.

Each test writes a plan whose target is `tests/servers.py`'s keyword spam classifier on
127.0.0.1, runs pytest in a subprocess with ``-p phaseone.pytest_plugin --phaseone-suite``
(as a user would; in-process runs would import numpy twice, which it refuses), and reads
what a user would see: the items, the failure messages, the closing verdict, the exit
status and the run in the store.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from phaseone.plan.workspace import workspace
from phaseone.store import runs as run_store

# tests/evals holds the plan workspace builder (the reliability tests share it too).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "evals"))
from evals_workspace import http_target, spam_cases, write_workspace

from servers import JsonServer, spam_responder

PLUGIN = ("-p", "phaseone.pytest_plugin", "-p", "no:randomly")


def metric(threshold: float) -> dict[str, Any]:
    return {
        "name": "spam accuracy",
        "suite": "spam",
        "scorer": "classification",
        "aggregate": "accuracy",
        "threshold": threshold,
        "min_cases": 30,
    }


@pytest.fixture
def classifier() -> Any:
    with JsonServer(spam_responder) as server:
        yield server


def plan(pytester: pytest.Pytester, url: str, *, wrong_every: int, threshold: float) -> Path:
    return write_workspace(
        pytester.path,
        cases=spam_cases(60, wrong_every=wrong_every),
        target=http_target(url),
        metric=metric(threshold),
    )


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(*PLUGIN, "--phaseone-suite", "spam", *args)


def pilot_runs(path: Path) -> list[Any]:
    with workspace(path) as ws:
        return run_store.list_runs(ws.store, ws.project)


def test_one_item_per_case_and_a_pass_verdict_despite_two_misses(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    path = plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    result = run(pytester, "-v")
    result.assert_outcomes(passed=58, failed=2)
    out = result.stdout.str()
    # readable ids: the plan file, the suite, the case id
    assert "phaseone.yaml::spam::c00000 PASSED" in out
    assert "phaseone.yaml::spam::c00029 FAILED" in out
    # the scorer's explanation is the failure message
    assert "case 'c00029' of suite 'spam'" in out
    assert "expected: 'spam'" in out and "output: 'ham'" in out
    # the session ends with the metric, its interval and the verdict, and follows it
    assert "metric spam accuracy: 0.967 [" in out
    assert "verdict: PASS (exit status 0" in out
    assert result.ret == 0
    # the target really answered every case, once: the suite ran once
    assert len([r for r in classifier.received if r.path == "/classify"]) == 60
    runs = pilot_runs(path)
    assert [(r.suite, r.status) for r in runs] == [("spam", "completed")]
    assert runs[0].summary["metric"]["verdict"] == "PASS"


def test_a_failed_verdict_fails_the_session(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    plan(pytester, classifier.url, wrong_every=5, threshold=0.95)
    result = run(pytester)
    result.assert_outcomes(passed=48, failed=12)
    assert "verdict: FAIL" in result.stdout.str()
    assert result.ret == 1


def test_an_inconclusive_verdict_exits_3(pytester: pytest.Pytester, classifier: JsonServer) -> None:
    plan(pytester, classifier.url, wrong_every=30, threshold=0.95)
    result = run(pytester)
    result.assert_outcomes(passed=58, failed=2)
    assert "verdict: INCONCLUSIVE" in result.stdout.str()
    assert result.ret == 3


def test_k_selects_cases_by_id_and_tag_and_x_stops_reporting(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    one = run(pytester, "-k", "c00003")
    one.assert_outcomes(passed=1)
    # tags are keywords: every fifth case carries `edge` (spam_cases)
    edge = run(pytester, "-k", "edge")
    edge.assert_outcomes(passed=12)
    stop = run(pytester, "-x")
    stop.assert_outcomes(passed=29, failed=1)
    assert "stopping after 1 failures" in stop.stdout.str()


def test_last_failed_reruns_only_the_failed_cases(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    run(pytester, "-p", "cacheprovider").assert_outcomes(passed=58, failed=2)
    again = run(pytester, "-p", "cacheprovider", "--lf", "-v")
    again.assert_outcomes(failed=2, deselected=58)
    assert "spam::c00029 FAILED" in again.stdout.str()


def test_a_failing_test_of_the_users_own_fails_the_session(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    pytester.makepyfile(test_own="def test_own():\n    assert 1 + 1 == 3\n")
    result = run(pytester, "test_own.py")
    result.assert_outcomes(passed=58, failed=3)
    assert "verdict: PASS" in result.stdout.str()
    assert result.ret == 1


def test_an_unknown_suite_is_a_collection_error_naming_the_fix(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    result = pytester.runpytest_subprocess(*PLUGIN, "--phaseone-suite", "spma")
    out = result.stdout.str()
    assert "spma" in out and "spam" in out
    assert "Traceback" not in out
    assert result.ret == pytest.ExitCode.INTERRUPTED  # collection errors stop pytest (2)


def test_a_target_that_is_down_errors_every_item_and_exits_2(
    pytester: pytest.Pytester, closed_url: str
) -> None:
    plan(pytester, closed_url, wrong_every=30, threshold=0.8)
    result = run(pytester)
    out = result.stdout.str()
    assert "connection refused" in out.lower()
    assert result.ret == 2


def test_without_the_option_the_plugin_adds_nothing(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_own="def test_own():\n    pass\n")
    result = pytester.runpytest_subprocess(*PLUGIN)
    result.assert_outcomes(passed=1)
    out = result.stdout.str()
    assert "= phaseone =" not in out and "verdict:" not in out
    assert not (pytester.path / ".phaseone").exists()  # no store opened


def test_the_ini_names_the_suite_and_a_plan_in_a_subdirectory(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    write_workspace(
        pytester.path / "pilot",
        cases=spam_cases(60, wrong_every=30),
        target=http_target(classifier.url),
        metric=metric(0.8),
    )
    pytester.makeini("[pytest]\nphaseone_suite = spam\nphaseone_plan = pilot/phaseone.yaml\n")
    result = pytester.runpytest_subprocess(*PLUGIN, "-v")
    result.assert_outcomes(passed=58, failed=2)
    assert "pilot/phaseone.yaml::spam::c00029 FAILED" in result.stdout.str()
    assert result.ret == 0


def test_when_k_selects_no_case_the_target_is_never_called(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    path = plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    result = run(pytester, "-k", "no_such_case")
    result.assert_outcomes(deselected=60)
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    assert classifier.received == []
    assert pilot_runs(path) == []
