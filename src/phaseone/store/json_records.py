"""Typed readings of the JSON the store keeps (a run's summary, a decision's record).

The JSON columns are contracts written once and read by every layer above; sealed or
hash-chained, they are never rewritten to fit a new reader. So each is read through a
pydantic model built for that: every field has a default (old rows load), fields the
model does not know are kept (``extra="allow"``), and a field not in its recorded shape
(an edited row) is dropped, not fatal — whether a row was edited is for the seal or the
hash chain to say, not for a reader to crash on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, ValidationError


class JsonRecord(BaseModel):
    """A typed reading of stored JSON: every field optional, unknown fields kept."""

    model_config = ConfigDict(extra="allow")

    @classmethod
    def of(cls, raw: Mapping[str, Any] | None) -> Self:
        """Parse stored JSON; a field not in its recorded shape is dropped (and its
        default read), so a reader never fails on an old or edited row. The innermost
        field goes: a metric whose ``n`` was edited keeps its verdict, so the checks that
        read it go on to the seal, which names the edit."""
        data: dict[str, Any] = _copy(raw) if isinstance(raw, Mapping) else {}
        while True:
            try:
                return cls.model_validate(data)
            except ValidationError as exc:
                if not any([_drop(data, e["loc"]) for e in exc.errors()]):
                    return cls()

    def to_json(self) -> dict[str, Any]:
        """The record as the JSON it was read from (fields never set are left out)."""
        return self.model_dump(mode="json", exclude_unset=True)


def _copy(value: Any) -> Any:
    """The mappings of ``value`` copied (dropping a field must not touch the row)."""
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    return value


def _drop(data: dict[str, Any], loc: tuple[int | str, ...]) -> bool:
    """Remove the field at ``loc`` (or the innermost mapping key on its way); False when
    there is nothing to remove."""
    node: Any = data
    parent: dict[str, Any] | None = None
    key: str | None = None
    for part in loc:
        if not isinstance(node, dict) or str(part) not in node:
            break
        parent, key = node, str(part)
        node = node[key]
    if parent is None or key is None:
        return False
    del parent[key]
    return True
