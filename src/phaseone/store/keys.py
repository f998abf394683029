"""API keys of the gateway: created once, stored only as a hash, looked up by prefix.

A key is ``p1_<prefix>_<secret>``: ``prefix`` (8 hex chars) is stored in clear so a
lookup is one indexed row; ``secret`` is 256 bits from `secrets`. Only
``sha256(key)`` is stored. A plain (unsalted, fast) hash is enough here because the
key is high-entropy random, not a password: there is nothing to brute-force or
look up in a rainbow table. Comparison uses `hmac.compare_digest` (constant time).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from phaseone.errors import UsageError
from phaseone.store.database import Store
from phaseone.store.models import ApiKey

#: What a key may do. `invoke` calls the target, `metrics` reads /metrics,
#: `feedback` rates a trace, `dashboard` logs in to `phaseone dashboard`.
ALL_SCOPES: tuple[str, ...] = ("invoke", "metrics", "feedback", "dashboard")
#: A new key's scopes unless told: the gateway's. Opening the owner's dashboard is asked for
#: by name (`--scope dashboard`), so a service's key never opens it by accident.
DEFAULT_SCOPES: tuple[str, ...] = ("invoke", "metrics", "feedback")
KEY_RE = re.compile(r"^p1_([0-9a-f]{8})_([A-Za-z0-9_-]{20,})$")
_NAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{1,200}$")


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def parse_prefix(key: str) -> str | None:
    """The lookup prefix of a well-formed key, else None (cheap: no DB access)."""
    m = KEY_RE.match(key)
    return m.group(1) if m else None


@dataclass(frozen=True)
class KeyRecord:
    """What the guard needs to know about a key (never the key itself)."""

    name: str
    prefix: str
    key_hash: str
    scopes: frozenset[str] = field(default_factory=lambda: frozenset(DEFAULT_SCOPES))
    budget_daily: float | None = None
    rate_limit_rpm: float | None = None
    expires_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    created_at: dt.datetime | None = None

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        if self.expires_at is None:
            return False
        return (now or dt.datetime.now(dt.UTC)) >= self.expires_at

    def refusal(self, scope: str) -> tuple[int, str] | None:
        """Why this key may not be used for ``scope`` now, as (HTTP status, message), or
        None. The one rule for the gateway's routes and the dashboard's login."""
        if self.revoked_at is not None:
            return 401, "the API key has been revoked"
        if self.is_expired():
            return 401, "the API key has expired"
        if scope not in self.scopes:
            return 403, f"the API key {self.name!r} lacks the scope {scope!r}"
        return None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "prefix": self.prefix,
            "scopes": sorted(self.scopes),
            "budget_daily": self.budget_daily,
            "rate_limit_rpm": self.rate_limit_rpm,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }


def _record(row: ApiKey) -> KeyRecord:
    return KeyRecord(
        name=row.name,
        prefix=row.prefix,
        key_hash=row.key_hash,
        scopes=frozenset(row.scopes or ()),
        budget_daily=row.budget_daily,
        rate_limit_rpm=row.rate_limit_rpm,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
        created_at=row.created_at,
    )


def create_key(
    store: Store,
    name: str,
    *,
    scopes: list[str] | tuple[str, ...] | None = None,
    budget_daily: float | None = None,
    rate_limit_rpm: float | None = None,
    expires_at: dt.datetime | None = None,
) -> str:
    """Create a key and return it in plaintext — the only time it exists outside the caller.

    Args:
        name: unique, human name (`checkout-service`); shown in traces instead of the key.
        scopes: subset of `ALL_SCOPES`; default `DEFAULT_SCOPES` (all but ``dashboard``).
        budget_daily: this key's own daily spend ceiling (plan currency), on top of the
            project's ceilings.
        rate_limit_rpm: this key's requests per minute, overriding the plan's rate.
        expires_at: after this instant the key is refused with 401.
    """
    if not _NAME_RE.fullmatch(name):
        raise UsageError(
            f"key name {name!r} is not allowed",
            fix="use letters, digits and . _ @ - (at most 200 characters)",
        )
    chosen = list(scopes) if scopes else list(DEFAULT_SCOPES)
    unknown = sorted(set(chosen) - set(ALL_SCOPES))
    if unknown:
        raise UsageError(
            f"unknown scope(s) {', '.join(unknown)}", fix=f"known scopes: {', '.join(ALL_SCOPES)}"
        )
    prefix = secrets.token_hex(4)
    key = f"p1_{prefix}_{secrets.token_urlsafe(32)}"
    with store.session() as s:
        if s.scalar(select(ApiKey.id).where(ApiKey.name == name)) is not None:
            raise UsageError(
                f"a key named {name!r} already exists",
                fix="choose another name (a revoked key keeps its name, so its traces stay"
                " attributable)",
            )
        s.add(
            ApiKey(
                name=name,
                prefix=prefix,
                key_hash=hash_key(key),
                scopes=sorted(set(chosen)),
                budget_daily=budget_daily,
                rate_limit_rpm=rate_limit_rpm,
                expires_at=expires_at,
            )
        )
    return key


def lookup_key(store: Store, key: str) -> KeyRecord | None:
    """The record of a presented key, or None. Constant-time comparison of the hash."""
    prefix = parse_prefix(key)
    if prefix is None:
        return None
    digest = hash_key(key)
    with store.session() as s:
        rows = s.scalars(select(ApiKey).where(ApiKey.prefix == prefix)).all()
        found = None
        for row in rows:
            if hmac.compare_digest(row.key_hash, digest):
                found = _record(row)
    return found


def key_by_name(store: Store, name: str) -> KeyRecord | None:
    """The record of the key with this name (revoked or not), or None."""
    with store.session() as s:
        row = s.scalar(select(ApiKey).where(ApiKey.name == name))
        return _record(row) if row is not None else None


def revoke_key(store: Store, name: str) -> bool:
    """Mark a key revoked (kept for the audit trail). False when no such active key."""
    with store.session() as s:
        row = s.scalar(select(ApiKey).where(ApiKey.name == name))
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = dt.datetime.now(dt.UTC)
    return True


def list_keys(store: Store) -> list[KeyRecord]:
    with store.session() as s:
        return [_record(r) for r in s.scalars(select(ApiKey).order_by(ApiKey.name)).all()]
