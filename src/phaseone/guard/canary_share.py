"""The canary's share of traffic as the automatic canary decisions left it, read at run time.

`phaseone watch` promotes or rolls back the canary by writing a step to the store
(`store.canary_queries`), never by editing `phaseone.yaml`; every gateway instance reads
the newest step's share here. The reading is cached for `ttl_s`: under load no request
touches the database for it, and a stale reading is refreshed on a worker thread while
requests go on with the last one (a rollback reaches every instance within about `ttl_s`).
Until a watcher has started the canary's test (no step yet) the plan's share applies; a
store that cannot be read keeps the last known share.
"""

from __future__ import annotations

import concurrent.futures
import logging
import time
from typing import Any

from phaseone.store.canary_queries import served_percent

log = logging.getLogger("phaseone.guard")

#: How long a reading of the canary's share is used before it is read again.
CANARY_SHARE_TTL_S = 2.0


class CanaryShare:
    """The canary's share (percent) for one canary of one project, cached."""

    _pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="p1-canary")

    def __init__(
        self,
        store: Any,
        project: str,
        canary: str,
        planned: float,
        *,
        ttl_s: float = CANARY_SHARE_TTL_S,
    ) -> None:
        self.store = store
        self.project = project
        self.canary = canary  #: the canary's identity (`Canary.identity()`)
        self.planned = planned
        self.ttl_s = ttl_s
        self._percent = planned
        self._read_at = 0.0
        self._pending: concurrent.futures.Future[None] | None = None
        self.refresh()

    def refresh(self) -> None:
        """Read the share now (the plan's until a watcher has taken a step)."""
        try:
            found = served_percent(self.store, self.project, self.canary)
        except Exception as exc:  # keep the last known share if the store blips
            log.warning("could not read the canary's share: %s", exc)
        else:
            self._percent = self.planned if found is None else found
        self._read_at = time.monotonic()

    def percent(self) -> float:
        """The cached share; a stale one also starts a refresh in the background."""
        if time.monotonic() - self._read_at > self.ttl_s and (
            self._pending is None or self._pending.done()
        ):
            self._pending = self._pool.submit(self.refresh)
        return self._percent
