"""The ``phaseone`` marker: a test module that names a suite collects its cases.

Run as `test_plugin.py` runs the option form: pytest in a subprocess (``pytester``) with
the plugin, a plan whose target is the keyword spam classifier on 127.0.0.1, and what a
user sees read back: the items, the exit status, the run in the store. The docs example
of the marker (docs/pytest.md) is the test module of the first test, cut from the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_plugin import PLUGIN, classifier, pilot_runs, plan

from servers import JsonServer

__all__ = ["classifier"]  # the fixture, shared with test_plugin.py

DOC = Path(__file__).resolve().parents[2] / "docs" / "pytest.md"
DOC_MARK = "<!-- tested by tests/pytest_plugin/test_marker_form.py"


def doc_example() -> str:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(r"```python\n(.*?)```", text[text.index(DOC_MARK) :], re.S)
    assert found is not None, "the marker example lost its python block"
    return found.group(1)


def marked(suite: str = "spam", extra: str = "") -> str:
    return f'import pytest\n\npytestmark = pytest.mark.phaseone({extra}suite="{suite}")\n'


def test_the_docs_marked_module_collects_one_item_per_case_and_follows_the_verdict(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    path = plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    pytester.makepyfile(test_spam=doc_example())
    # no --phaseone-suite: the marker alone asks; --strict-markers: the marker is registered
    result = pytester.runpytest_subprocess(*PLUGIN, "--strict-markers", "-v")
    # 60 cases (two misses) and the module's own two tests
    result.assert_outcomes(passed=60, failed=2)
    out = result.stdout.str()
    assert "test_spam.py::spam::c00000 PASSED" in out
    assert "test_spam.py::spam::c00029 FAILED" in out
    assert "test_spam.py::test_the_plan_has_a_spam_suite PASSED" in out
    assert "test_spam.py::test_the_metric_clears_our_own_stricter_bar PASSED" in out
    assert "expected: 'spam'" in out and "output: 'ham'" in out
    assert "verdict: PASS (exit status 0" in out
    assert result.ret == 0
    # one run, each case asked once
    assert len([r for r in classifier.received if r.path == "/classify"]) == 60
    assert [(r.suite, r.status) for r in pilot_runs(path)] == [("spam", "completed")]


def test_a_failed_verdict_through_the_marker_fails_the_session(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    plan(pytester, classifier.url, wrong_every=5, threshold=0.95)
    pytester.makepyfile(test_spam=marked())
    result = pytester.runpytest_subprocess(*PLUGIN)
    result.assert_outcomes(passed=48, failed=12)
    assert "verdict: FAIL" in result.stdout.str()
    assert result.ret == 1


def test_the_marker_and_the_option_on_one_suite_run_it_once(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    path = plan(pytester, classifier.url, wrong_every=30, threshold=0.95)
    pytester.makepyfile(test_spam=marked())
    result = pytester.runpytest_subprocess(*PLUGIN, "--phaseone-suite", "spam")
    result.assert_outcomes(passed=116, failed=4)  # both collect; one run answers both
    assert "verdict: INCONCLUSIVE" in result.stdout.str()
    assert result.ret == 3
    assert len([r for r in classifier.received if r.path == "/classify"]) == 60
    assert len(pilot_runs(path)) == 1


def test_an_unmarked_module_collects_nothing_from_phaseone(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    pytester.makepyfile(test_own="import pytest\n\n\ndef test_own():\n    pass\n")
    result = pytester.runpytest_subprocess(*PLUGIN, "--strict-markers", "-v")
    result.assert_outcomes(passed=1)
    out = result.stdout.str()
    assert "::spam::" not in out and "verdict:" not in out
    assert classifier.received == []
    assert pilot_runs(pytester.path) == []


def test_a_marker_naming_an_unknown_suite_is_a_collection_error(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    pytester.makepyfile(test_marked=marked("spma"))
    result = pytester.runpytest_subprocess(*PLUGIN)
    out = result.stdout.str()
    assert "ERROR collecting" in out
    assert "spma" in out and "spam" in out  # the unknown name and the one the plan has
    assert "Traceback" not in out
    assert result.ret == pytest.ExitCode.INTERRUPTED
    assert classifier.received == []


def test_a_marker_without_a_suite_says_how_to_write_it(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_spam="import pytest\n\npytestmark = pytest.mark.phaseone()\n")
    result = pytester.runpytest_subprocess(*PLUGIN)
    out = result.stdout.str()
    assert "the phaseone marker takes suite=" in out
    assert 'fix: write pytestmark = pytest.mark.phaseone(suite="NAME"' in out
    assert "Traceback" not in out
    assert result.ret == pytest.ExitCode.INTERRUPTED


def test_the_marker_is_listed_by_pytest_markers(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess(*PLUGIN, "--markers")
    assert "@pytest.mark.phaseone(suite=None, plan=None, dataset=None" in result.stdout.str()


def test_markers_naming_two_plans_are_a_collection_error(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    pytester.makepyfile(
        test_a=marked(extra='plan="phaseone.yaml", '),
        test_b=marked(extra='plan="other/phaseone.yaml", '),
    )
    result = pytester.runpytest_subprocess(*PLUGIN)
    out = result.stdout.str()
    assert "ERROR collecting test_b.py" in out
    assert "fix: run one plan per pytest session" in out
    assert result.ret == pytest.ExitCode.INTERRUPTED
    assert classifier.received == []


def test_the_fixture_fails_the_users_test_when_its_claim_on_the_metric_is_false(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    path = plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    # the lower bound is 0.899 here: a bar of 0.95 does not hold
    pytester.makepyfile(test_spam=doc_example().replace("> 0.85", "> 0.95"))
    result = pytester.runpytest_subprocess(*PLUGIN)
    result.assert_outcomes(passed=59, failed=3)
    out = result.stdout.str()
    assert "lower bound 0.899 (run " in out
    assert "verdict: PASS" in out
    assert result.ret == 1  # a test of the user's own failed
    # the fixture asked first; the case items read the same run
    assert len([r for r in classifier.received if r.path == "/classify"]) == 60
    assert len(pilot_runs(path)) == 1


def test_the_fixture_names_the_fix_when_the_session_runs_no_such_suite(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    own = "def test_metric(phaseone_run):\n    phaseone_run('spam')\n"
    pytester.makepyfile(test_own=own)
    alone = pytester.runpytest_subprocess(*PLUGIN)
    alone.assert_outcomes(errors=1)  # at setup: the fixture cannot be given
    assert "this session runs no suite; mark the module" in alone.stdout.str()
    pytester.makepyfile(test_own=own.replace("'spam'", "'spma'"))
    other = pytester.runpytest_subprocess(*PLUGIN, "--phaseone-suite", "spam")
    other.assert_outcomes(passed=58, failed=3)
    out = other.stdout.str()
    assert "runs no suite 'spma' (it runs: spam)" in out
    assert "--phaseone-suite spma" in out
    assert "Traceback" not in out
