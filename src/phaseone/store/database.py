"""Opening the store: one SQLAlchemy engine, migrations applied on open.

SQLite (a file beside the plan, WAL mode) is the default because a pilot team needs
no service to start; PostgreSQL by URL for teams and for several gateway instances.
"""

from __future__ import annotations

import ast
import functools
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    DBAPIError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.orm import Session, sessionmaker

from phaseone.errors import MissingExtraError, StoreError
from phaseone.store.location import default_url, resolve_url

__all__ = ["MIGRATIONS", "Store", "default_url", "head_revision", "resolve_url"]

MIGRATIONS = Path(__file__).parent / "migrations"
_migrate_lock = threading.Lock()
#: The advisory-lock key all phaseone processes take on PostgreSQL while migrating
#: (the first 8 bytes of sha256("phaseone.store.migrate"), as a signed bigint).
_PG_MIGRATION_KEY = 0x2911_C3C1_B2EE_010C
#: How long a process waits for another one's migration before it reports a store error.
_MIGRATION_WAIT_S = 300.0


_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.M)


@functools.cache
def head_revision() -> str | None:
    """The newest migration's revision, read from the migration files without Alembic.

    Importing Alembic and letting it walk the scripts costs a command ~0.2 s, on every
    run, to learn that an existing store is already current; this is the same answer
    from two assignments per file. None when the files do not form one head (then
    Alembic decides, as before).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text("utf-8")
        found = {m.group(1): m.group(2) for m in _REVISION_LINE.finditer(source)}
        try:
            rev = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found.get("down_revision", "None"))
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(rev, str):
            return None
        revisions.add(rev)
        parents.update([down] if isinstance(down, str) else (down or ()))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    # 64 MB of page cache per connection instead of SQLite's 2 MB: a gateway appends
    # thousands of trace rows a second, and with a small cache every index insert into a
    # table past a few MB reads its pages back from the OS.
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def _parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            f"store URL {url!r} is not a SQLAlchemy URL",
            fix="use sqlite:///path/to/file.db or postgresql+psycopg://user@host/db",
        ) from exc


def _make_engine(url: str) -> Engine:
    parsed = _parse_url(url)
    kwargs: dict[str, Any] = {"future": True}
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:" and not db.startswith("file:"):
            try:
                Path(db).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # e.g. `.phaseone` is a file
                raise StoreError(
                    f"cannot create the folder of the store {db!r}: {exc.strerror or exc}",
                    fix="move what is in the way, or point PHASEONE_DB_URL / store.url elsewhere",
                ) from exc
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
        kwargs["pool_size"] = 10
        kwargs["max_overflow"] = 20
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        if parsed.get_backend_name() == "postgresql":
            raise MissingExtraError("a PostgreSQL store", "postgres", "psycopg") from exc
        raise StoreError(f"no driver for store URL {url!r}: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Store:
    """The one store. Cheap to share; open once per process."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = _make_engine(url)
        self.dialect = self.engine.dialect.name
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if migrate:
            self.migrate()

    @classmethod
    def open(cls, base_dir: str | os.PathLike[str] = ".", plan_url: str | None = None) -> Store:
        return cls(resolve_url(base_dir, plan_url))

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision.

        A store already at the head (the usual case: every command opens the store)
        is recognised by one query on `alembic_version`, without importing Alembic.
        """
        try:
            try:
                if self._at_head():
                    return
            except OperationalError:
                # Another process may be migrating a new SQLite store right now (the file
                # is locked meanwhile): wait for its migration lock below, then look again.
                pass
            from alembic import command
            from alembic.config import Config

            cfg = Config()
            cfg.set_main_option("script_location", str(MIGRATIONS))
            cfg.attributes["engine"] = self.engine
            with _migrate_lock, self._migration_lock():
                # Another process may have migrated while this one waited for the lock.
                if not self._at_head():
                    command.upgrade(cfg, "head")
        except OperationalError as exc:
            raise StoreError(
                f"cannot open the store at {self.safe_url}: {exc.orig}",
                fix="check that the database is running and the URL is right (PHASEONE_DB_URL)",
            ) from exc
        except DatabaseError as exc:  # e.g. "file is not a database"
            raise StoreError(
                f"the store at {self.safe_url} cannot be read: {exc.orig}",
                fix="point PHASEONE_DB_URL / store.url at a phaseone store, or move this file"
                " away to start a new one",
            ) from exc

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """Hold the store's migration lock across processes while its schema changes.

        Two processes opening a new store at once (pytest-xdist workers, a gateway's
        workers, `serve` next to `eval`) would both create the tables and one would fail
        with "table already exists". PostgreSQL: a session advisory lock on a connection
        held for the duration. SQLite: a file lock beside the database file (an in-memory
        database belongs to one process, so the thread lock is enough).
        """
        if self.dialect == "postgresql":
            with self.engine.connect() as conn:
                conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _PG_MIGRATION_KEY})
                try:
                    yield
                finally:
                    conn.execute(
                        text("SELECT pg_advisory_unlock(:key)"), {"key": _PG_MIGRATION_KEY}
                    )
                    conn.commit()
            return
        db = self.engine.url.database
        if self.dialect != "sqlite" or not db or db == ":memory:" or db.startswith("file:"):
            yield
            return
        # Imported here: only a store being created or upgraded takes this lock, and the
        # import (~5-10 ms) is otherwise paid by every command that opens a current store.
        from filelock import FileLock, Timeout

        lock = FileLock(f"{db}.migrate.lock", timeout=_MIGRATION_WAIT_S)
        try:
            lock.acquire()
        except Timeout as exc:
            raise StoreError(
                f"the store at {self.safe_url} was being migrated by another process for over"
                f" {_MIGRATION_WAIT_S:.0f} s",
                fix=f"wait for that process, or remove {exc.lock_file} if no phaseone process"
                " is running",
            ) from exc
        try:
            yield
        finally:
            lock.release()

    def _at_head(self) -> bool:
        """True when `alembic_version` holds exactly the newest migration's revision.

        A failure to connect propagates (it is the store's error, reported by `migrate`);
        a failing query (no such table: a new store) means "not at head", and Alembic,
        which creates the tables, runs as before.
        """
        head = head_revision()
        if head is None:
            return False
        with self.engine.connect() as conn:
            return self._recorded_revisions(conn) == [head]

    @staticmethod
    def _recorded_revisions(conn: Connection) -> list[str] | None:
        try:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
            return [str(r) for r in rows]
        except DBAPIError:
            conn.rollback()
            return None

    @property
    def safe_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    def table_names(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self._sessions() as s, s.begin():
            yield s

    def close(self) -> None:
        self.engine.dispose()
