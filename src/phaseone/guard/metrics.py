"""Prometheus metrics of one guard, in its OWN registry (never the process-global one),
so two guards in one process — or a host application's own metrics — never collide."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from phaseone.guard.resilience import STATE_VALUE

CONTENT_TYPE = CONTENT_TYPE_LATEST
_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class GuardMetrics:
    def __init__(self, project: str) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "phaseone_requests", "Requests by outcome and HTTP status.",
            ["outcome", "status", "route"], registry=self.registry,
        )  # fmt: skip
        self.latency = Histogram(
            "phaseone_request_latency_seconds", "End-to-end latency through the guard.",
            buckets=_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.tokens = Counter(
            "phaseone_tokens", "Tokens used.", ["direction"], registry=self.registry
        )
        self.cost = Counter(
            "phaseone_cost", "Spend in the plan's currency.", registry=self.registry
        )
        self.budget_remaining = Gauge(
            "phaseone_budget_remaining", "Budget left after the last reservation.",
            ["scope"], registry=self.registry,
        )  # fmt: skip
        self.circuit = Gauge(
            "phaseone_circuit_state", "0 closed, 1 half-open, 2 open.",
            ["target"], registry=self.registry,
        )  # fmt: skip
        self.findings = Counter(
            "phaseone_guardrail_findings", "Guardrail findings.", ["kind"], registry=self.registry
        )
        self._children: dict[tuple[str, int, str], Counter] = {}
        self._remaining: dict[str, Gauge] = {}
        self._circuit_seen: dict[str, str] = {}
        self._in = self.tokens.labels("input")
        self._out = self.tokens.labels("output")

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
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = self.requests.labels(outcome, str(status), route)
        child.inc()
        self.latency.observe(latency_s)
        if input_tokens:
            self._in.inc(input_tokens)
        if output_tokens:
            self._out.inc(output_tokens)
        if cost:
            self.cost.inc(cost)

    def set_remaining(self, remaining: dict[str, float]) -> None:
        for label, left in remaining.items():
            child = self._remaining.get(label)
            if child is None:
                child = self._remaining[label] = self.budget_remaining.labels(label)
            child.set(left)

    def set_circuit(self, target: str, state: str) -> None:
        if self._circuit_seen.get(target) != state:
            self._circuit_seen[target] = state
            self.circuit.labels(target).set(STATE_VALUE[state])

    def render(self) -> bytes:
        return generate_latest(self.registry)
