"""Whether a store can be reached, and from where.

`ping` is the one round trip `/healthz` and the database budget backend make to say the
database answers. `in_memory` tells a store that only its own process can open
(in-memory SQLite) from one another process can open too (the guard's trace-writer
child process needs the latter).
"""

from __future__ import annotations

from sqlalchemy.engine import make_url

from phaseone.store.database import Store


def ping(store: Store) -> None:
    """One ``SELECT 1``; raises the driver's error when the database does not answer."""
    with store.engine.connect() as conn:
        conn.exec_driver_sql("SELECT 1")


def in_memory(url: str) -> bool:
    """True for an in-memory SQLite URL (``sqlite://``, ``:memory:``, ``file::memory:``)."""
    db = make_url(url).database
    return not db or db == ":memory:" or db.startswith("file::memory:")
