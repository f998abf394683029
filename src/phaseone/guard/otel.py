"""Optional OpenTelemetry export of traces, with the `gen_ai.*` semantic-convention names.

Uses its OWN TracerProvider (never `set_tracer_provider`), so a host application's
tracing is untouched. Needs the `otel` extra; the OTLP/HTTP exporter is used when
installed (`opentelemetry-exporter-otlp-proto-http`), else spans go nowhere.
"""

from __future__ import annotations

from typing import Any

from phaseone.errors import MissingExtraError


class OtelExporter:
    def __init__(self, endpoint: str, project: str) -> None:
        try:
            from opentelemetry.sdk.resources import Resource
            from opentelemetry.sdk.trace import TracerProvider
            from opentelemetry.sdk.trace.export import BatchSpanProcessor
        except ImportError as exc:
            raise MissingExtraError("OpenTelemetry export", "otel", "opentelemetry-sdk") from exc
        self.provider = TracerProvider(
            resource=Resource.create({"service.name": f"phaseone-{project}"})
        )
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import (
                OTLPSpanExporter,
            )
        except ImportError as exc:
            raise MissingExtraError(
                "OpenTelemetry OTLP export", "otel", "opentelemetry-exporter-otlp-proto-http"
            ) from exc
        self.provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
        self.tracer = self.provider.get_tracer("phaseone.guard")

    def export(self, trace: dict[str, Any]) -> None:
        start_ns = int(trace["started_at"].timestamp() * 1e9)
        end_ns = start_ns + int((trace.get("latency_ms") or 0) * 1e6)
        span = self.tracer.start_span("phaseone.invoke", start_time=start_ns)
        attrs: dict[str, Any] = {
            "gen_ai.operation.name": "chat",
            "gen_ai.request.id": trace["id"],
            "gen_ai.usage.input_tokens": trace.get("input_tokens") or 0,
            "gen_ai.usage.output_tokens": trace.get("output_tokens") or 0,
            "phaseone.outcome": trace["outcome"],
            "phaseone.route": trace["route"],
            "phaseone.cost": trace.get("cost") or 0.0,
            "http.response.status_code": trace["status_code"],
        }
        if trace.get("error_kind"):
            attrs["error.type"] = trace["error_kind"]
        span.set_attributes(attrs)
        span.end(end_time=end_ns)

    def shutdown(self) -> None:
        self.provider.shutdown()
