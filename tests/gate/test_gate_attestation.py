"""Attestations: a person's word counts only where software cannot observe (review #3).

The review's reproduction: a cached re-run gives the gate no fresh evidence
(INCONCLUSIVE); attesting every check it names turned that into GO, with no mention of
the attestations in the headline. Here the same store is attested through the real CLI,
check by check, and the gate must stay INCONCLUSIVE; an attestable people-and-process
check still accepts one, and then every outcome line names it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from builders import (
    PEOPLE_CHECK,
    add_run,
    go_evidence,
    go_plan_dict,
    loaded_plan,
    people_check,
)
from test_gate_cli import run
from test_gate_fresh_evidence import reused_summary

from phaseone.gate import decide, evaluate
from phaseone.gate.checks import CHECKS
from phaseone.gate.checks._registry import MEASURED_AREAS, check
from phaseone.plan.workspace import open_workspace, workspace
from phaseone.report import render
from phaseone.store.attestations import add_attestation
from phaseone.store.database import Store

PROJECT = "inbox-screening"


def _cached_workspace(tmp_path: Path) -> Path:
    """A GO workspace whose newest metric run reused every answer from the cache."""
    for name in ("edge.jsonl", "adv.jsonl"):
        (tmp_path / name).write_text('{"input": "x", "expected": "y"}\n')
    plan = tmp_path / "phaseone.yaml"
    plan.write_text(yaml.safe_dump(go_plan_dict(), sort_keys=False))
    loaded, store = open_workspace(plan)
    try:
        go_evidence(store, loaded)
        later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
        add_run(store, "main", reused_summary(fresh=0, reused=200), at=later)
    finally:
        store.close()
    return plan


def test_attesting_every_missing_check_by_cli_cannot_turn_inconclusive_into_go(
    tmp_path: Path,
) -> None:
    plan = _cached_workspace(tmp_path)
    res = run("gate", "--plan", plan, cwd=tmp_path)
    assert res.returncode == 3, res.stdout + res.stderr
    lacking = sorted(set(re.findall(r"^  • ([a-z_]+\.[a-z_]+):", res.stdout, re.M)))
    assert "evals.metric" in lacking and "integration.live_target" in lacking, res.stdout
    for check_id in lacking:
        res = run(
            "attest", check_id, "--by", "Pat", "--note", "re-checked by hand",
            "--plan", plan, cwd=tmp_path,
        )  # fmt: skip
        assert res.returncode == 2, (check_id, res.stdout, res.stderr)
        err = " ".join(res.stderr.split())
        assert f"{check_id} cannot be attested: software verifies it" in err
        assert "produce the evidence instead" in err
    res = run("gate", "--plan", plan, cwd=tmp_path)
    outcome_line = next(line for line in res.stdout.splitlines() if line.startswith("decision 2:"))
    assert res.returncode == 3 and "INCONCLUSIVE" in outcome_line, res.stdout


def test_a_stored_attestation_of_a_measured_check_is_ignored_and_said_so(
    tmp_path: Path, store: Store
) -> None:
    """Written straight to the store (an old attestation, or one made around the CLI)."""
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    add_run(
        store,
        "main",
        reused_summary(fresh=0, reused=200),
        at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5),
    )
    for check_id in ("evals.metric", "integration.live_target", "integration.latency_errors"):
        add_attestation(store, PROJECT, check_id, by="Pat", note="re-checked by hand")
    rec = decide(loaded, store)
    assert rec.outcome == "INCONCLUSIVE"
    metric = next(c for c in rec.checks if c.id == "evals.metric")
    assert metric.status == "inconclusive" and not metric.attested
    assert "attestation by Pat exists but does not count" in metric.reason
    assert rec.record["attested"] == []


def test_an_attestable_check_is_filled_and_every_outcome_line_names_it(
    tmp_path: Path, store: Store
) -> None:
    with people_check():
        loaded = loaded_plan(tmp_path)
        go_evidence(store, loaded)
        rec = decide(loaded, store)
        assert rec.outcome == "INCONCLUSIVE"
        assert rec.reasons == [f"{PEOPLE_CHECK}: no rehearsal of the runbook is on record"]
        add_attestation(
            store, PROJECT, PEOPLE_CHECK, by="Sam Lee, on-call lead", note="drill 2026-11-30"
        )
        rec = decide(loaded, store)
    assert rec.outcome == "GO"
    assert rec.reasons[0] == (
        "all 24 applicable blocking checks pass (23 on software evidence, 1 on a person's word)"
    )
    assert rec.reasons[1] == (
        f"1 check(s) attested by people, not verified by software: {PEOPLE_CHECK} "
        "(attested by Sam Lee, on-call lead: drill 2026-11-30)"
    )
    assert rec.record["attested"] == [PEOPLE_CHECK]
    md = render(rec.record, "markdown")
    assert "1 check(s) attested by people" in md and f"`{PEOPLE_CHECK}` | pass (attested)" in md
    html = render(rec.record, "html")
    assert "1 check(s) attested by people" in html


def test_attestable_check_accepts_the_cli_and_stale_attestations_do_not_count(
    tmp_path: Path,
) -> None:
    from rich.console import Console

    from phaseone.gate.commands import cmd_attest
    from phaseone.store.models import Attestation

    for name in ("edge.jsonl", "adv.jsonl"):
        (tmp_path / name).write_text('{"input": "x", "expected": "y"}\n')
    plan = tmp_path / "phaseone.yaml"
    data = go_plan_dict()
    data["store"] = {"url": f"sqlite:///{tmp_path / 'store.db'}"}
    plan.write_text(yaml.safe_dump(data, sort_keys=False))
    console = Console(record=True, width=200)
    with people_check():
        with workspace(plan) as ws:
            assert cmd_attest(ws, PEOPLE_CHECK, "Sam", "drill done", console) == 0
        assert "attested by people" in " ".join(console.export_text().split())
        loaded, st = open_workspace(plan)
        try:
            go_evidence(st, loaded)
            assert evaluate(loaded, st).outcome == "GO"
            with st.session() as s:
                for a in s.query(Attestation):
                    a.created_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
            rec = evaluate(loaded, st)
        finally:
            st.close()
    assert rec.outcome == "INCONCLUSIVE"
    people = next(c for c in rec.checks if c.id == PEOPLE_CHECK)
    assert "older than 14 days" in people.reason


def test_only_people_and_process_checks_are_attestable() -> None:
    attestable = {name for name, c in CHECKS.items() if c.attestable}
    assert attestable == {"ownership.owner", "ownership.line_team"}
    for area in sorted(MEASURED_AREAS):
        with pytest.raises(ValueError, match="measured by software"):
            check(
                f"{area}.by_hand",
                area=area,
                title="x",
                blocking=True,
                verified_by="x",
                cites="x",
                fix="x",
                attestable=True,
            )
    assert not any(name.endswith(".by_hand") for name in CHECKS.names())


def test_the_json_report_lists_the_attested_checks(tmp_path: Path, store: Store) -> None:
    with people_check():
        loaded = loaded_plan(tmp_path)
        go_evidence(store, loaded)
        add_attestation(store, PROJECT, PEOPLE_CHECK, by="Sam", note="drill")
        rec = decide(loaded, store)
    data = json.loads(render(rec.record, "json"))
    assert data["attested"] == [PEOPLE_CHECK] and data["outcome"] == "GO"
