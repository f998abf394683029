"""Every way the guard says no, each with one HTTP status and a stable `code`.

Callers of the Python API catch `GuardRefusal` (or a subclass); the gateway turns
any of them into ``{"error": {"code", "message", "request_id"}}`` with the status.
Auth choice: a missing, malformed, unknown, expired or revoked key is 401 (the
credential itself is not valid); a valid key lacking the route's scope is 403.

Every status and code the guard and gateway answer with:

    401 unauthorized                     no / malformed / unknown / expired / revoked key
    403 forbidden                        the key lacks the scope (invoke, metrics, feedback)
    404 not_found                        no such route
    405 method_not_allowed               /v1/invoke takes POST (other routes: their method)
    413 too_large                        body over `limits.max_body_bytes` (checked while reading)
    413 input_too_large                  input text over `limits.max_input_chars`
    422 invalid_input                    not a JSON object with "input"; bad metadata/feedback
    422 pii_blocked                      PII found and `guardrails.pii.action: block`
    422 injection_blocked                injection score ≥ threshold and `action: block`
    422 output_invalid                   the answer fails `output_schema` and there is no fallback
    429 rate_limited                     token bucket empty; `Retry-After` header (seconds)
    429 token_rate_limited               the key's `tokens_per_minute` bucket is in debt
    404 model_not_found                  the chat routes: no model of that name
    422 max_tokens_too_large             the chat routes: over the model's `max_tokens_limit`
    422 embeddings_unsupported           the chat routes: no upstream of the model embeds
    429 target_rate_limited              the target answered 429 (after retries), no fallback;
                                         its `Retry-After` is passed on
    402 budget_exhausted                 a day/month/key ceiling would be exceeded
    402 request_too_expensive            worst-case cost over `budget.per_request_max`
    502 target_error                     the target failed (after retries), no fallback
    503 circuit_open                     the target's breaker is open, no fallback
    503 kill_switch                      kill switch on, no fallback
    503 budget_backend_unavailable       budget backend unreachable and `fail_mode: closed`
    503 rate_limit_backend_unavailable   same for the rate-limit backend
    504 target_timeout                   no answer within `resilience.timeout_s` (after retries)
    500 internal                         a bug; logged with the request id, never a traceback
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

    def __init__(self, message: str, *, retry_after: float, code: str | None = None) -> None:
        super().__init__(message, code=code)
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
    """The target did not answer within `resilience.timeout_s` (after retries), or before
    `resilience.deadline_s`."""

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
