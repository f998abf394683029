"""Where the store is: its URL, and whether a store may already be there.

Kept apart from `store.database`, which opens the store with SQLAlchemy (~0.2 s to
import): a command that only needs to know *whether* there is a store to read
(`phaseone plan` before the first eval) answers that with the standard library.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

__all__ = ["DEFAULT_DIRNAME", "DEFAULT_FILENAME", "default_url", "may_exist", "resolve_url"]

DEFAULT_DIRNAME = ".phaseone"
DEFAULT_FILENAME = "phaseone.db"

#: A SQLite URL as SQLAlchemy reads it: `sqlite[+driver]://[authority]/database[?query]`
#: (`sqlite://` and `sqlite:///:memory:` are in-memory databases).
_SQLITE_URL = re.compile(
    r"^sqlite(?:\+\w+)?://[^/?]*(?:/(?P<database>[^?]*))?(?:\?.*)?$", re.DOTALL
)


def default_url(base_dir: str | os.PathLike[str]) -> str:
    path = Path(base_dir).resolve() / DEFAULT_DIRNAME / DEFAULT_FILENAME
    return f"sqlite:///{path}"


def resolve_url(base_dir: str | os.PathLike[str], plan_url: str | None = None) -> str:
    """PHASEONE_DB_URL wins over the plan's `store.url`, which wins over the default."""
    return os.environ.get("PHASEONE_DB_URL") or plan_url or default_url(base_dir)


def may_exist(url: str) -> bool:
    """Whether a store may already be at ``url``, without creating one by opening it.

    False for a SQLite URL whose file is not there (or an in-memory one); True for a
    database server, whose store only opening it can tell, and for a URL that is not
    one SQLite reads (opening it then says what is wrong with it). For commands that
    read a store when there is one and must never create one (`phaseone plan`).
    """
    match = _SQLITE_URL.match(url)
    if match is None:
        return True
    db = unquote(match.group("database") or "")
    return bool(db) and db != ":memory:" and Path(db).exists()
