"""The decision rule on whole plans, attestations, and the append-only hash chain."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import sqlalchemy as sa
from builders import (
    ALL_PROBES,
    add_batch,
    add_run,
    go_evidence,
    go_plan_dict,
    loaded_plan,
    metric_summary,
    summary,
)

from phaseone.gate import decide
from phaseone.store.attestations import add_attestation
from phaseone.store.database import Store
from phaseone.store.decisions import list_decisions, verify_chain
from phaseone.store.models import Attestation, ProbeResult

PROJECT = "inbox-screening"


def test_go_plan_is_go_and_the_record_carries_the_evidence(tmp_path: Path, store: Store) -> None:
    loaded = loaded_plan(tmp_path)
    ids = go_evidence(store, loaded)
    rec = decide(loaded, store)
    assert rec.outcome == "GO" and rec.exit_code == 0
    assert rec.reasons == ["all 23 applicable blocking checks pass"]
    r = rec.record
    assert r["seq"] == 1 and r["prev_hash"] is None and r["plan_hash"] == loaded.content_hash
    assert r["runs"]["metric"] == ids["main"]
    assert r["runs"]["suites"] == {"main": ids["main"], "edge": ids["edge"], "adv": ids["adv"]}
    assert r["probe_batch_id"] == "pb_test" and len(r["probes"]) == len(ALL_PROBES)
    assert r["owner"]["name"] == "Dana Okafor"
    assert r["cost"]["projected_monthly"] == 0.001 * 100_000 + 300
    assert r["metric_drift"] is None
    assert {c["id"] for c in r["checks"]} >= {"ownership.owner", "evals.metric", "cost.run_cost"}
    assert verify_chain(store, PROJECT).ok


def test_no_go_names_every_failing_blocking_check(tmp_path: Path, store: Store) -> None:
    data = go_plan_dict()
    data["owner"]["team"] = "Innovation Lab"
    loaded = loaded_plan(tmp_path, data)
    go_evidence(store, loaded)
    add_run(
        store,
        "main",
        summary(metric=metric_summary("FAIL", value=0.7, lower=0.64, upper=0.75)),
        at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5),
    )
    rec = decide(loaded, store)
    assert rec.outcome == "NO-GO" and rec.exit_code == 1
    failed = {reason.split(":")[0] for reason in rec.reasons}
    assert failed == {"ownership.line_team", "evals.metric"}
    assert any(s["check"] == "evals.metric" for s in rec.record["next_steps"])


def test_inconclusive_metric_says_how_many_more_cases(tmp_path: Path, store: Store) -> None:
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    add_run(
        store,
        "main",
        summary(
            metric=metric_summary("INCONCLUSIVE", value=0.82, lower=0.77, upper=0.86, more=540)
        ),
        at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5),
    )
    rec = decide(loaded, store)
    assert rec.outcome == "INCONCLUSIVE" and rec.exit_code == 3
    assert len(rec.reasons) == 1 and rec.reasons[0].startswith("evals.metric:")
    assert "540 more cases" in rec.reasons[0]
    assert rec.record["metric"]["more_cases_needed"] == 540


def test_missing_probe_evidence_is_inconclusive_and_an_advisory_failure_is_not_no_go(
    tmp_path: Path, store: Store
) -> None:
    data = go_plan_dict()
    data["phases"]["one"]["budget"] = 0.01  # advisory cost.phase_one_budget fails
    loaded = loaded_plan(tmp_path, data)
    go_evidence(store, loaded, probes=False)
    rec = decide(loaded, store)
    assert rec.outcome == "INCONCLUSIVE"
    assert {r.split(":")[0] for r in rec.reasons} == {
        "controls.auth",
        "controls.limits",
        "controls.rate_limit",
        "controls.budget",
        "controls.pii",
        "controls.injection",
        "controls.resilience",
        "controls.monitoring",
        "rollout.kill_switch",
    }
    budget = next(c for c in rec.checks if c.id == "cost.phase_one_budget")
    assert budget.status == "fail" and not budget.blocking


def test_attestation_fills_missing_evidence_and_is_shown_as_attested(
    tmp_path: Path, store: Store
) -> None:
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded, probes=False)
    # a complete batch from a phaseone that had no PII probe: pii lacks evidence
    add_batch(store, loaded, skip=("pii_redaction",))
    assert decide(loaded, store).outcome == "INCONCLUSIVE"
    add_attestation(
        store,
        PROJECT,
        "controls.pii",
        by="Sam Lee, security",
        note="DLP review of trace storage, ticket SEC-142",
    )
    rec = decide(loaded, store)
    assert rec.outcome == "GO"
    pii = next(c for c in rec.checks if c.id == "controls.pii")
    assert pii.status == "pass" and pii.attested
    assert [e.kind for e in pii.evidence] == ["attested"]
    assert "Sam Lee" in pii.reason and "SEC-142" in pii.reason


def test_attestation_never_overrides_a_verified_failure_nor_counts_when_stale(
    tmp_path: Path, store: Store
) -> None:
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
    add_batch(store, loaded, batch="pb_2", at=later, failing={"pii_redaction": "raw e-mail stored"})
    add_attestation(store, PROJECT, "controls.pii", by="Sam", note="looked fine to me")
    rec = decide(loaded, store)
    pii = next(c for c in rec.checks if c.id == "controls.pii")
    assert rec.outcome == "NO-GO" and pii.status == "fail" and not pii.attested

    with store.session() as s:
        s.query(ProbeResult).filter(ProbeResult.probe == "pii_redaction").delete()
        for a in s.query(Attestation):
            a.created_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
    rec = decide(loaded, store)
    pii = next(c for c in rec.checks if c.id == "controls.pii")
    assert pii.status == "inconclusive" and "older than 14 days" in pii.reason


def _three_decisions(tmp_path: Path, store: Store) -> None:
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    for _ in range(3):
        decide(loaded, store)


def test_chain_links_each_decision_to_the_previous(tmp_path: Path, store: Store) -> None:
    _three_decisions(tmp_path, store)
    rows = list_decisions(store, PROJECT)
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[1].prev_hash == rows[0].record_hash and rows[2].prev_hash == rows[1].record_hash
    rep = verify_chain(store, PROJECT)
    assert rep.ok and rep.count == 3 and rep.head_hash == rows[2].record_hash


def test_an_edited_record_is_caught(tmp_path: Path, store: Store) -> None:
    _three_decisions(tmp_path, store)
    row = list_decisions(store, PROJECT)[1]
    record = dict(row.record)
    record["outcome"] = "GO"
    record["reasons"] = ["all fine, trust me"]
    record["cost"]["projected_monthly"] = 1.0
    with store.engine.begin() as c:
        c.execute(
            sa.text("UPDATE decisions SET record = :r WHERE seq = 2"), {"r": json.dumps(record)}
        )
    rep = verify_chain(store, PROJECT)
    assert not rep.ok
    assert any(p.startswith("decision 2: the record was edited") for p in rep.problems)
    assert not any(p.startswith("decision 3") for p in rep.problems)


def test_an_edited_outcome_column_a_deletion_and_a_reorder_are_caught(
    tmp_path: Path, store: Store
) -> None:
    _three_decisions(tmp_path, store)
    with store.engine.begin() as c:
        c.execute(sa.text("UPDATE decisions SET outcome = 'NO-GO' WHERE seq = 1"))
    assert any("column outcome" in p for p in verify_chain(store, PROJECT).problems)
    with store.engine.begin() as c:
        c.execute(sa.text("UPDATE decisions SET outcome = 'GO' WHERE seq = 1"))
        c.execute(sa.text("DELETE FROM decisions WHERE seq = 2"))
    problems = verify_chain(store, PROJECT).problems
    assert any("deleted" in p for p in problems)
    with store.engine.begin() as c:
        c.execute(sa.text("UPDATE decisions SET seq = 2 WHERE seq = 3"))
    problems = verify_chain(store, PROJECT).problems
    assert problems and any("decision 2" in p for p in problems)
