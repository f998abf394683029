"""API keys: shown once, stored only as a hash, looked up by prefix (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import text

from phaseone.errors import UsageError
from phaseone.guard.auth import Authenticator
from phaseone.guard.refusals import Forbidden, Unauthorized
from phaseone.store import Store
from phaseone.store.keys import KEY_RE, create_key, list_keys, lookup_key, revoke_key


def test_key_lifecycle_and_hash_only(store: Store) -> None:
    key = create_key(store, "svc", scopes=["invoke"], budget_daily=2.5, rate_limit_rpm=30)
    assert KEY_RE.match(key)
    with store.engine.connect() as c:
        rows = [tuple(r) for r in c.execute(text("SELECT * FROM api_keys"))]
    assert key not in str(rows)
    assert hashlib.sha256(key.encode()).hexdigest() in str(rows)
    rec = lookup_key(store, key)
    assert rec is not None and rec.name == "svc" and rec.scopes == {"invoke"}
    assert (rec.budget_daily, rec.rate_limit_rpm) == (2.5, 30)
    assert lookup_key(store, key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    with pytest.raises(UsageError):
        create_key(store, "svc")
    with pytest.raises(UsageError):
        create_key(store, "other", scopes=["root"])
    assert revoke_key(store, "svc") and not revoke_key(store, "svc")
    assert [k.name for k in list_keys(store)] == ["svc"]
    assert list_keys(store)[0].revoked_at is not None


def test_authenticator_statuses(sqlite_store: Store) -> None:
    auth = Authenticator(sqlite_store, ttl_s=0.0)
    ok = create_key(sqlite_store, "ok")
    metrics = create_key(sqlite_store, "m", scopes=["metrics"])
    old = create_key(sqlite_store, "old", expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    assert auth.authenticate(ok).name == "ok"
    assert auth.authenticate(metrics, "metrics").name == "m"
    with pytest.raises(Forbidden):
        auth.authenticate(metrics, "invoke")
    with pytest.raises(Unauthorized, match="expired"):
        auth.authenticate(old)
    with pytest.raises(Unauthorized, match="required"):
        auth.authenticate(None)
    revoke_key(sqlite_store, "ok")
    with pytest.raises(Unauthorized, match="revoked"):
        auth.authenticate(ok)
    assert Authenticator(None, required=False).authenticate(None).name == "anonymous"


def test_cache_serves_without_the_database_until_ttl(sqlite_store: Store) -> None:
    key = create_key(sqlite_store, "svc")
    auth = Authenticator(sqlite_store, ttl_s=60)
    auth.authenticate(key)
    revoke_key(sqlite_store, "svc")
    assert auth.authenticate(key).name == "svc"  # cached: revocation waits for the TTL
    auth.invalidate()
    with pytest.raises(Unauthorized):
        auth.authenticate(key)


async def test_first_lookup_runs_off_the_event_loop_once_per_key(sqlite_store: Store) -> None:
    """A key not yet cached is read on a worker thread: the loop keeps running meanwhile,
    and 200 requests arriving together with the same new key cause ONE store read."""
    import asyncio
    import threading
    import time

    key = create_key(sqlite_store, "svc")
    reads: list[str] = []
    loop_thread = threading.get_ident()

    def slow_lookup(k: str) -> object:
        reads.append(threading.current_thread().name)
        assert threading.get_ident() != loop_thread
        time.sleep(0.2)
        return lookup_key(sqlite_store, k)

    auth = Authenticator(sqlite_store, ttl_s=60)
    auth._cache._lookup = slow_lookup  # type: ignore[assignment]
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    t = asyncio.ensure_future(ticker())
    records = await asyncio.gather(*(auth.aauthenticate(key) for _ in range(200)))
    t.cancel()
    assert {r.name for r in records} == {"svc"}
    assert len(reads) == 1 and reads[0].startswith("p1-keys"), reads
    # The loop ran while the key was being read: ~20 ticks in 0.2 s on a quiet machine; a
    # lookup on the loop's thread would allow 1–2. 5 leaves room for a loaded CI host.
    assert ticks >= 5, f"the loop ticked {ticks} times in the 0.2 s lookup"
    assert (await auth.aauthenticate(key)).name == "svc" and len(reads) == 1  # cached now


async def test_unreadable_key_store_is_a_503_not_an_internal_error(sqlite_store: Store) -> None:
    from phaseone.guard.refusals import Unavailable

    key = create_key(sqlite_store, "svc")
    auth = Authenticator(sqlite_store, ttl_s=60)

    def broken(k: str) -> object:
        raise ConnectionError("database is down")

    auth._cache._lookup = broken  # type: ignore[assignment]
    with pytest.raises(Unavailable) as info:
        await auth.aauthenticate(key)
    assert info.value.status == 503 and info.value.code == "auth_backend_unavailable"
