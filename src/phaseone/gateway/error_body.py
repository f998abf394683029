"""The gateway's one error shape: ``{"error": {"code", "message", "request_id"}}``.

Every refusal and failure the gateway answers, from the guard's refusals to the HTTP
layer's own (oversized heads, slow clients: `protocol.py`), unknown routes and internal
errors, is made here, so a client parses one shape whatever went wrong.
"""

from __future__ import annotations

import math

from phaseone.errors import GuardRefusal
from phaseone.wire import dumps


def error_json(code: str, message: str, request_id: str) -> bytes:
    """The error body, as the JSON bytes sent."""
    return dumps({"error": {"code": code, "message": message, "request_id": request_id}})


def refusal_json(refusal: GuardRefusal, request_id: str) -> bytes:
    """The error body of a refusal."""
    return error_json(refusal.code, refusal.message, request_id)


def retry_after(refusal: GuardRefusal) -> bytes | None:
    """The ``Retry-After`` header's value (whole seconds, at least 1) for a refusal that
    says when to retry (rate limits), else None."""
    seconds = getattr(refusal, "retry_after", None)
    return None if seconds is None else b"%d" % max(1, math.ceil(seconds))


def internal_error(exc: BaseException) -> GuardRefusal:
    """What a caller is told about a bug: a 500 naming the exception's type, never a
    traceback or its message (the log has both)."""
    return GuardRefusal(type(exc).__name__, status=500, code="internal")
