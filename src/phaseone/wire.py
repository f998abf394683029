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
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)
_ASCII_ENCODER = json.JSONEncoder(separators=(",", ":"), default=str)


def parse(data: bytes | str) -> Any:
    """Strict JSON (RFC 8259) from bytes in any JSON encoding, or from text.

    Raises:
        ValueError: not JSON, NaN/Infinity, a number too large for a float (``1e999``),
            or nested too deeply to parse.
    """
    text = data.decode(json.detect_encoding(data)) if isinstance(data, bytes) else data
    try:
        return _DECODER.decode(text)
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON; text that UTF-8 cannot carry (lone surrogates) goes as
    ``\\u`` escapes instead of failing."""
    try:
        return _ENCODER.encode(value).encode()
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
