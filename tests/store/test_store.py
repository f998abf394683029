"""The store on SQLite and PostgreSQL: migrations, plan versions, metric lock history."""

from __future__ import annotations

import threading
from typing import Any

import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory

from phaseone.store import Store
from phaseone.store.database import MIGRATIONS
from phaseone.store.models import Base
from phaseone.store.plans import (
    add_metric_lock,
    count_runs,
    get_plan_version,
    latest_metric_lock,
    list_plan_versions,
    metric_locks,
    record_plan_version,
)


def _script() -> ScriptDirectory:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg)


def test_alembic_has_a_single_linear_head() -> None:
    script = _script()
    assert len(script.get_heads()) == 1
    revisions = list(script.walk_revisions())
    assert sum(1 for r in revisions if r.down_revision is None) == 1


def test_migrations_create_every_table(store: Store) -> None:
    tables = set(store.table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables
    with store.engine.connect() as c:
        version = c.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    assert version == _script().get_current_head()


def test_opening_a_store_at_head_runs_no_ddl(store: Store) -> None:
    again = Store(store.url, migrate=False)
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement.strip().split()[0].upper())

    sa.event.listen(again.engine, "before_cursor_execute", record)
    try:
        again.migrate()
    finally:
        again.close()
    assert statements, "migrate() should at least read alembic_version"
    assert not {"CREATE", "ALTER", "DROP", "INSERT", "UPDATE"} & set(statements)


def test_sqlite_store_uses_wal(sqlite_store: Store) -> None:
    with sqlite_store.engine.connect() as c:
        assert c.execute(sa.text("PRAGMA journal_mode")).scalar_one().lower() == "wal"
        assert c.execute(sa.text("PRAGMA foreign_keys")).scalar_one() == 1


def test_plan_version_is_idempotent_by_content_hash(store: Store) -> None:
    a = record_plan_version(store, "p", "a" * 64, "project: {name: p}\n")
    again = record_plan_version(store, "p", "a" * 64, "project: {name: p}\n")
    assert again.id == a.id
    record_plan_version(store, "p", "b" * 64, "project: {name: p}  # v2\n")
    versions = list_plan_versions(store, "p")
    assert [v.content_hash for v in versions] == ["a" * 64, "b" * 64]
    found = get_plan_version(store, "b" * 64)
    assert found is not None and found.content.endswith("# v2\n")
    assert list_plan_versions(store, "other") == []


def test_plan_version_under_concurrent_writers(store: Store) -> None:
    ids: list[int] = []
    errors: list[BaseException] = []

    def write() -> None:
        try:
            ids.append(record_plan_version(store, "p", "c" * 64, "text").id)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(ids)) == 1
    assert len(list_plan_versions(store, "p")) == 1


def test_metric_locks_are_an_append_only_history(store: Store) -> None:
    assert latest_metric_lock(store, "p") is None
    first = add_metric_lock(
        store,
        "p",
        metric_hash="1" * 64,
        metric={"threshold": 0.9},
        dataset_identity=None,
        plan_hash="a" * 64,
    )
    second = add_metric_lock(
        store,
        "p",
        metric_hash="2" * 64,
        metric={"threshold": 0.8},
        dataset_identity={"rows": 3},
        plan_hash="b" * 64,
        reason="agreed",
        locked_by="dana",
    )
    rows = metric_locks(store, "p")
    assert [r.id for r in rows] == [first.id, second.id]
    assert rows[0].metric == {"threshold": 0.9}  # the first lock is untouched
    latest = latest_metric_lock(store, "p")
    assert latest is not None and latest.id == second.id and latest.reason == "agreed"
    assert latest.dataset_identity == {"rows": 3}
    assert metric_locks(store, "q") == []


def test_count_runs_is_per_project(store: Store) -> None:
    from phaseone.store.models import Run

    assert count_runs(store, "p") == 0
    with store.session() as s:
        s.add(
            Run(
                id="r1",
                project="p",
                suite="s",
                target_fingerprint="f",
                target_label="t",
                dataset_identity={},
                config={},
                status="running",
            )
        )
    assert count_runs(store, "p") == 1
    assert count_runs(store, "q") == 0


def test_migrations_match_the_models(store: Store) -> None:
    """A column added to models.py without a migration (or vice versa) fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": False})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], diff
