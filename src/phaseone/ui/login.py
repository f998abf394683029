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
* **Guessing is slowed down.** Keys are 256-bit random, so guessing one is hopeless; still,
  an address that fails `MAX_FAILURES` times within `FAILURE_WINDOW_S` (form or bearer)
  gets 429 with ``Retry-After`` until its oldest failure leaves the window, so a script
  cannot make the store hash and look up keys without end, and the log shows the attempt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections import deque
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
#: Failed logins (form or bearer) one client address may make per `FAILURE_WINDOW_S`.
MAX_FAILURES = 10
FAILURE_WINDOW_S = 300.0
#: Addresses remembered at once; beyond it the oldest is forgotten (bounded memory).
MAX_TRACKED_ADDRESSES = 10_000


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


class FailedLogins:
    """Failed logins per client address in a sliding window.

    Counted by the peer address (the dashboard ignores ``X-Forwarded-For``, which any
    client can set). Behind a reverse proxy every client has the proxy's address, so one
    client's failures lock out all: such a proxy must set its own limits (docs/dashboard.md).
    Used from the event loop only, so it needs no lock.
    """

    def __init__(
        self,
        *,
        max_failures: int = MAX_FAILURES,
        window_s: float = FAILURE_WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
        max_addresses: int = MAX_TRACKED_ADDRESSES,
    ) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self.max_addresses = max_addresses
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}

    def retry_after(self, address: str) -> float | None:
        """Seconds until `address` may try again, or None when it may try now."""
        times = self._failures.get(address)
        if times is None:
            return None
        horizon = self._clock() - self.window_s
        while times and times[0] <= horizon:
            times.popleft()
        if not times:
            del self._failures[address]
            return None
        if len(times) < self.max_failures:
            return None
        return max(0.0, times[0] - horizon)

    def failed(self, address: str) -> None:
        times = self._failures.pop(address, None)
        if times is None:
            if len(self._failures) >= self.max_addresses:  # forget the stalest address
                del self._failures[next(iter(self._failures))]
            times = deque(maxlen=self.max_failures)
        times.append(self._clock())
        self._failures[address] = times  # re-inserted: dict order is recency order

    def succeeded(self, address: str) -> None:
        self._failures.pop(address, None)


class Sessions:
    """Issues and checks the dashboard's session cookies against the key table."""

    def __init__(
        self,
        store: Store,
        *,
        ttl_s: float = SESSION_S,
        clock: Callable[[], float] = time.time,
        secret: bytes | None = None,
        throttle: FailedLogins | None = None,
    ) -> None:
        self.store = store
        self.throttle = throttle or FailedLogins()
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
