"""End to end: `phaseone demo` into a temporary directory, then check the evidence agrees.

The demo runs once for the whole module (it is the expensive test). Each check reads
the store directly and compares it with what the demo printed and what the report
says: the decision's runs exist, their summaries match the report, the probe batch
exists and every burst request left a trace.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterator

import pytest
from rich.console import Console
from sqlalchemy import func, select

from phaseone.demo.run import DemoResult, run_demo
from phaseone.store.database import Store
from phaseone.store.models import ApiKey, Decision, MetricLock, ProbeResult, Run, Trace
from phaseone.store.run_summary import RunSummary


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DemoResult, str]]:
    root = tmp_path_factory.mktemp("demo") / "ws"
    out = io.StringIO()
    saved = os.environ.pop("PHASEONE_DB_URL", None)  # the demo must use its own store
    try:
        result = run_demo(
            root,
            console=Console(file=out, width=120, color_system=None),
        )
    finally:
        if saved is not None:
            os.environ["PHASEONE_DB_URL"] = saved
    yield result, out.getvalue()


@pytest.fixture(scope="module")
def store(demo: tuple[DemoResult, str]) -> Iterator[Store]:
    s = Store(f"sqlite:///{demo[0].workspace.root / '.phaseone' / 'phaseone.db'}")
    yield s
    s.close()


def test_no_step_failed_and_nothing_crashed(demo: tuple[DemoResult, str]) -> None:
    result, printed = demo
    assert [s.number for s in result.steps] == [1, 2, 3, 4, 5, 6]
    assert [s.status for s in result.steps] == ["ok"] * 6, printed
    assert "Traceback" not in printed
    assert "7/7 The decision" in printed
    ws = result.workspace
    assert ws.plan.is_file() and ws.inbox.is_file() and ws.model.is_file()
    assert ws.embeddings.is_file()


def test_metric_was_locked_before_the_first_run(demo: tuple[DemoResult, str], store: Store) -> None:
    assert demo[0].completed
    with store.session() as s:
        locks = s.scalars(select(MetricLock).order_by(MetricLock.id)).all()
        first_run = s.scalars(
            select(Run).where(Run.suite == "inbox").order_by(Run.started_at)
        ).first()
    assert locks and first_run is not None
    assert locks[0].metric["threshold"] == 0.8 and locks[0].metric["label"] == "spam"
    assert locks[0].locked_at <= first_run.started_at
    # One lock, taken with the identity of the inbox the metric is measured on.
    assert len(locks) == 1
    assert locks[0].dataset_identity is not None
    assert locks[0].dataset_identity["rows"] == 1000
    assert locks[0].dataset_identity["content_hash"] == first_run.dataset_identity["content_hash"]


def test_the_runs_are_stored_with_the_summaries_the_demo_printed(
    demo: tuple[DemoResult, str], store: Store
) -> None:
    result, printed = demo
    assert result.steps[3].status == "ok", printed
    suites = {"inbox", "edge", "adversarial"}
    assert set(result.run_ids) == suites | {f"{name}:baseline" for name in suites}
    with store.session() as s:
        runs = {r.id: r for r in s.scalars(select(Run)).all()}
    for key, run_id in result.run_ids.items():
        run = runs[run_id]
        assert run.status == "completed"
        assert run.role == ("baseline" if key.endswith(":baseline") else "pilot")
        assert RunSummary.of(run.summary) == result.run_summaries[key]
        # The demo's evidence is all fresh calls: nothing reused from the response cache.
        assert run.summary is not None
        assert (run.summary["fresh_calls"], run.summary["reused_answers"]) == (run.summary["n"], 0)
    assert "reused from the response cache" not in printed
    inbox = result.run_summaries["inbox"]
    assert inbox.n == 1000 and inbox.errors == 0
    metric = inbox.metric
    assert metric is not None
    assert metric.name == "spam precision" and metric.threshold == 0.8
    assert metric.lower is not None and metric.value is not None and metric.upper is not None
    assert metric.lower <= metric.value <= metric.upper
    # The evidence itself, not a script, decides: the metric is whatever the model earned.
    assert 0.5 < metric.value <= 1.0


def test_burst_left_traces_and_the_controls_acted(
    demo: tuple[DemoResult, str], store: Store
) -> None:
    result, _printed = demo
    statuses = [row["status"] for row in result.burst]
    assert statuses.count(200) >= 5
    assert 401 in statuses  # no key
    assert 413 in statuses or 422 in statuses  # over the size limit
    assert 402 in statuses or 429 in statuses  # the small-budget key ran out
    with store.session() as s:
        traces = s.scalar(select(func.count()).select_from(Trace)) or 0
        ids = set(s.scalars(select(Trace.id)).all())
        redacted = [t.input for t in s.scalars(select(Trace)).all()]
    assert traces >= len(result.burst)
    # Every burst request, refused or not, left a trace under the id the gateway returned.
    assert {row["request_id"] for row in result.burst} <= ids
    # The demo's API keys do not outlive it.
    with store.session() as s:
        keys = s.scalars(select(ApiKey).where(ApiKey.name.like("demo-%"))).all()
    assert len(keys) == 2 and all(k.revoked_at is not None for k in keys)
    stored = json.dumps(redacted, ensure_ascii=False)
    assert "4111 1111 1111 1111" not in stored and "jane.doe@example.com" not in stored


def test_probe_batch_exists(demo: tuple[DemoResult, str], store: Store) -> None:
    result, printed = demo
    assert result.probe_batch, printed
    with store.session() as s:
        rows = s.scalars(
            select(ProbeResult).where(ProbeResult.batch_id == result.probe_batch)
        ).all()
    assert rows
    assert {r.project for r in rows} == {"inbox-screening"}
    # `verify --url` against the demo's running gateway, enforcing the plan's controls:
    # the batch counts for the gate (no control is inconclusive for where it was probed)
    from phaseone.plan.controls_hash import controls_hash
    from phaseone.plan.loader import load_plan
    from phaseone.store.probes import ProbeBatch

    batch = ProbeBatch.of(result.probe_batch, list(rows))
    plan = load_plan(result.workspace.plan).plan
    assert batch.deployed and batch.complete
    assert batch.gateway_controls == controls_hash(plan.controls)
    with store.session() as s:
        decision = s.scalars(select(Decision).order_by(Decision.seq.desc())).first()
    assert decision is not None
    controls = [c for c in decision.record["checks"] if c["id"].startswith("controls.")]
    assert controls and all(c["status"] != "inconclusive" for c in controls), controls


def test_decision_report_and_store_agree(demo: tuple[DemoResult, str], store: Store) -> None:
    result, printed = demo
    assert result.outcome in {"GO", "NO-GO", "INCONCLUSIVE"}, printed
    assert result.outcome in printed
    with store.session() as s:
        decision = s.scalars(select(Decision).order_by(Decision.seq.desc())).first()
        run_ids = set(s.scalars(select(Run.id)).all())
    assert decision is not None and decision.outcome == result.outcome
    record = decision.record
    # The decision cites exactly the runs the demo made, and they exist.
    cited = record["runs"]
    assert cited["metric"] == result.run_ids["inbox"]
    assert cited["baseline"] == result.run_ids["inbox:baseline"]
    assert cited["suites"] == {k: v for k, v in result.run_ids.items() if ":" not in k}
    assert set(cited["suites"].values()) | {cited["baseline"]} <= run_ids
    assert record["probe_batch_id"] == result.probe_batch
    assert record["owner"]["name"] == "Dana Okafor"
    # The metric in the decision is the one the metric run measured.
    metric_run = result.run_summaries["inbox"].metric
    assert metric_run is not None
    assert record["metric"]["run_id"] == result.run_ids["inbox"]
    assert record["metric"]["result"]["value"] == pytest.approx(metric_run.value)
    assert record["metric"]["result"]["verdict"] == metric_run.verdict
    # The report says what the store says.
    assert result.report is not None and result.report.is_file()
    html = result.report.read_text(encoding="utf-8")
    assert result.outcome in html and "Dana Okafor" in html
    report_json = json.loads((result.workspace.root / "report.json").read_text())
    assert report_json["outcome"] == result.outcome
    assert report_json["runs"] == cited
    assert report_json["seq"] == decision.seq
    assert set(report_json["suites"]) == {"inbox", "edge", "adversarial"}
    for suite, summary in report_json["suites"].items():
        assert summary["run_id"] == result.run_ids[suite]
        stored = result.run_summaries[suite]
        assert summary["n"] == stored.n
        assert stored.pass_rate is not None
        assert summary["pass_rate"] == stored.pass_rate.to_json()


def test_a_second_run_reuses_the_workspace_and_keeps_the_lock(
    demo: tuple[DemoResult, str], store: Store
) -> None:
    first, _ = demo
    with store.session() as s:
        locks_before = len(s.scalars(select(MetricLock)).all())
    out = io.StringIO()
    again = run_demo(first.workspace.root, console=Console(file=out, width=120, color_system=None))
    printed = out.getvalue()
    assert again.completed, printed
    assert "loaded the cached weights" in printed
    assert "unchanged" in printed  # the metric lock taken by the first run still holds
    assert again.outcome == first.outcome  # same evidence, same decision
    assert all(x.reused_answers == 0 for x in again.run_summaries.values())
    with store.session() as s:
        decisions = s.scalars(select(Decision).order_by(Decision.seq)).all()
        locks = s.scalars(select(MetricLock)).all()
    assert [d.seq for d in decisions] == [1, 2]
    assert decisions[1].prev_hash == decisions[0].record_hash  # the chain continues
    assert decisions[1].record["metric_drift"] is None
    assert len(locks) == locks_before  # nothing re-locked
    assert len({json.dumps(lock.metric, sort_keys=True) for lock in locks}) == 1


def test_what_the_demo_prints_and_reports_reads_well(demo: tuple[DemoResult, str]) -> None:
    """No None, no 1e-06, no 0.0 d; advice instead of an unreachable sample size."""
    from readable import assert_readable

    result, printed = demo
    assert_readable(printed, "the demo's output")
    assert result.report is not None
    html = result.report.read_text(encoding="utf-8")
    assert_readable(html, "the demo's report")
    for text in (printed, html):
        assert "more cases needed" not in text
        assert not re.search(r"about [\d,]{5,} more cases", text), "an unreachable number"


def test_after_the_decision_a_burning_budget_pages_the_owner(demo: tuple[DemoResult, str]) -> None:
    result, printed = demo
    sim = result.after_go
    assert sim is not None and sim.fired, printed
    minutes = {alert: m for m, alert in sim.fired}
    # the fault starts at minute 0: nothing fires then (the healthy hours are no alarm);
    # the 1 h page needs the hour's bad share above 7.2%: about 36 min at 12%
    assert min(minutes.values()) > 0
    assert 35 <= minutes["PhaseoneAvailabilityBudgetBurnPage1h"] <= 45
    page = sim.page
    assert page is not None and str(page["To"]) == "dana.okafor@example.com"
    assert sim.inbox_file is not None and b"[PAGE]" in sim.inbox_file.read_bytes()
    assert "PhaseoneAvailabilityBudgetBurnPage1h fired" in printed
