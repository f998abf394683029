"""Budgets: reserve the worst-case cost before the call, settle to the actual cost after.

A request touches several scopes at once — the project's day and month, the key's
day — and is admitted only if its reservation fits under EVERY ceiling; the check and
the reservation are one atomic step across all scopes, so ``spent + reserved`` never
exceeds a ceiling, whatever the concurrency and however many gateway instances run.
Backends: ``memory`` (one process, a lock: here), ``database`` (one transaction with
row locks: `budget_database.py`), ``redis`` (one Lua script: `budget_redis.py`). A
process killed between reserve and settle leaves its reservation counted until its
lease ends (twice the longest a request can take), never longer: the first request
that would be refused for it then gives it back. Amounts are in the plan's currency.

This module is what every backend shares: a `Scope`, the `BudgetBackend` protocol, the
ledger rows, and the check of a reservation against the ceilings.
Shadow calls count against the project's ceilings, not the caller's key (see
`Spending.reserve_shadow` in `spending.py`).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from phaseone.plan.components import Price
from phaseone.store.budget_counters import LedgerEntry

EPS = 1e-9
#: Seconds between sweeps of expired reservations (shared backends), per process.
SWEEP_S = 60.0
#: How long a reservation of a shared backend is held when the caller sets no lease.
DEFAULT_LEASE_S = 600.0


class BackendUnavailable(Exception):
    """The shared budget / rate-limit backend could not be reached."""


@dataclass(frozen=True)
class Scope:
    """One ceiling a request counts against, e.g. project ``inbox`` on ``d:2026-11-26``."""

    scope: str
    period: str
    ceiling: float
    #: ``project:d``, ``project:m``, ``key:d`` — the metrics label (derived).
    label: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.label:
            label = f"{self.scope.split(':', 1)[0]}:{self.period.split(':', 1)[0]}"
            object.__setattr__(self, "label", label)


def estimate_max_cost(price: Price, input_tokens: int, max_output_tokens: int) -> float:
    """Worst case: at most `input_tokens` in (a bound, see
    `phaseone.targets.tokens.max_tokens_of`) and the whole output allowance out."""
    cost = price.per_call
    if price.per_1k_input_tokens:
        cost += input_tokens / 1000 * price.per_1k_input_tokens
    if price.per_1k_output_tokens:
        cost += max_output_tokens / 1000 * price.per_1k_output_tokens
    return cost


#: Where a memory or Redis backend sends its ledger rows (the trace writer's `ledger`).
LedgerSink = Callable[[LedgerEntry], None]


def ledger_row(
    request_id: str, s: Scope, action: str, amount: float, at: dt.datetime | None = None
) -> LedgerEntry:
    return LedgerEntry(request_id, s.scope, s.period, action, amount, at or dt.datetime.now(dt.UTC))


def settle_row(request_id: str, scopes: Sequence[Scope], actual: float) -> LedgerEntry:
    """The memory and Redis backends write ONE ledger row per request, at settlement,
    naming every scope it counted against (the reservation itself lives only in the
    backend). The database backend writes reserve and settle rows per scope, in the
    same transaction as the counters."""
    return LedgerEntry(
        request_id,
        scope=",".join(s.scope for s in scopes)[:200],
        period=",".join(s.period.split(":", 1)[0] for s in scopes)[:20],
        action="settle" if actual else "release",
        amount=actual,
        created_at=dt.datetime.now(dt.UTC),
    )


def first_over(
    ordered: Sequence[Scope], rows: dict[tuple[str, str], tuple[float, float]], amount: float
) -> Scope | None:
    for s in ordered:
        reserved, spent = rows[(s.scope, s.period)]
        if reserved + spent + amount > s.ceiling + EPS:
            return s
    return None


class BudgetBackend(Protocol):
    async def reserve(
        self, request_id: str, scopes: Sequence[Scope], amount: float
    ) -> tuple[Scope | None, dict[str, float]]:
        """Reserve `amount` in every scope, or in none. Returns (the scope that did not fit
        or None, remaining per scope label after the reservation)."""
        ...

    async def settle(
        self, request_id: str, scopes: Sequence[Scope], reserved: float, actual: float
    ) -> None:
        """Turn a reservation into spend: release `reserved`, add `actual`."""
        ...

    async def aclose(self) -> None: ...


class MemoryBudget:
    """One process: a dict and a lock. Ledger rows go to the trace writer.

    Open reservations are remembered by request id, as the shared backends do, so a
    settle releases only what its reserve took: a second settle, or one for a request
    that never reserved, adds its spend and gives nothing back."""

    def __init__(self, ledger: LedgerSink | None = None) -> None:
        self._lock = threading.Lock()
        self._c: dict[tuple[str, str], list[float]] = {}  # [reserved, spent]
        self._open: dict[str, float] = {}  # request id → amount reserved in each scope
        self._ledger = ledger
        self._newest: dict[str, str] = {}  # period kind ("d", "m") → newest period seen

    def _forget_past(self, scopes: Sequence[Scope]) -> None:
        """Drop the counters of days and months that are over, once a newer one is seen:
        a long-running gateway with many keys otherwise keeps every day it has served."""
        newer = False
        for s in scopes:
            kind = s.period[:1]
            if s.period > self._newest.get(kind, ""):
                self._newest[kind] = s.period
                newer = True
        if newer:
            for cell in [c for c in self._c if c[1] < self._newest.get(c[1][:1], "")]:
                del self._c[cell]

    async def reserve(
        self, request_id: str, scopes: Sequence[Scope], amount: float
    ) -> tuple[Scope | None, dict[str, float]]:
        with self._lock:
            self._forget_past(scopes)
            cells = [self._c.setdefault((s.scope, s.period), [0.0, 0.0]) for s in scopes]
            for s, c in zip(scopes, cells, strict=True):
                if c[0] + c[1] + amount > s.ceiling + EPS:
                    return s, {}
            remaining = {}
            for s, c in zip(scopes, cells, strict=True):
                c[0] += amount
                remaining[s.label] = s.ceiling - c[0] - c[1]
            self._open[request_id] = amount
        return None, remaining

    async def settle(
        self, request_id: str, scopes: Sequence[Scope], reserved: float, actual: float
    ) -> None:
        with self._lock:
            held = self._open.pop(request_id, None)
            release = min(reserved, held) if held is not None else 0.0
            for s in scopes:
                c = self._c.setdefault((s.scope, s.period), [0.0, 0.0])
                c[0] = max(0.0, c[0] - release)
                c[1] += actual
        if self._ledger:
            self._ledger(settle_row(request_id, scopes, actual))

    def spent(self, scope: str, period: str) -> tuple[float, float]:
        r, s = self._c.get((scope, period), [0.0, 0.0])
        return r, s

    async def aclose(self) -> None:
        return None


class PeriodClock:
    """UTC day/month period labels, recomputed at most once a second."""

    def __init__(self) -> None:
        self._at = -1
        self._day = self._month = ""

    def periods(self, now_s: float) -> tuple[str, str]:
        sec = int(now_s)
        if sec != self._at:
            d = dt.datetime.fromtimestamp(sec, dt.UTC)
            self._day, self._month, self._at = f"d:{d:%Y-%m-%d}", f"m:{d:%Y-%m}", sec
        return self._day, self._month
