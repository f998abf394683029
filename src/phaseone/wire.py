"""JSON on the wire: the gateway's request and response bodies, and targets' answers.

Python's `json` accepts more than JSON and can fail where a server must not:
`NaN`/`Infinity` parse (and would be sent on as invalid JSON), a number too large for a
float (``1e999``) becomes infinity, nesting a thousand deep raises `RecursionError` (not
`ValueError`), and a lone surrogate (``"\\ud800"``, valid JSON syntax) makes the UTF-8
encoding of the answer raise. These helpers turn the first three into `ValueError` (the
caller answers "not valid JSON") and never fail on the last.
"""

from __future__ import annotations

import json
import math
from typing import Any


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"the number {text[:40]} is too large for a 64-bit float")
    return value


_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite)
#: The decoder's C scanner (`parse` calls it directly) and the whitespace JSON allows.
_SCAN = _DECODER.scan_once  # type: ignore[attr-defined]
_JSON_SPACE = " \t\n\r"
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)
_ASCII_ENCODER = json.JSONEncoder(separators=(",", ":"), default=str)
#: `_ENCODER.encode` without its two Python frames: `JSONEncoder.encode` makes this C
#: encoder (with a fresh circular-reference memo) for every call anyway; made here, the
#: same bytes come ~2 µs sooner, twice per gateway request. None where `_json` is missing.
_C_ENCODER = getattr(json.encoder, "c_make_encoder", None)
#: A str as a JSON string (C), as `dumps` writes it: for callers that write JSON from parts.
encode_text = json.encoder.encode_basestring
#: The first bytes of a body that JSON's encoding detection would read as UTF-8 (an
#: object, no byte-order mark, no NUL of UTF-16/32): nearly every body, so the detection
#: itself (a Python function) is skipped for them.
_OBJECT_START = ord("{")


def encoded(value: Any) -> str:
    """`value` as compact JSON text, before `dumps` makes it UTF-8 bytes."""
    if _C_ENCODER is None:  # pragma: no cover (CPython ships `_json`)
        return _ENCODER.encode(value)
    encode = _C_ENCODER({}, str, encode_text, None, ":", ",", False, False, True)
    return "".join(encode(value, 0))


def parse(data: bytes | str) -> Any:
    """Strict JSON (RFC 8259) from bytes in any JSON encoding, or from text.

    Raises:
        ValueError: not JSON, NaN/Infinity, a number too large for a float (``1e999``),
            or nested too deeply to parse.
    """
    if isinstance(data, bytes):
        utf8 = len(data) > 1 and data[0] == _OBJECT_START and data[1] != 0
        text = data.decode("utf-8" if utf8 else json.detect_encoding(data))
    else:
        text = data
    try:
        # `JSONDecoder.decode` without its two Python frames and its two whitespace
        # matches: the C scanner over a value that starts the text (every body a client
        # or a stream event sends), only JSON's own whitespace after it. Anything else
        # (whitespace before it, no value, extra data, a refused number) is decoded the
        # general way below, which raises as it always did.
        value, end = _SCAN(text, 0)
        if end == len(text) or not text[end:].strip(_JSON_SPACE):
            return value
    except Exception:  # the general way below raises what it should
        pass
    try:
        return _DECODER.decode(text)
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON; text that UTF-8 cannot carry (lone surrogates) goes as
    ``\\u`` escapes instead of failing."""
    try:
        return encoded(value).encode()
    except UnicodeEncodeError:
        return _ASCII_ENCODER.encode(value).encode()


#: How much of an unexpected answer an error message shows.
QUOTE = 200


def quote(text: str) -> str:
    """The start of an unexpected answer (an HTML error page, a truncated body), for an
    error message: enough to recognise it, never the whole of a large body."""
    text = text.strip()
    short = text[:QUOTE]
    return repr(short + ("…" if len(text) > QUOTE else ""))
