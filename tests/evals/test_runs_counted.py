"""`phaseone runs list` and `runs show` say the verdict the gate counts (issue #15).

The run's summary keeps its single-look verdict; the metric suite's pilot runs are read
with every look since the lock counted (`phaseone.evals.looks`), and a run with reused
answers is marked as no evidence. `runs show` exits by the counted verdict.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import cli
from evals_workspace import spam_cases, suite, write_workspace

from phaseone.store.database import Store
from phaseone.store.models import Run

METRIC = {
    "name": "pass rate",
    "suite": "spam",
    "scorer": "classification",
    "aggregate": "pass_rate",
    "threshold": 0.965,
    "confidence": 0.95,
    "min_cases": 100,
}


def test_runs_list_and_show_count_every_look(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """120 right answers pass a 0.965 threshold on their own (lower bound 0.9753) and at
    look 1 (97.5%: 0.9698), not at look 2 (99.17%: 0.9609): the second run's stored
    verdict is PASS, the counted one INCONCLUSIVE, and `runs show` exits 3 on it."""
    plan = write_workspace(tmp_path, cases=spam_cases(120), suites=[suite()], metric=METRIC)
    p = ("-p", str(plan))
    args = ("eval", *p, "--no-progress", "--no-cache")
    assert cli(monkeypatch, *args) == 0
    assert cli(monkeypatch, *args) == 3
    capsys.readouterr()

    assert cli(monkeypatch, "runs", "list", *p, "-f", "json") == 0
    second, first = json.loads(capsys.readouterr().out)
    assert second["summary"]["verdict"] == first["summary"]["verdict"] == "PASS"
    assert second["counted"]["verdict"] == "INCONCLUSIVE" and second["counted"]["look"] == 2
    assert second["counted"]["single_look_verdict"] == "PASS"
    assert first["counted"]["verdict"] == "PASS" and first["counted"]["look"] == 1

    monkeypatch.setenv("COLUMNS", "200")
    assert cli(monkeypatch, "runs", "list", *p) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    ids = [r[0] for r in rows if r and r[0] in (first["id"], second["id"])]
    assert ids == [second["id"], first["id"]]
    at = {r[0]: i for i, r in enumerate(rows) if r and r[0] in ids}
    assert rows[at[second["id"]]][-1] == "INCONCLUSIVE" and rows[at[second["id"]] + 1] == [
        "look",
        "2",
    ]
    assert rows[at[first["id"]]][-1] == "PASS" and rows[at[first["id"]] + 1] == ["look", "1"]

    assert cli(monkeypatch, "runs", "show", second["id"], *p) == 3
    out = capsys.readouterr().out
    assert "look 2 since the lock: judged at 99.17% one-sided" in out
    assert "verdict with every look counted: INCONCLUSIVE" in out
    assert cli(monkeypatch, "runs", "show", first["id"], *p) == 0
    assert "look 1 since the lock" in capsys.readouterr().out
    assert cli(monkeypatch, "runs", "show", second["id"], *p, "-f", "json") == 3
    doc = json.loads(capsys.readouterr().out)
    assert (doc["verdict"], doc["exit_code"]) == ("INCONCLUSIVE", 3)
    assert doc["looks"][second["id"]]["look"] == 2

    # answers reused from the response cache: the run is marked as no evidence
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    with store.session() as s:
        row = s.get(Run, first["id"])
        assert row is not None
        row.summary = {**(row.summary or {}), "reused_answers": 30, "cached": 30}
    assert cli(monkeypatch, "runs", "show", first["id"], *p) == 0
    assert "not evidence (30 reused answers)" in capsys.readouterr().out
    assert cli(monkeypatch, "runs", "list", *p) == 0
    assert "not evidence" in capsys.readouterr().out


def test_phaseone_eval_counts_the_baseline_comparison_as_the_gate_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pilot and baseline target run together: the first eval is comparison 1 since the
    lock; the second adds a pilot run and a baseline run, so its pair is comparison 3."""
    from evals_workspace import PILOT_MODULE

    metric = {
        "name": "accuracy",
        "suite": "spam",
        "scorer": "classification",
        "aggregate": "accuracy",
        "threshold": 0.5,
        "min_cases": 10,
        "baseline": {
            "target": {"kind": "python", "callable": f"{PILOT_MODULE}:aclassify"},
            "margin": 0.15,
        },
    }
    plan = write_workspace(tmp_path, cases=spam_cases(60, wrong_every=10), metric=metric)
    args = ("eval", "-p", str(plan), "--no-progress")
    monkeypatch.setenv("COLUMNS", "250")
    assert cli(monkeypatch, *args) == 0
    out = capsys.readouterr().out
    assert (
        "baseline, every comparison counted: comparison 1 since the lock (pilot look 1, "
        "1 baseline run): judged at 97.5% one-sided → PASS (single comparison at 95% "
        "one-sided: non-inferior)"
    ) in out
    assert cli(monkeypatch, *args) == 0
    out = capsys.readouterr().out
    assert "comparison 3 since the lock (pilot look 2, 2 baseline runs): judged at 99.58%" in out
