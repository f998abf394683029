"""A database failure that escaped a repository function, said as a `StoreError`.

The repository modules let SQLAlchemy's own errors through where nothing can be done
about them in place (a read-only file, a database that went away mid-command). The CLI
asks here whether an unexpected exception is one of them, so that it prints one line and
exits 2 instead of a traceback, without speaking SQL itself.
"""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from phaseone.errors import StoreError

__all__ = ["as_store_error"]


def as_store_error(exc: BaseException) -> StoreError | None:
    """The `StoreError` that says what `exc` means, or None when it is not a database failure."""
    if not isinstance(exc, SQLAlchemyError):
        return None
    reason = getattr(exc, "orig", None) or exc
    return StoreError(
        f"the store failed: {reason}",
        fix="check that the store (PHASEONE_DB_URL or the plan's store.url) is"
        " reachable and writable; nothing was changed",
    )
