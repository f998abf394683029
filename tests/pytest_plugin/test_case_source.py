"""The marker's case-source form: one case file, not a suite of the plan, run as items.

``pytest.mark.phaseone(dataset="smoke.jsonl", scorers=[...])`` and ``suite="spam",
dataset="other.jsonl"``: run as a user would (pytest in a subprocess with the plugin)
against the keyword spam classifier on 127.0.0.1, with the case file next to the test
module in a subdirectory. Read back: the items, the verdict and its exit status, the
calls the target received and the run in the store.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from test_plugin import PLUGIN, classifier, pilot_runs, plan

from servers import JsonServer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "evals"))
from cli_runner import cli
from evals_workspace import http_target, spam_cases, suite, write_workspace

__all__ = ["classifier"]  # the fixture, shared with test_plugin.py

DOC = Path(__file__).resolve().parents[2] / "docs" / "pytest.md"
DOC_MARK = "<!-- tested by tests/pytest_plugin/test_case_source.py"

LABELS = '[{"kind": "classification", "labels": ["spam", "ham"]}]'


def doc_example() -> str:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(r"```python\n(.*?)```", text[text.index(DOC_MARK) :], re.S)
    assert found is not None, "the case-source example lost its python block"
    return found.group(1)


def case_file(path: Path, n: int, wrong_every: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in spam_cases(n, wrong_every=wrong_every)))


def module(pytester: pytest.Pytester, marker: str, *, where: str = "evals") -> Path:
    """evals/test_smoke.py marked with `marker` (its line 3), beside evals/smoke.jsonl."""
    path = pytester.path / where / "test_smoke.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"import pytest\n\npytestmark = pytest.mark.phaseone({marker})\n")
    return path


def classified(server: JsonServer) -> list[Any]:
    return [r for r in server.received if r.path == "/classify"]


def test_the_docs_case_file_beside_the_module_runs_as_items_and_is_stored_as_a_run(
    pytester: pytest.Pytester,
    classifier: JsonServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    case_file(pytester.path / "evals" / "smoke.jsonl", 40, wrong_every=20)
    (pytester.path / "evals" / "test_smoke.py").write_text(doc_example())  # docs/pytest.md
    result = pytester.runpytest_subprocess(*PLUGIN, "-v")
    result.assert_outcomes(passed=38, failed=2)
    out = result.stdout.str()
    assert "evals/test_smoke.py::smoke::c00000 PASSED" in out
    assert "evals/test_smoke.py::smoke::c00019 FAILED" in out
    assert "case 'c00019' of suite 'smoke'" in out and "output: 'ham'" in out
    assert "suite smoke (pilot): run " in out and "40 answers" in out
    assert "verdict: PASS (exit status 0" in out
    assert result.ret == 0
    # the case file's 40 cases, each asked once; the plan's own suite was not run
    assert len(classified(classifier)) == 40
    runs = pilot_runs(path)
    assert [(r.suite, r.status) for r in runs] == [("smoke", "completed")]
    assert runs[0].summary["suite_threshold"] == 0.8
    assert runs[0].summary["threshold_verdict"]["verdict"] == "PASS"
    capsys.readouterr()
    assert cli(monkeypatch, "runs", "list", "-p", str(path), "-f", "json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(r["suite"], r["id"]) for r in listed] == [("smoke", runs[0].id)]


def test_a_dataset_mapping_and_a_missed_threshold_fail_the_session(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    path = plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    case_file(pytester.path / "evals" / "smoke.jsonl", 40, wrong_every=5)
    ids = '{"kind": "jsonl", "path": "smoke.jsonl", "mapping": {"id": "id"}}'
    module(pytester, f"dataset={ids}, scorers={LABELS}, threshold=0.95")
    result = pytester.runpytest_subprocess(*PLUGIN, "-v")
    result.assert_outcomes(passed=32, failed=8)
    out = result.stdout.str()
    assert "evals/test_smoke.py::smoke::c00004 FAILED" in out  # named by mapping.id
    assert "suite smoke (pilot)" in out  # named after the file
    assert "verdict: FAIL" in out
    assert result.ret == 1
    assert [(r.suite, r.status) for r in pilot_runs(path)] == [("smoke", "completed")]


def test_a_bad_scorer_kind_in_the_marker_names_the_module_line_field_and_fix(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    path = plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    case_file(pytester.path / "evals" / "smoke.jsonl", 10, wrong_every=0)
    module(pytester, 'dataset="smoke.jsonl", scorers=[{"kind": "exactt"}], repeat=0')
    result = pytester.runpytest_subprocess(*PLUGIN)
    out = result.stdout.str()
    assert "ERROR collecting evals/test_smoke.py" in out
    assert "evals/test_smoke.py: 2 problems in the phaseone marker" in out
    assert "evals/test_smoke.py:3  [scorers[0]]: unknown kind `exactt`" in out
    assert "fix: did you mean `exact`?" in out
    assert "evals/test_smoke.py:3  [repeat]: `repeat` must be ≥ 1, got 0" in out
    assert "Traceback" not in out and "ValidationError" not in out
    assert result.ret == pytest.ExitCode.INTERRUPTED
    assert classifier.received == [] and pilot_runs(path) == []


def test_a_missing_case_file_and_a_plan_suites_name_are_refused_with_the_fix(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    module(pytester, f'dataset="nowhere.jsonl", scorers={LABELS}')
    missing = pytester.runpytest_subprocess(*PLUGIN).stdout.str()
    assert "[dataset]: dataset file `nowhere.jsonl` does not exist" in missing
    assert "relative to the test module's directory" in missing
    case_file(pytester.path / "evals" / "smoke.jsonl", 10, wrong_every=0)
    module(pytester, f'dataset="smoke.jsonl", scorers={LABELS}, name="spam"')
    clash = pytester.runpytest_subprocess(*PLUGIN)
    out = clash.stdout.str()
    assert "[name]: name `spam` is a suite of the plan" in out
    assert 'fix: give it another name, e.g. name="spam.smoke"' in out
    assert "Traceback" not in out
    assert clash.ret == pytest.ExitCode.INTERRUPTED
    assert classifier.received == []


def test_suite_and_dataset_run_the_suites_scorers_and_threshold_on_another_source(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    # the plan's spam suite: classification, threshold 0.9; its own cases are never read
    path = write_workspace(
        pytester.path,
        cases=spam_cases(60),
        target=http_target(classifier.url),
        suites=[suite("spam", threshold=0.9)],
        metric={
            "name": "spam accuracy",
            "suite": "spam",
            "scorer": "classification",
            "aggregate": "accuracy",
            "threshold": 0.8,
        },
    )
    case_file(pytester.path / "evals" / "other.jsonl", 30, wrong_every=3)  # 10 of 30 wrong
    module(pytester, 'suite="spam", dataset="other.jsonl"')
    result = pytester.runpytest_subprocess(*PLUGIN, "-v")
    result.assert_outcomes(passed=20, failed=10)
    out = result.stdout.str()
    assert "classification: predicted" in out  # the suite's scorer judged them
    assert "suite spam.other (pilot)" in out
    assert "suite threshold 0.900: FAIL" in out
    assert "verdict: FAIL" in out
    assert result.ret == 1
    assert len(classified(classifier)) == 30  # other.jsonl's cases, not the plan's 60
    (run,) = pilot_runs(path)
    assert (run.suite, run.status) == ("spam.other", "completed")
    # stored under its own name: not the metric's evidence, so no metric on it
    assert run.summary.get("metric") is None
    assert run.config["suite_threshold"] == 0.9


def test_under_xdist_a_case_source_runs_once_and_the_verdict_holds(
    pytester: pytest.Pytester, classifier: JsonServer
) -> None:
    pytest.importorskip("xdist", reason="pytest-xdist is in the dev extra")
    path = plan(pytester, classifier.url, wrong_every=30, threshold=0.8)
    case_file(pytester.path / "evals" / "smoke.jsonl", 40, wrong_every=20)
    module(pytester, f'dataset="smoke.jsonl", scorers={LABELS}, threshold=0.8')
    result = pytester.runpytest_subprocess(*PLUGIN, "-n", "2", "-v")
    result.assert_outcomes(passed=38, failed=2)
    out = result.stdout.str()
    # both workers reported cases; one ran the eval, the other read its stored results
    reporting = set(re.findall(r"\[(gw\d+)\] \[ *\d+%\] \w+ \S+::smoke::c\d+", out))
    assert reporting == {"gw0", "gw1"}
    asked = [r.body["input"] for r in classified(classifier)]
    assert len(asked) == 40 and len(set(asked)) == 40
    assert [(r.suite, r.status) for r in pilot_runs(path)] == [("smoke", "completed")]
    assert "verdict: PASS (exit status 0" in out
    assert result.ret == 0
