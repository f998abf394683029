"""Shared fixtures: a store on SQLite always, and on PostgreSQL/Redis when CI provides them."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_URL = os.environ.get("PHASEONE_TEST_PG_URL")
REDIS_URL = os.environ.get("PHASEONE_TEST_REDIS_URL")

PG_SKIP = "set PHASEONE_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test to run"
REDIS_SKIP = "set PHASEONE_TEST_REDIS_URL=redis://127.0.0.1:6379/0 to run"

# Local HTTP test servers (tests/servers.py): fixtures json_server, spam_server,
# openai_server, cases_server, closed_url are available to every test.
pytest_plugins = ["servers", "pytester"]


def pytest_report_header(config: pytest.Config) -> list[str]:
    pg = f"on ({PG_URL})" if PG_URL else f"skipped: {PG_SKIP}"
    rd = f"on ({REDIS_URL})" if REDIS_URL else f"skipped: {REDIS_SKIP}"
    return [f"phaseone PostgreSQL tests: {pg}", f"phaseone Redis tests: {rd}"]


def _fresh_pg_url() -> str:
    """A new empty PostgreSQL database per test, so tests never see each other's rows."""
    import sqlalchemy as sa

    assert PG_URL
    name = f"p1_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_URL.rsplit("/", 1)[0] + "/" + name


def _drop_pg(url: str) -> None:
    import sqlalchemy as sa

    assert PG_URL
    name = url.rsplit("/", 1)[1]
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store URL: SQLite always; PostgreSQL when PHASEONE_TEST_PG_URL is set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    if not PG_URL:
        pytest.skip(PG_SKIP)
    url = _fresh_pg_url()
    try:
        yield url
    finally:
        _drop_pg(url)


@pytest.fixture
def store(store_url: str) -> Iterator[object]:
    from phaseone.store import Store

    s = Store(store_url)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[object]:
    from phaseone.store import Store

    s = Store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def redis_url() -> str:
    if not REDIS_URL:
        pytest.skip(REDIS_SKIP)
    return REDIS_URL
