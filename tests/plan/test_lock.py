"""Pre-registration: first lock, drift after evidence, intentional re-lock, kept history."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from phaseone.errors import UsageError
from phaseone.plan import LoadedPlan, load_plan
from phaseone.plan.lock import (
    ensure_locked,
    lock_history,
    metric_drift,
    metric_fingerprint,
    relock,
    relock_lines,
)
from phaseone.store import Store
from phaseone.store.models import Run
from phaseone.store.plans import metric_locks

from .conftest import GOOD_PLAN, WritePlan

IDENTITY = {"source": "jsonl cases/happy.jsonl", "content_hash": "ab" * 32, "rows": 1}


def loaded_with(write_plan: WritePlan, old: str = "", new: str = "") -> LoadedPlan:
    return load_plan(write_plan(GOOD_PLAN.replace(old, new, 1) if old else GOOD_PLAN))


def add_run(store: Store, project: str = "inbox-screening") -> None:
    with store.session() as s:
        s.add(
            Run(
                id="run-1",
                project=project,
                suite="happy",
                target_fingerprint="f" * 64,
                target_label="http",
                dataset_identity=IDENTITY,
                config={},
                status="completed",
            )
        )


def test_fingerprint_covers_every_locked_field(write_plan: WritePlan) -> None:
    base, fields = metric_fingerprint(loaded_with(write_plan).plan)
    assert fields["threshold"] == 0.9 and fields["label"] == "spam"
    for old, new in [
        ("  threshold: 0.9", "  threshold: 0.8"),
        ("  confidence: 0.95", "  confidence: 0.9"),
        ("  min_cases: 50", "  min_cases: 10"),
        ("  label: spam", "  label: ham"),
        ("  name: spam precision", "  name: precision"),
    ]:
        changed, _ = metric_fingerprint(loaded_with(write_plan, old, new).plan)
        assert changed != base, old
    with_data, _ = metric_fingerprint(loaded_with(write_plan).plan, IDENTITY)
    assert with_data != base
    # Cosmetic plan changes elsewhere do not move the fingerprint.
    same, _ = metric_fingerprint(loaded_with(write_plan, "  timeout_s: 5", "  timeout_s: 9").plan)
    assert same == base


def test_first_evidence_locks_once(store: Store, write_plan: WritePlan) -> None:
    loaded = loaded_with(write_plan)
    first = ensure_locked(store, loaded, IDENTITY)
    assert first is not None and first.dataset_identity == IDENTITY
    again = ensure_locked(store, loaded, IDENTITY)
    assert again is not None and again.id == first.id
    assert len(metric_locks(store, loaded.project)) == 1
    assert metric_drift(store, loaded) is None


def test_no_metric_no_lock(store: Store, write_plan: WritePlan) -> None:
    start = GOOD_PLAN.index("success_metric:")
    end = GOOD_PLAN.index("target:")
    loaded = load_plan(write_plan(GOOD_PLAN[:start] + GOOD_PLAN[end:]))
    assert ensure_locked(store, loaded, IDENTITY) is None
    with pytest.raises(UsageError):
        relock(store, loaded, "why", "me")


def test_manual_lock_then_first_evidence_adds_the_dataset(
    store: Store, write_plan: WritePlan
) -> None:
    loaded = loaded_with(write_plan)
    manual = relock(store, loaded, None, "dana")
    assert manual.dataset_identity is None and manual.locked_by == "dana"
    ensure_locked(store, loaded, IDENTITY)
    history = lock_history(store, loaded.project)
    assert len(history) == 2
    assert history[1].dataset_identity == IDENTITY and history[1].automatic
    assert metric_drift(store, loaded) is None


def test_drift_after_evidence_then_intentional_relock(store: Store, write_plan: WritePlan) -> None:
    loaded = loaded_with(write_plan)
    ensure_locked(store, loaded, IDENTITY)
    moved = loaded_with(write_plan, "  threshold: 0.9", "  threshold: 0.8")

    drift = metric_drift(store, moved)
    assert drift is not None
    assert not drift.evidence_existed
    assert "before any evidence" in drift.headline

    add_run(store)
    drift = metric_drift(store, moved)
    assert drift is not None
    assert drift.evidence_existed
    assert drift.headline == "metric changed after evidence existed"
    assert [(c.field, c.old, c.new) for c in drift.changes] == [("threshold", 0.9, 0.8)]
    assert drift.describe() == ["threshold: 0.9 → 0.8"]
    assert drift.relocks == 0
    assert drift.as_dict()["old"]["threshold"] == 0.9

    # A changed metric does not silently re-lock on the next run.
    ensure_locked(store, moved, IDENTITY)
    assert len(lock_history(store, loaded.project)) == 1

    with pytest.raises(UsageError) as info:
        relock(store, moved, None, "dana")
    assert "--reason" in (info.value.fix or "")

    relock(store, moved, "finance agreed 0.8 is enough", "dana")
    assert metric_drift(store, moved) is None
    history = lock_history(store, loaded.project)
    assert [h.metric["threshold"] for h in history] == [0.9, 0.8]
    assert history[0].first and not history[1].first
    assert history[1].reason == "finance agreed 0.8 is enough"
    assert history[1].dataset_identity == IDENTITY  # carried over
    assert history[0].locked_at <= history[1].locked_at

    # Going back to the original metric is drift again, against the re-lock.
    back = metric_drift(store, loaded)
    assert back is not None and back.relocks == 1
    assert [(c.old, c.new) for c in back.changes] == [(0.8, 0.9)]

    with pytest.raises(UsageError):
        relock(store, moved, "nothing changed", "dana")


def test_dataset_change_is_drift_when_known(store: Store, write_plan: WritePlan) -> None:
    loaded = loaded_with(write_plan)
    ensure_locked(store, loaded, IDENTITY)
    other = {**IDENTITY, "content_hash": "cd" * 32}
    drift = metric_drift(store, loaded, other)
    assert drift is not None and [c.field for c in drift.changes] == ["dataset"]
    assert metric_drift(store, loaded, IDENTITY) is None


def test_locks_are_per_project(store: Store, write_plan: WritePlan) -> None:
    a = loaded_with(write_plan)
    b = loaded_with(write_plan, "  name: inbox-screening", "  name: other-project")
    ensure_locked(store, a, IDENTITY)
    assert lock_history(store, "other-project") == []
    assert metric_drift(store, b) is None


# --- through the CLI -------------------------------------------------------------------------


def run_main(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    from phaseone.cli import main

    monkeypatch.setattr(sys, "argv", ["phaseone", *args])
    monkeypatch.setenv("COLUMNS", "200")
    code: object = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return (code if isinstance(code, int) else 0), out, err


def test_cli_lock_plan_shows_drift_and_relock(
    write_plan: WritePlan,
    store_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PHASEONE_DB_URL", store_url)
    path = write_plan()
    code, out, err = run_main(["lock", "--plan", str(path)], monkeypatch, capsys)
    assert code == 0, err
    assert "locked" in out and "threshold: 0.9" in out

    code, _, err = run_main(["lock", "--plan", str(path)], monkeypatch, capsys)
    assert code == 2 and "--reason" in err

    path.write_text(GOOD_PLAN.replace("  threshold: 0.9", "  threshold: 0.85"), encoding="utf-8")
    store = Store(store_url)
    try:
        add_run(store)
    finally:
        store.close()
    code, out, err = run_main(["plan", "--plan", str(path)], monkeypatch, capsys)
    assert code == 0, err
    assert "metric changed after evidence existed" in out
    assert "threshold: 0.9 → 0.85" in out

    code, out, err = run_main(
        ["lock", "--plan", str(path), "--reason", "agreed with finance", "--by", "Dana"],
        monkeypatch,
        capsys,
    )
    assert code == 0, err
    assert "re-locked" in out and "2 locks kept" in out
    assert "by Dana: 'agreed with finance' — threshold: 0.9 → 0.85" in " ".join(out.split())
    code, out, _ = run_main(["plan", "--plan", str(path)], monkeypatch, capsys)
    assert code == 0 and "metric changed" not in out and "locked 20" in out


# --- secrets ----------------------------------------------------------------------------------


SECRET = "sk-live-9f8e7d6c5b4a-do-not-store"


def test_secrets_from_env_never_reach_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_plan: WritePlan
) -> None:
    from phaseone.plan.workspace import open_workspace

    monkeypatch.delenv("PHASEONE_DB_URL", raising=False)
    monkeypatch.setenv("PHASEONE_TEST_API_KEY", SECRET)
    text = GOOD_PLAN.replace(
        "  kind: http\n  url: http://127.0.0.1:9/classify\n",
        "  kind: openai\n  base_url: http://127.0.0.1:9/v1\n  model: m\n"
        "  api_key: ${PHASEONE_TEST_API_KEY}\n",
    )
    loaded, store = open_workspace(write_plan(text))
    try:
        assert loaded.plan.target.api_key == SECRET  # type: ignore[union-attr]
        assert SECRET not in loaded.text
        ensure_locked(store, loaded, IDENTITY)
    finally:
        store.close()
    db_files = list((tmp_path / ".phaseone").iterdir())
    assert any(f.name == "phaseone.db" for f in db_files)
    for f in db_files:
        assert SECRET.encode() not in f.read_bytes(), f
    assert b"${PHASEONE_TEST_API_KEY}" in (tmp_path / ".phaseone" / "phaseone.db").read_bytes()


# --- dataset identity with its configuration (review finding 2) --------------------------

SQL = {"kind": "sql", "url": "sqlite:///inbox.db", "query": "SELECT * FROM m"}


def sql_identity(query: str = SQL["query"], content: str = "ab") -> dict[str, object]:
    return {
        "source": "sql sqlite:///inbox.db",
        "content_hash": content * 32,
        "rows": 150,
        "config": {**SQL, "query": query},
    }


def test_a_changed_query_is_drift_a_grown_live_table_is_not(
    store: Store, write_plan: WritePlan
) -> None:
    from phaseone.plan.lock import same_dataset

    loaded = loaded_with(write_plan)
    ensure_locked(store, loaded, sql_identity())
    # the live table grew under the same query: the same agreed data
    assert metric_drift(store, loaded, sql_identity(content="cd")) is None
    drift = metric_drift(store, loaded, sql_identity("SELECT * FROM m WHERE label = 'ham'"))
    assert drift is not None
    assert drift.describe() == [
        "dataset: query 'SELECT * FROM m' → query \"SELECT * FROM m WHERE label = 'ham'\""
    ]
    # a file is its content: edited in place under the same name, it is other data
    jsonl = {"kind": "jsonl", "path": "cases.jsonl"}
    a = {"source": "jsonl cases.jsonl", "content_hash": "a" * 64, "rows": 1, "config": jsonl}
    assert same_dataset(a, {**a, "content_hash": "b" * 64}) is False
    assert same_dataset(a, dict(a)) is True
    assert same_dataset(a, None) is None


def test_a_lock_without_configuration_compares_source_and_content(
    store: Store, write_plan: WritePlan
) -> None:
    """A lock taken before identities carried their configuration keeps working."""
    loaded = loaded_with(write_plan)
    ensure_locked(store, loaded, IDENTITY)
    with_config = {**IDENTITY, "config": {"kind": "jsonl", "path": "cases/happy.jsonl"}}
    assert metric_drift(store, loaded, with_config) is None
    assert metric_drift(store, loaded, {**with_config, "content_hash": "cd" * 32}) is not None


def test_relock_records_a_changed_query(store: Store, write_plan: WritePlan) -> None:
    loaded = loaded_with(write_plan)
    ensure_locked(store, loaded, sql_identity())
    with pytest.raises(UsageError):
        relock(store, loaded, "nothing changed", "dana", sql_identity(content="cd"))
    row = relock(store, loaded, "ham only", "dana", sql_identity("SELECT 1"))
    assert row.dataset_identity is not None
    assert row.dataset_identity["config"]["query"] == "SELECT 1"
    (line,) = relock_lines(lock_history(store, loaded.project))
    assert "by dana: 'ham only' — dataset: query " in line and "→ query 'SELECT 1'" in line
