"""Reading a user's own database: the query of a `sql` dataset, streamed row by row.

This is not phaseone's store but the team's live system (the support inbox, the orders
table). It is SQL all the same, so it lives here, and the dataset source above it gets
plain rows (column name → the driver's Python value). Rows are streamed with a
server-side cursor (`stream_results` + `yield_per`), so a large table does not fill
memory; the caller reads them on a worker thread. Every failure is a `DatasetError`
naming the database (password masked) and what to do.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)

from phaseone.errors import DatasetError, MissingExtraError

__all__ = ["ExternalQuery", "QueryRow", "safe_url", "stream_query"]

#: The driver to install for a backend SQLAlchemy names without one.
_DRIVERS = {"mysql": "pymysql", "mariadb": "pymysql", "mssql": "pyodbc", "oracle": "oracledb"}

#: One row of the user's query: column name → the value its driver returned.
QueryRow = dict[str, Any]


def safe_url(url: str) -> str:
    """The URL with its password masked (for describe(), errors and reports)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid URL>"


@dataclass(frozen=True)
class ExternalQuery:
    """A query on a user's database, as a dataset names it."""

    url: str  #: a SQLAlchemy URL; ``sqlite:///relative.db`` is relative to ``base_dir``
    query: str
    base_dir: Path  #: the plan's folder
    label: str  #: how errors name the source, e.g. ``sql sqlite:///inbox.db``


def stream_query(
    query: ExternalQuery, *, batch_size: int, on_columns: Callable[[list[str]], None]
) -> Iterator[QueryRow]:
    """The query's rows, fetched ``batch_size`` at a time.

    ``on_columns`` gets the result's column names before the first row, so a mapping
    that names a missing column fails before any row is read (its error propagates).
    """
    engine = _engine(query)
    try:
        with engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=batch_size).execute(
                text(query.query)
            )
            on_columns(list(result.keys()))
            for row in result.mappings():
                yield {str(k): v for k, v in row.items()}
    except OperationalError as exc:
        raise _db_error(exc, query.label) from None
    except DBAPIError as exc:
        raise DatasetError(
            f"the query failed: {_first_line(exc.orig)}",
            source=query.label,
            fix="run the query in a SQL client; check table and column names",
        ) from None
    except SQLAlchemyError as exc:
        raise DatasetError(f"the query failed: {exc}", source=query.label) from None
    finally:
        engine.dispose()


def _url(query: ExternalQuery) -> URL:
    try:
        url = make_url(query.url)
    except ArgumentError:
        raise DatasetError(
            "the database URL is not a SQLAlchemy URL",
            source="sql dataset",
            fix="use e.g. postgresql+psycopg://user@host/db or sqlite:///cases.db",
        ) from None
    backend = url.get_backend_name()
    if backend == "sqlite" and url.database not in (None, "", ":memory:"):
        db = Path(url.database)
        if not db.is_absolute():  # relative to the plan, like every other path
            url = url.set(database=str(query.base_dir / db))
        if not (query.base_dir / db).exists() and not db.exists():
            raise DatasetError(
                f"SQLite database file not found: {url.database}",
                source=query.label,
                fix="sqlite:///relative.db is relative to the plan; "
                "sqlite:////abs/path.db is absolute",
            )
    # plain postgresql:// means psycopg2; use psycopg 3 when that is what is installed
    if (
        url.drivername == "postgresql"
        and importlib.util.find_spec("psycopg2") is None
        and importlib.util.find_spec("psycopg") is not None
    ):
        url = url.set(drivername="postgresql+psycopg")
    return url


def _engine(query: ExternalQuery) -> Engine:
    url = _url(query)
    kwargs: dict[str, Any] = {}
    if url.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False}
    try:
        return create_engine(url, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        backend = url.get_backend_name()
        if backend == "postgresql":
            raise MissingExtraError("a PostgreSQL dataset", "postgres", "psycopg") from exc
        driver = _DRIVERS.get(backend, "its SQLAlchemy driver")
        raise DatasetError(
            f"no database driver for {url.drivername!r} ({exc})",
            source=query.label,
            fix=f"pip install {driver}",
        ) from exc


def _db_error(exc: OperationalError, label: str) -> DatasetError:
    msg = _first_line(exc.orig)
    if exc.connection_invalidated or "connect" in msg.lower() or "database" in msg.lower():
        return DatasetError(
            f"cannot use the database: {msg}",
            source=label,
            fix="check that the database is running and reachable, and the URL is right",
        )
    return DatasetError(
        f"the query failed: {msg}",
        source=label,
        fix="run the query in a SQL client; check table and column names",
    )


def _first_line(err: object) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
