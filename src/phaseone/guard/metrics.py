"""Prometheus metrics of one guard, in its OWN registry (never the process-global one),
so two guards in one process — or a host application's own metrics — never collide.

The request path only adds to plain Python numbers (the event loop is the only writer,
so no lock is needed); the Prometheus families are built from them when `/metrics` is
scraped. prometheus_client's own Counter/Histogram objects take a lock and walk their
label children on every update: ~7 µs per request for the five updates a request makes,
against well under 1 µs here — and scrapes happen every few seconds, requests thousands
of times a second.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from phaseone.guard.resilience import STATE_VALUE
from phaseone.plan.slo_schema import LATENCY_BUCKETS_S
from phaseone.store.traces import WriteStatus

CONTENT_TYPE = CONTENT_TYPE_LATEST
_BUCKETS = LATENCY_BUCKETS_S  # a latency SLO names one of these bounds


class GuardMetrics:
    """Counters of one guard; `render()` gives the Prometheus text exposition."""

    def __init__(self, project: str) -> None:
        self.project = project
        self.requests: dict[tuple[str, int, str], int] = {}
        self.latency_counts = [0] * (len(_BUCKETS) + 1)  # the last one is +Inf
        self.latency_sum = 0.0
        self.tokens = {"input": 0, "output": 0}
        self.cost = 0.0
        self.findings: dict[str, int] = {}
        self.remaining: dict[str, float] = {}
        self.circuit: dict[str, str] = {}
        #: Served requests (not refused), and those whose answer was degraded: by the
        #: fallback (HTTP 200, but not the target's answer) or an error (issue #15).
        self.served = 0
        self.degraded = {"fallback": 0, "error": 0}
        #: The trace writer's status, read at scrape time (failed writes, backlog).
        self.trace_status: Callable[[], WriteStatus] | None = None
        #: Connections the HTTP layer refused before a request reached the guard
        #: (`gateway/protocol.py`: 431 / 414 / 408 / 400 / 429 too_many_connections), by
        #: reason. Only a refusal adds to it: the normal request path never touches it.
        self.http_refusals: dict[str, int] = {}
        self.registry = CollectorRegistry(auto_describe=True)
        self.registry.register(_Collector(self))

    def observe(
        self,
        outcome: str,
        status: int,
        route: str,
        latency_s: float,
        input_tokens: int | None,
        output_tokens: int | None,
        cost: float,
    ) -> None:
        key = (outcome, status, route)
        self.requests[key] = self.requests.get(key, 0) + 1
        if outcome != "refused":
            self.served += 1
            if outcome == "error" or status >= 500:
                self.degraded["error"] += 1
            elif outcome == "fallback":
                self.degraded["fallback"] += 1
        self.latency_counts[bisect_left(_BUCKETS, latency_s)] += 1
        self.latency_sum += latency_s
        if input_tokens:
            self.tokens["input"] += input_tokens
        if output_tokens:
            self.tokens["output"] += output_tokens
        if cost:
            self.cost += cost

    def finding(self, kind: str) -> None:
        self.findings[kind] = self.findings.get(kind, 0) + 1

    def http_refusal(self, reason: str) -> None:
        """One connection refused by the HTTP layer (`reason`: its error code)."""
        self.http_refusals[reason] = self.http_refusals.get(reason, 0) + 1

    def set_remaining(self, remaining: dict[str, float]) -> None:
        """Budget left per scope label after the last reservation (read at scrape time)."""
        self.remaining = remaining

    def set_circuit(self, target: str, state: str) -> None:
        self.circuit[target] = state

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _Collector:
    """Builds the metric families from a `GuardMetrics` at scrape time."""

    def __init__(self, m: GuardMetrics) -> None:
        self.m = m

    def describe(self) -> list[Any]:
        return []  # families are only known at collect time; nothing to check up front

    def collect(self) -> Iterator[Any]:
        m = self.m
        req = CounterMetricFamily(
            "phaseone_requests", "Requests by outcome and HTTP status.",
            labels=["outcome", "status", "route"],
        )  # fmt: skip
        for (outcome, status, route), n in list(m.requests.items()):
            req.add_metric([outcome, str(status), route], n)
        yield req
        cumulative, buckets = 0, []
        for bound, n in zip((*_BUCKETS, float("inf")), m.latency_counts, strict=True):
            cumulative += n
            buckets.append(("+Inf" if bound == float("inf") else repr(float(bound)), cumulative))
        lat = HistogramMetricFamily(
            "phaseone_request_latency_seconds", "End-to-end latency through the guard."
        )
        lat.add_metric([], buckets, m.latency_sum)
        yield lat
        tok = CounterMetricFamily("phaseone_tokens", "Tokens used.", labels=["direction"])
        for direction, n in list(m.tokens.items()):
            tok.add_metric([direction], n)
        yield tok
        yield CounterMetricFamily("phaseone_cost", "Spend in the plan's currency.", value=m.cost)
        left = GaugeMetricFamily(
            "phaseone_budget_remaining", "Budget left after the last reservation.",
            labels=["scope"],
        )  # fmt: skip
        for label, value in list(m.remaining.items()):
            left.add_metric([label], value)
        yield left
        circuit = GaugeMetricFamily(
            "phaseone_circuit_state", "0 closed, 1 half-open, 2 open.", labels=["target"]
        )
        for target, state in list(m.circuit.items()):
            circuit.add_metric([target], STATE_VALUE[state])
        yield circuit
        found = CounterMetricFamily(
            "phaseone_guardrail_findings", "Guardrail findings.", labels=["kind"]
        )
        for kind, n in list(m.findings.items()):
            found.add_metric([kind], n)
        yield found
        yield CounterMetricFamily(
            "phaseone_requests_served", "Requests not refused (the degraded rate's base).",
            value=m.served,
        )  # fmt: skip
        degraded = CounterMetricFamily(
            "phaseone_requests_degraded",
            "Served requests whose answer was degraded: the fallback's, or an error.",
            labels=["reason"],
        )
        for reason, n in list(m.degraded.items()):
            degraded.add_metric([reason], n)
        yield degraded
        refused = CounterMetricFamily(
            "phaseone_http_refusals",
            "Connections refused by the HTTP layer before reaching the guard (header limits,"
            " read deadlines, broken framing, too many connections), by reason.",
            labels=["reason"],
        )
        for reason, n in list(m.http_refusals.items()):
            refused.add_metric([reason], n)
        yield refused
        if m.trace_status is not None:
            st = m.trace_status()
            yield CounterMetricFamily(
                "phaseone_trace_write_failures", "Failed attempts to write traces to the store.",
                value=st.failures,
            )  # fmt: skip
            yield GaugeMetricFamily(
                "phaseone_trace_backlog_rows", "Trace and ledger rows waiting to be written.",
                value=st.waiting,
            )  # fmt: skip
            yield CounterMetricFamily(
                "phaseone_trace_rows_dropped",
                "Trace rows given up: the backlog was full, or a closing writer could not write.",
                value=st.dropped,
            )
