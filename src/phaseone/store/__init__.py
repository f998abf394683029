"""The store: one database (SQLite by default, PostgreSQL by URL) for all evidence."""

from phaseone.store.database import Store, default_url, resolve_url

__all__ = ["Store", "default_url", "resolve_url"]
