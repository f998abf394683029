"""`phaseone gate|report|attest|decisions` as a user runs them: a real subprocess."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
import yaml
from builders import add_run, go_evidence, go_plan_dict, metric_summary, summary

from phaseone.plan.workspace import open_workspace

PHASEONE = [sys.executable, "-m", "phaseone.cli"]


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PHASEONE, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env=cli_env(),
    )


def cli_env() -> dict[str, str]:
    """A clean environment for the CLI, keeping PYTHONPATH so a worktree's source runs."""
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "200"}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


def _workspace(tmp_path: Path) -> Path:
    for name in ("edge.jsonl", "adv.jsonl"):
        (tmp_path / name).write_text('{"input": "x", "expected": "y"}\n')
    plan = tmp_path / "phaseone.yaml"
    plan.write_text(yaml.safe_dump(go_plan_dict(), sort_keys=False))
    loaded, store = open_workspace(plan)
    try:
        go_evidence(store, loaded)
    finally:
        store.close()
    return plan


def test_gate_go_writes_reports_and_the_chain_verifies(tmp_path: Path) -> None:
    plan = _workspace(tmp_path)
    res = run("gate", "--plan", plan, cwd=tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "decision 1:" in res.stdout and " GO " in res.stdout
    reports = tmp_path / ".phaseone" / "reports"
    for name in ("decision-1.html", "decision-1.md", "decision-1.json"):
        assert (reports / name).exists()
        assert str(reports / name) in res.stdout.replace("\n", "")
    assert json.loads((reports / "decision-1.json").read_text())["outcome"] == "GO"

    res = run("decisions", "verify", "--plan", plan, cwd=tmp_path)
    assert res.returncode == 0 and "chain intact" in res.stdout

    res = run("report", "--plan", plan, "--format", "markdown", cwd=tmp_path)
    assert res.returncode == 0 and res.stdout.startswith("## phaseone decision 1: **GO**")
    out = tmp_path / "out" / "r.html"
    res = run("report", "--plan", plan, "--decision", "1", "--out", out, cwd=tmp_path)
    assert res.returncode == 0 and 'class="badge GO"' in out.read_text()
    res = run("report", "--plan", plan, "--decision", "7", cwd=tmp_path)
    assert res.returncode == 2 and "no decision 7" in res.stderr

    db = tmp_path / ".phaseone" / "phaseone.db"
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as c:
        rec = json.loads(c.execute(sa.text("SELECT record FROM decisions WHERE seq=1")).scalar())
        rec["owner"]["name"] = "Someone Else"
        c.execute(sa.text("UPDATE decisions SET record=:r WHERE seq=1"), {"r": json.dumps(rec)})
    engine.dispose()
    res = run("decisions", "verify", "--plan", plan, cwd=tmp_path)
    assert res.returncode == 1
    assert "decision 1: the record was edited" in res.stdout


def test_an_anchor_catches_a_deleted_newest_decision(tmp_path: Path) -> None:
    """Deleting the newest decision leaves a valid, shorter chain; only a hash kept outside
    the store (as the gate prints it) can show that it is gone."""
    plan = _workspace(tmp_path)
    first = run("gate", "--plan", plan, cwd=tmp_path)
    second = run("gate", "--plan", plan, cwd=tmp_path)
    assert first.returncode == 0 and second.returncode == 0
    anchor = second.stdout.split("--anchor ")[1].split("`")[0]
    assert len(anchor) == 16
    ok = run("decisions", "verify", "--plan", plan, "--anchor", anchor, cwd=tmp_path)
    assert ok.returncode == 0 and "1 anchor(s) found" in ok.stdout

    db = tmp_path / ".phaseone" / "phaseone.db"
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as c:
        c.execute(sa.text("DELETE FROM decisions WHERE seq=2"))
    engine.dispose()
    plain = run("decisions", "verify", "--plan", plan, cwd=tmp_path)
    # the shorter chain is internally consistent, but the head anchor file beside the
    # store still names decision 2
    assert plain.returncode == 1, plain.stdout
    assert "decision 2 is missing" in plain.stdout and "decisions.head" in plain.stdout
    caught = run("decisions", "verify", "--plan", plan, "--anchor", anchor, cwd=tmp_path)
    assert caught.returncode == 1
    assert f"anchor {anchor}" in caught.stdout and "was deleted" in caught.stdout
    short = run("decisions", "verify", "--plan", plan, "--anchor", "abc", cwd=tmp_path)
    assert short.returncode == 1 and "at least 12 characters" in short.stdout


def test_gate_exit_codes_for_no_go_and_inconclusive(tmp_path: Path) -> None:
    plan = _workspace(tmp_path)
    _, store = open_workspace(plan)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
    add_run(
        store,
        "main",
        summary(
            metric=metric_summary("INCONCLUSIVE", value=0.82, lower=0.77, upper=0.86, more=540)
        ),
        at=later,
    )
    store.close()
    res = run("gate", "--plan", plan, cwd=tmp_path)
    assert res.returncode == 3, res.stdout + res.stderr
    assert "INCONCLUSIVE" in res.stdout and "over 10× the 200 cases" in res.stdout

    _, store = open_workspace(plan)
    add_run(
        store,
        "main",
        summary(metric=metric_summary("FAIL", value=0.6, lower=0.5, upper=0.7)),
        at=later + dt.timedelta(seconds=5),
    )
    store.close()
    res = run("gate", "--plan", plan, cwd=tmp_path)
    assert res.returncode == 1 and "NO-GO" in res.stdout
    res = run("decisions", "list", "--plan", plan, cwd=tmp_path)
    assert res.returncode == 0 and "INCONCLUSIVE" in res.stdout and "NO-GO" in res.stdout


def test_attest_and_its_errors(tmp_path: Path) -> None:
    plan = _workspace(tmp_path)
    res = run("attest", "controls.pi", "--by", "Sam", "--note", "x", "--plan", plan, cwd=tmp_path)
    assert res.returncode == 2 and "did you mean 'controls.pii'" in res.stderr
    res = run("attest", "controls.pii", "--by", "Sam", "--note", "ok", "--plan", plan, cwd=tmp_path)
    assert res.returncode == 2 and "controls.pii cannot be attested" in res.stderr
    res = run(
        "attest", "ownership.owner", "--by", "Sam", "--note", " ", "--plan", plan, cwd=tmp_path
    )
    assert res.returncode == 2 and "--note" in res.stderr
    res = run(
        "attest",
        "ownership.owner",
        "--by",
        "Sam Lee",
        "--note",
        "DLP review SEC-142",
        "--plan",
        plan,
        cwd=tmp_path,
    )
    assert res.returncode == 0 and "attested by Sam Lee" in res.stdout
    res = run("report", "--plan", plan, cwd=tmp_path)
    assert res.returncode == 2 and "run `phaseone gate` first" in res.stderr


def test_verify_runs_probes_and_stores_a_batch(tmp_path: Path) -> None:
    plan = _workspace(tmp_path)
    res = run(
        "verify",
        "--plan",
        plan,
        "--probe",
        "auth_missing_key",
        "--probe",
        "input_size_limit",
        cwd=tmp_path,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    assert "2/2 probes passed" in res.stdout
    res = run("verify", "--plan", plan, "--probe", "auth_mising_key", cwd=tmp_path)
    assert res.returncode == 2 and "did you mean 'auth_missing_key'" in res.stderr


def test_gate_explain_prints_the_rubric(tmp_path: Path) -> None:
    res = run("gate", "--explain", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    for word in ("ownership.line_team", "evals.no_regression", "kill_switch_drill", "advisory"):
        assert word in res.stdout
