"""A SQL query on a live database: the real integration, not an export.

Rows are streamed with a server-side cursor (`stream_results` + `yield_per`) on a worker
thread, so a large table neither fills memory nor blocks the event loop.
"""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator, Iterator
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

from phaseone.datasets.base import SOURCES
from phaseone.datasets.rows import (
    Row,
    RowSource,
    Where,
    check_columns,
    iterate_in_thread,
    jsonable,
)
from phaseone.errors import DatasetError, MissingExtraError
from phaseone.plan.components import SqlSource

YIELD_PER = 500
_DRIVERS = {"mysql": "pymysql", "mariadb": "pymysql", "mssql": "pyodbc", "oracle": "oracledb"}


def safe_url(url: str) -> str:
    """The URL with its password masked (for describe(), errors and reports)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid URL>"


class SqlQuery(RowSource):
    def __init__(self, config: SqlSource, base_dir: Path) -> None:
        self.config = config
        self.mapping = config.mapping
        self.base_dir = base_dir
        self.label = f"sql {safe_url(config.url)}"

    def describe(self) -> str:
        return self.label

    def _url(self) -> URL:
        try:
            url = make_url(self.config.url)
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
                url = url.set(database=str(self.base_dir / db))
            if not (self.base_dir / db).exists() and not db.exists():
                raise DatasetError(
                    f"SQLite database file not found: {url.database}",
                    source=self.label,
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

    def _engine(self) -> Engine:
        url = self._url()
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
                source=self.label,
                fix=f"pip install {driver}",
            ) from exc

    def _read(self) -> Iterator[tuple[Where, Row]]:
        engine = self._engine()
        try:
            with engine.connect() as conn:
                result = conn.execution_options(stream_results=True, yield_per=YIELD_PER).execute(
                    text(self.config.query)
                )
                check_columns(self.mapping, list(result.keys()), self.label)
                for i, row in enumerate(result.mappings(), 1):
                    yield Where(f"row {i}"), {str(k): jsonable(v) for k, v in row.items()}
        except OperationalError as exc:
            raise self._db_error(exc) from None
        except DBAPIError as exc:
            raise DatasetError(
                f"the query failed: {_first_line(exc.orig)}",
                source=self.label,
                fix="run the query in a SQL client; check table and column names",
            ) from None
        except SQLAlchemyError as exc:
            raise DatasetError(f"the query failed: {exc}", source=self.label) from None
        finally:
            engine.dispose()

    def _db_error(self, exc: OperationalError) -> DatasetError:
        msg = _first_line(exc.orig)
        if exc.connection_invalidated or "connect" in msg.lower() or "database" in msg.lower():
            return DatasetError(
                f"cannot use the database: {msg}",
                source=self.label,
                fix="check that the database is running and reachable, and the URL is right",
            )
        return DatasetError(
            f"the query failed: {msg}",
            source=self.label,
            fix="run the query in a SQL client; check table and column names",
        )

    def rows(self) -> AsyncIterator[tuple[Where, Row]]:
        return iterate_in_thread(self._read, batch_size=YIELD_PER)


def _first_line(err: object) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


@SOURCES.register("sql")
def sql_source(config: SqlSource, base_dir: Path, store: object = None) -> SqlQuery:
    return SqlQuery(config, base_dir)
