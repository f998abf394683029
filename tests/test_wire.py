"""JSON on the wire: strict where Python's json is lenient, never failing on odd text."""

from __future__ import annotations

import json

import pytest

from phaseone.wire import dumps, parse


def test_parse_reads_json_in_any_encoding_and_nothing_else() -> None:
    assert parse(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}  # a UTF-8 BOM
    assert parse('{"a": "é"}'.encode("utf-16")) == {"a": "é"}
    assert parse('{"a": [1, 2.5, null]}') == {"a": [1, 2.5, None]}
    assert parse(b"[1e308, -2.5e-400, 1E2]") == [1e308, -0.0, 100.0]
    too_big = (b"[1e999]", b'{"a": -1E400}', b"1e309")  # infinity in disguise
    for bad in (
        b"NaN",
        b"[Infinity]",
        b"[-Infinity]",
        b"[" * 5000 + b"]" * 5000,
        b"\xff",
        b"{",
        *too_big,
    ):
        with pytest.raises(ValueError):
            parse(bad)


def test_dumps_is_compact_utf8_and_escapes_what_utf8_cannot_carry() -> None:
    assert dumps({"a": "é", "b": [1, 2]}) == '{"a":"é","b":[1,2]}'.encode()
    odd = dumps({"a": "x\ud800y"})  # a lone surrogate: valid JSON text, not UTF-8
    assert odd == b'{"a":"x\\ud800y"}'
    assert json.loads(odd) == {"a": "x\ud800y"}
