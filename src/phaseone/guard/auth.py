"""Authentication: API keys checked against their stored hash, cached in memory.

The first sight of a key costs one indexed lookup by prefix and a constant-time hash
comparison (`store.keys.lookup_key`), run on a worker thread so the event loop never
waits on the database (concurrent first requests with the same key share one read);
the result is cached for `ttl_s` keyed by the key's sha256, so the hot path is one hash
and one dict lookup; an expired entry is served once more while a worker thread
re-reads it. Revocation therefore takes effect
within about 2 × `ttl_s` (2 s) on every instance. Unknown keys are cached briefly too, so
a flood of bad keys cannot turn into a flood of database reads.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import time
from collections.abc import Callable

from phaseone.guard.refusals import Forbidden, Unauthorized, Unavailable
from phaseone.store.keys import ALL_SCOPES, KeyRecord, lookup_key, parse_prefix

ANONYMOUS = KeyRecord(name="anonymous", prefix="", key_hash="", scopes=frozenset(ALL_SCOPES))
_NEGATIVE_TTL_S = 1.0
_MAX_ENTRIES = 10_000


class KeyCache:
    """Presented key → `KeyRecord`, with a TTL."""

    _pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="p1-keys")
    _first = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="p1-keys1")

    def __init__(self, lookup: Callable[[str], KeyRecord | None], ttl_s: float = 1.0) -> None:
        self._lookup = lookup
        self.ttl_s = ttl_s
        self._entries: dict[str, tuple[KeyRecord | None, float]] = {}
        self._refreshing: set[str] = set()
        self._inflight: dict[str, asyncio.Future[KeyRecord | None]] = {}

    def _cached(self, digest: str, key: str, now: float) -> tuple[bool, KeyRecord | None]:
        """(found, record) from the cache alone; schedules a background re-read of a
        known key that has just expired."""
        hit = self._entries.get(digest)
        if hit is None:
            return False, None
        if hit[1] > now:
            return True, hit[0]
        if hit[0] is not None and now - hit[1] < self.ttl_s:
            if digest not in self._refreshing:
                # Known key, just expired: answer from the cache and re-read it on a worker
                # thread, so no request waits on the database (revocation: ≤ 2 × ttl).
                self._refreshing.add(digest)
                self._pool.submit(self._refresh, key, digest)
            return True, hit[0]
        return False, None

    def get(self, key: str) -> KeyRecord | None:
        """Blocking form (CLI, tests, code outside an event loop)."""
        digest = hashlib.sha256(key.encode()).hexdigest()
        now = time.monotonic()
        found, record = self._cached(digest, key, now)
        return record if found else self._store(key, digest, now)

    async def aget(self, key: str) -> KeyRecord | None:
        """Event-loop form: a cache miss is read on a worker thread, once per key however
        many requests are waiting for it."""
        digest = hashlib.sha256(key.encode()).hexdigest()
        now = time.monotonic()
        found, record = self._cached(digest, key, now)
        if found:
            return record
        pending = self._inflight.get(digest)
        if pending is None:
            loop = asyncio.get_running_loop()
            pending = loop.run_in_executor(self._first, self._store, key, digest, now)
            self._inflight[digest] = pending
            pending.add_done_callback(lambda _: self._inflight.pop(digest, None))
        return await asyncio.shield(pending)

    def _store(self, key: str, digest: str, now: float) -> KeyRecord | None:
        record = self._lookup(key) if parse_prefix(key) is not None else None
        if len(self._entries) >= _MAX_ENTRIES:
            self._entries.clear()
        ttl = self.ttl_s if record is not None else _NEGATIVE_TTL_S
        self._entries[digest] = (record, now + ttl)
        return record

    def _refresh(self, key: str, digest: str) -> None:
        try:
            self._store(key, digest, time.monotonic())
        except Exception:  # keep serving the cached record; the next expiry retries
            pass
        finally:
            self._refreshing.discard(digest)

    def clear(self) -> None:
        self._entries.clear()


class Authenticator:
    """Turns a presented key into a `KeyRecord` or a 401/403 refusal."""

    def __init__(self, store: object | None, *, required: bool = True, ttl_s: float = 1.0) -> None:
        self.required = required
        self._cache = KeyCache(
            (lambda key: lookup_key(store, key)) if store is not None else (lambda key: None),  # type: ignore[arg-type]
            ttl_s=ttl_s,
        )

    def authenticate(self, api_key: str | None, scope: str = "invoke") -> KeyRecord:
        """Blocking form: a key not in the cache is read from the store right here."""
        if not api_key:
            return self._anonymous()
        return self._check(self._cache.get(api_key), scope)

    async def aauthenticate(self, api_key: str | None, scope: str = "invoke") -> KeyRecord:
        """Event-loop form: a key not in the cache is read on a worker thread."""
        if not api_key:
            return self._anonymous()
        try:
            record = await self._cache.aget(api_key)
        except Exception as exc:  # the store is down: a clear 503, not an internal error
            raise Unavailable(
                f"the key store cannot be read: {type(exc).__name__}",
                code="auth_backend_unavailable",
            ) from exc
        return self._check(record, scope)

    def _anonymous(self) -> KeyRecord:
        if not self.required:
            return ANONYMOUS
        raise Unauthorized("an API key is required (Authorization: Bearer <key>)")

    def _check(self, record: KeyRecord | None, scope: str) -> KeyRecord:
        if record is None:
            raise Unauthorized("the API key is not valid")
        refused = record.refusal(scope)
        if refused is not None:
            status, message = refused
            raise (Forbidden if status == 403 else Unauthorized)(message)
        return record

    def invalidate(self) -> None:
        self._cache.clear()
