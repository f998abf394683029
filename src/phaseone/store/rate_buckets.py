"""The database rate-limit backend's table: one token bucket per key.

`take_from_bucket` reads a bucket and writes its next state in one locked transaction
(`locking.py`), so two gateway instances never both spend the same token. How a bucket
refills and what a request takes from it is the guard's rule (`guard/ratelimit.py`),
handed in as a function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Table, select, update

from phaseone.store.database import Store
from phaseone.store.locking import for_update, insert_missing, locked_transaction
from phaseone.store.models import RateBucket

_BUCKETS: Table = RateBucket.__table__  # type: ignore[assignment]

T = TypeVar("T")


@dataclass(frozen=True)
class Bucket:
    """A token bucket's state: tokens left, as of `updated` (epoch seconds)."""

    tokens: float
    updated: float


def take_from_bucket(
    store: Store, key: str, new: Bucket, step: Callable[[Bucket], tuple[Bucket, T]]
) -> T:
    """Lock the bucket `key` (created as `new` when missing), apply `step` to it, store the
    bucket `step` returns and return its verdict. Raises `DatabaseUnavailable`."""
    with locked_transaction(store) as conn:
        insert_missing(
            conn, store, _BUCKETS, [{"key": key, "tokens": new.tokens, "updated": new.updated}]
        )
        q = select(RateBucket.tokens, RateBucket.updated).where(RateBucket.key == key)
        row = conn.execute(for_update(store, q)).one()
        after, verdict = step(Bucket(row.tokens, row.updated))
        conn.execute(
            update(RateBucket)
            .where(RateBucket.key == key)
            .values(tokens=after.tokens, updated=after.updated)
        )
    return verdict
