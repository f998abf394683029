"""A page that fires after a decision makes the gate decide again: NO-GO with the reason
recorded in the hash-chained log; when the alert resolves, the gate decides again."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from rich.console import Console

from phaseone.commands.watch import watch
from phaseone.gate.decision import decide, evaluate
from phaseone.plan.workspace import workspace
from phaseone.store.decisions import list_decisions
from phaseone.store.trace_row import TraceRow
from phaseone.store.traces import write_batch

PLAN = """\
version: 1
project: {name: inbox}
owner: {name: Dana, role: Head of Support, team: Support, contact: dana@example.com}
target: {kind: http, url: "http://127.0.0.1:9/x"}
store: {url: "sqlite:///STORE"}
slos:
  availability: {target: 0.995}
"""


def traffic(ws_store: object, end: dt.datetime, bad_per_20: int, tag: str) -> None:
    rows = [
        TraceRow(
            f"{tag}-{m}-{i}",
            "inbox",
            key_name="app",
            started_at=end - dt.timedelta(minutes=60 - m, seconds=-i * 3),
            latency_ms=50.0,
            outcome="fallback" if i < bad_per_20 else "ok",
        )
        for m in range(60)
        for i in range(20)
    ]
    write_batch(ws_store, rows)  # type: ignore[arg-type]


def slo_check(record: dict[str, object]) -> dict[str, object]:
    checks = record["checks"]
    assert isinstance(checks, list)
    return next(c for c in checks if c["id"] == "reliability.slo_alerts")


def test_a_page_after_the_decision_is_recorded_as_a_new_decision(tmp_path: Path) -> None:
    plan = tmp_path / "phaseone.yaml"
    plan.write_text(PLAN.replace("STORE", str(tmp_path / "store.db")), encoding="utf-8")
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None)
    with workspace(plan) as ws:
        # before anything watched: the check is skipped, not passed (nothing observed)
        assert slo_check(evaluate(ws.loaded, ws.store).record)["status"] == "skipped"
        first = decide(ws.loaded, ws.store)
        now = dt.datetime.now(dt.UTC)
        traffic(ws.store, now, 0, "calm")
        assert watch(ws.loaded, ws.store, console, once=True, interval_s=60) is False
        assert len(list_decisions(ws.store, "inbox")) == 1  # nothing fired: no new decision
        assert slo_check(evaluate(ws.loaded, ws.store).record)["status"] == "pass"

        traffic(ws.store, now, 4, "burn")  # 4 of 40 a minute degraded: 10%
        assert watch(ws.loaded, ws.store, console, once=True, interval_s=60) is True
        decisions = list_decisions(ws.store, "inbox")
        assert len(decisions) == 2 and decisions[1].prev_hash == decisions[0].record_hash
        check = slo_check(decisions[1].record)
        assert check["status"] == "fail"
        assert "PhaseoneAvailabilityBudgetBurnPage1h" in str(check["reason"])
        assert decisions[1].outcome == "NO-GO"
        assert f"decision #2: {first.outcome} → NO-GO" in out.getvalue()


def slow_burn(ws_store: object, end: dt.datetime) -> None:
    """An hour at 2% degraded: a burn rate of 4 on a 99.5% target, over the ticket's bar
    (1 over 3 days and 6 h) and under every page's (14.4 over 1 h, 6 over 6 h)."""
    rows = [
        TraceRow(
            f"slow-{m}-{i}",
            "inbox",
            key_name="app",
            started_at=end - dt.timedelta(minutes=60 - m, seconds=-i),
            latency_ms=50.0,
            outcome="fallback" if i == 0 else "ok",
        )
        for m in range(60)
        for i in range(50)
    ]
    write_batch(ws_store, rows)  # type: ignore[arg-type]


def check_of(record: dict[str, object], check_id: str) -> dict[str, object]:
    checks = record["checks"]
    assert isinstance(checks, list)
    return next(c for c in checks if c["id"] == check_id)


def test_a_ticket_after_the_decision_is_recorded_without_changing_the_outcome(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "phaseone.yaml"
    plan.write_text(PLAN.replace("STORE", str(tmp_path / "store.db")), encoding="utf-8")
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None)
    with workspace(plan) as ws:
        assert (
            check_of(evaluate(ws.loaded, ws.store).record, "reliability.slo_tickets")["status"]
            == "skipped"
        )  # nothing watched yet: not a pass
        first = decide(ws.loaded, ws.store)
        slow_burn(ws.store, dt.datetime.now(dt.UTC))
        assert watch(ws.loaded, ws.store, console, once=True, interval_s=60) is False  # no page
        decisions = list_decisions(ws.store, "inbox")
        assert len(decisions) == 2 and decisions[1].prev_hash == decisions[0].record_hash
        assert decisions[1].outcome == first.outcome  # a ticket does not block
        ticket = check_of(decisions[1].record, "reliability.slo_tickets")
        assert ticket["status"] == "fail" and ticket["blocking"] is False
        assert "Ticket" in str(ticket["reason"]) and "Page" not in str(ticket["reason"])
        assert check_of(decisions[1].record, "reliability.slo_alerts")["status"] == "pass"
        assert f"decision #2: {first.outcome} → {first.outcome}" in out.getvalue()
        assert "after fired Phaseone" in out.getvalue()
        # the same alert still firing at the next evaluation: no third decision
        assert watch(ws.loaded, ws.store, console, once=True, interval_s=60) is False
        assert len(list_decisions(ws.store, "inbox")) == 2
