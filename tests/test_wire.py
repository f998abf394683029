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


def test_parse_and_dumps_agree_with_pythons_json_on_what_it_reads_and_writes() -> None:
    # `parse` skips the encoding detection for a body that starts `{` and no NUL: a
    # UTF-16 body without its byte-order mark starts `{\x00` and is still detected.
    assert parse('{"a": "é"}'.encode("utf-16-le")) == {"a": "é"}
    assert parse('{"a": "é"}'.encode("utf-32-be")) == {"a": "é"}
    # `dumps` calls the C encoder itself: the same text as `json.dumps` with its options.
    odd = {
        "s": 'é\u2028"\\',
        3: None,
        None: 1.5,
        True: (1, 2),
        "big": 10**30,
        "nan": float("nan"),
        "obj": object(),
        "nested": [{"a": [[]]}],
    }
    for value in (odd, "text", 1, None, [], {}):
        expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
        assert dumps(value) == expected.encode(), value
