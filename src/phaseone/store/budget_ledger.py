"""Reading the budget ledger back: settled spend, summed per row's scope and period.

The Redis budget backend rebuilds its counters from these sums after Redis lost its
data (`phaseone.guard.budget_redis.ledger_spend` says how a row's scopes are read).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from phaseone.store.database import Store
from phaseone.store.models import BudgetEntry

#: Request ids left out per ``NOT IN`` clause (drivers cap a statement's parameters).
_SKIP_CHUNK = 500


@dataclass(frozen=True)
class SettledSpend:
    """The sum of ``settle`` rows that name these scopes and periods.

    ``scopes`` and ``periods`` are as the rows hold them: one scope and an exact period
    (``d:2026-11-26``) from the database backend, or comma-separated lists
    (``project:a,key:k`` with ``d,d``) from the memory and Redis backends."""

    scopes: str
    periods: str
    amount: float


def settled_since(store: Store, since: dt.datetime, skip: Sequence[str] = ()) -> list[SettledSpend]:
    """Settled spend recorded at or after `since`, grouped by (scopes, periods), without
    the requests whose id is in `skip`."""
    e = BudgetEntry
    skipped = list(dict.fromkeys(skip))
    q = (
        select(e.scope, e.period, func.sum(e.amount))
        .where(e.action == "settle", e.created_at >= since)
        .group_by(e.scope, e.period)
    )
    for chunk in range(0, len(skipped), _SKIP_CHUNK) if skipped else ():
        q = q.where(e.request_id.not_in(skipped[chunk : chunk + _SKIP_CHUNK]))
    with store.engine.connect() as conn:
        return [SettledSpend(scopes, periods, total) for scopes, periods, total in conn.execute(q)]
