"""The gate checks the anchored decision log before it decides, and a workspace's log
belongs to one project: deleted decisions, a deleted head anchor or a renamed project make
`phaseone gate` refuse (exit 2) instead of starting over at "decision 1"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from builders import go_evidence, go_plan_dict, loaded_plan

from phaseone.cli import exit_code_for
from phaseone.gate import decide
from phaseone.plan.lock import relock
from phaseone.store.database import Store
from phaseone.store.decisions import (
    DecisionLogError,
    append_decision,
    count_decisions,
    head_file,
    verify_chain,
)

PROJECT = "inbox-screening"
PHASEONE = [sys.executable, "-m", "phaseone.cli"]


def _sql(store: Store, statement: str) -> None:
    with store.engine.begin() as c:
        c.execute(sa.text(statement))


def _renamed(tmp_path: Path, name: str = "inbox-screening-v2"):  # type: ignore[no-untyped-def]
    data = go_plan_dict()
    data["project"]["name"] = name
    return loaded_plan(tmp_path, data)


def test_the_first_gate_ever_decides_and_starts_the_anchor(tmp_path: Path, store: Store) -> None:
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    assert decide(loaded, store).seq == 1
    assert decide(loaded, store).seq == 2
    head = head_file(store, tmp_path)
    assert verify_chain(store, PROJECT, head=head).ok


def test_deleted_decisions_with_the_head_intact_are_refused(tmp_path: Path, store: Store) -> None:
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    decide(loaded, store)
    _sql(store, "DELETE FROM decisions")
    with pytest.raises(DecisionLogError) as info:
        decide(loaded, store)
    assert "decision 1 is missing" in info.value.message
    assert "every decision was deleted" in info.value.message
    assert "backup" in (info.value.fix or "") and "decisions verify" in (info.value.fix or "")
    assert exit_code_for(info.value) == 2
    assert count_decisions(store, PROJECT) == 0  # nothing appended on a broken log


def test_a_deleted_head_file_is_refused_not_rewritten(tmp_path: Path, store: Store) -> None:
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    decide(loaded, store)
    head = head_file(store, tmp_path)
    assert head is not None
    head.unlink()
    with pytest.raises(DecisionLogError, match="names none") as info:
        decide(loaded, store)
    assert str(head) in (info.value.fix or "")
    assert not head.exists() and count_decisions(store, PROJECT) == 1


def test_a_renamed_project_in_the_same_workspace_is_refused(tmp_path: Path, store: Store) -> None:
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    decide(loaded, store)
    renamed = _renamed(tmp_path)
    go_evidence(store, renamed)
    with pytest.raises(DecisionLogError, match="holds decisions of project 'inbox-screening'"):
        decide(renamed, store)
    assert count_decisions(store, "inbox-screening-v2") == 0


def test_a_renamed_project_with_the_head_deleted_is_refused_on_sqlite(
    tmp_path: Path, sqlite_store: Store
) -> None:
    loaded = loaded_plan(tmp_path)
    go_evidence(sqlite_store, loaded)
    decide(loaded, sqlite_store)
    head = head_file(sqlite_store, tmp_path)
    assert head is not None
    head.unlink()
    with pytest.raises(DecisionLogError, match="this store holds decisions of project"):
        decide(_renamed(tmp_path), sqlite_store)


def test_projects_sharing_a_postgresql_store_from_their_own_workspaces_both_decide(
    tmp_path: Path, store: Store
) -> None:
    """A shared PostgreSQL store is legitimate: each workspace's head file names its own
    project, so two projects decide side by side."""
    if store.dialect == "sqlite":
        pytest.skip("an SQLite store is its workspace's own")
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    first, second = loaded_plan(a), _renamed(b, "other-project")
    go_evidence(store, first)
    go_evidence(store, second)
    assert decide(first, store).seq == 1
    assert decide(second, store).seq == 1
    assert decide(first, store).seq == 2
    # but the second project's plan in the first workspace is refused
    with pytest.raises(DecisionLogError, match="holds decisions of project 'inbox-screening'"):
        decide(_renamed(a, "other-project"), store)


def test_every_relock_is_shown_with_what_it_changed(tmp_path: Path, store: Store) -> None:
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    data = go_plan_dict()
    data["gate"]["evidence_max_age_days"] = 30
    moved = loaded_plan(tmp_path, data)
    relock(store, moved, "routine refresh", by="Ana")
    rec = decide(moved, store)
    note = rec.reasons[-1]
    assert note.startswith("the metric and gate bars were re-locked 1 time(s)")
    assert "by Ana: 'routine refresh' — gate.evidence_max_age_days: 14.0 → 30.0" in note
    assert note in rec.record["reasons"]


def _run_cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "200"}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return subprocess.run(
        [*PHASEONE, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120, env=env
    )


def test_the_cli_gate_exits_2_on_a_log_whose_decisions_were_deleted(tmp_path: Path) -> None:
    """The reviewer's reproduction: `delete from decisions`, head intact, `phaseone gate`."""
    (tmp_path / "phaseone.yaml").write_text(yaml.safe_dump(go_plan_dict(), sort_keys=False))
    for name in ("edge.jsonl", "adv.jsonl"):
        (tmp_path / name).write_text('{"id": "c1", "input": "hi", "expected": "ham"}\n')
    db = tmp_path / ".phaseone" / "phaseone.db"
    db.parent.mkdir()
    store = Store(f"sqlite:///{db}")
    try:
        head = head_file(store, tmp_path)
        append_decision(store, PROJECT, {"outcome": "GO", "plan_hash": "p"}, head=head)
        _sql(store, "DELETE FROM decisions")
    finally:
        store.close()
    out = _run_cli("gate", cwd=tmp_path)
    assert out.returncode == 2, out.stdout + out.stderr
    text = " ".join((out.stdout + out.stderr).split())
    assert "decision log of 'inbox-screening' is broken" in text
    assert "decision 1 is missing" in text and "restore the store" in text
