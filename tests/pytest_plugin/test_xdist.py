"""The pytest plugin under pytest-xdist (``-n 2``): each suite runs once, whatever named it.

Both forms, the option (``--phaseone-suite``) and a module's marker, against the keyword
spam classifier on 127.0.0.1, which records every call: the target answers each case
once, the store holds one run, the controller prints the verdict and the exit status is
the verdict's, as without xdist. The workers coordinate through `workers.once`, tested
directly in `test_workers.py`.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from test_marker_form import doc_example, marked
from test_plugin import PLUGIN, classifier, pilot_runs, plan, run

from servers import JsonServer

# tests/evals holds the in-process CLI runner.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "evals"))
from cli_runner import cli

__all__ = ["classifier"]  # the fixture, shared with test_plugin.py

pytest.importorskip("xdist", reason="pytest-xdist is in the dev extra")

XDIST = ("-n", "2")


def calls(server: JsonServer) -> list[str]:
    """The case texts the classifier was asked, in order."""
    return [r.body["input"] for r in server.received if r.path == "/classify"]


def workers_reporting_cases(out: str) -> set[str]:
    """Which workers ran case items; under xdist ``-v`` says
    ``[gw0] [  5%] PASSED test_spam.py::spam::c00001``."""
    return set(re.findall(r"\[(gw\d+)\] \[ *\d+%\] \w+ \S+::spam::c\d+", out))


def test_under_xdist_the_marked_suite_runs_once_and_the_verdict_holds(
    pytester: pytest.Pytester,
    classifier: JsonServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    pytester.makepyfile(test_spam=doc_example())  # the marker and the phaseone_run fixture
    result = pytester.runpytest_subprocess(*PLUGIN, *XDIST, "-v")
    result.assert_outcomes(passed=60, failed=2)
    out = result.stdout.str()
    # both workers reported cases: one ran the eval, the other read its stored results
    assert workers_reporting_cases(out) == {"gw0", "gw1"}
    assert "PASSED test_spam.py::test_the_metric_clears_our_own_stricter_bar" in out
    # each case asked once, and `runs list` shows one run, the one the controller names
    asked = calls(classifier)
    assert len(asked) == 60 and len(set(asked)) == 60
    capsys.readouterr()
    assert cli(monkeypatch, "runs", "list", "-p", str(path), "-f", "json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(r["suite"], r["status"]) for r in listed] == [("spam", "completed")]
    assert f"suite spam (pilot): run {listed[0]['id']}, 60 answers" in out
    # the controller speaks: the metric, its interval, the verdict and its exit status
    assert "metric spam accuracy: 0.967 [0.899, 0.994]" in out
    assert "verdict: PASS (exit status 0" in out
    assert result.ret == 0


def test_under_xdist_the_markers_exit_status_follows_the_verdict(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    plan(pytester, classifier.url, wrong_every=5, threshold=0.95)
    pytester.makepyfile(test_spam=marked())
    failed = pytester.runpytest_subprocess(*PLUGIN, *XDIST)
    failed.assert_outcomes(passed=48, failed=12)
    assert "verdict: FAIL" in failed.stdout.str()
    assert failed.ret == 1

    plan(pytester, classifier.url, wrong_every=30, threshold=0.95)
    inconclusive = pytester.runpytest_subprocess(*PLUGIN, *XDIST)
    inconclusive.assert_outcomes(passed=58, failed=2)
    assert "verdict: INCONCLUSIVE" in inconclusive.stdout.str()
    assert inconclusive.ret == 3

    # a test of the user's own that fails, on whichever worker, fails the session
    pytester.makepyfile(test_own="def test_own():\n    assert 1 + 1 == 3\n")
    own = pytester.runpytest_subprocess(*PLUGIN, *XDIST)
    own.assert_outcomes(passed=58, failed=3)
    assert "verdict: INCONCLUSIVE" in own.stdout.str()
    assert own.ret == 1
    assert len(calls(classifier)) == 3 * 60  # three sessions, one run each


def test_under_xdist_k_and_lf_narrow_what_the_marked_suite_reports(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    path = plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    pytester.makepyfile(test_spam=marked())
    cache = ("-p", "cacheprovider")
    pytester.runpytest_subprocess(*PLUGIN, *XDIST, *cache).assert_outcomes(passed=58, failed=2)
    again = pytester.runpytest_subprocess(*PLUGIN, *XDIST, *cache, "--lf", "-v")
    again.assert_outcomes(failed=2)  # the workers deselect the rest (xdist counts none)
    assert "spam::c00029" in again.stdout.str()
    edge = pytester.runpytest_subprocess(*PLUGIN, *XDIST, "-k", "edge")
    edge.assert_outcomes(passed=12)
    assert "verdict: PASS" in edge.stdout.str()
    # the suite still runs whole (three sessions, 60 calls each) ...
    assert len(calls(classifier)) == 3 * 60
    assert len(pilot_runs(path)) == 3
    # ... and not at all when no case is selected
    none = pytester.runpytest_subprocess(*PLUGIN, *XDIST, "-k", "no_such_case")
    assert none.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    assert len(calls(classifier)) == 3 * 60
    assert len(pilot_runs(path)) == 3


def test_under_xdist_a_target_that_is_down_errors_every_marked_case_and_exits_2(
    pytester: pytest.Pytester, closed_url: str
) -> None:
    path = plan(pytester, closed_url, wrong_every=30, threshold=0.8)
    pytester.makepyfile(test_spam=marked())
    result = pytester.runpytest_subprocess(*PLUGIN, *XDIST, "-v")
    out = result.stdout.str()
    result.assert_outcomes(failed=60)
    assert workers_reporting_cases(out) == {"gw0", "gw1"}  # the error reached both
    assert "connection refused" in out.lower()
    assert "Traceback" not in out
    assert result.ret == 2
    # one run, stopped by the outage (a second worker did not try again)
    assert [r.status for r in pilot_runs(path)] == ["stopped"]


def test_under_xdist_the_option_form_runs_once_and_not_when_k_selects_nothing(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    path = plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    result = run(pytester, *XDIST)
    result.assert_outcomes(passed=58, failed=2)
    assert "verdict: PASS" in result.stdout.str()
    assert result.ret == 0
    assert len(calls(classifier)) == 60
    assert len(pilot_runs(path)) == 1
    none = run(pytester, *XDIST, "-k", "no_such_case")
    assert none.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    assert len(calls(classifier)) == 60 and len(pilot_runs(path)) == 1


def test_under_xdist_the_marker_and_the_option_on_two_suites_make_one_eval(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    pytester.makepyfile(test_spam=marked())
    result = run(pytester, *XDIST)  # --phaseone-suite spam and the marked module
    result.assert_outcomes(passed=116, failed=4)  # both collect; one run answers both
    assert result.ret == 0
    assert len(calls(classifier)) == 60
