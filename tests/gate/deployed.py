"""A gateway deployed for real in a test: `phaseone serve`'s app on a loopback port.

Probes count for the gate only against a running gateway (`phaseone verify --url`),
so tests that expect GO deploy one, as a team would, around the plan's own target.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from phaseone.plan.loader import LoadedPlan
from phaseone.store.database import Store


@dataclass(frozen=True)
class Deployed:
    url: str
    key: str


@contextlib.contextmanager
def deployed_gateway(loaded: LoadedPlan, store: Store) -> Iterator[Deployed]:
    """The plan's gateway (its target, its controls) serving on 127.0.0.1, with an app key."""
    from phaseone.gateway import create_app, serve_in_thread
    from phaseone.store.keys import create_key

    app = create_app(loaded, store)
    key = create_key(store, f"app-{uuid.uuid4().hex[:8]}")
    server = serve_in_thread(app, host="127.0.0.1", port=0)
    try:
        yield Deployed(str(server.url).rstrip("/"), key)
    finally:
        server.stop()
