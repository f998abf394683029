"""json (validity, JSON Schema) and json_field."""

from __future__ import annotations

import pytest
from scorer_helpers import make, run

from phaseone.errors import ScorerError

SCHEMA = {
    "type": "object",
    "required": ["label", "confidence"],
    "properties": {
        "label": {"enum": ["spam", "ham"]},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
    },
}


async def test_json_validity() -> None:
    s = make({"kind": "json"})
    assert (await run(s, '{"a": 1}')).passed
    assert (await run(s, {"already": "parsed"})).passed
    r = await run(s, '{"a": 1,}')
    assert not r.passed and "not JSON" in r.explanation and "line 1" in r.explanation
    fenced = await run(s, '```json\n{"a": 1}\n```')
    assert not fenced.passed and "code fence" in fenced.explanation


async def test_json_schema() -> None:
    s = make({"kind": "json", "schema": SCHEMA})
    assert (await run(s, '{"label": "spam", "confidence": 0.9}')).passed
    r = await run(s, '{"label": "maybe", "confidence": 0.9}')
    assert not r.passed and "label" in r.explanation and r.details["path"] == "label"
    r = await run(s, '{"label": "spam"}')
    assert not r.passed and "confidence" in r.explanation


def test_invalid_schema_is_a_build_error() -> None:
    with pytest.raises(ScorerError) as info:
        make({"kind": "json", "schema": {"type": "objekt"}})
    assert "schema is invalid" in str(info.value)


async def test_json_field_equals_value_or_expected() -> None:
    s = make({"kind": "json_field", "path": "data.items.0.label"})
    out = {"data": {"items": [{"label": "spam"}]}}
    assert (await run(s, out, "spam")).passed
    r = await run(s, out, "ham")
    assert not r.passed and "expected 'ham'" in r.explanation
    fixed = make({"kind": "json_field", "path": "n", "value": 3, "name": "n3"})
    assert (await run(fixed, '{"n": 3}')).passed
    assert (await run(fixed, '{"n": 3.0}')).passed
    assert not (await run(fixed, '{"n": 4}')).passed


async def test_json_field_typed_vs_string_expected() -> None:
    s = make({"kind": "json_field", "path": "ok"})
    assert (await run(s, {"ok": True}, "true")).passed  # CSV gives strings
    assert (await run(s, {"ok": 3}, "3")).passed
    assert not (await run(s, {"ok": True}, 1)).passed  # a boolean is not a number


async def test_json_field_missing_path_says_what_is_there() -> None:
    s = make({"kind": "json_field", "path": "data.label", "value": "x"})
    r = await run(s, {"data": {"lbl": "x"}})
    assert not r.passed and "'lbl'" in r.explanation
    r = await run(s, "not json at all")
    assert not r.passed and "not JSON" in r.explanation
