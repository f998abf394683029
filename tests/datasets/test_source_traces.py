"""The traces source reads captured production cases from the store (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from phaseone.datasets import Case, build_source
from phaseone.errors import DatasetError
from phaseone.plan.components import TracesSource
from phaseone.store.models import CapturedCase


async def collect(src: Any) -> list[Case]:
    return [c async for c in src.cases()]


def capture(store: Any, name: str, rows: list[tuple[str, Any, Any, list[str]]]) -> None:
    with store.session() as s:
        for trace_id, inp, expected, tags in rows:
            s.add(
                CapturedCase(
                    capture=name, trace_id=trace_id, input=inp, expected=expected, tags=tags
                )
            )


async def test_reads_only_the_named_capture_in_order(store: Any, tmp_path: Path) -> None:
    capture(
        store,
        "week-47",
        [
            ("tr-1", "free prize!!", "spam", ["prod", "edge"]),
            ("tr-2", {"text": "see you"}, None, []),
        ],
    )
    capture(store, "other", [("tr-9", "x", None, [])])
    src = build_source(TracesSource(capture="week-47"), tmp_path, store)
    cases = await collect(src)
    assert [(c.id, c.input, c.expected, c.tags) for c in cases] == [
        ("tr-1", "free prize!!", "spam", ("prod", "edge")),
        ("tr-2", {"text": "see you"}, None, ()),
    ]
    ident = await src.identity()
    assert ident.source == "traces week-47" and ident.rows == 2
    capture(store, "week-47", [("tr-3", "more", None, [])])
    assert (await src.identity()).content_hash != ident.content_hash


async def test_unknown_capture_says_how_to_capture(store: Any, tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="no cases") as err:
        await collect(build_source(TracesSource(capture="nope"), tmp_path, store))
    assert err.value.fix and "phaseone capture --to nope" in err.value.fix


def test_needs_a_store(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="needs the store"):
        build_source(TracesSource(capture="x"), tmp_path, None)
