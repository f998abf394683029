"""`phaseone ci compare` finds runs through JUnit files; bad ones are refused with a fix."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from phaseone.ci.base_runs import JobRun, pair_runs, read_job_runs
from phaseone.cli import main
from phaseone.errors import UsageError

JUNIT = """<?xml version="1.0"?>
<testsuites name="phaseone">
  <testsuite name="spam (pilot)">
    <properties><property name="run_id" value="{a}"/></properties></testsuite>
  <testsuite name="spam (baseline)">
    <properties><property name="run_id" value="{b}"/></properties></testsuite>
  <testsuite name="edge cases (pilot)">
    <properties><property name="run_id" value="{c}"/></properties></testsuite>
</testsuites>
"""

PLAN = (
    "version: 1\nproject: {name: p}\n"
    "owner: {name: Dana, role: Head of Support, team: Support, contact: d@example.com}\n"
    "target: {kind: http, url: 'http://127.0.0.1:9/x', output_path: label}\n"
    "suites: []\n"
)


def test_runs_are_read_and_paired_by_suite_and_role(tmp_path: Path) -> None:
    base = tmp_path / "base.xml"
    base.write_text(JUNIT.format(a="r1", b="r2", c="r3"))
    head = tmp_path / "head.xml"
    head.write_text(
        JUNIT.format(a="r4", b="r5", c="r6").replace("edge cases (pilot)", "new suite (pilot)")
    )
    base_runs = read_job_runs(base)
    assert base_runs[0] == JobRun("spam", "pilot", "r1")
    assert base_runs[2] == JobRun("edge cases", "pilot", "r3")
    pairs, new = pair_runs(base_runs, read_job_runs(head))
    assert [(a.run_id, b.run_id) for a, b in pairs] == [("r1", "r4"), ("r2", "r5")]
    assert new == [JobRun("new suite", "pilot", "r6")]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (None, "does not exist"),
        ("<testsuites><testsuite", "is not XML"),
        ('<testsuites><testsuite name="x"/></testsuites>', "names no phaseone run"),
    ],
)
def test_a_bad_junit_file_is_a_usage_error(tmp_path: Path, text: str | None, said: str) -> None:
    path = tmp_path / "junit.xml"
    if text is not None:
        path.write_text(text)
    with pytest.raises(UsageError) as info:
        read_job_runs(path)
    assert said in info.value.message and "--format junit" in (info.value.fix or "")


def test_ci_compare_without_this_jobs_junit_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The eval that should have written it failed: no verdict, and the message says which file."""
    plan = tmp_path / "phaseone.yaml"
    plan.write_text(PLAN)
    base = tmp_path / "base.xml"
    base.write_text(JUNIT.format(a="r1", b="r2", c="r3"))
    monkeypatch.delenv("PHASEONE_DB_URL", raising=False)
    argv = ["phaseone", "ci", "compare", "-p", str(plan), "--base", str(base), "--head"]
    monkeypatch.setattr(sys, "argv", [*argv, str(tmp_path / "missing.xml")])
    with pytest.raises(SystemExit) as info:
        main()
    err = capsys.readouterr().err
    assert info.value.code == 2, err
    assert "missing.xml does not exist" in err


def test_ci_compare_names_a_base_run_missing_from_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A job whose store is not the base branch's (no artifact restored, no shared database)."""
    plan = tmp_path / "phaseone.yaml"
    plan.write_text(PLAN)
    junit = tmp_path / "junit.xml"
    junit.write_text(JUNIT.format(a="r1", b="r2", c="r3"))
    monkeypatch.delenv("PHASEONE_DB_URL", raising=False)
    argv = ["phaseone", "ci", "compare", "-p", str(plan), "--base", str(junit)]
    monkeypatch.setattr(sys, "argv", [*argv, "--head", str(junit)])
    with pytest.raises(SystemExit) as info:
        main()
    err = capsys.readouterr().err
    assert info.value.code == 2, err
    assert "the base branch's run r1 (suite spam) is not in this store" in err
    assert "PHASEONE_DB_URL" in err
