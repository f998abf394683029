"""Opening a store that is already current costs one query, not an Alembic run (issue #19)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from phaseone.store import Store
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
