"""The end of every request: its trace row, its metrics and its OpenTelemetry span.

Every request, answered or refused, is recorded exactly once. The trace goes to a
background writer (a thread, or a child process under `phaseone serve`), so the hot path
does no database I/O; the answer is redacted for the trace here, and, when the gateway
asks (`after_return`), only after the answer is on the wire.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from phaseone.errors import GuardRefusal
from phaseone.guard.metrics import GuardMetrics
from phaseone.guard.otel import OtelExporter
from phaseone.guard.pii import PiiStage
from phaseone.guard.trace_process import ProcessTraceWriter
from phaseone.guard.trace_row import Unredacted
from phaseone.guard.tracing import TraceWriter, WriterMode
from phaseone.store.database import Store
from phaseone.store.reachability import in_memory
from phaseone.store.trace_row import TraceRow

log = logging.getLogger("phaseone.guard")


class Recorder:
    """Where one guard's requests are recorded: trace writer, metrics, OpenTelemetry."""

    def __init__(
        self,
        project: str,
        pii: PiiStage,
        *,
        store_io: bool,
        writer: TraceWriter | ProcessTraceWriter | None,
        metrics: GuardMetrics | None,
        otel: OtelExporter | None,
    ) -> None:
        self.project = project
        self.pii = pii
        self.store_io = store_io
        self.writer = writer
        self.metrics = metrics
        self.otel = otel
        #: Record each request just after `Guard.invoke` returns (on the event loop's next
        #: turn) instead of before. The gateway sets it: its answer is then on the wire
        #: before that work runs, which keeps it off the latency path. Off for the Python
        #: API, whose callers may read metrics right after a call.
        self.after_return = False

    async def keep_output(self, trace: TraceRow, output: Any, *, pii_free: bool = False) -> None:
        """Put the answer in the trace, redacted (when traces keep inputs and outputs).

        `pii_free`: the plan's PII finder already read all of `output` and found nothing
        (the output guardrail's scan, `OutputScan.pii_free`): redacting it again for the
        trace would run the same finder over the same text for the same empty answer."""
        if not self.store_io:
            return
        if pii_free:
            trace.output = output
            return
        if self.pii.offload:
            trace.output = await asyncio.to_thread(self.pii.redact_for_trace, output)
        elif self.after_return:  # `record` redacts it, after the answer is sent
            trace.output = Unredacted(output)
        else:
            trace.output = self.pii.redact_for_trace(output)

    def finish(self, trace: TraceRow, elapsed_s: float) -> None:
        """Record the request now, or on the loop's next turn when `after_return`."""
        if self.after_return:
            asyncio.get_running_loop().call_soon(self._record_later, trace, elapsed_s)
        else:
            self.record(trace, elapsed_s)

    def record(self, trace: TraceRow, elapsed_s: float) -> None:
        trace.latency_ms = elapsed_s * 1000
        output = trace.output
        if type(output) is Unredacted:
            trace.output = self.pii.redact_for_trace(output.value)
        trace.recorded = True
        if self.metrics is not None:
            self.metrics.observe(
                trace.outcome, trace.status_code, trace.route, elapsed_s,
                trace.input_tokens, trace.output_tokens, trace.cost or 0.0,
            )  # fmt: skip
            for f in trace.findings:
                self.metrics.finding(f.get("type", "finding"))
        if self.writer is not None:
            self.writer.trace(trace)
        if self.otel is not None:
            self.otel.export(trace)

    def _record_later(self, trace: TraceRow, elapsed_s: float) -> None:
        try:
            self.record(trace, elapsed_s)
        except Exception:  # nobody awaits this call: say so in the log
            log.exception("could not record the trace of request %s", trace.id)

    def refusal(self, request_id: str, exc: GuardRefusal) -> None:
        """Record a request refused before it reached `Guard.invoke` (the gateway's
        body-size and JSON checks), so every request still has exactly one trace."""
        exc.request_id = request_id
        trace = TraceRow(request_id, self.project)
        trace.outcome = "refused" if exc.status < 500 else "error"
        trace.status_code = exc.status
        trace.error_kind = exc.code
        self.record(trace, 0.0)


def trace_writer_for(
    store: Store, flush_interval_s: float, configured: str, auto: WriterMode
) -> TraceWriter | ProcessTraceWriter:
    """The trace writer `controls.monitoring.trace_writer` asks for (see `writer_mode`)."""
    if writer_mode(store, configured, auto) == "process":
        return ProcessTraceWriter(store, flush_interval_s)
    return TraceWriter(store, flush_interval_s)


def writer_mode(store: Any, configured: str, auto: WriterMode) -> WriterMode:
    """Which trace writer a guard uses: the plan's choice, else `auto`; a store another
    process cannot open (in-memory SQLite) is written from a thread whatever the choice."""
    mode: WriterMode = auto if configured == "auto" else configured  # type: ignore[assignment]
    url = str(getattr(store, "url", ""))
    if mode == "process" and url.startswith("sqlite") and in_memory(url):
        return "thread"
    return mode
