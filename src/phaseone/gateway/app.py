"""The HTTP service around `Guard`: FastAPI app, kept thin on the hot path.

Routes are plain Starlette routes (no per-request pydantic models or dependency
injection): the body is read once with a size cap and parsed once with `json`.

    POST /v1/invoke    {"input": …, "metadata": {…}} → {"output", "request_id", "route", "cost"}
    POST /v1/feedback  {"request_id", "score": 0..1, "comment"} → 202
    GET  /metrics      Prometheus text (needs a key with scope `metrics`)
    GET  /healthz      the only route without auth

Every error is ``{"error": {"code", "message", "request_id"}}`` with the refusal's
status, and every response carries ``X-Request-Id``.
"""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from phaseone.errors import GuardRefusal
from phaseone.guard.metrics import CONTENT_TYPE
from phaseone.guard.pipeline import Guard, new_request_id
from phaseone.guard.refusals import InvalidInput, TooLarge
from phaseone.targets.base import Target

log = logging.getLogger("phaseone.gateway")
_JSON = "application/json"


def _json(status: int, payload: Any, rid: str, headers: dict[str, str] | None = None) -> Response:
    h = {"x-request-id": rid}
    if headers:
        h.update(headers)
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)
    return Response(body.encode(), status_code=status, media_type=_JSON, headers=h)


def error_response(exc: GuardRefusal, rid: str) -> Response:
    headers = {}
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        headers["retry-after"] = str(max(1, math.ceil(retry_after)))
    payload = {"error": {"code": exc.code, "message": exc.message, "request_id": rid}}
    return _json(exc.status, payload, rid, headers)


def api_key_of(request: Request) -> str | None:
    auth = request.headers.get("authorization")
    if auth:
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "bearer" and value:
            return value.strip()
    return request.headers.get("x-api-key")


async def read_json(request: Request, limit: int) -> Any:
    """The parsed body; 413 as soon as it is known to exceed `limit` (before reading it all)."""
    length = request.headers.get("content-length")
    if length is not None:
        try:
            if int(length) > limit:
                raise TooLarge(f"the body has {length} bytes; the limit is {limit}")
        except ValueError:
            raise InvalidInput("Content-Length is not a number") from None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"the body exceeds the limit of {limit} bytes")
        chunks.append(chunk)
    try:
        return json.loads(b"".join(chunks))
    except ValueError:
        raise InvalidInput("the body is not valid JSON") from None


def build_app(guard: Guard) -> FastAPI:
    """The app around an existing guard (the guard is closed on app shutdown)."""
    limit = guard.limits.max_body_bytes

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        guard.start()
        try:
            yield
        finally:
            await guard.aclose()

    async def invoke(request: Request) -> Response:
        rid = new_request_id()
        try:
            body = await read_json(request, limit)
            if not isinstance(body, dict) or "input" not in body:
                raise InvalidInput('the body must be a JSON object with "input"')
            metadata = body.get("metadata")
            if metadata is not None and not isinstance(metadata, dict):
                raise InvalidInput('"metadata" must be a JSON object')
            result = await guard.invoke(
                body["input"], api_key=api_key_of(request), metadata=metadata, request_id=rid
            )
        except GuardRefusal as exc:
            return error_response(exc, rid)
        except Exception as exc:  # never a traceback to the caller
            log.exception("internal error on request %s", rid)
            return _json(
                500,
                {"error": {"code": "internal", "message": type(exc).__name__, "request_id": rid}},
                rid,
            )
        return _json(200, result.as_response(), rid)

    async def feedback(request: Request) -> Response:
        rid = new_request_id()
        try:
            guard.auth.authenticate(api_key_of(request), "feedback")
            body = await read_json(request, limit)
            if not isinstance(body, dict) or not isinstance(body.get("request_id"), str):
                raise InvalidInput('the body must be a JSON object with "request_id"')
            score = body.get("score")
            if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1:
                raise InvalidInput('"score" must be a number from 0 to 1')
            comment = body.get("comment")
            if comment is not None and not isinstance(comment, str):
                raise InvalidInput('"comment" must be a string')
            if guard.writer is None:
                raise InvalidInput("tracing is off (controls.monitoring.tracing), nothing to rate")
            values: dict[str, Any] = {"feedback_score": float(score)}
            if comment is not None:
                values["feedback_comment"] = comment[:2000]
            guard.writer.update(body["request_id"], values)
        except GuardRefusal as exc:
            return error_response(exc, rid)
        return _json(202, {"request_id": body["request_id"], "accepted": True}, rid)

    async def metrics(request: Request) -> Response:
        rid = new_request_id()
        try:
            guard.auth.authenticate(api_key_of(request), "metrics")
        except GuardRefusal as exc:
            return error_response(exc, rid)
        if guard.metrics is None:
            return _json(404, {"error": {"code": "metrics_off", "message": "metrics are off",
                                         "request_id": rid}}, rid)  # fmt: skip
        return Response(
            guard.metrics.render(), media_type=CONTENT_TYPE, headers={"x-request-id": rid}
        )

    async def healthz(request: Request) -> Response:
        return _json(200, {"status": "ok", "project": guard.project}, new_request_id())

    app = FastAPI(
        title="phaseone gateway",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.router.routes.extend(
        [
            Route("/v1/invoke", invoke, methods=["POST"]),
            Route("/v1/feedback", feedback, methods=["POST"]),
            Route("/metrics", metrics, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )
    app.state.guard = guard
    return app


def create_app(
    loaded: Any,
    store: Any,
    *,
    target: Target | None = None,
    fallback_target: Target | None = None,
) -> FastAPI:
    """The gateway for a loaded plan: its target (or `target`) behind its controls."""
    guard = Guard.from_plan(loaded, store, target=target, fallback_target=fallback_target)
    return build_app(guard)


def create_app_from_env() -> FastAPI:
    """uvicorn factory for `phaseone serve --workers N`: the plan path comes from
    ``PHASEONE_PLAN`` (each worker process builds its own app)."""
    from phaseone.plan.workspace import open_workspace

    loaded, store = open_workspace(os.environ.get("PHASEONE_PLAN", "phaseone.yaml"))
    return create_app(loaded, store)
