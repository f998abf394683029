"""OpenTelemetry export end to end: a real gateway (and a Guard) in front of a real local
OpenAI-compatible upstream, sending OTLP/HTTP protobuf to a real collector on 127.0.0.1."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from guardkit import EchoTarget, http, write_plan

try:
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter  # noqa: F401
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
        ExportTraceServiceRequest,
        ExportTraceServiceResponse,
    )
except ImportError:
    pytest.skip(
        "OpenTelemetry export needs the `otel` extra: pip install 'phaseone[otel]' "
        "(opentelemetry-exporter-otlp-proto-http)",
        allow_module_level=True,
    )

from opentelemetry import trace as otel_trace

from phaseone.gateway import create_app, serve_in_thread
from phaseone.guard import Guard
from phaseone.guard.otel import describe_target, traces_url
from phaseone.store import Store
from phaseone.store.keys import create_key
from servers import LocalServer, OpenAIServer


@dataclass
class Span:
    """One span as the collector decoded it."""

    name: str
    attributes: dict[str, Any]
    resource: dict[str, Any]
    scope: str
    status_code: int  #: 0 unset, 1 ok, 2 error (the OTLP enum)


def _value(v: Any) -> Any:
    kind = v.WhichOneof("value")
    return getattr(v, kind) if kind else None


def _attrs(kvs: Any) -> dict[str, Any]:
    return {kv.key: _value(kv.value) for kv in kvs}


class OtlpCollector(LocalServer):
    """`POST /v1/traces` like an OpenTelemetry Collector's OTLP/HTTP receiver (protobuf)."""

    def __init__(self) -> None:
        super().__init__()
        self.spans: list[Span] = []
        self.content_types: list[str] = []

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/v1/traces", self._traces)

    async def _traces(self, request: web.Request) -> web.Response:
        raw = await request.read()  # aiohttp keeps the bytes the middleware already read
        if request.headers.get("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        self.content_types.append(request.content_type)
        export = ExportTraceServiceRequest.FromString(raw)
        for rs in export.resource_spans:
            resource = _attrs(rs.resource.attributes)
            for ss in rs.scope_spans:
                for s in ss.spans:
                    self.spans.append(
                        Span(s.name, _attrs(s.attributes), resource, ss.scope.name, s.status.code)
                    )
        return web.Response(
            body=ExportTraceServiceResponse().SerializeToString(),
            content_type="application/x-protobuf",
        )

    def by_request(self) -> dict[str, Span]:
        return {s.attributes["phaseone.request_id"]: s for s in self.spans}


@pytest.fixture
def collector() -> Iterator[OtlpCollector]:
    with OtlpCollector() as server:
        yield server


@pytest.fixture
def global_provider() -> Iterator[Any]:
    """The process-wide provider before the test; the test fails if it was replaced."""
    before = otel_trace.get_tracer_provider()
    assert isinstance(before, otel_trace.ProxyTracerProvider), "a global provider was already set"
    yield before
    after = otel_trace.get_tracer_provider()
    assert after is before and isinstance(after, otel_trace.ProxyTracerProvider)


def test_gateway_requests_become_gen_ai_spans(
    tmp_path: Path,
    openai_server: OpenAIServer,
    collector: OtlpCollector,
    global_provider: Any,
) -> None:
    loaded = write_plan(
        tmp_path,
        {"monitoring": {"flush_interval_s": 0.1, "otel_endpoint": collector.url}},
        target={
            "kind": "openai",
            "base_url": openai_server.url + "/v1",
            "model": "local-model",
            "price": {"per_1k_input_tokens": 1.0, "per_1k_output_tokens": 2.0},
            "version": "v7",
        },
    )
    store = Store(f"sqlite:///{tmp_path / 'gw.db'}")
    key = create_key(store, "svc")
    try:
        with serve_in_thread(create_app(loaded, store)) as server:
            ok = http(server.url + "/v1/invoke", {"input": "one two three"}, key=key)
            refused = http(server.url + "/v1/invoke", {"input": "hi"})
            # the default batch delay is 5 s: these spans reach the collector only
            # because stopping the gateway flushes them
    finally:
        store.close()

    assert ok[0] == 200 and ok[2]["output"] == "one two three", ok
    assert refused[0] == 401, refused
    assert collector.paths["/v1/traces"] >= 1
    assert set(collector.content_types) == {"application/x-protobuf"}
    spans = collector.by_request()
    assert set(spans) == {ok[1]["x-request-id"], refused[1]["x-request-id"]}

    answered = spans[ok[1]["x-request-id"]]
    assert answered.name == "phaseone.invoke" and answered.scope == "phaseone.guard"
    assert answered.resource["service.name"] == "phaseone-guardtest"
    a = answered.attributes
    assert (a["gen_ai.system"], a["gen_ai.request.model"]) == ("openai", "local-model")
    # OpenAIServer counts whitespace words: 3 in, 3 out
    assert (a["gen_ai.usage.input_tokens"], a["gen_ai.usage.output_tokens"]) == (3, 3)
    assert (a["phaseone.outcome"], a["phaseone.route"], a["phaseone.status"]) == (
        "ok", "primary", 200,
    )  # fmt: skip
    assert a["phaseone.cost"] == pytest.approx(3 / 1000 * 1.0 + 3 / 1000 * 2.0)
    assert a["phaseone.target_version"] == "v7"
    assert "error.type" not in a and answered.status_code == 0

    r = spans[refused[1]["x-request-id"]].attributes
    assert (r["phaseone.outcome"], r["phaseone.status"], r["error.type"]) == (
        "refused", 401, "unauthorized",
    )  # fmt: skip
    assert (r["gen_ai.usage.input_tokens"], r["gen_ai.usage.output_tokens"]) == (0, 0)


async def test_guard_fallback_and_error_spans(
    tmp_path: Path, closed_url: str, collector: OtlpCollector, global_provider: Any
) -> None:
    controls = {
        "auth": {"required": False},
        "resilience": {"timeout_s": 0.5, "retries": 0, "fallback": {"static": "sorry"}},
        "monitoring": {"tracing": False, "otel_endpoint": collector.url + "/v1/traces/"},
    }
    loaded = write_plan(tmp_path, controls, target={"kind": "http", "url": closed_url + "/x"})
    guard = Guard.from_plan(loaded, None)
    assert guard.otel is not None and guard.otel.endpoint == collector.url + "/v1/traces"
    result = await guard.invoke("hello")
    assert (result.output, result.route) == ("sorry", "fallback")
    await guard.aclose()

    (span,) = collector.spans
    a = span.attributes
    assert a["phaseone.request_id"] == result.request_id
    assert (a["phaseone.outcome"], a["phaseone.route"]) == ("fallback", "fallback")
    # why it was degraded, and no `error.type`: the request was answered
    assert a["phaseone.fallback_reason"] == "target_error" and "error.type" not in a
    # the span names the route that answered, not the plan's primary target
    assert (a["gen_ai.system"], a["gen_ai.request.model"]) == ("_OTHER", "static fallback")


@pytest.mark.parametrize(
    ("endpoint", "url"),
    [
        ("http://collector:4318", "http://collector:4318/v1/traces"),
        ("http://collector:4318/", "http://collector:4318/v1/traces"),
        ("https://x.io/otlp/v1/traces", "https://x.io/otlp/v1/traces"),
        ("https://x.io/otlp", "https://x.io/otlp/v1/traces"),
    ],
)
def test_traces_url_accepts_base_or_full_endpoint(endpoint: str, url: str) -> None:
    assert traces_url(endpoint) == url


def test_describe_target_uses_kind_and_model(tmp_path: Path) -> None:
    from phaseone.targets import build_target

    loaded = write_plan(
        tmp_path, target={"kind": "openai", "base_url": "http://127.0.0.1:1/v1", "model": "m1"}
    )
    assert describe_target(build_target(loaded.plan.target, tmp_path)) == ("openai", "m1")
    assert describe_target(EchoTarget(label="echo")) == ("_OTHER", "echo")
