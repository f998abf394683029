"""Opening a store that is already current costs one query, not an Alembic run (issue #19)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from filelock import FileLock

from phaseone.errors import StoreError
from phaseone.store import Store, database
from phaseone.store.database import MIGRATIONS, head_revision
from phaseone.store.models import Base

SRC = Path(__file__).resolve().parents[2] / "src"


def _config(store: Store) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = store.engine
    return cfg


def test_head_read_from_the_files_is_alembics_head() -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert head_revision() == ScriptDirectory.from_config(cfg).get_current_head()


def test_opening_a_current_store_does_not_import_alembic(store: Store) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        from phaseone.store import Store
        Store({store.url!r}).close()
        assert "alembic" not in sys.modules, "Alembic was imported for a store at head"
        assert "filelock" not in sys.modules, "the migration lock was loaded for a store at head"
        """
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_a_store_behind_the_head_is_still_upgraded(store: Store) -> None:
    head = head_revision()
    assert head is not None
    command.downgrade(_config(store), "-1")
    with store.engine.connect() as c:
        behind = c.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    assert behind != head
    missing = _columns_of_models() - _columns_in(store)
    assert missing, "the downgrade should have removed the newest migration's tables or columns"

    again = Store(store.url)
    try:
        assert _columns_of_models() <= _columns_in(again)
        with again.engine.connect() as c:
            now = c.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
        assert now == head
    finally:
        again.close()


def _columns_of_models() -> set[tuple[str, str]]:
    """(table, column) of every table the models declare."""
    return {(t.name, c.name) for t in Base.metadata.tables.values() for c in t.columns}


def _columns_in(store: Store) -> set[tuple[str, str]]:
    """(table, column) of the store's database as it is."""
    inspector = sa.inspect(store.engine)
    return {(t, c["name"]) for t in inspector.get_table_names() for c in inspector.get_columns(t)}


def test_a_new_empty_store_is_created_by_the_migrations(tmp_path: Path) -> None:
    fresh = Store(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        assert set(Base.metadata.tables) <= set(fresh.table_names())
    finally:
        fresh.close()


def test_a_store_another_process_migrates_too_long_is_a_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While another process holds a new store's migration lock past the wait, opening it
    says so and how to get out (the lock file to remove), instead of a traceback."""
    db = tmp_path / "busy.db"
    monkeypatch.setattr(database, "_MIGRATION_WAIT_S", 0.2)
    other_process = FileLock(f"{db}.migrate.lock")  # flock: held per open file
    with other_process, pytest.raises(StoreError, match="being migrated by another") as err:
        Store(f"sqlite:///{db}")
    assert err.value.fix is not None and f"{db}.migrate.lock" in err.value.fix
    Store(f"sqlite:///{db}").close()  # the lock released: the store opens
