"""The sql source against real SQLite and PostgreSQL databases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from conftest import PG_SKIP, PG_URL, _drop_pg, _fresh_pg_url
from phaseone.datasets import Case, build_source
from phaseone.errors import DatasetError, MissingExtraError
from phaseone.plan.components import Mapping, SqlSource

QUERY = "SELECT msg_id, body, label, tags, received FROM messages ORDER BY msg_id"
MAPPING = Mapping(id="msg_id", input="body", expected="label", tags="tags")


async def collect(src: Any) -> list[Case]:
    return [c async for c in src.cases()]


def fill(url: str, n: int) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as c:
        c.execute(
            sa.text(
                "CREATE TABLE messages (msg_id INTEGER PRIMARY KEY, body TEXT, label TEXT, "
                "tags TEXT, received TIMESTAMP, price NUMERIC(8, 2))"
            )
        )
        c.execute(
            sa.text("INSERT INTO messages VALUES (:i, :body, :label, :tags, :received, :price)"),
            [
                {
                    "i": i,
                    "body": f"WIN cash {i}" if i % 4 == 0 else f"meeting at {i}",
                    "label": "spam" if i % 4 == 0 else "ham",
                    "tags": "edge,sms" if i % 10 == 0 else None,
                    "received": dt.datetime(2026, 1, 1, 12, 0) + dt.timedelta(minutes=i),
                    "price": "1.50",
                }
                for i in range(n)
            ],
        )
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(url, base_dir) of a fresh database with a `messages` table of 1,234 rows."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'inbox.db'}"
        fill(url, 1234)
        yield url, tmp_path
        return
    if not PG_URL:
        pytest.skip(PG_SKIP)
    url = _fresh_pg_url()
    try:
        fill(url, 1234)
        yield url, tmp_path
    finally:
        _drop_pg(url)


async def test_query_streams_all_rows_mapped(db: tuple[str, Path]) -> None:
    url, base = db
    src = build_source(SqlSource(url=url, query=QUERY, mapping=MAPPING), base)
    cases = await collect(src)
    assert len(cases) == 1234  # more than one yield_per batch
    assert cases[0] == Case(
        id="0",
        input="WIN cash 0",
        expected="spam",
        tags=("edge", "sms"),
        metadata={"received": cases[0].metadata["received"]},
    )
    assert cases[0].metadata["received"].startswith("2026-01-01")  # JSON-able, not datetime
    assert cases[1].expected == "ham" and cases[1].tags == ()
    ident = await src.identity()
    assert ident.rows == 1234 and ident == await src.identity()


async def test_identity_changes_when_rows_change(db: tuple[str, Path]) -> None:
    url, base = db
    src = build_source(SqlSource(url=url, query=QUERY, mapping=MAPPING), base)
    before = await src.identity()
    engine = sa.create_engine(url)
    with engine.begin() as c:
        c.execute(sa.text("UPDATE messages SET label = 'spam' WHERE msg_id = 7"))
    engine.dispose()
    after = await src.identity()
    assert after.rows == before.rows and after.content_hash != before.content_hash


async def test_numeric_values_become_json_numbers(db: tuple[str, Path]) -> None:
    url, base = db
    q = "SELECT msg_id, price AS input FROM messages WHERE msg_id < 2 ORDER BY msg_id"
    cases = await collect(
        build_source(SqlSource(url=url, query=q, mapping=Mapping(id="msg_id")), base)
    )
    assert [c.input for c in cases] == [1.5, 1.5]


async def test_missing_mapped_column_lists_the_result_columns(db: tuple[str, Path]) -> None:
    url, base = db
    cfg = SqlSource(url=url, query=QUERY, mapping=Mapping(id="msg_id", input="text"))
    with pytest.raises(DatasetError) as err:
        await collect(build_source(cfg, base))
    assert "no column 'text' for mapping.input" in str(err.value)
    assert "'body'" in str(err.value)


async def test_bad_query_is_a_dataset_error(db: tuple[str, Path]) -> None:
    url, base = db
    cfg = SqlSource(url=url, query="SELECT * FROM no_such_table")
    with pytest.raises(DatasetError, match="the query failed") as err:
        await collect(build_source(cfg, base))
    assert err.value.fix and "SQL client" in err.value.fix


async def test_relative_sqlite_path_resolves_against_the_plan_dir(tmp_path: Path) -> None:
    fill(f"sqlite:///{tmp_path / 'inbox.db'}", 3)
    src = build_source(SqlSource(url="sqlite:///inbox.db", query=QUERY, mapping=MAPPING), tmp_path)
    assert len(await collect(src)) == 3
    assert src.describe() == "sql sqlite:///inbox.db"
    with pytest.raises(DatasetError, match="SQLite database file not found"):
        await collect(build_source(SqlSource(url="sqlite:///other.db", query=QUERY), tmp_path))


async def test_unreachable_database_and_bad_url(tmp_path: Path) -> None:
    cfg = SqlSource(url="postgresql+psycopg://app:s3cret@127.0.0.1:1/inbox", query="SELECT 1")
    src = build_source(cfg, tmp_path)
    assert src.describe() == "sql postgresql+psycopg://app:***@127.0.0.1:1/inbox"
    with pytest.raises(DatasetError, match="cannot use the database") as err:
        await collect(src)
    assert "s3cret" not in str(err.value)
    with pytest.raises(DatasetError, match="not a SQLAlchemy URL"):
        await collect(build_source(SqlSource(url="not a url", query="SELECT 1"), tmp_path))


async def test_missing_driver_is_a_clear_error(tmp_path: Path) -> None:
    cfg = SqlSource(url="mysql+nosuchdriver://u@127.0.0.1/x", query="SELECT 1")
    with pytest.raises(DatasetError, match="no database driver"):
        await collect(build_source(cfg, tmp_path))


async def test_missing_postgres_driver_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the extra were not installed
    src = build_source(
        SqlSource(url="postgresql+psycopg://u@127.0.0.1/x", query="SELECT 1"), tmp_path
    )
    with pytest.raises(MissingExtraError) as err:
        await collect(src)
    assert err.value.fix == "pip install 'phaseone[postgres]'"
