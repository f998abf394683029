"""The decision log's head is anchored outside the database and every field a person is
shown — the time included — is covered by the hash."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from builders import go_evidence, go_plan_dict, loaded_plan

from phaseone.gate import decide
from phaseone.plan.workspace import open_workspace
from phaseone.store.database import Store
from phaseone.store.decisions import (
    DecisionLogError,
    append_decision,
    head_file,
    list_decisions,
    normalise,
    record_hash,
    verify_chain,
)
from phaseone.store.models import Decision

PROJECT = "inbox-screening"
PHASEONE = [sys.executable, "-m", "phaseone.cli"]


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "200"}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return subprocess.run(
        [*PHASEONE, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120, env=env
    )


def _three(tmp_path: Path, store: Store) -> Path:
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    for _ in range(3):
        decide(loaded, store)
    head = head_file(store, tmp_path)
    assert head is not None and head.exists()
    return head


def _sql(store: Store, statement: str, **params: object) -> None:
    with store.engine.begin() as c:
        c.execute(sa.text(statement), params)


def test_the_head_anchor_lives_outside_the_database(tmp_path: Path, store: Store) -> None:
    head = head_file(store, tmp_path)
    if store.dialect == "sqlite":
        db = sa.engine.make_url(store.url).database
        assert head == Path(str(db)).resolve().parent / "decisions.head"
    else:  # PostgreSQL: the workspace's .phaseone/, not a table of the same database
        assert head == tmp_path / ".phaseone" / "decisions.head"
    _three(tmp_path, store)
    lines = [json.loads(x) for x in head.read_text().splitlines()]  # type: ignore[union-attr]
    rows = list_decisions(store, PROJECT)
    assert [(x["seq"], x["record_hash"]) for x in lines] == [(r.seq, r.record_hash) for r in rows]


def test_untouched_passes(tmp_path: Path, store: Store) -> None:
    head = _three(tmp_path, store)
    rep = verify_chain(store, PROJECT, head=head)
    assert rep.ok, rep.problems
    assert rep.head_entries == 3 and rep.legacy == 0 and not rep.head_started


def test_a_deleted_newest_decision_is_caught_even_after_a_new_one(
    tmp_path: Path, store: Store
) -> None:
    head = _three(tmp_path, store)
    gone = list_decisions(store, PROJECT)[2].record_hash
    _sql(store, "DELETE FROM decisions WHERE seq = 3")
    problems = verify_chain(store, PROJECT, head=head).problems
    assert any(
        p.startswith("decision 3 is missing") and gone[:16] in p and "newest" in p for p in problems
    ), problems
    # the gate refuses to chain onto it; a decision appended by other means takes seq 3
    # again and chains cleanly to 2: the anchor still tells
    with pytest.raises(DecisionLogError, match="decision 3 is missing"):
        decide(loaded_plan(tmp_path), store)
    append_decision(store, PROJECT, {"outcome": "GO", "plan_hash": "x"}, head=head)
    problems = verify_chain(store, PROJECT, head=head).problems
    assert any(p.startswith("decision 3 was replaced") for p in problems), problems


def test_an_edited_created_at_is_caught(tmp_path: Path, store: Store) -> None:
    head = _three(tmp_path, store)
    forged = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    _sql(store, "UPDATE decisions SET created_at = :t WHERE seq = 2", t=forged)
    problems = verify_chain(store, PROJECT, head=head).problems
    assert any(p.startswith("decision 2: column created_at=2020-01-01") for p in problems)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("outcome", "'NO-GO'"),
        ("plan_hash", "'0000000000000000000000000000000000000000000000000000000000000000'"),
        ("prev_hash", "'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'"),
        ("record_hash", "'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee'"),
        ("seq", "7"),
        ("project", "'elsewhere'"),
    ],
)
def test_any_other_edited_column_is_caught(
    tmp_path: Path, store: Store, column: str, value: str
) -> None:
    head = _three(tmp_path, store)
    _sql(store, f"UPDATE decisions SET {column} = {value} WHERE seq = 2")
    assert not verify_chain(store, PROJECT, head=head).ok


@pytest.mark.parametrize(
    "field", ["decided_at", "outcome", "seq", "project", "plan_hash", "reasons", "hash_version"]
)
def test_any_edited_field_of_the_record_is_caught(tmp_path: Path, store: Store, field: str) -> None:
    head = _three(tmp_path, store)
    row = list_decisions(store, PROJECT)[1]
    rec = dict(row.record)
    rec[field] = "2020-01-01T00:00:00+00:00" if field == "decided_at" else "forged"
    _sql(store, "UPDATE decisions SET record = :r WHERE seq = 2", r=json.dumps(rec))
    problems = verify_chain(store, PROJECT, head=head).problems
    assert any(p.startswith("decision 2") for p in problems), problems


def test_a_store_from_before_the_anchor_verifies_and_says_so(tmp_path: Path, store: Store) -> None:
    """Records of hash version 1 (no `hash_version`, created_at set apart from decided_at)
    still verify; the report says their created_at is not covered, and the first verify
    starts the head anchor from the chain it has just checked."""
    prev = None
    for seq in (1, 2):
        rec = normalise(
            {"outcome": "GO", "plan_hash": "p" * 64, "seq": seq, "project": PROJECT,
             "prev_hash": prev, "decided_at": f"2026-01-0{seq}T10:00:00+00:00"}
        )  # fmt: skip
        h = record_hash(rec, prev)
        with store.session() as s:
            s.add(
                Decision(
                    project=PROJECT, seq=seq, outcome="GO", plan_hash="p" * 64, record=rec,
                    prev_hash=prev, record_hash=h,
                    created_at=dt.datetime(2026, 1, seq, 10, 0, 3, tzinfo=dt.UTC),
                )
            )  # fmt: skip
        prev = h
    head = tmp_path / "anchor" / "decisions.head"
    rep = verify_chain(store, PROJECT, head=head)
    assert rep.ok and rep.legacy == 2 and rep.head_started
    assert json.loads(head.read_text())["record_hash"] == prev
    _sql(store, "DELETE FROM decisions WHERE seq = 2")
    assert not verify_chain(store, PROJECT, head=head).ok


def test_the_cli_says_what_it_checked_and_lists_the_signed_time(tmp_path: Path) -> None:
    for name in ("edge.jsonl", "adv.jsonl"):
        (tmp_path / name).write_text('{"input": "x", "expected": "y"}\n')
    plan = tmp_path / "phaseone.yaml"
    plan.write_text(yaml.safe_dump(go_plan_dict(), sort_keys=False))
    loaded, store = open_workspace(plan)
    try:
        go_evidence(store, loaded)
    finally:
        store.close()
    gate = run("gate", "--plan", plan, cwd=tmp_path)
    assert gate.returncode == 0, gate.stdout + gate.stderr
    assert f"head anchor: {tmp_path / '.phaseone' / 'decisions.head'}" in gate.stdout

    ok = run("decisions", "verify", "--plan", plan, cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout
    for said in ("entries   1", "chain ", "fields ", "created_at", "head ", "--anchor"):
        assert said in ok.stdout, said

    db = tmp_path / ".phaseone" / "phaseone.db"
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as c:
        signed = json.loads(c.execute(sa.text("SELECT record FROM decisions")).scalar())[
            "decided_at"
        ]
        c.execute(sa.text("UPDATE decisions SET created_at = '1999-12-31 23:59:59.000000'"))
    engine.dispose()
    listed = run("decisions", "list", "--plan", plan, cwd=tmp_path)
    assert listed.returncode == 0
    shown = dt.datetime.fromisoformat(signed).astimezone(dt.UTC)
    assert f"{shown:%Y-%m-%d %H:%M:%S}" in listed.stdout and "1999" not in listed.stdout
    bad = run("decisions", "verify", "--plan", plan, cwd=tmp_path)
    assert bad.returncode == 1 and "decision 1: column created_at=1999-12-31" in bad.stdout


def test_canary_steps_share_the_chain_but_not_the_gate_verdict(tmp_path: Path) -> None:
    """A canary step (`phaseone watch`) is a link of the same hash chain; the newest *gate*
    decision stays what `decisions show`, `report`, the dashboard and the watcher's
    re-decisions read, and a step has no report (`phaseone report`: exit 2, with the fix)."""
    from phaseone.store.dashboard_queries import has_decision
    from phaseone.store.decisions import get_decision

    for name in ("edge.jsonl", "adv.jsonl"):
        (tmp_path / name).write_text('{"input": "x", "expected": "y"}\n')
    plan = tmp_path / "phaseone.yaml"
    plan.write_text(yaml.safe_dump(go_plan_dict(), sort_keys=False))
    loaded, store = open_workspace(plan)
    try:
        assert not has_decision(store, PROJECT)
        head = head_file(store, tmp_path)
        step = {"kind": "canary", "outcome": "CANARY-ROLLBACK", "plan_hash": loaded.content_hash}
        append_decision(store, PROJECT, step, head=head)
        assert not has_decision(store, PROJECT)  # a canary step is no gate decision
        go_evidence(store, loaded)
        gate = decide(loaded, store)
        append_decision(store, PROJECT, {**step, "outcome": "CANARY-PROMOTE"}, head=head)
        assert [d.outcome for d in list_decisions(store, PROJECT)] == [
            "CANARY-ROLLBACK",
            str(gate.outcome),
            "CANARY-PROMOTE",
        ]
        assert get_decision(store, PROJECT).seq == 2 and has_decision(store, PROJECT)
        assert verify_chain(store, PROJECT, head=head).ok
    finally:
        store.close()
    listed = run("decisions", "list", "--plan", plan, cwd=tmp_path)
    assert listed.returncode == 0 and "CANARY-PROMOTE" in listed.stdout
    shown = run("decisions", "show", "--plan", plan, cwd=tmp_path)
    assert json.loads(shown.stdout)["seq"] == 2
    refused = run("report", "--decision", "3", "--plan", plan, cwd=tmp_path)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "canary step" in refused.stdout + refused.stderr
    assert "phaseone decisions show 3" in refused.stdout + refused.stderr
