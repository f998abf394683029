"""A case result on its way into the store, as a typed record (`CaseRow`).

The eval executor builds one when a case is scored, the outage watch holds it, and the
writer batches thousands of them into the store (`store.eval_io.write_results`); the
gate's spot check stores a handful the same way. `CaseRow` is what they hand the store:
the ``case_results`` columns, named and typed, instead of a dict whose keys only the
table knows. A plain dataclass, so it pickles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from phaseone.store.database import Store
from phaseone.store.models import utcnow
from phaseone.store.runs import insert_results


@dataclass
class CaseRow:
    """One case's outcome in one run (the ``case_results`` columns)."""

    run_id: str
    case_id: str
    input: Any
    expected: Any = None
    repeat_index: int = 0
    tags: list[Any] = field(default_factory=list)
    output: Any = None
    scores: dict[str, Any] = field(default_factory=dict)
    passed: bool | None = None
    error_kind: str | None = None
    error_message: str | None = None
    latency_ms: float | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    cost: float | None = None
    cached: bool = False
    created_at: dt.datetime = field(default_factory=utcnow)
    #: A conversation case's messages as sent (`Conversation.to_openai`): the report
    #: shows the exchange, not only its last user turn (`input`).
    conversation: list[dict[str, Any]] | None = None

    def columns(self) -> dict[str, Any]:
        """Column name → value, for the insert."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def store_case_rows(store: Store, rows: Sequence[CaseRow]) -> None:
    """Insert case results in one transaction, skipping any (run, case, repeat) stored."""
    with store.engine.begin() as conn:
        insert_results(conn, [r.columns() for r in rows])
