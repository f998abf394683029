"""Login for the dashboard: an API key with the ``dashboard`` scope, once, then a signed
session cookie.

Why this shape:

* **The keys the project already has.** Owners get a key like any client
  (`phaseone keys create dana --scope dashboard`): hashed at rest, compared in constant
  time, revocable, with an expiry. No second user database to secure.
* **The key is typed once.** A successful login sets a cookie holding the key's *name*
  and an expiry, signed with HMAC-SHA256 under a secret drawn when the dashboard starts
  (a restart logs everyone out; nothing to store). The cookie is HttpOnly and
  SameSite=Strict, so scripts and other sites cannot use it.
* **Revocation bites at once.** Every request re-reads the key's row: a revoked or expired
  key, or one that lost its ``dashboard`` scope, ends its sessions on the next refresh.
* Scripts skip the form: ``Authorization: Bearer <key>`` works on every route.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from phaseone.store.database import Store
from phaseone.store.keys import KeyRecord, key_by_name, lookup_key

COOKIE = "p1_dashboard"
#: How long a login lasts.
SESSION_S = 8 * 3600
#: The login form's body is refused beyond this (a key is ~50 characters).
MAX_FORM_BYTES = 2048
SCOPE = "dashboard"


@dataclass(frozen=True)
class Denied:
    """Why a presented key does not open the dashboard (shown on the login page)."""

    status: int
    message: str


def _usable(record: KeyRecord | None) -> KeyRecord | Denied:
    """The gateway's rule (`KeyRecord.refusal`) for the ``dashboard`` scope."""
    if record is None:
        return Denied(401, "That key is not valid for this project's store.")
    refused = record.refusal(SCOPE)
    if refused is None:
        return record
    status, message = refused
    if status == 403:  # say how to get a key that works
        message += f" (create one: `phaseone keys create NAME --scope {SCOPE}`)"
    return Denied(status, message[0].upper() + message[1:] + ".")


class Sessions:
    """Issues and checks the dashboard's session cookies against the key table."""

    def __init__(
        self,
        store: Store,
        *,
        ttl_s: float = SESSION_S,
        clock: Callable[[], float] = time.time,
        secret: bytes | None = None,
    ) -> None:
        self.store = store
        self.ttl_s = ttl_s
        self._clock = clock
        self._secret = secret or secrets.token_bytes(32)

    def login(self, key: str) -> KeyRecord | Denied:
        """The key's record if it may open the dashboard, else why not."""
        if not key or len(key) > 200:
            return Denied(401, "Paste the whole key (it starts with p1_).")
        return _usable(lookup_key(self.store, key.strip()))

    def issue(self, record: KeyRecord) -> str:
        name = base64.urlsafe_b64encode(record.name.encode()).decode().rstrip("=")
        payload = f"{name}.{int(self._clock() + self.ttl_s)}"
        return f"{payload}.{self._sign(payload)}"

    def check(self, token: str | None) -> KeyRecord | None:
        """The logged-in key of a cookie, or None (forged, expired, or key no longer usable)."""
        if not token or len(token) > 600:
            return None
        parts = token.split(".")
        if len(parts) != 3:
            return None
        name, expires, sig = parts
        if not hmac.compare_digest(sig, self._sign(f"{name}.{expires}")):
            return None
        if not expires.isdigit() or int(expires) < self._clock():
            return None
        try:
            decoded = base64.urlsafe_b64decode(name + "=" * (-len(name) % 4)).decode()
        except (ValueError, UnicodeDecodeError):
            return None
        found = _usable(key_by_name(self.store, decoded))
        return found if isinstance(found, KeyRecord) else None

    def bearer(self, header: str | None) -> KeyRecord | None:
        """The key of an ``Authorization: Bearer`` header, if it may open the dashboard."""
        if not header or not header.lower().startswith("bearer "):
            return None
        found = self.login(header[7:].strip())
        return found if isinstance(found, KeyRecord) else None

    def _sign(self, payload: str) -> str:
        return hmac.new(self._secret, payload.encode(), hashlib.sha256).hexdigest()
