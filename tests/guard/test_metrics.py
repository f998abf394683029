"""The Prometheus exposition built at scrape time from the guard's plain counters."""

from __future__ import annotations

import re

from phaseone.guard.metrics import GuardMetrics


def sample(text: str, name: str, labels: str = "") -> float:
    m = re.search(rf"^{re.escape(name + labels)} ([0-9.e+-]+)$", text, re.M)
    assert m, f"{name}{labels} not in:\n{text}"
    return float(m.group(1))


def test_counts_histogram_and_gauges() -> None:
    m = GuardMetrics("p")
    for latency in (0.0004, 0.001, 0.003, 0.2, 45.0):  # 0.001 sits ON a bucket bound
        m.observe("ok", 200, "primary", latency, 10, 5, 0.25)
    m.observe("refused", 429, "primary", 0.0001, None, None, 0.0)
    m.finding("pii")
    m.finding("pii")
    m.set_remaining({"project:d": 7.5, "key:d": 1.25})
    m.set_circuit("http POST x", "open")
    text = m.render().decode()

    req = "phaseone_requests_total"
    assert sample(text, req, '{outcome="ok",route="primary",status="200"}') == 5
    assert sample(text, req, '{outcome="refused",route="primary",status="429"}') == 1
    h = "phaseone_request_latency_seconds"
    assert sample(text, h + "_bucket", '{le="0.001"}') == 3  # 0.0001, 0.0004, 0.001 (le is ≤)
    assert sample(text, h + "_bucket", '{le="0.005"}') == 4
    assert sample(text, h + "_bucket", '{le="0.25"}') == 5
    assert sample(text, h + "_bucket", '{le="30.0"}') == 5
    assert sample(text, h + "_bucket", '{le="+Inf"}') == 6
    assert sample(text, h + "_count") == 6
    assert abs(sample(text, h + "_sum") - 45.2045) < 1e-9
    assert sample(text, "phaseone_tokens_total", '{direction="input"}') == 50
    assert sample(text, "phaseone_tokens_total", '{direction="output"}') == 25
    assert sample(text, "phaseone_cost_total") == 1.25
    assert sample(text, "phaseone_guardrail_findings_total", '{kind="pii"}') == 2
    assert sample(text, "phaseone_budget_remaining", '{scope="key:d"}') == 1.25
    assert sample(text, "phaseone_circuit_state", '{target="http POST x"}') == 2
    m.set_circuit("http POST x", "closed")
    assert sample(m.render().decode(), "phaseone_circuit_state", '{target="http POST x"}') == 0


def test_two_guards_do_not_share_metrics() -> None:
    a, b = GuardMetrics("a"), GuardMetrics("b")
    a.observe("ok", 200, "primary", 0.01, None, None, 0.0)
    assert "phaseone_requests_total{" in a.render().decode()
    assert "phaseone_requests_total{" not in b.render().decode()
