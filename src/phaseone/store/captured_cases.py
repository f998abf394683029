"""Reading the cases captured from production traces (`phaseone capture --to NAME`).

`store.traces.capture` writes them; the `traces` dataset reads them back here, streamed
in capture order, as typed records.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from phaseone.store.database import Store
from phaseone.store.models import CapturedCase

__all__ = ["CapturedCaseRow", "iter_captured_cases"]


@dataclass(frozen=True)
class CapturedCaseRow:
    """One captured case: the production request it came from, its input and answer."""

    trace_id: str
    input: Any  #: the request's input (JSON: text or an object)
    expected: Any  #: the answer the target gave, when it may serve as expected; else None
    tags: list[Any]  #: as captured: "captured", the outcome, "finding", "error"


def iter_captured_cases(
    store: Store, capture: str, *, batch_size: int = 500
) -> Iterator[CapturedCaseRow]:
    """The cases captured under ``capture``, oldest first, ``batch_size`` rows per fetch."""
    stmt = (
        select(CapturedCase.trace_id, CapturedCase.input, CapturedCase.expected, CapturedCase.tags)
        .where(CapturedCase.capture == capture)
        .order_by(CapturedCase.id)
        .execution_options(yield_per=batch_size)
    )
    with store.session() as s:
        for trace_id, input, expected, tags in s.execute(stmt):
            yield CapturedCaseRow(trace_id, input, expected, list(tags or []))
