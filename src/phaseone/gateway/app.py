"""The HTTP service around `Guard`: FastAPI app, kept thin on the hot path.

Routes are plain Starlette routes (no dependency injection): the body must be
``application/json``, is read once with a size cap, parsed once with `phaseone.wire`
(strict JSON, finite numbers) and checked by `models.check_invoke` / `check_feedback`
(strict types, no unknown fields, the fields of the pydantic models that `/openapi.json`
is made from).

    POST /v1/invoke    {"input": …, "metadata": {…}} → {"output", "request_id", "route", "cost"}
    POST /v1/feedback  {"request_id", "score": 0..1, "comment"} → 202
    POST /v1/chat/completions, GET /v1/models, POST /v1/embeddings: OpenAI's API
                       (`openai_routes.py`; errors in OpenAI's shape, `openai_errors.py`)
    GET  /metrics      Prometheus text (needs a key with scope `metrics`)
    GET  /healthz      no key needed
    GET  /openapi.json no key needed: the API's shape, nothing about this deployment

Every error is ``{"error": {"code", "message", "request_id"}}`` with the refusal's
status, and every response carries ``X-Request-Id``; the HTTP layer's own refusals
(oversized or slow requests, broken framing) have the same shape (`protocol.py`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from phaseone.errors import GuardRefusal
from phaseone.gateway.controls_header import controls_header, stamped
from phaseone.gateway.error_body import internal_error, refusal_json, retry_after
from phaseone.gateway.models import check_feedback, check_invoke
from phaseone.gateway.openai_routes import OpenAIRoutes
from phaseone.gateway.openapi import openapi_document
from phaseone.gateway.protocol import HttpLimits
from phaseone.gateway.request import (
    read_head,
    read_json_body,
    refusal_for_body,
    require_json,
)
from phaseone.gateway.server import tune_process
from phaseone.guard.health import health_of
from phaseone.guard.metrics import CONTENT_TYPE
from phaseone.guard.pipeline import Guard
from phaseone.guard.refusals import InvalidInput
from phaseone.guard.trace_row import new_request_id
from phaseone.guard.tracing import WriterMode
from phaseone.plan.workspace import workspace
from phaseone.targets.base import Target
from phaseone.wire import dumps

log = logging.getLogger("phaseone.gateway")
_JSON = "application/json"


def _json(status: int, body: bytes, rid: str, headers: dict[str, str] | None = None) -> Response:
    h = {"x-request-id": rid}
    if headers:
        h.update(headers)
    return Response(body, status_code=status, media_type=_JSON, headers=h)


def error_response(exc: GuardRefusal, rid: str, headers: dict[str, str] | None = None) -> Response:
    """A refusal as a Starlette response: its status, the error shape, ``Retry-After``."""
    h = dict(headers or {})
    wait = retry_after(exc)
    if wait is not None:
        h["retry-after"] = wait.decode()
    return _json(exc.status, refusal_json(exc, rid), rid, h)


class GatewayApp(FastAPI):
    """FastAPI for every route but the hot one: ``/v1/invoke`` is served straight from
    the ASGI scope (no routing, middleware stack or Request/Response objects), which
    removes most of the framework's per-request cost."""

    def __init__(self, guard: Guard, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.guard = guard
        self.body_limit = guard.limits.max_body_bytes
        limits = guard.limits.config
        #: Read by `protocol.GatewayProtocol` for every connection.
        self.http_limits = HttpLimits.from_plan(limits)
        #: Called by `protocol.GatewayProtocol` for each connection it refuses.
        self.on_http_refusal = guard.metrics.http_refusal if guard.metrics else None
        self.input_type = limits.input_type
        self.controls_header = controls_header(guard.controls)
        #: The OpenAI-compatible routes, served from the ASGI scope like ``/v1/invoke``.
        self.openai_paths = OpenAIRoutes(guard, self.body_limit, self.controls_header).paths

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        # Every answer says which controls it enforces: the routes served from the scope
        # put the header in the heads they build; Starlette's routes get a `send` that
        # adds it (a wrapper per request and a copy of each head: kept off the hot path).
        if scope["type"] == "http":
            path = scope["path"]
            if path == "/v1/invoke":
                await self._invoke(scope, receive, send)
                return
            route = self.openai_paths.get(path)
            if route is not None:
                await route(scope, receive, send)
                return
            send = stamped(send, self.controls_header)
        await super().__call__(scope, receive, send)

    async def _invoke(self, scope: Any, receive: Any, send: Any) -> None:
        rid = new_request_id()
        try:
            head = read_head(scope["headers"])
            key = head.api_key
            try:
                if scope["method"] != "POST":
                    raise GuardRefusal("use POST", status=405, code="method_not_allowed")
                require_json(head.content_type)
                body = check_invoke(
                    await read_json_body(receive, head.content_length, self.body_limit),
                    self.input_type,
                )
            except GuardRefusal as body_refusal:
                raise await refusal_for_body(self.guard, key, rid, body_refusal) from None
            result = await self.guard.invoke(
                body.input, api_key=key, metadata=body.metadata, request_id=rid
            )
            status, data, extra = 200, dumps(result.as_response()), []
        except Exception as exc:  # a refusal, or a bug: never a traceback to the caller
            if isinstance(exc, GuardRefusal):
                refusal = exc
            else:
                log.exception("internal error on request %s", rid)
                refusal = internal_error(exc)
            status, data = refusal.status, refusal_json(refusal, rid)
            wait = retry_after(refusal)
            extra = [] if wait is None else [(b"retry-after", wait)]
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", b"%d" % len(data)),
            (b"x-request-id", rid.encode()),
            *extra,
            self.controls_header,
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": data})


def build_app(guard: Guard) -> FastAPI:
    """The app around an existing guard (the guard is closed on app shutdown)."""
    limit = guard.limits.max_body_bytes
    guard.recorder.after_return = True  # the answer leaves before its trace is recorded

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        guard.start()
        try:
            yield
        finally:
            await guard.aclose()

    async def feedback(request: Request) -> Response:
        rid = new_request_id()
        try:
            head = read_head(request.scope["headers"])
            await guard.auth.aauthenticate(head.api_key, "feedback")
            require_json(head.content_type)
            body = check_feedback(await read_json_body(request.receive, head.content_length, limit))
            comment = body.comment
            if comment is not None:  # a person's free text: redacted like an input
                comment = guard.pii.redact_for_trace(comment[:2000])
            if guard.writer is None:
                raise InvalidInput("tracing is off (controls.monitoring.tracing), nothing to rate")
            values: dict[str, Any] = {"feedback_score": float(body.score)}
            if comment is not None:
                values["feedback_comment"] = comment
            guard.writer.update(body.request_id, values)
        except GuardRefusal as exc:
            return error_response(exc, rid)
        return _json(202, dumps({"request_id": body.request_id, "accepted": True}), rid)

    async def metrics(request: Request) -> Response:
        rid = new_request_id()
        try:
            await guard.auth.aauthenticate(read_head(request.scope["headers"]).api_key, "metrics")
        except GuardRefusal as exc:
            return error_response(exc, rid)
        if guard.metrics is None:
            return error_response(
                GuardRefusal("metrics are off", status=404, code="metrics_off"), rid
            )
        return Response(
            guard.metrics.render(), media_type=CONTENT_TYPE, headers={"x-request-id": rid}
        )

    async def healthz(request: Request) -> Response:  # guard/health.py says what and why
        status, payload = await health_of(guard, request.query_params.get("strict"))
        return _json(status, dumps(payload), new_request_id())

    schema: list[bytes] = []  # made on first use: most gateways are never asked

    async def openapi(request: Request) -> Response:
        if not schema:
            schema.append(dumps(openapi_document(input_type=guard.limits.config.input_type)))
        return Response(schema[0], media_type=_JSON, headers={"x-request-id": new_request_id()})

    async def on_http_error(request: Request, exc: Exception) -> Response:
        """Starlette's own answers (unknown route, wrong method) in the documented shape."""
        status = getattr(exc, "status_code", 500)
        code = {404: "not_found", 405: "method_not_allowed"}.get(status, "http_error")
        message = str(getattr(exc, "detail", "")) or code.replace("_", " ")
        refusal = GuardRefusal(message, status=status, code=code)
        return error_response(refusal, new_request_id(), dict(getattr(exc, "headers", None) or {}))

    async def on_internal_error(request: Request, exc: Exception) -> Response:
        rid = new_request_id()
        log.error("internal error on %s (request %s)", request.url.path, rid, exc_info=exc)
        return error_response(internal_error(exc), rid)

    app = GatewayApp(
        guard,
        exception_handlers={StarletteHTTPException: on_http_error, Exception: on_internal_error},
        title="phaseone gateway",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.router.routes.extend(
        [
            Route("/v1/feedback", feedback, methods=["POST"]),
            Route("/metrics", metrics, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/openapi.json", openapi, methods=["GET"]),
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
    trace_writer: WriterMode = "thread",
) -> FastAPI:
    """The gateway for a loaded plan: its target (or `target`) behind its controls.

    `trace_writer` is what the plan's ``trace_writer: auto`` means: `phaseone serve` passes
    ``process``; an app served in a thread beside other code (tests, the demo) keeps
    ``thread`` unless the plan says otherwise."""
    guard = Guard.from_plan(
        loaded, store, target=target, fallback_target=fallback_target, trace_writer=trace_writer
    )
    return build_app(guard)


def create_app_from_env() -> FastAPI:
    """uvicorn factory for `phaseone serve --workers N`: the plan path comes from
    ``PHASEONE_PLAN`` (each worker process builds its own app)."""
    # The worker's store lives as long as its app (the process), not a `with` block.
    ws = workspace(os.environ.get("PHASEONE_PLAN", "phaseone.yaml"))
    app = create_app(ws.loaded, ws.store, trace_writer="process")
    tune_process()
    return app
