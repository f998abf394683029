"""Dotted paths into parsed JSON (`data.items.0.label`).

Shared by the http/openai targets and the http dataset source, so a plan names a place in
a JSON document the same way everywhere. A missing step raises `PathNotFound` saying which
step failed and what was there instead, because "no such path" alone sends people guessing.
"""

from __future__ import annotations

from typing import Any


class PathNotFound(LookupError):
    """The dotted path does not exist in the document."""

    def __init__(self, path: str, step: str, available: str) -> None:
        super().__init__(f"path '{path}' not found: no '{step}' ({available})")
        self.path = path
        self.step = step
        self.available = available


def split_path(path: str) -> list[str]:
    """`""` and `"."` mean the document itself."""
    path = path.strip()
    if path in ("", "."):
        return []
    return [p for p in path.split(".") if p != ""]


def get_path(doc: Any, path: str) -> Any:
    """Follow `path` through dicts (keys) and lists (integer indexes, negative allowed)."""
    cur = doc
    for step in split_path(path):
        if isinstance(cur, dict):
            if step in cur:
                cur = cur[step]
                continue
            keys = ", ".join(repr(k) for k in list(cur)[:20]) or "empty object"
            raise PathNotFound(path, step, f"keys there: {keys}")
        if isinstance(cur, list):
            try:
                cur = cur[int(step)]
                continue
            except ValueError:
                raise PathNotFound(path, step, f"a list of {len(cur)} is there") from None
            except IndexError:
                raise PathNotFound(path, step, f"the list there has {len(cur)} items") from None
        raise PathNotFound(path, step, f"a {type(cur).__name__} is there")
    return cur
