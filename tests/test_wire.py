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


def _general(text: str) -> object:
    """What `parse` returned for text before its C-scanner shortcut: the decoder's own
    `decode`, with the same hooks."""
    from phaseone.wire import _DECODER

    try:
        return ("ok", _DECODER.decode(text))
    except RecursionError:
        return ("error", ValueError, "the JSON is nested too deeply")
    except ValueError as exc:
        return ("error", type(exc), str(exc))


def test_parse_answers_as_the_general_decoder_on_random_text() -> None:
    """The shortcut (the C scanner from the first character, JSON whitespace after the
    value) gives the value, or the error and its message, that `JSONDecoder.decode` gives:
    on generated texts, valid and not, with whitespace, extra data and refused numbers."""
    import random

    rng = random.Random(16)
    atoms = ['{"a":1}', "[1,2.5]", '"x"', "1e999", "NaN", "-0", "null", "{", "}", "[]", " ",
             "\t", "\n", "\r", "\x0b", "\u00a0", ",", '{"b":[true,{"c":"é"}]}', "1", "x",
             '"\\ud800"', "[1e308]", "Infinity", "tru", '"a\nb"']  # fmt: skip
    texts = ["", " ", '{"a":1}\n', ' {"a":1}', '{"a":1} x', '{"a":1}\u00a0', "[" * 3000]
    texts += ["".join(rng.choice(atoms) for _ in range(rng.randint(1, 5))) for _ in range(5000)]
    for text in texts:
        try:
            got: object = ("ok", parse(text))
        except ValueError as exc:
            got = ("error", type(exc), str(exc))
        want = _general(text)
        assert repr(got) == repr(want), text
