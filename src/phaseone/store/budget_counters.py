"""The database budget backend's tables: counters, open reservations and the ledger.

`budget_transaction` opens one locked transaction (`locking.py`) and hands the guard a
`BudgetTransaction`: typed reads and writes of `budget_counters`,
`budget_reservations` and `budget_ledger`. The guard decides (does the amount fit under
every ceiling?); this module only reads and writes, always inside the one transaction,
so the check and the reservation stay one atomic step across gateway instances.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, Table, delete, select, update

from phaseone.store.database import Store
from phaseone.store.locking import for_update, insert_missing, locked_transaction
from phaseone.store.models import BudgetCounter, BudgetEntry, BudgetReservation

_COUNTERS: Table = BudgetCounter.__table__  # type: ignore[assignment]
_LEDGER: Table = BudgetEntry.__table__  # type: ignore[assignment]
_RESERVATIONS: Table = BudgetReservation.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class BudgetCell:
    """One counter: a scope (``project:inbox``, ``key:k``) in one period (``d:2026-11-26``)."""

    scope: str
    period: str


@dataclass(frozen=True)
class CounterState:
    """What a counter holds: open reservations and settled spend."""

    reserved: float
    spent: float


@dataclass(frozen=True)
class LedgerEntry:
    """One row of `budget_ledger`: a reserve, settle, release or expire of a request."""

    request_id: str
    scope: str
    period: str
    action: str  #: reserve | settle | release | expire
    amount: float
    created_at: dt.datetime


class BudgetTransaction:
    """Reads and writes of the budget tables inside one locked transaction."""

    def __init__(self, conn: Connection, store: Store) -> None:
        self._conn = conn
        self._store = store

    def ensure_counters(self, cells: Sequence[BudgetCell], now: dt.datetime) -> None:
        """Create the counters that do not exist yet (at zero), so they can be locked."""
        rows = [
            {"scope": c.scope, "period": c.period, "reserved": 0.0, "spent": 0.0, "updated_at": now}
            for c in cells
        ]
        insert_missing(self._conn, self._store, _COUNTERS, rows)

    def counters(self, cells: Sequence[BudgetCell]) -> dict[BudgetCell, CounterState]:
        """Each counter's state, row-locked on PostgreSQL in the order given (callers
        pass cells sorted, so two transactions never wait for each other in a circle)."""
        q = select(BudgetCounter.reserved, BudgetCounter.spent)
        states = {}
        for c in cells:
            row = self._conn.execute(
                for_update(
                    self._store,
                    q.where(BudgetCounter.scope == c.scope, BudgetCounter.period == c.period),
                )
            ).one()
            states[c] = CounterState(row.reserved, row.spent)
        return states

    def reclaim_expired(self, cells: Sequence[BudgetCell], now_s: float) -> int:
        """Give back the reservations of these counters whose lease ended before `now_s`
        (epoch seconds), with an ``expire`` ledger row each; returns how many."""
        res = BudgetReservation
        stamp = dt.datetime.fromtimestamp(now_s, dt.UTC)
        count = 0
        for c in cells:
            where = (res.scope == c.scope, res.period == c.period, res.expires_at < now_s)
            # What this DELETE removed, not what a SELECT saw: two processes sweeping at
            # once must not both give the same reservation back.
            expired = self._conn.execute(
                delete(res).where(*where).returning(res.request_id, res.amount)
            ).all()
            if not expired:
                continue
            self._change(c, reserved=-sum(r.amount for r in expired), spent=0.0, at=stamp)
            self.record(
                [LedgerEntry(r.request_id, c.scope, c.period, "expire", r.amount, stamp)
                 for r in expired]
            )  # fmt: skip
            count += len(expired)
        return count

    def reserve(
        self,
        request_id: str,
        cells: Sequence[BudgetCell],
        amount: float,
        expires_at: float,
        now: dt.datetime,
    ) -> None:
        """Add `amount` to every counter's reservations, hold it under `request_id` until
        `expires_at` (epoch seconds), and write a ``reserve`` ledger row per counter."""
        for c in cells:
            self._change(c, reserved=amount, spent=0.0, at=now)
        self._conn.execute(
            _RESERVATIONS.insert(),
            [
                {"request_id": request_id, "scope": c.scope, "period": c.period,
                 "amount": amount, "expires_at": expires_at}
                for c in cells
            ],
        )  # fmt: skip
        self.record([LedgerEntry(request_id, c.scope, c.period, "reserve", amount, now)
                     for c in cells])  # fmt: skip

    def drop_reservation(self, request_id: str, cell: BudgetCell) -> bool:
        """Delete the request's reservation of this counter; False when there was none
        (it expired and was reclaimed, or never existed)."""
        res = BudgetReservation
        deleted = self._conn.execute(
            delete(res).where(
                res.request_id == request_id, res.scope == cell.scope, res.period == cell.period
            )
        )
        return bool(deleted.rowcount)

    def settle(self, cell: BudgetCell, release: float, spend: float, now: dt.datetime) -> None:
        """Take `release` off the counter's reservations and add `spend` to its spend, in
        one ``UPDATE … SET x = x + …`` (atomic whatever else runs)."""
        self._change(cell, reserved=-release, spent=spend, at=now)

    def record(self, entries: Sequence[LedgerEntry]) -> None:
        """Append rows to the ledger."""
        if entries:
            self._conn.execute(_LEDGER.insert(), [asdict(e) for e in entries])

    def _change(self, cell: BudgetCell, *, reserved: float, spent: float, at: dt.datetime) -> None:
        values: dict[str, Any] = {"reserved": BudgetCounter.reserved + reserved, "updated_at": at}
        if spent:
            values["spent"] = BudgetCounter.spent + spent
        self._conn.execute(
            update(BudgetCounter)
            .where(BudgetCounter.scope == cell.scope, BudgetCounter.period == cell.period)
            .values(values)
        )


@contextmanager
def budget_transaction(store: Store) -> Iterator[BudgetTransaction]:
    """The budget tables in one transaction that serialises with every other gateway
    instance (`locking.locked_transaction`); a driver error is `DatabaseUnavailable`."""
    with locked_transaction(store) as conn:
        yield BudgetTransaction(conn, store)
