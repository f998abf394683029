"""Optional OpenTelemetry export of gateway traces, with the `gen_ai.*` semantic-convention names.

Uses its OWN TracerProvider (never `set_tracer_provider`), so a host application's
tracing is untouched and ours never lands in theirs. Needs the `otel` extra
(`opentelemetry-sdk` and `opentelemetry-exporter-otlp-proto-http`).

Spans are queued by a `BatchSpanProcessor` (the request path only appends to a queue)
and sent over OTLP/HTTP protobuf by a background thread; `shutdown()` sends what is
still queued, so the last requests before a gateway stops are not lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from phaseone.errors import MissingExtraError
from phaseone.store.trace_row import TraceRow

#: The OTLP/HTTP path for traces; collectors listen for it under their base URL (:4318).
TRACES_PATH = "/v1/traces"
#: Seconds one export may take; bounds how long `shutdown()` can block a stopping gateway.
EXPORT_TIMEOUT_S = 5.0
#: `gen_ai.system` when the target's provider is unknown (in-process callables, static text).
OTHER_SYSTEM = "_OTHER"


def traces_url(endpoint: str) -> str:
    """The URL spans are POSTed to.

    Users write the collector's base URL (`http://collector:4318`, as in
    `OTEL_EXPORTER_OTLP_ENDPOINT`), but the exporter posts to the URL it is given
    verbatim, so a base URL would get 404s and lose every span. Append the traces path
    unless it is already there.
    """
    url = endpoint.strip().rstrip("/")
    return url if urlsplit(url).path.endswith(TRACES_PATH) else url + TRACES_PATH


def describe_target(target: Any) -> tuple[str, str]:
    """(`gen_ai.system`, `gen_ai.request.model`) for a target.

    OpenAI-compatible targets report `openai` and their configured model; other plan
    targets report their kind (`http`, `python`) and their masked label, which is what
    names them in reports; anything else is `_OTHER`.
    """
    config = getattr(target, "config", None)
    kind = getattr(config, "kind", None)
    model = getattr(config, "model", None)
    label = str(getattr(target, "label", "") or type(target).__name__)
    system = str(kind) if isinstance(kind, str) and kind else OTHER_SYSTEM
    return system, str(model) if isinstance(model, str) and model else label


class OtelExporter:
    """Turns each finished gateway trace into one span on a private provider.

    Args:
        endpoint: OTLP/HTTP collector URL, base (`http://host:4318`) or full (`…/v1/traces`).
        project: the plan's project name; the resource's `service.name` is `phaseone-<project>`.
        targets: route name (`primary`, `canary`, `fallback`) → target, for `gen_ai.system`
            and `gen_ai.request.model`. A route missing here is reported as `_OTHER`.
    """

    def __init__(
        self, endpoint: str, project: str, targets: Mapping[str, Any] | None = None
    ) -> None:
        try:
            from opentelemetry.sdk.resources import Resource
            from opentelemetry.sdk.trace import TracerProvider
            from opentelemetry.sdk.trace.export import BatchSpanProcessor
        except ImportError as exc:
            raise MissingExtraError("OpenTelemetry export", "otel", "opentelemetry-sdk") from exc
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import (
                OTLPSpanExporter,
            )
        except ImportError as exc:
            raise MissingExtraError(
                "OpenTelemetry OTLP export", "otel", "opentelemetry-exporter-otlp-proto-http"
            ) from exc
        from opentelemetry.trace import StatusCode

        self._error_status = StatusCode.ERROR
        self.endpoint = traces_url(endpoint)
        self.provider = TracerProvider(
            resource=Resource.create({"service.name": f"phaseone-{project}"})
        )
        exporter = OTLPSpanExporter(endpoint=self.endpoint, timeout=EXPORT_TIMEOUT_S)
        self.provider.add_span_processor(BatchSpanProcessor(exporter))
        self.tracer = self.provider.get_tracer("phaseone.guard")
        self._routes: dict[str, dict[str, str]] = {}
        for route, target in (targets or {}).items():
            system, model = describe_target(target)
            self._routes[route] = {"gen_ai.system": system, "gen_ai.request.model": model}
        self._unknown_route = {"gen_ai.system": OTHER_SYSTEM}

    def export(self, trace: TraceRow) -> None:
        """Queue one span for a finished request (called on the request path: no I/O)."""
        start_ns = int(trace.started_at.timestamp() * 1e9)
        end_ns = start_ns + int((trace.latency_ms or 0) * 1e6)
        span = self.tracer.start_span("phaseone.invoke", start_time=start_ns)
        attrs: dict[str, Any] = {
            "gen_ai.operation.name": "chat",
            **self._routes.get(trace.route, self._unknown_route),
            "phaseone.request_id": trace.id,
            "gen_ai.usage.input_tokens": trace.input_tokens or 0,
            "gen_ai.usage.output_tokens": trace.output_tokens or 0,
            "phaseone.project": trace.project or "",
            "phaseone.outcome": trace.outcome,
            "phaseone.route": trace.route,
            "phaseone.cost": float(trace.cost or 0.0),
            "phaseone.status": trace.status_code,
            "http.response.status_code": trace.status_code,
        }
        if trace.target_version:
            attrs["phaseone.target_version"] = trace.target_version
        if trace.model:  # the chat routes: the model asked for, and the one that answered
            attrs["gen_ai.request.model"] = trace.model
            if trace.target_version:
                attrs["gen_ai.response.model"] = trace.target_version
        if trace.ttft_ms is not None:
            attrs["phaseone.time_to_first_chunk_ms"] = trace.ttft_ms
        if trace.error_kind:  # a degraded answer is not an error (OTel: no `error.type`)
            key = "phaseone.fallback_reason" if trace.outcome == "fallback" else "error.type"
            attrs[key] = trace.error_kind
        span.set_attributes(attrs)
        if trace.outcome == "error":
            span.set_status(self._error_status, trace.error_kind or "error")
        span.end(end_time=end_ns)

    def shutdown(self) -> None:
        """Send the spans still queued (bounded by the export timeout), then stop.

        Blocks; async callers run it in a thread.
        """
        self.provider.shutdown()
