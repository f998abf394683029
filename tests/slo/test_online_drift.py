"""Drift and quality from online evals: a CUSUM on the online pass/fail stream against the
pilot's pass rate (a drop fires one ticket incident, delivered to a real local webhook; a
steady stream does not), its state kept in the store across watcher restarts, and the
quality SLO with `source: online` (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from online_fixtures import PROJECT, T0, live, pilot_run, write_plan

from phaseone.evals.online import score_online
from phaseone.plan.loader import LoadedPlan
from phaseone.plan.slo_schema import Slos
from phaseone.slo.drift import DRIFT_ALERT, LENGTH_ALERTS, input_text, read_drift
from phaseone.slo.notify import channels
from phaseone.slo.sequential import BernoulliCusum, cusum_threshold
from phaseone.slo.watch import step
from phaseone.store import Store
from phaseone.store import runs as run_store
from phaseone.store.online_queries import ONLINE_ROLE
from phaseone.store.slo_queries import recent_incidents
from servers import JsonServer

WINDOW = dt.timedelta(days=30)


@pytest.fixture
def hook() -> Iterator[JsonServer]:
    server = JsonServer(lambda payload, request: {"ok": True})
    server.start()
    try:
        yield server
    finally:
        server.stop()


def plan_with_hook(tmp_path: Path, hook: JsonServer, extra: str = "") -> LoadedPlan:
    return write_plan(
        tmp_path,
        "  online: {suite: happy, sample_rate: 1.0, max_per_pass: 5000}\n"
        f'  notify: {{webhook: {{url: "{hook.url}/slack"}}}}\n' + extra,
    )


def slos_of(loaded: LoadedPlan) -> Slos:
    assert loaded.plan.slos is not None
    return loaded.plan.slos


def score(loaded: LoadedPlan, store: Store, now: dt.datetime) -> int:
    online = slos_of(loaded).online
    assert online is not None
    return asyncio.run(score_online(loaded, store, online, window=WINDOW, now=now)).scored


def outcomes(store: Store) -> list[bool]:
    runs = sorted(run_store.list_runs(store, PROJECT, role=ONLINE_ROLE), key=lambda r: r.id)
    rows = [r for run in runs for r in run_store.iter_case_results(store, run.id)]
    return [bool(r.passed) for r in sorted(rows, key=lambda r: r.id)]


def test_a_drop_fires_one_drift_ticket_and_a_steady_stream_does_not(
    store: Store, tmp_path: Path, hook: JsonServer
) -> None:
    loaded = plan_with_hook(tmp_path, hook)
    slos = slos_of(loaded)
    pilot = pilot_run(store, 20, 19)  # p0 = 0.95 on the reference-free scorer
    sinks = channels(slos.notify)

    # negative control: 1,000 answers at the pilot's 95%: no alarm, nothing delivered
    live(store, T0, 1000, bad_every=20, tag="steady")
    now = T0 + dt.timedelta(hours=1)
    assert score(loaded, store, now) == 1000
    calm = step(store, slos, PROJECT, sinks, now=now)
    drift = next(c for c in calm.checks if c.name == DRIFT_ALERT)
    assert not drift.firing and calm.fired == [] and hook.requests == 0
    assert drift.evidence["p0_pilot_pass_rate"] == 0.95
    assert drift.evidence["observations"] == 1000 and drift.evidence["alarms"] == 0

    # positive control: the answers drop to 75% good
    live(store, now, 400, bad_every=4, tag="drop")
    later = now + dt.timedelta(hours=1)
    assert score(loaded, store, later) == 400
    fired = step(store, slos, PROJECT, sinks, now=later)
    assert [i.alert for i in fired.fired] == [DRIFT_ALERT]
    incident = fired.fired[0]
    assert incident.slo == "drift" and incident.severity == "ticket"
    ev = incident.evidence
    assert ev["p0_pilot_pass_rate"] == 0.95 and ev["pilot_run"] == pilot
    assert ev["observations"] == 1400
    alarm_at = int(ev["last_alarm_at_observation"])  # type: ignore[call-overload]
    assert 1000 < alarm_at <= 1400
    assert float(ev["statistic_at_alarm"]) >= float(ev["threshold"])  # type: ignore[arg-type]
    assert hook.requests == 1 and hook.last.body["phaseone"]["event"] == "fired"
    assert hook.last.body["phaseone"]["slo"] == "drift"

    # the drop goes on: the incident stays open and is not fired or delivered again
    live(store, later, 400, bad_every=4, tag="drop2")
    last = later + dt.timedelta(hours=1)
    score(loaded, store, last)
    again = step(store, slos, PROJECT, sinks, now=last)
    assert again.fired == [] and again.resolved == [] and hook.requests == 1
    assert [i.alert for i in recent_incidents(store, PROJECT)] == [DRIFT_ALERT]


def test_the_monitor_continues_across_restarts_and_reads_each_result_once(
    store: Store, tmp_path: Path, hook: JsonServer
) -> None:
    loaded = plan_with_hook(tmp_path, hook)
    online = slos_of(loaded).online
    assert online is not None
    pilot_run(store, 20, 19)
    live(store, T0, 500, bad_every=20, tag="a")
    score(loaded, store, T0 + dt.timedelta(hours=1))
    first = read_drift(store, PROJECT, online)  # each call starts from the store alone
    assert read_drift(store, PROJECT, online).evidence["observations"] == 500  # not re-read
    live(store, T0 + dt.timedelta(hours=1), 300, bad_every=4, tag="b")
    score(loaded, store, T0 + dt.timedelta(hours=2))
    second = read_drift(store, PROJECT, online)

    # the same test as one uninterrupted CUSUM over the whole stream
    whole = BernoulliCusum(0.95, 0.85, cusum_threshold(0.05, 100_000))
    stream = outcomes(store)
    at = [i for i, p in enumerate(stream, 1) if whole.update(p)]
    alarms = len(at)
    assert len(stream) == 800 and alarms >= 1 and at[0] > 500
    assert first.state is not None and second.state is not None
    assert second.state.observations == 800 and second.state.alarms == alarms
    assert second.state.statistic == pytest.approx(whole.statistic)
    assert second.state.last_alarm_observation == at[-1] and second.firing
    assert first.state.alarms == 0 and not first.firing


def test_a_new_pilot_run_is_a_new_baseline(store: Store, tmp_path: Path, hook: JsonServer) -> None:
    loaded = plan_with_hook(tmp_path, hook)
    online = slos_of(loaded).online
    assert online is not None
    assert read_drift(store, PROJECT, online).state is None  # nothing scored: no monitor
    live(store, T0, 50, tag="a")
    score(loaded, store, T0 + dt.timedelta(hours=1))
    waiting = read_drift(store, PROJECT, online)
    assert waiting.state is None and "no completed pilot run" in waiting.summary
    pilot_run(store, 20, 19)
    assert read_drift(store, PROJECT, online).evidence["p0_pilot_pass_rate"] == 0.95
    newer = pilot_run(store, 10, 7)
    reading = read_drift(store, PROJECT, online)
    assert reading.state is not None and reading.state.pilot_run == newer
    assert reading.state.p0 == pytest.approx(0.7) and reading.state.observations == 0


@pytest.mark.parametrize(
    ("text", "alert"),
    [
        ("please read my message {k} and the long story that follows it", LENGTH_ALERTS[True]),
        ("m{k}", LENGTH_ALERTS[False]),
        ("message {k}", None),  # negative control: inputs like the pilot's
    ],
)
def test_input_length_drift_fires_on_longer_or_shorter_inputs_only(
    store: Store, tmp_path: Path, hook: JsonServer, text: str, alert: str | None
) -> None:
    loaded = plan_with_hook(tmp_path, hook)
    slos = slos_of(loaded)
    pilot_run(store, 20, 19)  # inputs "message 0" … "message 19": median 9.5 characters
    live(store, T0, 600, text=text)  # all answers good: only the inputs move
    now = T0 + dt.timedelta(hours=1)
    score(loaded, store, now)
    done = step(store, slos, PROJECT, [], now=now)
    # (the long English text also moves the inputs' language, a monitor of its own)
    length_alerts = set(LENGTH_ALERTS.values())
    assert [i.alert for i in done.fired if i.alert in length_alerts] == ([alert] if alert else [])
    longer = next(c for c in done.checks if c.name == LENGTH_ALERTS[True])
    assert longer.evidence["pilot_median_length"] == 9.5
    assert longer.evidence["observations"] == 600
    if alert is not None:
        fired = done.fired[0]
        assert fired.slo == "drift" and fired.severity == "ticket"
        # every input moved: the CUSUM alarms about every 80 inputs (h 14.5 / step 0.18)
        assert int(fired.evidence["alarms"]) >= 6  # type: ignore[call-overload]


def test_a_chat_input_is_measured_by_its_last_user_message() -> None:
    chat = {
        "messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}]
    }
    assert input_text(chat) == "hi"
    assert input_text(chat["messages"]) == "hi"
    assert input_text("hello") == "hello"
    assert input_text({"q": 1}) == '{"q":1}'


def test_quality_from_online_evals_burns_its_budget(
    store: Store, tmp_path: Path, hook: JsonServer
) -> None:
    loaded = plan_with_hook(tmp_path, hook, "  quality: {target: 0.99, source: online}\n")
    slos = slos_of(loaded)
    # an hour of answers every 10 s, 1 in 1,000 bad: well inside a 99% objective
    live(store, T0, 360, bad_every=1000, tag="good", spacing_s=10)
    now = T0 + dt.timedelta(hours=1)
    score(loaded, store, now)
    calm = step(store, slos, PROJECT, [], now=now)
    assert [c.name for c in calm.firing if c.slo == "quality"] == []
    # the next hour: half the answers fail the suite's scorer
    live(store, now, 360, bad_every=2, tag="bad", spacing_s=10)
    later = now + dt.timedelta(hours=1)
    score(loaded, store, later)
    burning = step(store, slos, PROJECT, [], now=later)
    quality = {c.name: c for c in burning.checks if c.slo == "quality"}
    page = quality["PhaseoneQualityBudgetBurnPage1h"]
    assert page.firing and page.evidence["long_bad_share"] == 0.5
    assert "PhaseoneQualityBudgetBurnPage1h" in [i.alert for i in burning.fired]
