"""What an eval run reads and writes while it executes, each in one transaction.

The executor looks up, per chunk of cases, which are already stored (resume) and which
answers the response cache holds (``--cache``), in one round trip; the writer commits a
batch of case results with the cache entries of their fresh answers atomically; a run
stopped by an outage keeps the fresh answers of the cases it dropped in the cache. The
connection handling lives here so that `phaseone.evals` calls typed functions only.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from phaseone.store import cache as cache_store
from phaseone.store.case_rows import CaseRow
from phaseone.store.database import Store
from phaseone.store.runs import insert_results, stored_keys

__all__ = ["Lookup", "keep_cached", "lookup", "write_results"]


@dataclass(frozen=True)
class Lookup:
    """What the store already has for a chunk of cases.

    Attributes:
        done: (case id, repeat index) pairs the run has stored (resume).
        hits: Cached answers by cache key (only for keys asked for).
    """

    done: set[tuple[str, int]] = field(default_factory=set)
    hits: dict[str, cache_store.CachedResponse] = field(default_factory=dict)


def lookup(
    store: Store,
    *,
    run_id: str | None,
    case_ids: Collection[str],
    cache_keys: Callable[[set[tuple[str, int]]], list[str]] | None,
) -> Lookup:
    """The stored (case, repeat) pairs of `run_id` among `case_ids` (when resuming), then
    the cached answers for the keys `cache_keys` names given those (when reading the
    cache), on one connection."""
    with store.engine.connect() as conn:
        done: set[tuple[str, int]] = set()
        if run_id is not None:
            done = stored_keys(conn, run_id, case_ids)
        hits: dict[str, cache_store.CachedResponse] = {}
        if cache_keys is not None:
            hits = cache_store.get_many(conn, cache_keys(done))
    return Lookup(done, hits)


def write_results(
    store: Store, results: Sequence[CaseRow], cache_rows: Sequence[cache_store.CacheRow]
) -> None:
    """Case results and the cache entries of their fresh answers, in one transaction."""
    with store.engine.begin() as conn:
        insert_results(conn, [r.columns() for r in results])
        cache_store.put_rows(conn, cache_rows)


def keep_cached(store: Store, rows: Sequence[cache_store.CacheRow]) -> None:
    """Upsert response-cache entries."""
    if rows:
        with store.engine.begin() as conn:
            cache_store.put_rows(conn, rows)
