"""Every way the guard says no, each with one HTTP status and a stable `code`.

Callers of the Python API catch `GuardRefusal` (or a subclass); the gateway turns
any of them into ``{"error": {"code", "message", "request_id"}}`` with the status.
Auth choice: a missing, malformed, unknown, expired or revoked key is 401 (the
credential itself is not valid); a valid key lacking the route's scope is 403.
"""

from __future__ import annotations

from phaseone.errors import GuardRefusal


class Unauthorized(GuardRefusal):
    """No key, or a key that is unknown, expired or revoked."""

    status = 401
    code = "unauthorized"


class Forbidden(GuardRefusal):
    """A valid key without the scope this route needs."""

    status = 403
    code = "forbidden"


class TooLarge(GuardRefusal):
    """The body or the input is larger than `controls.limits` allows."""

    status = 413
    code = "too_large"


class InvalidInput(GuardRefusal):
    """The request is not the JSON shape the API takes."""

    status = 422
    code = "invalid_input"


class Blocked(GuardRefusal):
    """A guardrail (PII, prompt injection, output schema) blocked the request."""

    status = 422
    code = "blocked"


class RateLimited(GuardRefusal):
    """The key's token bucket is empty; `retry_after` seconds until a token is back."""

    status = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class BudgetExhausted(GuardRefusal):
    """The request's worst-case cost does not fit under a budget ceiling."""

    status = 402
    code = "budget_exhausted"


class Unavailable(GuardRefusal):
    """Circuit open, kill switch on without a fallback, or budget backend unreachable."""

    status = 503
    code = "unavailable"


class UpstreamError(GuardRefusal):
    """The target failed (after retries) and there is no fallback."""

    status = 502
    code = "target_error"


class UpstreamTimeout(GuardRefusal):
    """The target did not answer within `resilience.timeout_s` (after retries)."""

    status = 504
    code = "target_timeout"


__all__ = [
    "Blocked",
    "BudgetExhausted",
    "Forbidden",
    "GuardRefusal",
    "InvalidInput",
    "RateLimited",
    "TooLarge",
    "Unauthorized",
    "Unavailable",
    "UpstreamError",
    "UpstreamTimeout",
]
