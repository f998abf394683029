"""`TraceRow`, the typed trace record: every stored field is a column of `traces`, it
pickles whole (the writer process receives rows through a pipe), and what the store
writes from it reads back field for field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle

import sqlalchemy as sa

from phaseone.store import Store
from phaseone.store.budget_counters import LedgerEntry
from phaseone.store.models import BudgetEntry, Trace
from phaseone.store.trace_row import FIELDS, TraceRow
from phaseone.store.traces import write_batch

WHEN = dt.datetime(2026, 11, 26, 12, 0, 0, 123456, tzinfo=dt.UTC)


def _full_row() -> TraceRow:
    return TraceRow(
        "t1", "p", key_name="k", started_at=WHEN, latency_ms=1.5, input={"q": "in"},
        output="out", input_tokens=3, output_tokens=4, cost=0.25, outcome="fallback",
        status_code=200, error_kind="output_invalid", findings=[{"type": "pii", "n": 1}],
        route="fallback", target_version="v2", shadow_output={"s": 1},
    )  # fmt: skip


def test_every_stored_field_is_a_column_and_only_feedback_is_left_to_updates() -> None:
    columns = {c.name for c in Trace.__table__.columns}
    stored = set(FIELDS) - {"recorded"}
    assert stored <= columns
    assert columns - stored == {"feedback_score", "feedback_comment"}


def test_a_ledger_entry_fills_every_ledger_column_but_its_serial_id() -> None:
    columns = {c.name for c in BudgetEntry.__table__.columns}
    assert columns - {f.name for f in dataclasses.fields(LedgerEntry)} == {"id"}


def test_a_ledger_entry_is_written_as_it_is(tmp_path: object) -> None:
    store = Store(f"sqlite:///{tmp_path}/t.db")
    entry = LedgerEntry("r1", "project:p", "d:2026-11-26", "settle", 0.25, WHEN)
    write_batch(store, ledger=[entry])
    with store.session() as s:
        got = s.scalars(sa.select(BudgetEntry)).one()
        back = LedgerEntry(*(getattr(got, f.name) for f in dataclasses.fields(LedgerEntry)))
    assert back == entry
    store.close()


def test_a_row_pickles_whole() -> None:
    row = _full_row()
    row.recorded = True
    back = pickle.loads(pickle.dumps(row, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == row and back is not row


def test_what_is_written_reads_back_field_for_field(tmp_path: object) -> None:
    store = Store(f"sqlite:///{tmp_path}/t.db")
    row = _full_row()
    write_batch(store, [row])
    with store.session() as s:
        got = s.get(Trace, "t1")
        assert got is not None
        for name in FIELDS:
            if name != "recorded":
                assert getattr(got, name) == getattr(row, name), name
        assert (got.feedback_score, got.feedback_comment) == (None, None)
    store.close()


def test_a_new_row_says_answered_by_the_primary() -> None:
    row = TraceRow("t", "p")
    assert (row.outcome, row.status_code, row.route, row.findings) == ("ok", 200, "primary", [])
    assert row.started_at.tzinfo is dt.UTC and not row.recorded
    assert TraceRow("u", "p").findings is not row.findings  # each row its own list
    assert dataclasses.replace(row, id="t2").id == "t2"
