"""The database budget backend: the store's tables, one locked transaction per reserve.

The SQL is the store's (`phaseone.store.budget_counters`); whether a reservation fits
is decided here, inside the transaction that holds the counters' locks, so the check and
the reservation stay one atomic step across every gateway instance.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable, Sequence

from phaseone.guard.budget import (
    DEFAULT_LEASE_S,
    SWEEP_S,
    BackendUnavailable,
    Scope,
    first_over,
)
from phaseone.store.budget_counters import (
    BudgetCell,
    CounterState,
    LedgerEntry,
    budget_transaction,
)
from phaseone.store.database import Store
from phaseone.store.locking import DatabaseUnavailable
from phaseone.store.reachability import ping


class DatabaseBudget:
    """The store's database: one transaction per reserve, row locks in scope order.

    Every reservation is also a row of `budget_reservations` that expires after `lease_s`
    (the guard sets twice the longest a request can take). A gateway killed between
    reserve and settle leaves its rows behind; once expired they are given back by the
    first request that would otherwise be refused for them, so a crash costs the
    ceiling for one lease, not for the rest of the month. Each process also sweeps the
    scopes it reserves in every `sweep_s`, so the remaining budget it reports (the
    Prometheus gauge) stops counting a dead reservation soon after its lease ends.

    The SQL is the store's (`store/budget_counters.py`); the decision is made here."""

    #: Seconds between two sweeps of expired reservations by one process.
    sweep_s = SWEEP_S

    def __init__(
        self, store: Store, lease_s: float = DEFAULT_LEASE_S, clock: Callable[[], float] = time.time
    ) -> None:
        self.store = store
        self.lease_s = lease_s
        self._clock = clock
        self._next_sweep = 0.0

    def _reserve_sync(
        self, request_id: str, scopes: Sequence[Scope], amount: float
    ) -> tuple[Scope | None, dict[str, float]]:
        ordered = sorted(scopes, key=lambda s: (s.scope, s.period))
        cells = [_cell(s) for s in ordered]
        now_s = self._clock()
        now = dt.datetime.fromtimestamp(now_s, dt.UTC)
        with budget_transaction(self.store) as tx:
            tx.ensure_counters(cells, now)
            if now_s >= self._next_sweep:
                self._next_sweep = now_s + self.sweep_s
                tx.reclaim_expired(cells, now_s)
            rows = _by_scope(ordered, tx.counters(cells))
            over = first_over(ordered, rows, amount)
            if over is not None:
                # Only now look for reservations a killed gateway left behind: the
                # common path pays nothing for them.
                if not tx.reclaim_expired(cells, now_s):
                    return over, {}
                rows = _by_scope(ordered, tx.counters(cells))
                over = first_over(ordered, rows, amount)
                if over is not None:
                    return over, {}
            tx.reserve(request_id, cells, amount, now_s + self.lease_s, now)
        remaining = {}
        for s in ordered:
            reserved, spent = rows[(s.scope, s.period)]
            remaining[s.label] = s.ceiling - reserved - spent - amount
        return None, remaining

    def _settle_sync(
        self, request_id: str, scopes: Sequence[Scope], reserved: float, actual: float
    ) -> None:
        cells = [_cell(s) for s in sorted(scopes, key=lambda s: (s.scope, s.period))]
        now = dt.datetime.fromtimestamp(self._clock(), dt.UTC)
        with budget_transaction(self.store) as tx:
            if self.store.dialect == "postgresql":
                # Counter rows first (the order every reserve takes them in), then the
                # reservation: a reserve reclaiming this one holds the counter lock.
                # (SQLite's BEGIN IMMEDIATE already serialises the whole transaction.)
                tx.counters(cells)
            for c in cells:
                # An expired reservation was already given back by `reclaim_expired`.
                held = tx.drop_reservation(request_id, c)
                tx.settle(c, reserved if held else 0.0, actual, now)
            action = "settle" if actual else "release"
            tx.record([LedgerEntry(request_id, c.scope, c.period, action, actual, now)
                       for c in cells])  # fmt: skip

    async def reserve(
        self, request_id: str, scopes: Sequence[Scope], amount: float
    ) -> tuple[Scope | None, dict[str, float]]:
        try:
            return await asyncio.to_thread(self._reserve_sync, request_id, scopes, amount)
        except DatabaseUnavailable as exc:
            raise BackendUnavailable(exc.message) from exc

    async def settle(
        self, request_id: str, scopes: Sequence[Scope], reserved: float, actual: float
    ) -> None:
        await asyncio.to_thread(self._settle_sync, request_id, scopes, reserved, actual)

    async def ping(self) -> None:
        """Raise if the database does not answer (`/healthz`)."""
        await asyncio.to_thread(ping, self.store)

    async def aclose(self) -> None:
        return None


def _cell(s: Scope) -> BudgetCell:
    return BudgetCell(s.scope, s.period)


def _by_scope(
    ordered: Sequence[Scope], states: dict[BudgetCell, CounterState]
) -> dict[tuple[str, str], tuple[float, float]]:
    """(reserved, spent) per (scope, period), as `first_over` reads them."""
    out = {}
    for s in ordered:
        st = states[_cell(s)]
        out[(s.scope, s.period)] = (st.reserved, st.spent)
    return out
