"""The gateway's request and response bodies as pydantic models.

One source for the request checks (`check_invoke`, `check_feedback`: strict types, no
unknown fields), the OpenAPI document at ``/openapi.json`` and the shapes in
`docs/gateway.md` (whose examples a test runs against a live gateway).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from phaseone.guard.refusals import InvalidInput


class _Body(BaseModel):
    # strict: "1" is not a number and 1 is not a string; forbid: a misspelt field is an
    # error, not silently ignored.
    model_config = ConfigDict(strict=True, extra="forbid")


class InvokeRequest(_Body):
    """`POST /v1/invoke` when `controls.limits.input_type` is `string` (the default)."""

    input: str = Field(
        ...,
        min_length=1,
        description="What the target receives; at most `controls.limits.max_input_chars`.",
        examples=["Where is my order 1234?"],
    )
    metadata: dict[str, JsonValue] | None = Field(
        None,
        description="Free-form caller context; the target gets it as `case.metadata`.",
        examples=[{"lang": "en"}],
    )


class InvokeJsonRequest(InvokeRequest):
    """`POST /v1/invoke` when `controls.limits.input_type` is `json`."""

    input: JsonValue = Field(  # type: ignore[assignment]
        ...,
        description="Any JSON value; lists and objects nest at most 64 deep.",
        examples=[{"question": "Where is my order?", "order": 1234}],
    )


class InvokeResponse(BaseModel):
    """The target's answer after the output guardrails."""

    output: JsonValue = Field(..., description="The answer.")
    request_id: str = Field(..., description="Also in the `X-Request-Id` header; rate it later.")
    route: str = Field(..., description="Who answered: `primary`, `canary` or `fallback`.")
    cost: float | None = Field(..., description="What the call cost, in the plan's currency.")


class FeedbackRequest(_Body):
    """`POST /v1/feedback`: a person's or a system's rating of one answer."""

    request_id: str = Field(
        ..., min_length=1, max_length=64, description="The `request_id` of the answer rated."
    )
    score: float = Field(
        ..., ge=0, le=1, allow_inf_nan=False, description="0 (bad) to 1 (good).", examples=[1]
    )
    comment: str | None = Field(
        None,
        description="Free text; PII is redacted like an input, and only the first 2,000"
        " characters are kept.",
    )


class FeedbackResponse(BaseModel):
    request_id: str
    accepted: Literal[True]


class ErrorDetail(BaseModel):
    code: str = Field(..., description="Stable machine-readable code (see docs/gateway.md).")
    message: str = Field(..., description="What was wrong, for a person.")
    request_id: str = Field(..., description="Also in the `X-Request-Id` header.")


class ErrorResponse(BaseModel):
    """Every refusal and error, from the guard, the app or the HTTP layer."""

    error: ErrorDetail


class HealthResponse(BaseModel):
    model_config = ConfigDict(extra="allow")

    status: str = Field(..., examples=["ok"])
    project: str


@dataclass(frozen=True)
class Invoke:
    """A checked `POST /v1/invoke` body."""

    input: Any
    metadata: dict[str, Any] | None


@dataclass(frozen=True)
class Feedback:
    """A checked `POST /v1/feedback` body."""

    request_id: str
    score: float
    comment: str | None


# The checks below are written out rather than done by `model_validate`: pydantic's
# strict `str` refuses a lone surrogate (``"\\ud800"``), which is valid JSON that the
# gateway has always passed on, and the hand-written checks cost ~0.3 µs a request. The
# field names and which are required still come from the models, so the two cannot drift
# apart on those; `tests/gateway/test_gateway_docs.py` checks the rest.
_INVOKE_FIELDS = frozenset(InvokeRequest.model_fields)
_FEEDBACK_FIELDS = frozenset(FeedbackRequest.model_fields)
_INPUT_HINT = " (controls.limits.input_type is `string`; `json` accepts any JSON value)"


def check_invoke(body: Any, input_type: str) -> Invoke:
    """`body` as an `InvokeRequest` (or `InvokeJsonRequest`), or a 422 naming the field."""
    _check_object(body, _INVOKE_FIELDS)
    if "input" not in body:
        raise InvalidInput('"input": the field is required')
    value = body["input"]
    if input_type != "json":
        if not isinstance(value, str):
            raise InvalidInput(f'"input": must be a string, not {json_type(value)}{_INPUT_HINT}')
        if not value:
            raise InvalidInput('"input": must not be empty')
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise InvalidInput(f'"metadata": must be an object, not {json_type(metadata)}')
    return Invoke(value, metadata)


def check_feedback(body: Any) -> Feedback:
    """`body` as a `FeedbackRequest`, or a 422 naming the field."""
    _check_object(body, _FEEDBACK_FIELDS)
    rid = body.get("request_id")
    if not isinstance(rid, str) or not 1 <= len(rid) <= 64:
        raise InvalidInput('"request_id": must be the string id of an answer (1-64 characters)')
    score = body.get("score")
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1:
        raise InvalidInput('"score": must be a number from 0 to 1')
    comment = body.get("comment")
    if comment is not None and not isinstance(comment, str):
        raise InvalidInput(f'"comment": must be a string, not {json_type(comment)}')
    return Feedback(rid, float(score), comment)


def _check_object(body: Any, fields: frozenset[str]) -> None:
    if not isinstance(body, dict):
        raise InvalidInput(f"the body must be a JSON object, not {json_type(body)}")
    for name in body:
        if name not in fields:
            known = ", ".join(sorted(fields))
            raise InvalidInput(f'"{name}": unknown field (the fields are {known})')


def json_type(value: Any) -> str:
    """How an error names a JSON value's type ("an object", "a string" …)."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool) or value is None:
        return "true/false/null"
    return "a number"
