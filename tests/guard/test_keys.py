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
