"""The OpenAI routes' error shape: ``{"error": {"message", "type", "param", "code"}}``.

Every refusal of the guard keeps its meaning, and gets the status the `openai` SDK maps to
the exception a client already catches:

    401 unauthorized            → 401 AuthenticationError
    403 forbidden               → 403 PermissionDeniedError
    404 model_not_found         → 404 NotFoundError
    422 invalid_input, 400 …    → 400 BadRequestError (``param`` names the field)
    422 pii_blocked             → 400 BadRequestError, code ``pii_blocked``
    422 injection_blocked       → 400 BadRequestError, code ``prompt_injection``
    413 input_too_large         → 400 BadRequestError, code ``input_too_large``
    413 too_large (the body)    → 413
    402 request_too_expensive   → 400 BadRequestError, param ``max_tokens``
    402 budget_exhausted        → 429 RateLimitError, type ``insufficient_quota``, code
                                  ``budget_exceeded``, ``x-should-retry: false`` (a retry
                                  cannot succeed before the period ends)
    429 rate_limited            → 429 RateLimitError with ``retry-after``
    5xx                         → the same status: InternalServerError (the SDK retries)
"""

from __future__ import annotations

from phaseone.errors import GuardRefusal
from phaseone.gateway.error_body import retry_after
from phaseone.wire import dumps

#: phaseone code → (status, code) on the OpenAI routes, where they differ.
_RENAMED: dict[str, tuple[int, str]] = {
    "injection_blocked": (400, "prompt_injection"),
    "pii_blocked": (400, "pii_blocked"),
    "output_invalid": (400, "output_invalid"),
    "input_too_large": (400, "input_too_large"),
    "request_too_expensive": (400, "request_too_expensive"),
    "budget_exhausted": (429, "budget_exceeded"),
    "invalid_input": (400, "invalid_request"),
    "client_disconnected": (400, "client_disconnected"),
}
_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "invalid_request_error",
    405: "invalid_request_error",
    413: "invalid_request_error",
    415: "invalid_request_error",
    422: "invalid_request_error",
    429: "rate_limit_error",
}
_PARAMS = {"request_too_expensive": "max_tokens", "max_tokens_too_large": "max_tokens"}


def openai_error(refusal: GuardRefusal) -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
    """(status, body, extra headers) of `refusal` on an OpenAI route."""
    status, code = _RENAMED.get(refusal.code, (refusal.status, refusal.code))
    if status == 422:
        status = 400
    kind = _TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    headers: list[tuple[bytes, bytes]] = []
    if code == "budget_exceeded":
        kind = "insufficient_quota"
        headers.append((b"x-should-retry", b"false"))
    wait = retry_after(refusal)
    if wait is not None:
        headers.append((b"retry-after", wait))
    param = getattr(refusal, "param", None) or _PARAMS.get(code)
    body = {"error": {"message": refusal.message, "type": kind, "param": param, "code": code}}
    return status, dumps(body), headers


def stream_error(refusal: GuardRefusal) -> bytes:
    """A failure after a stream began: an SSE ``error`` event (the SDK raises `APIError`)."""
    _, body, _ = openai_error(refusal)
    return b"event: error\ndata: " + body + b"\n\n"
