"""The response cache: remembered answers keyed by the caller's configuration and the input.

A re-run of an unchanged suite against an unchanged target should cost nothing and take
no time, but it must never pretend to be fresh: an entry keeps the latency, tokens and
cost of the call that produced it, and results built from it are stored with
``cached=True`` so summaries can leave them out of fresh-latency figures.

Keys are ``sha256(fingerprint, canonical JSON input, repeat_index)``: the fingerprint
covers the target's answer-determining configuration (secrets excluded), and the repeat
index keeps the K answers of ``--repeat K`` apart, so a cached re-run reproduces the same
spread of a non-deterministic target instead of one answer K times.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, cast

from sqlalchemy import Connection, Table, select

from phaseone.store.database import Store
from phaseone.store.models import CacheEntry, utcnow

_TABLE = cast(Table, CacheEntry.__table__)
#: SQLite limits bound parameters per statement; keep IN (...) lists well below it.
_IN_CHUNK = 500


def canonical_json(value: Any) -> str:
    """One spelling per JSON value, so equal inputs give equal keys."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def cache_key(fingerprint: str, input: Any, repeat_index: int = 0) -> str:
    raw = f"{fingerprint}\x1f{canonical_json(input)}\x1f{repeat_index}"
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class CachedResponse:
    """What a cache entry gives back: the answer and what it cost the first time."""

    output: Any
    latency_ms: float | None
    input_tokens: int | None
    output_tokens: int | None
    cost: float | None
    meta: dict[str, Any]


@dataclass(frozen=True)
class CacheRow:
    """A fresh answer on its way into the cache (the ``response_cache`` columns): built
    by callers that batch their writes (the eval executor) and written by `put_rows`."""

    key: str
    namespace: str
    output: Any
    latency_ms: float | None
    input_tokens: int | None = None
    output_tokens: int | None = None
    cost: float | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    created_at: dt.datetime = field(default_factory=utcnow)

    def columns(self) -> dict[str, Any]:
        """Column name → value, for the upsert."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def put_rows(conn: Connection, rows: Sequence[CacheRow]) -> None:
    """Upsert entries inside the caller's transaction (a newer answer replaces an older one)."""
    if not rows:
        return
    # The same key twice in one statement breaks PostgreSQL's ON CONFLICT; the last wins.
    unique = list({r.key: r.columns() for r in rows}.values())
    dialect = conn.dialect.name
    # Each dialect's insert is imported where used: loading the PostgreSQL dialect costs a
    # SQLite command ~40 ms at start-up (as in `runs.insert_results`).
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        pg = postgresql.insert(_TABLE)
        conn.execute(
            pg.on_conflict_do_update(
                index_elements=["key"], set_={c: pg.excluded[c] for c in _UPDATE_COLS}
            ),
            unique,
        )
    elif dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        sq = sqlite.insert(_TABLE)
        conn.execute(
            sq.on_conflict_do_update(
                index_elements=["key"], set_={c: sq.excluded[c] for c in _UPDATE_COLS}
            ),
            unique,
        )
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported stores
        for r in unique:
            conn.execute(_TABLE.delete().where(_TABLE.c.key == r["key"]))
        conn.execute(_TABLE.insert(), unique)


_UPDATE_COLS = ("output", "latency_ms", "input_tokens", "output_tokens", "cost", "meta")


def get_many(conn: Connection, keys: Iterable[str]) -> dict[str, CachedResponse]:
    """Look up many keys in few statements; missing keys are simply absent."""
    found: dict[str, CachedResponse] = {}
    key_list = list(keys)
    for i in range(0, len(key_list), _IN_CHUNK):
        chunk = key_list[i : i + _IN_CHUNK]
        rows = conn.execute(
            select(
                _TABLE.c.key,
                _TABLE.c.output,
                _TABLE.c.latency_ms,
                _TABLE.c.input_tokens,
                _TABLE.c.output_tokens,
                _TABLE.c.cost,
                _TABLE.c.meta,
            ).where(_TABLE.c.key.in_(chunk))
        )
        for key, output, latency, tin, tout, cost, meta in rows:
            found[key] = CachedResponse(output, latency, tin, tout, cost, meta or {})
    return found


class ResponseCache:
    """Convenience wrapper for one-off lookups (the judge scorer, tools, tests).

    The eval runner batches its reads and writes through :func:`get_many` and
    :func:`put_rows` instead, to keep the store out of the hot path.
    """

    def __init__(self, store: Store, namespace: str = "target") -> None:
        self.store = store
        self.namespace = namespace

    def get(self, key: str) -> CachedResponse | None:
        with self.store.engine.connect() as conn:
            return get_many(conn, [key]).get(key)

    def get_many(self, keys: Iterable[str]) -> dict[str, CachedResponse]:
        with self.store.engine.connect() as conn:
            return get_many(conn, keys)

    def put(
        self,
        key: str,
        output: Any,
        *,
        latency_ms: float | None = None,
        input_tokens: int | None = None,
        output_tokens: int | None = None,
        cost: float | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        row = CacheRow(
            key,
            namespace=self.namespace,
            output=output,
            latency_ms=latency_ms,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cost=cost,
            meta=meta or {},
        )
        with self.store.engine.begin() as conn:
            put_rows(conn, [row])

    def clear(self) -> int:
        """Forget every entry of this namespace; returns how many were removed."""
        with self.store.engine.begin() as conn:
            res = conn.execute(_TABLE.delete().where(_TABLE.c.namespace == self.namespace))
            return int(res.rowcount or 0)
