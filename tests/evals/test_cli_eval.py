"""`phaseone eval` / `phaseone runs`: exit codes, output formats, baseline comparison."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from cli_runner import cli
from evals_workspace import (
    PILOT_MODULE,
    failing_responder,
    http_target,
    spam_cases,
    suite,
    write_workspace,
)

from servers import JsonServer


def test_exit_0_on_pass_and_json_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = write_workspace(tmp_path, cases=spam_cases(40), suites=[suite(threshold=0.8)])
    code = cli(monkeypatch, "eval", "--plan", str(plan), "--no-progress", "--format", "json")
    out = capsys.readouterr()
    assert code == 0
    doc = json.loads(out.out)
    assert doc["verdict"] == "PASS" and doc["exit_code"] == 0
    (run,) = doc["runs"]
    assert run["summary"]["n"] == 40
    assert "estimated cost" in out.err


def test_the_json_report_is_printed_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The printed report is the JSON itself: an emoji code or markup inside a value (here
    the project's name) is not turned into an emoji or a style by the console."""
    name = "triage :smile: [bold]bot[/bold]"
    plan = write_workspace(
        tmp_path, cases=spam_cases(3), extra={"project": {"name": name, "currency": "EUR"}}
    )
    code = cli(monkeypatch, "eval", "--plan", str(plan), "--no-progress", "--format", "json")
    out = capsys.readouterr()
    assert code == 0, out.err
    (run,) = json.loads(out.out)["runs"]
    assert run["project"] == name


def test_exit_1_on_fail_and_junit_is_valid_xml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = write_workspace(
        tmp_path, cases=spam_cases(30, wrong_every=2), suites=[suite(threshold=0.9)]
    )
    report = tmp_path / "out" / "junit.xml"
    code = cli(
        monkeypatch, "eval", "-p", str(plan), "--no-progress", "-f", "junit", "--out", str(report)
    )
    assert code == 1
    root = ET.parse(report).getroot()
    assert root.tag == "testsuites"
    (ts,) = root.findall("testsuite")
    cases = ts.findall("testcase")
    assert len(cases) == 31  # 30 cases + the verdict
    failures = [c for c in cases if c.find("failure") is not None]
    assert len(failures) == 15 + 1  # half the labels are flipped, plus the FAIL verdict
    assert ts.get("tests") == "31" and ts.get("failures") == "16" and ts.get("errors") == "0"
    first = next(c for c in failures if c.get("name") != "verdict")
    text = first.find("failure").text or ""  # type: ignore[union-attr]
    assert "expected:" in text and "output:" in text


def test_exit_3_on_infra_errors_with_junit_error_elements(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Scattered infrastructure errors (never five in a row) are data: INCONCLUSIVE, exit 3.
    with JsonServer(failing_responder(lambda i: i % 3 != 0)) as server:
        plan = write_workspace(
            tmp_path,
            cases=spam_cases(8),
            target=http_target(server.url, timeout_s=1),
            suites=[suite(threshold=0.5)],
        )
        report = tmp_path / "junit.xml"
        args = ["-f", "junit", "-o", str(report), "--concurrency", "1"]
        code = cli(monkeypatch, "eval", "-p", str(plan), "--no-progress", *args)
    assert code == 3
    ts = ET.parse(report).getroot().find("testsuite")
    assert ts is not None
    errors = [c.find("error") for c in ts.findall("testcase") if c.find("error") is not None]
    assert len(errors) == 5 and all(e.get("type") == "status" for e in errors)  # type: ignore[union-attr]
    verdict = next(c for c in ts.findall("testcase") if c.get("name") == "verdict")
    assert verdict.find("skipped") is not None


def test_exit_2_on_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = write_workspace(tmp_path, cases=spam_cases(5))
    assert cli(monkeypatch, "eval", "-p", str(plan), "spma") == 2
    assert "did you mean 'spam'" in capsys.readouterr().err
    assert cli(monkeypatch, "eval", "-p", str(plan), "--format", "xml") == 2
    assert cli(monkeypatch, "eval", "-p", str(plan), "--resume", "nosuchrun") == 2
    assert cli(monkeypatch, "runs", "show", "nosuchrun", "-p", str(plan)) == 2


def test_max_cost_refusal_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = {"kind": "python", "callable": f"{PILOT_MODULE}:classify", "price": {"per_call": 1}}
    plan = write_workspace(tmp_path, cases=spam_cases(10), target=target)
    assert cli(monkeypatch, "eval", "-p", str(plan), "--max-cost", "5", "--no-progress") == 1
    err = capsys.readouterr().err
    assert "estimated cost: 10 EUR" in err and "exceeds --max-cost 5 EUR" in err


def test_tiny_prices_read_as_money_not_exponents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A price of a millionth of a euro per call: the estimate and the --max-cost refusal
    say `0.00003 EUR` and `0.00001 EUR`, never `0.0000 EUR` or `1e-05` (humanize.money)."""
    target = {
        "kind": "python",
        "callable": f"{PILOT_MODULE}:classify",
        "price": {"per_call": 0.000001},
    }
    plan = write_workspace(tmp_path, cases=spam_cases(30), target=target)
    args = ("eval", "-p", str(plan), "--max-cost", "0.00001", "--no-progress")
    assert cli(monkeypatch, *args) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "estimated cost: 0.00003 EUR for 30 calls (0.000001 EUR per call;" in err
    assert "estimated cost 0.00003 EUR exceeds --max-cost 0.00001 EUR" in err
    assert "e-0" not in err and "0.0000 EUR" not in err


def accuracy_with_baseline(min_cases: int, **baseline: Any) -> dict[str, Any]:
    """The spam suite's accuracy as the metric, against the async pilot as the baseline."""
    target = {"kind": "python", "callable": f"{PILOT_MODULE}:aclassify"}
    return {
        "name": "accuracy",
        "suite": "spam",
        "scorer": "classification",
        "aggregate": "accuracy",
        "threshold": 0.5,
        "min_cases": min_cases,
        "baseline": {"target": target, **baseline},
    }


def test_markdown_and_baseline_non_inferiority(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    metric = accuracy_with_baseline(min_cases=10, margin=0.15)
    plan = write_workspace(tmp_path, cases=spam_cases(60, wrong_every=10), metric=metric)
    code = cli(monkeypatch, "eval", "-p", str(plan), "--no-progress", "-f", "markdown")
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("## phaseone eval: ✅ PASS")
    assert "**accuracy** = 0.900" in out
    assert "| spam | pilot | PASS |" in out and "| spam | baseline | PASS |" in out
    assert "Non-inferiority (margin 0.15): **non-inferior**" in out
    assert "0 regressions, 0 fixes over 60 paired cases" in out

    # the comparison is kept in the pilot's summary for the gate
    assert cli(monkeypatch, "runs", "list", "-p", str(plan), "-f", "json") == 0
    runs = json.loads(capsys.readouterr().out)
    pilot = next(r for r in runs if r["role"] == "pilot")
    base = next(r for r in runs if r["role"] == "baseline")
    b = pilot["summary"]["baseline"]
    assert b["run_id"] == base["id"] and b["non_inferiority"]["verdict"] == "non-inferior"

    assert cli(monkeypatch, "runs", "compare", base["id"], pilot["id"], "-p", str(plan)) == 0
    shown = capsys.readouterr().out
    assert "exact McNemar p" in shown and "non-inferior" in shown
    assert cli(monkeypatch, "runs", "show", pilot["id"], "-p", str(plan)) == 0
    assert "failed and errored cases" in capsys.readouterr().out


def test_suite_option_and_single_role(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    metric = accuracy_with_baseline(min_cases=5)
    plan = write_workspace(tmp_path, cases=spam_cases(12), metric=metric)
    args = ["eval", "-p", str(plan), "--suite", "spam", "--role", "baseline", "--no-progress"]
    assert cli(monkeypatch, *args, "-f", "json") == 0
    (run,) = json.loads(capsys.readouterr().out)["runs"]
    assert run["role"] == "baseline" and run["target"] == f"python {PILOT_MODULE}:aclassify"
    assert cli(monkeypatch, "eval", "-p", str(plan), "--role", "shadow") == 2
