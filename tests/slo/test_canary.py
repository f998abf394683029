"""Automatic canary decisions (`slo.canary`): the sequential tests read the canary's and
stable's traces from the store, take each step once, log it in the hash chain and tell
the owner through a real local webhook. On SQLite and PostgreSQL.

Traffic is written as the gateway writes it (trace rows with the route chosen), at known
times, with failures at fixed positions, so each expectation follows from the numbers: a
canary failing 3 requests in 5 against a stable failing 1 in 5 is 3x worse.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from phaseone.plan.canary_schema import CanaryAuto
from phaseone.plan.schema import Canary
from phaseone.plan.slo_schema import WebhookNotify
from phaseone.slo.canary import CanaryTests, canary_pass
from phaseone.slo.notify import Webhook
from phaseone.store import Store
from phaseone.store.canary_queries import latest_step, recent_steps, served_percent
from phaseone.store.decisions import get_decision, list_decisions, verify_chain
from phaseone.store.trace_row import TraceRow
from phaseone.store.traces import write_batch
from servers import JsonServer

PROJECT = "inbox"
T0 = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
TARGET = {"kind": "http", "url": "http://127.0.0.1:9/canary"}


def canary(**auto: Any) -> Canary:
    return Canary.model_validate({"target": TARGET, "percent": 20, "auto": {"settle_s": 0, **auto}})


def traffic(
    store: Store,
    start: dt.datetime,
    n: int,
    *,
    canary_every: int = 5,
    stable_fails: int = 1,
    canary_fails: int = 1,
    tag: str = "t",
) -> None:
    """`n` requests a second apart; every `canary_every`-th was routed to the canary. Of
    each five consecutive requests of a route, the first `*_fails` failed."""
    rows, seen = [], {"primary": 0, "canary": 0}
    for i in range(n):
        route = "canary" if i % canary_every == 0 else "primary"
        k = seen[route]
        seen[route] += 1
        failed = k % 5 < (canary_fails if route == "canary" else stable_fails)
        rows.append(
            TraceRow(
                f"{tag}-{i:06d}",
                PROJECT,
                key_name="app",
                started_at=start + dt.timedelta(seconds=i),
                latency_ms=50.0,
                outcome="error" if failed else "ok",
                status_code=502 if failed else 200,
                route=route,
                chosen_route=route,
            )
        )
    write_batch(store, rows)


@pytest.fixture
def hook() -> Iterator[JsonServer]:
    server = JsonServer(lambda payload, request: {"ok": True})
    server.start()
    try:
        yield server
    finally:
        server.stop()


def run(store: Store, c: Canary, now: dt.datetime, tmp_path: Path, sinks: list[Any] = []):  # noqa: B006
    return canary_pass(
        store,
        PROJECT,
        c,
        sinks,
        plan_hash="p" * 64,
        owner={"name": "Dana", "email": "dana@example.com"},
        head=tmp_path / "decisions.head",
        now=now,
    )


def test_a_canary_three_times_worse_is_rolled_back_logged_and_announced(
    store: Store, tmp_path: Path, hook: JsonServer
) -> None:
    c = canary()
    sinks = [Webhook(WebhookNotify(url=hook.url + "/slack"))]
    started = run(store, c, T0, tmp_path, sinks)  # the watcher meets the canary: step 0
    assert started is not None and started.verdict == "continue" and started.percent == 20
    assert served_percent(store, PROJECT, c.identity()) == 20
    traffic(store, T0 + dt.timedelta(seconds=1), 2500, canary_fails=3, tag="bad")
    done = run(store, c, T0 + dt.timedelta(hours=1), tmp_path, sinks)
    assert done is not None and done.verdict == "rollback", done.evidence
    assert done.step is not None and done.step.percent == 0 and done.step.final
    assert served_percent(store, PROJECT, c.identity()) == 0
    errors = done.evidence["errors"]
    assert errors["canary_bad_rate"] > 2.5 * errors["stable_bad_rate"]
    assert errors["log_likelihood_ratio"] >= errors["rollback_at"]
    assert done.evidence["canary_requests"] <= 500  # the goal
    # the hash-chained decision names the evidence and the plan's limits
    row = get_decision(store, PROJECT, done.decision_seq)
    assert row.outcome == "CANARY-ROLLBACK"
    assert row.record["kind"] == "canary" and row.record["percent_after"] == 0
    assert row.record["evidence"]["errors"]["canary_bad"] == errors["canary_bad"]
    assert row.record["limits"]["errors"]["ratio"] == 2.5
    report = verify_chain(store, PROJECT, head=tmp_path / "decisions.head")
    assert report.ok and report.count == 1, report.problems
    # the owner was told once, with the numbers
    assert hook.requests == 1
    body = hook.last.body["phaseone"]
    assert body["alert"] == "PhaseoneCanaryRolledBack" and body["severity"] == "page"
    assert f"decision #{done.decision_seq}" in body["details"]
    # later passes take no second step and send nothing twice
    again = run(store, c, T0 + dt.timedelta(hours=2), tmp_path, sinks)
    assert again is not None and again.step is None and again.verdict == "done"
    assert len(list_decisions(store, PROJECT)) == 1 and hook.requests == 1


def test_an_equal_canary_is_promoted_step_by_step(store: Store, tmp_path: Path) -> None:
    c = canary(promote_to=[50, 100])
    run(store, c, T0, tmp_path)
    traffic(store, T0 + dt.timedelta(seconds=1), 5000, tag="a")
    first = run(store, c, T0 + dt.timedelta(hours=2), tmp_path)
    assert first is not None and first.verdict == "promote", first.evidence
    assert first.step is not None and (first.step.percent, first.step.final) == (50, False)
    assert served_percent(store, PROJECT, c.identity()) == 50
    # the next stage tests new traffic only: the old traffic is not counted again
    idle = run(store, c, T0 + dt.timedelta(hours=3), tmp_path)
    assert idle is not None and idle.verdict == "continue"
    assert idle.evidence["canary_requests"] == 0
    traffic(store, T0 + dt.timedelta(hours=3), 3000, canary_every=2, tag="b")
    second = run(store, c, T0 + dt.timedelta(hours=5), tmp_path)
    assert second is not None and second.step is not None
    assert (second.step.percent, second.step.final) == (100, True)
    outcomes = [d.outcome for d in list_decisions(store, PROJECT)]
    assert outcomes == ["CANARY-PROMOTE", "CANARY-PROMOTE"]
    assert verify_chain(store, PROJECT, head=tmp_path / "decisions.head").ok


def test_too_little_evidence_decides_nothing(store: Store, tmp_path: Path) -> None:
    c = canary()
    run(store, c, T0, tmp_path)
    traffic(store, T0 + dt.timedelta(seconds=1), 60, canary_fails=3, tag="few")  # 12 canary
    done = run(store, c, T0 + dt.timedelta(hours=1), tmp_path)
    assert done is not None and done.verdict == "continue" and done.step is None
    assert done.evidence["canary_requests"] == 12  # below min_requests (20)
    assert list_decisions(store, PROJECT) == []
    assert served_percent(store, PROJECT, c.identity()) == 20
    # each trace is read once: a pass with no new traffic adds nothing
    again = run(store, c, T0 + dt.timedelta(hours=2), tmp_path)
    assert again is not None and again.evidence["canary_requests"] == 12


def test_traces_younger_than_settle_s_wait_for_a_later_pass(store: Store, tmp_path: Path) -> None:
    c = canary(settle_s=60)
    run(store, c, T0, tmp_path)
    traffic(store, T0 + dt.timedelta(seconds=1), 100, tag="young")
    early = run(store, c, T0 + dt.timedelta(seconds=41), tmp_path)  # none is 60 s old
    assert early is not None and early.evidence["canary_requests"] == 0
    later = run(store, c, T0 + dt.timedelta(seconds=200), tmp_path)
    assert later is not None and later.evidence["canary_requests"] == 20


def test_two_watchers_take_a_step_once(store: Store, tmp_path: Path, hook: JsonServer) -> None:
    c = canary()
    sinks = [Webhook(WebhookNotify(url=hook.url + "/slack"))]
    run(store, c, T0, tmp_path)
    traffic(store, T0 + dt.timedelta(seconds=1), 2500, canary_fails=3, tag="race")
    barrier = threading.Barrier(2)
    results: list[Any] = []

    def watcher() -> None:
        barrier.wait()
        results.append(run(store, c, T0 + dt.timedelta(hours=1), tmp_path, sinks))

    threads = [threading.Thread(target=watcher) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 2
    assert sum(1 for r in results if r.step is not None) == 1
    assert [d.outcome for d in list_decisions(store, PROJECT)] == ["CANARY-ROLLBACK"]
    step = latest_step(store, PROJECT, c.identity())
    assert step is not None and step.stage == 1 and step.decision_seq == 1
    assert verify_chain(store, PROJECT, head=tmp_path / "decisions.head").ok
    assert hook.requests == 1


def test_a_new_canary_in_the_plan_starts_a_new_test(store: Store, tmp_path: Path) -> None:
    old = canary()
    run(store, old, T0, tmp_path)
    traffic(store, T0 + dt.timedelta(seconds=1), 2500, canary_fails=3, tag="old")
    assert run(store, old, T0 + dt.timedelta(hours=1), tmp_path).verdict == "rollback"  # type: ignore[union-attr]
    new = Canary.model_validate(
        {"target": {**TARGET, "url": "http://127.0.0.1:9/v2"}, "percent": 10,
         "auto": {"settle_s": 0}}
    )  # fmt: skip
    assert new.identity() != old.identity()
    fresh = run(store, new, T0 + dt.timedelta(hours=2), tmp_path)
    assert fresh is not None and fresh.verdict == "continue" and fresh.percent == 10
    assert served_percent(store, PROJECT, new.identity()) == 10


def test_the_tests_decide_as_the_bench_measures() -> None:
    """`CanaryTests` alone (what bench_monitoring simulates): latency and errors are
    separate tests; any rollback rolls back, promotion needs all; max_requests holds."""
    auto = CanaryAuto.model_validate(
        {"latency": {"bound_ms": 100, "ratio": 2.5}, "max_requests": 400}
    )
    slow = CanaryTests(auto)
    for i in range(2000):
        route = "canary" if i % 2 else "primary"
        slow.request(route, False, 500.0 if (route == "canary" and i % 10 < 5) else 50.0)
        if slow.verdict() != "continue":
            break
    assert slow.verdict() == "rollback"
    assert (
        slow.tests["latency"].decided == "rollback" and slow.tests["errors"].decided != "rollback"
    )
    quiet = CanaryTests(auto)  # no errors, no slow answers: the rates stay near 0
    for i in range(800):
        quiet.request("canary" if i % 2 else "primary", False, 50.0)
    assert quiet.canary_requests == 400 and quiet.verdict() == "hold"  # no bad event: no evidence
    # the saved state continues the same tests (a restarted watcher)
    again = CanaryTests(auto, quiet.state())
    assert again.canary_requests == 400 and again.tests["errors"].llr == quiet.tests["errors"].llr


@pytest.mark.parametrize("canary_bad_every", [4, 20])
def test_quality_from_online_evals_rolls_back_a_canary_that_fails_more(
    store: Store, tmp_path: Path, canary_bad_every: int
) -> None:
    """The quality signal reads the online evals of the sampled answers, each counted for
    the route its request was chosen for (no request errs: only quality can decide). A
    canary failing 1 answer in 4 against stable's 1 in 20 is rolled back; one failing as
    often as stable is not (the control)."""
    import asyncio

    from online_fixtures import live, pilot_run, write_plan

    from phaseone.evals.online import score_online

    loaded = write_plan(tmp_path, "  online: {suite: happy, sample_rate: 1.0, max_per_pass: 5000}")
    online = loaded.plan.slos.online  # type: ignore[union-attr]
    c = canary(errors=None, quality={"ratio": 2.5})
    run(store, c, T0 - dt.timedelta(minutes=1), tmp_path)
    pilot_run(store, 20, 19)
    live(store, T0, 600, bad_every=20, tag="s", spacing_s=2, chosen_route="primary")
    start = T0 + dt.timedelta(seconds=1)
    live(store, start, 300, bad_every=canary_bad_every, tag="c", spacing_s=4, chosen_route="canary")
    now = T0 + dt.timedelta(hours=1)
    asyncio.run(score_online(loaded, store, online, window=dt.timedelta(days=30), now=now))
    done = canary_pass(
        store, PROJECT, c, [], plan_hash="p" * 64, owner={}, head=tmp_path / "decisions.head",
        online_suite="happy", now=now,
    )  # fmt: skip
    assert done is not None and "errors" not in done.evidence  # not tested in this plan
    quality = done.evidence["quality"]
    assert quality["stable_bad_rate"] == pytest.approx(0.05, abs=0.01)
    assert quality["canary_bad_rate"] == pytest.approx(1 / canary_bad_every, abs=0.02)
    if canary_bad_every == 4:
        assert done.verdict == "rollback" and done.step is not None
    else:
        assert done.verdict in ("continue", "promote"), done.evidence
        assert all(d.outcome != "CANARY-ROLLBACK" for d in list_decisions(store, PROJECT))


def test_max_requests_without_a_decision_holds_the_share_and_says_so(
    store: Store, tmp_path: Path
) -> None:
    c = canary(max_requests=50)
    run(store, c, T0, tmp_path)
    traffic(store, T0 + dt.timedelta(seconds=1), 400, stable_fails=0, canary_fails=0, tag="q")
    done = run(store, c, T0 + dt.timedelta(hours=1), tmp_path)
    assert done is not None and done.verdict == "hold"  # no error anywhere: no evidence
    assert done.step is not None and (done.step.percent, done.step.final) == (20, True)
    row = get_decision(store, PROJECT, done.decision_seq)
    assert row.outcome == "CANARY-HOLD"
    assert any(
        "max_requests 50" in r and "at_max_requests = hold" in r for r in row.record["reasons"]
    )
    assert served_percent(store, PROJECT, c.identity()) == 20


#: A watcher (`canary_pass` in a process of its own) that dies the moment it computes a
#: decision's hash, i.e. while it writes the decision of the step it is taking.
DIES_WHILE_LOGGING = """
import datetime as dt, os, sys
from pathlib import Path
import phaseone.store.decisions as decisions
from phaseone.plan.schema import Canary
from phaseone.slo.canary import canary_pass
from phaseone.store import Store

url, canary_json, now, head = sys.argv[1:5]
decisions.record_hash = lambda *a, **k: os._exit(9)
store = Store(url)
canary_pass(store, "inbox", Canary.model_validate_json(canary_json), [], plan_hash="p" * 64,
            owner={"name": "Dana"}, head=Path(head), now=dt.datetime.fromisoformat(now))
print("the watcher did not die")
"""


def unlogged(store: Store, c: Canary) -> list[int]:
    """The stages past the start that are in force without a decision on record."""
    steps = recent_steps(store, PROJECT)
    return sorted(s.stage for s in steps if s.stage > 0 and s.decision_seq is None)


def test_a_watcher_that_dies_while_logging_leaves_no_step_without_its_decision(
    store: Store, tmp_path: Path
) -> None:
    """Step and decision are one transaction: the dead watcher's step is not in force
    without its decision, and the next pass takes both, once."""
    import subprocess
    import sys

    c = canary()
    head = tmp_path / "decisions.head"
    run(store, c, T0, tmp_path)
    traffic(store, T0 + dt.timedelta(seconds=1), 2500, canary_fails=3, tag="crash")
    now = T0 + dt.timedelta(hours=1)
    args = [store.url, c.model_dump_json(), now.isoformat(), str(head)]
    died = subprocess.run(
        [sys.executable, "-c", DIES_WHILE_LOGGING, *args], capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert died.returncode == 9, died.stdout + died.stderr  # it died mid-way
    assert unlogged(store, c) == []  # nothing in force without its decision
    assert list_decisions(store, PROJECT) == []
    done = run(store, c, now + dt.timedelta(minutes=1), tmp_path)  # the restarted watcher
    assert done is not None and done.verdict == "rollback" and done.step is not None
    rows = list_decisions(store, PROJECT)
    assert [r.outcome for r in rows] == ["CANARY-ROLLBACK"]
    assert rows[0].record["stage"] == done.step.stage == 1 and done.decision_seq == 1
    assert served_percent(store, PROJECT, c.identity()) == 0
    assert verify_chain(store, PROJECT, head=head).ok


def test_a_step_taken_while_the_log_is_broken_is_logged_once_when_it_is_whole(
    store: Store, tmp_path: Path
) -> None:
    """A rollback does not wait for a repaired decision log: its step stands alone, and
    the first passes that find the log intact append its decision exactly once (two
    watchers at the same moment)."""
    c = canary()
    head = tmp_path / "decisions.head"
    run(store, c, T0, tmp_path)
    traffic(store, T0 + dt.timedelta(seconds=1), 2500, canary_fails=3, tag="broken")
    good = head.read_text() if head.exists() else ""
    head.write_text(good + '{"project":"other","seq":1,"record_hash":"x","decided_at":"y"}\n')
    done = run(store, c, T0 + dt.timedelta(hours=1), tmp_path)
    assert done is not None and done.step is not None and done.step.percent == 0
    assert served_percent(store, PROJECT, c.identity()) == 0  # in force at once
    assert done.decision_seq is None and any("decision log" in f for f in done.failed)
    assert unlogged(store, c) == [1] and list_decisions(store, PROJECT) == []
    head.write_text(good)  # the log is repaired
    barrier = threading.Barrier(2)
    results: list[Any] = []

    def watcher() -> None:
        barrier.wait()
        results.append(run(store, c, T0 + dt.timedelta(hours=2), tmp_path))

    threads = [threading.Thread(target=watcher) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(len(r.logged_late) for r in results) == [0, 1], [r.failed for r in results]
    rows = list_decisions(store, PROJECT)
    assert [r.outcome for r in rows] == ["CANARY-ROLLBACK"]
    rec = rows[0].record
    assert (rec["stage"], rec["percent_before"], rec["percent_after"]) == (1, 20, 0)
    assert rec["step_taken_at"] == (T0 + dt.timedelta(hours=1)).isoformat()
    assert rec["evidence"]["errors"]["verdict"] == "rollback"
    assert unlogged(store, c) == []
    step = latest_step(store, PROJECT, c.identity())
    assert step is not None and step.decision_seq == rows[0].seq
    assert verify_chain(store, PROJECT, head=head).ok


def test_two_watchers_retrying_a_canary_step_announce_it_once(
    store: Store, tmp_path: Path, hook: JsonServer
) -> None:
    """The webhook was down when the step was taken; later two watchers retry it at the
    same moment while it answers slowly: the claim in the store lets one send it."""
    c = canary()
    sinks = [Webhook(WebhookNotify(url=hook.url + "/slack"))]
    run(store, c, T0, tmp_path, sinks)
    traffic(store, T0 + dt.timedelta(seconds=1), 2500, canary_fails=3, tag="retry")
    hook.mode, hook.status = "status", 503
    taken = run(store, c, T0 + dt.timedelta(hours=1), tmp_path, sinks)
    assert taken is not None and taken.step is not None and taken.failed
    hook.mode, hook.latency_s = "ok", 1.0
    hook.reset()
    barrier = threading.Barrier(2)
    results: list[Any] = []

    def watcher() -> None:
        barrier.wait()
        results.append(run(store, c, T0 + dt.timedelta(hours=2), tmp_path, sinks))

    threads = [threading.Thread(target=watcher) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 2 and hook.requests == 1
    assert sum(len(r.delivered) for r in results) == 1
    assert hook.last.body["phaseone"]["alert"] == "PhaseoneCanaryRolledBack"
    assert hook.last.headers["Idempotency-Key"] == hook.last.body["phaseone"]["key"]
