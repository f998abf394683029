"""PendingWrites, the batch state both trace writers share: a failed write keeps its
rows for the next one; an update waits for its trace row a bounded number of writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from phaseone.guard.pipeline import new_trace
from phaseone.store import Store
from phaseone.store.models import Trace
from phaseone.store.traces import UPDATE_RETRIES, PendingWrites


def _row(rid: str) -> dict[str, Any]:
    row = new_trace(rid, "p")
    row.update(key_name="k", input="in", output={"answer": 1}, cost=0.0, latency_ms=1.0)
    return row


def _count(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(Trace)) or 0)


def test_a_failed_write_keeps_its_rows_for_the_next(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    pending = PendingWrites(store)
    pending.add([("t", _row("a")), ("t", _row("b"))])
    with store.engine.begin() as conn:  # the table is gone for a moment
        conn.execute(text("ALTER TABLE traces RENAME TO traces_away"))
    assert pending.write() == 0 and pending.waiting == 2
    with store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE traces_away RENAME TO traces"))
    pending.add([("t", _row("c"))])
    assert pending.write() == 3 and pending.waiting == 0
    assert _count(store) == 3
    store.close()


def test_an_update_waits_for_its_row_then_gives_up(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    pending = PendingWrites(store)
    pending.add(
        [("u", ("late", {"feedback_score": 1.0})), ("u", ("never", {"feedback_score": 0.0}))]
    )
    pending.write()
    pending.add([("t", _row("late"))])  # the row arrives one write later
    pending.write()
    pending.write()
    with store.session() as s:
        late = s.get(Trace, "late")
        assert late is not None and late.feedback_score == 1.0
    for _ in range(UPDATE_RETRIES):
        pending.write()
    assert pending.updates == []  # the update for a row that never came is dropped
    store.close()
