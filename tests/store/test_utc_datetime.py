"""Every datetime column of every table is `UTCDateTime`: aware UTC out, aware only in.

Written through the same columns the store's code uses, on SQLite (which keeps no zone)
and PostgreSQL (which answers in the session's zone), with a time given in another zone
than UTC so that a conversion that only relabels the zone would show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from phaseone.store import Store
from phaseone.store.models import Base
from phaseone.store.trace_row import TraceRow
from phaseone.store.traces import write_batch
from phaseone.store.types import NaiveDateTimeError, UTCDateTime, utc_for_store

#: 12:00 in India is 06:30 UTC.
KOLKATA = dt.timezone(dt.timedelta(hours=5, minutes=30))
WHEN = dt.datetime(2026, 11, 26, 12, 0, 0, 123456, tzinfo=KOLKATA)
WHEN_UTC = dt.datetime(2026, 11, 26, 6, 30, 0, 123456, tzinfo=dt.UTC)


def _datetime_columns() -> list[sa.Column[Any]]:
    return [
        c
        for t in Base.metadata.sorted_tables
        for c in t.columns
        if isinstance(c.type, sa.DateTime | UTCDateTime)
    ]


def _value(column: sa.Column[Any]) -> Any:
    """A value every non-null column without a default takes."""
    if isinstance(column.type, UTCDateTime):
        return WHEN
    if isinstance(column.type, sa.JSON):
        return {}
    if isinstance(column.type, sa.Boolean):
        return True
    if isinstance(column.type, sa.Integer):
        return 1
    if isinstance(column.type, sa.Float):
        return 1.0
    return "x"


def _needed(column: sa.Column[Any]) -> bool:
    """Must an insert give this column a value? (Integer keys are generated.)"""
    generated = column.primary_key and isinstance(column.type, sa.Integer)
    return isinstance(column.type, UTCDateTime) or not (column.nullable or generated)


def _one_row_per_table(store: Store) -> None:
    """One row in every table, every datetime column set to `WHEN`."""
    with store.engine.begin() as conn:
        for table in Base.metadata.sorted_tables:  # runs before case_results (foreign key)
            row = {c.name: _value(c) for c in table.columns if _needed(c)}
            if table.name == "case_results":
                row["run_id"] = "x"
            conn.execute(table.insert().values(**row))


def test_every_datetime_column_is_utc_datetime() -> None:
    columns = _datetime_columns()
    assert len(columns) >= 15
    plain = [f"{c.table.name}.{c.name}" for c in columns if not isinstance(c.type, UTCDateTime)]
    assert plain == [], "use UTCDateTime for every datetime column"


def test_the_ddl_is_the_migrations_datetime() -> None:
    """The decorator changes no DDL: existing databases need no migration."""
    assert isinstance(UTCDateTime().impl, sa.DateTime)
    assert UTCDateTime().impl.timezone is True


def test_every_table_reads_back_aware_utc(store: Store) -> None:
    _one_row_per_table(store)
    with store.engine.connect() as conn:
        if store.dialect == "postgresql":  # answers in another zone than UTC
            conn.exec_driver_sql("SET TIME ZONE 'Asia/Kolkata'")
        for column in _datetime_columns():
            got = conn.execute(sa.select(column)).scalar_one()
            where = f"{column.table.name}.{column.name}"
            assert got == WHEN_UTC, where
            assert got.tzinfo is dt.UTC, where
            first = conn.execute(sa.select(sa.func.min(column))).scalar_one()
            assert (first, first.tzinfo) == (WHEN_UTC, dt.UTC), f"min({where})"
            # A comparison binds through the same type: an aware bound in another zone.
            assert conn.execute(sa.select(sa.func.count()).where(column == WHEN)).scalar() == 1


def test_orm_objects_read_back_aware_utc(store: Store) -> None:
    from phaseone.store.models import Run

    with store.session() as s:
        s.add(
            Run(
                id="r1",
                project="p",
                suite="s",
                target_fingerprint="f",
                target_label="t",
                dataset_identity={},
                config={},
                started_at=WHEN,
            )
        )
    with store.session() as s:
        run = s.get(Run, "r1")
        assert run is not None
        assert (run.started_at, run.started_at.tzinfo) == (WHEN_UTC, dt.UTC)
        assert run.finished_at is None


@pytest.mark.parametrize("column", [f"{c.table.name}.{c.name}" for c in _datetime_columns()])
def test_a_naive_write_is_refused(sqlite_store: Store, column: str) -> None:
    table, name = column.split(".")
    t = Base.metadata.tables[table]
    row = {c.name: _value(c) for c in t.columns if _needed(c)}
    row[name] = dt.datetime(2026, 11, 26, 12, 0)
    refused = pytest.raises(NaiveDateTimeError, match="naive time 2026-11-26T12:00:00")
    with refused as caught, sqlite_store.engine.begin() as conn:
        conn.execute(t.insert().values(**row))
    assert "datetime.now(datetime.UTC)" in (caught.value.fix or "")


def test_a_naive_bound_in_a_query_is_refused(sqlite_store: Store) -> None:
    from phaseone.store.models import Trace

    with pytest.raises(NaiveDateTimeError), sqlite_store.session() as s:
        s.execute(sa.select(Trace).where(Trace.started_at > dt.datetime(2026, 1, 1)))


def test_the_trace_bulk_writer_converts_and_refuses_like_the_type(store: Store) -> None:
    """`store.traces` writes through the driver directly; it applies the same rule."""
    from phaseone.store.models import Trace

    trace = TraceRow("t1", "p", started_at=WHEN)
    write_batch(store, [trace])
    with store.session() as s:
        got = s.scalars(sa.select(Trace.started_at)).one()
    assert (got, got.tzinfo) == (WHEN_UTC, dt.UTC)
    naive = TraceRow("t2", "p", started_at=dt.datetime(2026, 11, 26, 12, 0))
    with pytest.raises(NaiveDateTimeError):
        write_batch(store, [naive])


def test_utc_for_store_refuses_what_is_not_a_datetime() -> None:
    with pytest.raises(NaiveDateTimeError, match="str '2026-11-26'"):
        utc_for_store("2026-11-26")
    assert utc_for_store(WHEN) == WHEN_UTC
