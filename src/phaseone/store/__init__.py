"""The store: one database (SQLite by default, PostgreSQL by URL) for all evidence.

`Store` is loaded on first use (PEP 562), as `phaseone`'s own names are: importing a
light module of this package (`phaseone.store.location`) must not import SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from phaseone.store.location import default_url, resolve_url

if TYPE_CHECKING:
    from phaseone.store.database import Store

__all__ = ["Store", "default_url", "resolve_url"]


def __getattr__(name: str) -> Any:
    # SQLAlchemy (~0.2 s to import) loads with the first use of `Store`, not with the package.
    if name == "Store":
        from phaseone.store.database import Store

        return Store
    raise AttributeError(f"module 'phaseone.store' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
