"""A write transaction that serialises with every other gateway instance.

PostgreSQL: an ordinary transaction in which callers take ``SELECT … FOR UPDATE`` row
locks (always in sorted order, so two instances never deadlock). SQLite: the
transaction starts with ``BEGIN IMMEDIATE``, which takes the database's write lock up
front, so read-check-write cannot interleave between processes.

The budget counters (`budget_counters.py`) and the rate buckets (`rate_buckets.py`) are
the two users; both need the same guarantee, so it lives here once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.selectable import GenerativeSelect

from phaseone.errors import StoreError
from phaseone.store.database import Store

_Query = TypeVar("_Query", bound=GenerativeSelect)


class DatabaseUnavailable(StoreError):
    """The database could not be reached or refused the transaction (a DBAPI error).

    The message is the driver's own (what ``DBAPIError.orig`` says), which the guard
    passes on as the reason its shared backend is unavailable."""

    fix = "check that the database is running and the URL is right (PHASEONE_DB_URL)"


@contextmanager
def locked_transaction(store: Store) -> Iterator[Connection]:
    """One transaction holding the write lock (SQLite) or ready for row locks
    (PostgreSQL); committed on success, rolled back on any error. A driver error is
    raised as `DatabaseUnavailable`."""
    try:
        with store.engine.connect() as conn:
            if store.dialect == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
    except DBAPIError as exc:
        raise DatabaseUnavailable(str(exc.orig)) from exc


def insert_missing(
    conn: Connection, store: Store, table: Table, rows: Sequence[dict[str, Any]]
) -> None:
    """Create rows that do not exist yet (``ON CONFLICT DO NOTHING``), so they can be locked."""
    if not rows:
        return
    mod: Any = postgresql if store.dialect == "postgresql" else sqlite
    conn.execute(mod.insert(table).on_conflict_do_nothing(), list(rows))


def for_update(store: Store, query: _Query) -> _Query:
    """`query` with ``FOR UPDATE`` on PostgreSQL; unchanged on SQLite, whose
    ``BEGIN IMMEDIATE`` already holds the whole database."""
    return query.with_for_update() if store.dialect == "postgresql" else query
