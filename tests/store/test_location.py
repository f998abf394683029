"""`store.location.may_exist` reads a SQLite URL as SQLAlchemy does, without importing it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from phaseone.store.location import default_url, may_exist, resolve_url


def _sqlalchemy_says(url: str) -> bool:
    db = make_url(url).database
    return bool(db) and db != ":memory:" and Path(str(db)).exists()


@pytest.mark.parametrize(
    "tail",
    [
        "/{dir}/there.db",
        "/{dir}/absent.db",
        "/{dir}/with space.db",
        "/{dir}/with%20space.db",
        "/{dir}/there.db?mode=ro&timeout=5",
        "/:memory:",
        "",
        "/",
    ],
)
@pytest.mark.parametrize("scheme", ["sqlite", "sqlite+pysqlite"])
def test_may_exist_reads_sqlite_urls_as_sqlalchemy_does(
    tmp_path: Path, scheme: str, tail: str
) -> None:
    (tmp_path / "there.db").write_bytes(b"")
    (tmp_path / "with space.db").write_bytes(b"")
    url = f"{scheme}://{tail.format(dir=tmp_path)}"
    assert may_exist(url) is _sqlalchemy_says(url), url


def test_relative_sqlite_path_is_read_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert not may_exist("sqlite:///store.db")
    (tmp_path / "store.db").write_bytes(b"")
    assert may_exist("sqlite:///store.db")


def test_a_server_store_may_exist_and_the_url_order_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert may_exist("postgresql+psycopg://postgres@127.0.0.1:5432/test")
    monkeypatch.delenv("PHASEONE_DB_URL", raising=False)
    assert resolve_url(tmp_path) == default_url(tmp_path)
    assert default_url(tmp_path) == f"sqlite:///{tmp_path.resolve()}/.phaseone/phaseone.db"
    assert resolve_url(tmp_path, "sqlite:///p.db") == "sqlite:///p.db"
    monkeypatch.setenv("PHASEONE_DB_URL", "sqlite:///env.db")
    assert resolve_url(tmp_path, "sqlite:///p.db") == "sqlite:///env.db"
