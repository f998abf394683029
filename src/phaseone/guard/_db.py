"""A write transaction that serialises with every other gateway instance.

PostgreSQL: an ordinary transaction in which callers take ``SELECT … FOR UPDATE`` row
locks (always in sorted scope order, so two instances never deadlock). SQLite: the
transaction starts with ``BEGIN IMMEDIATE``, which takes the database's write lock up
front, so read-check-write cannot interleave between processes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite

from phaseone.store.database import Store


@contextmanager
def locked_transaction(store: Store) -> Iterator[Connection]:
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()


def insert_missing(
    conn: Connection, store: Store, table: Table, rows: Sequence[dict[str, Any]]
) -> None:
    """Create rows that do not exist yet (``ON CONFLICT DO NOTHING``), so they can be locked."""
    if not rows:
        return
    mod: Any = postgresql if store.dialect == "postgresql" else sqlite
    conn.execute(mod.insert(table).on_conflict_do_nothing(), list(rows))
