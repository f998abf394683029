"""PendingWrites, the batch state both trace writers share: a failed write keeps its
rows for the next one; an update waits for its trace row a bounded number of writes."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select, text

from phaseone.store import Store
from phaseone.store.models import Trace
from phaseone.store.trace_row import TraceRow
from phaseone.store.traces import RETRY_FIRST_S, UPDATE_WAIT_S, PendingWrites


def _row(rid: str) -> TraceRow:
    return TraceRow(
        rid, "p", key_name="k", input="in", output={"answer": 1}, cost=0.0, latency_ms=1.0
    )


def _count(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(Trace)) or 0)


def test_a_failed_write_keeps_its_rows_for_the_next(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    now = [1000.0]
    pending = PendingWrites(store, clock=lambda: now[0])
    pending.add([("t", _row("a")), ("t", _row("b"))])
    with store.engine.begin() as conn:  # the table is gone for a moment
        conn.execute(text("ALTER TABLE traces RENAME TO traces_away"))
    assert pending.write() == 0 and pending.waiting == 2
    with store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE traces_away RENAME TO traces"))
    pending.add([("t", _row("c"))])
    assert pending.write() == 0  # within the pause after a failure: not tried yet
    now[0] += RETRY_FIRST_S
    assert pending.write() == 3 and pending.waiting == 0
    assert _count(store) == 3
    store.close()


def test_an_update_waits_for_its_row_then_gives_up(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    now = [1000.0]
    pending = PendingWrites(store, clock=lambda: now[0])
    pending.add(
        [("u", ("late", {"feedback_score": 1.0})), ("u", ("never", {"feedback_score": 0.0}))]
    )
    for _ in range(30):  # many writes in a short time (a busy writer): nothing given up
        pending.write()
    pending.add([("t", _row("late"))])  # the row arrives later (another instance's flush)
    pending.write()
    pending.write()
    with store.session() as s:
        late = s.get(Trace, "late")
        assert late is not None and late.feedback_score == 1.0
    assert [u[0] for u in pending.updates] == ["never"]
    now[0] += UPDATE_WAIT_S + 1
    pending.write()
    assert pending.updates == []  # the update for a row that never came is dropped
    store.close()


def test_a_closing_writer_waits_for_the_database_to_come_back(tmp_path: Path) -> None:
    import threading

    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    pending = PendingWrites(store)
    pending.add([("t", _row("a")), ("t", _row("b"))])
    with store.engine.begin() as conn:  # the table is away for a moment (a restart)
        conn.execute(text("ALTER TABLE traces RENAME TO traces_away"))

    def come_back() -> None:
        with store.engine.begin() as conn:
            conn.execute(text("ALTER TABLE traces_away RENAME TO traces"))

    timer = threading.Timer(0.5, come_back)
    timer.start()
    assert pending.write_all(wait_s=10) == 2
    timer.join()
    assert _count(store) == 2 and pending.waiting == 0
    pending.add([("t", _row("c"))])
    with store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE traces RENAME TO traces_away"))
    assert pending.write_all(wait_s=0.5) == 0  # gives up, says so in the log
    assert pending.waiting == 0
    store.close()


def test_a_trace_id_written_twice_is_kept_once_and_blocks_nothing(store: Store) -> None:
    """A batch re-sent after a commit whose acknowledgement was lost, or a caller reusing
    a request id, must not fail every later write."""
    pending = PendingWrites(store)
    pending.add([("t", _row("a"))])
    assert pending.write() == 1
    pending.add([("t", _row("a")), ("t", _row("b"))])
    pending.write()
    assert pending.waiting == 0
    assert _count(store) == 2


def test_a_row_the_database_refuses_does_not_hold_back_the_others(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    with store.engine.begin() as conn:  # a rule only some rows break
        conn.execute(
            text(
                "CREATE TRIGGER no_bad BEFORE INSERT ON traces WHEN NEW.key_name = 'bad'"
                " BEGIN SELECT RAISE(ABORT, 'constraint failed: key_name'); END"
            )
        )
    pending = PendingWrites(store)
    bad = _row("bad")
    bad.key_name = "bad"
    pending.add([("t", _row("a")), ("t", bad), ("t", _row("c"))])
    pending.write()
    assert pending.waiting == 0  # nothing is stuck for ever
    with store.session() as s:
        ids = set(s.scalars(select(Trace.id)))
    assert ids == {"a", "c"}  # the refused row is dropped (and logged), the rest written
    pending.add([("t", _row("d"))])
    assert pending.write() == 1
    store.close()


def test_a_trace_postgresql_cannot_hold_is_stored_as_text(store: Store) -> None:
    """A target answering NaN (json.loads accepts it; PostgreSQL's JSON does not) or text
    with NUL characters: the trace is still stored, and the traces after it too."""
    odd = _row("odd")
    odd.input, odd.output, odd.error_kind = "a\x00b", {"score": float("nan")}, "x\x00"
    pending = PendingWrites(store)
    pending.add([("t", odd), ("t", _row("next"))])
    pending.write()
    assert pending.waiting == 0
    with store.session() as s:
        got = s.get(Trace, "odd")
        assert got is not None and s.get(Trace, "next") is not None
        assert "nan" in json.dumps(got.output).lower()  # kept, as JSON or as its text


def test_text_utf8_cannot_encode_is_cleaned_not_a_stuck_batch(store: Store) -> None:
    """A lone surrogate (valid JSON, `"\\ud800"`) in a feedback comment or a trace column
    used to fail every later write."""
    pending = PendingWrites(store)
    pending.add([("t", _row("r1"))])
    pending.write()
    odd = _row("r2")
    odd.key_name = "k\ud800"
    pending.add([("u", ("r1", {"feedback_score": 0.5, "feedback_comment": "bad \ud800"}))])
    pending.add([("t", odd), ("t", _row("r3"))])
    pending.write()
    assert pending.waiting == 0 and pending.updates == []
    with store.session() as s:
        r1, r2 = s.get(Trace, "r1"), s.get(Trace, "r2")
        assert r1 is not None and r1.feedback_score == 0.5
        assert r1.feedback_comment is not None and r1.feedback_comment.startswith("bad ")
        assert r2 is not None and s.get(Trace, "r3") is not None
    assert _count(store) == 3
