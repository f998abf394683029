"""Reading an output as JSON, shared by the ``json`` and ``json_field`` scorers."""

from __future__ import annotations

import json
from typing import Any

_FENCE = "```"


class NotJson(ValueError):
    """The output is not JSON; the message says where parsing stopped."""


def parse_output(output: Any) -> Any:
    """Structured outputs (dict/list/number from an HTTP target) are JSON already.

    Strings must be a JSON document as a whole. A Markdown code fence around the
    JSON is not accepted (a consumer would choke on it too), but is named in the
    error so the fix is obvious.
    """
    if not isinstance(output, str):
        return output
    try:
        return json.loads(output)
    except ValueError as exc:
        hint = ""
        if output.strip().startswith(_FENCE):
            hint = " (the output is wrapped in a ``` code fence)"
        msg = getattr(exc, "msg", str(exc))
        line, col = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        where = f" at line {line} column {col}" if line is not None else ""
        raise NotJson(f"not JSON: {msg}{where}{hint}") from None
