"""The trace backlog while the database takes no writes (issue #21.6): bounded, counted
past its bound, written in pieces as room comes back, retried at a bounded cadence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select, text

from phaseone.store import Store
from phaseone.store.models import Trace
from phaseone.store.trace_row import TraceRow
from phaseone.store.traces import CHUNK_ROWS, RETRY_MAX_S, PendingWrites


def _row(rid: str) -> TraceRow:
    return TraceRow(
        rid, "p", key_name="k", input="x" * 400, output="y" * 400, cost=0.0, latency_ms=1.0
    )


def _count(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(Trace)) or 0)


def _page_limit(store: Store) -> list[int]:
    """A mutable page limit applied to every connection the store hands out."""
    with store.engine.connect() as conn:
        limit = [int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)]

    @event.listens_for(store.engine, "checkout")
    def _apply(dbapi_conn: Any, _rec: Any, _proxy: Any) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count={limit[0]}")

    return limit


def test_past_its_bound_the_backlog_drops_and_counts(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    pending = PendingWrites(store, max_rows=10)
    with store.engine.begin() as conn:  # the table is gone for a moment
        conn.execute(text("ALTER TABLE traces RENAME TO traces_away"))
    pending.add([("t", _row(f"r{i:02d}")) for i in range(15)])
    assert pending.write() == 0
    st = pending.status()
    assert (st.waiting, st.dropped, st.failing, st.failures) == (10, 5, True, 1)
    assert "no such table" in (st.last_error or "")
    with store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE traces_away RENAME TO traces"))
    assert pending.write(force=True) == 10
    st = pending.status()
    assert (st.waiting, st.dropped, st.failing) == (0, 5, False)
    assert _count(store) == 10
    store.close()


def test_a_backlog_is_written_in_pieces_as_room_comes_back(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    limit = _page_limit(store)
    pending = PendingWrites(store)
    n = 3 * CHUNK_ROWS
    pending.add([("t", _row(f"{i:06d}")) for i in range(n)])
    assert pending.write() == 0 and pending.status().failing  # the disk is full
    limit[0] += 400  # a little room: about one piece (~1,000 rows of ~1 KB)
    written = pending.write(force=True)
    assert 0 < written < n, written  # one transaction of every row would not have fit
    assert pending.waiting == n - written and pending.status().failing
    assert _count(store) == written
    limit[0] = 1_000_000
    assert pending.write(force=True) == n - written
    assert _count(store) == n and not pending.status().failing
    store.close()


def test_after_a_failure_the_next_try_waits_a_bounded_pause(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    now = [0.0]
    pending = PendingWrites(store, clock=lambda: now[0])
    with store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE traces RENAME TO traces_away"))
    pending.add([("t", _row("a"))])
    pauses = []
    for _ in range(8):
        pending.write()
        pauses.append(pending.retry_in())
        assert pending.write() == 0  # within the pause: not even tried
        now[0] += pauses[-1] or 0.0
    assert pending.status().failures == 8
    assert pauses == sorted(pauses) and pauses[-1] == RETRY_MAX_S
    store.close()
