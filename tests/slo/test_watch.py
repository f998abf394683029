"""`phaseone watch`: burn-rate alerts from the store, delivered to a real SMTP server
(aiosmtpd) and a real local webhook, fired once per incident, resolved, retried.

Traffic is written as the gateway writes it (trace rows), at known times, so every
expectation follows from the numbers: 20 requests a minute, 10% of them degraded against a
99.5% objective burns the budget 20x faster than even.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from phaseone.demo.smtp_inbox import AnyPortController
from phaseone.plan import load_plan
from phaseone.plan.slo_schema import EmailNotify, Notify, Slos, WebhookNotify
from phaseone.slo.notify import Email, Webhook, channels
from phaseone.slo.watch import evaluate, step
from phaseone.store import Store
from phaseone.store.delivery_claims import CLAIM_LEASE, claim
from phaseone.store.slo_queries import recent_incidents
from phaseone.store.trace_row import TraceRow
from phaseone.store.traces import write_batch
from servers import JsonServer

T0 = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
PROJECT = "inbox"


def minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)


def traffic(
    store: Store,
    start: dt.datetime,
    span_min: int,
    *,
    per_min: int = 20,
    degraded_per_min: int = 0,
    latency_ms: float = 100.0,
    key: str | None = "app",
    cost: float = 0.0,
    tag: str = "t",
) -> None:
    rows = []
    for m in range(span_min):
        for i in range(per_min):
            bad = i < degraded_per_min
            rows.append(
                TraceRow(
                    f"{tag}-{start.timestamp():.0f}-{m}-{i}",
                    PROJECT,
                    key_name=key,
                    started_at=start + minutes(m) + dt.timedelta(seconds=i * 60 / per_min),
                    latency_ms=latency_ms,
                    outcome="fallback" if bad else "ok",
                    route="fallback" if bad else "primary",
                    cost=cost,
                )
            )
    write_batch(store, rows)


class Inbox:
    """What the SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    controller = AnyPortController(inbox)  # on a port the kernel chose: none to lose
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


@pytest.fixture
def hook() -> Iterator[JsonServer]:
    server = JsonServer(lambda payload, request: {"ok": True})
    server.start()
    try:
        yield server
    finally:
        server.stop()


def slos_with(hook: JsonServer | None, smtp_port: int | None, **extra: Any) -> Slos:
    notify = Notify(
        webhook=WebhookNotify(url=hook.url + "/slack") if hook else None,
        email=EmailNotify(
            host="127.0.0.1", port=smtp_port, sender="phaseone@example.com", to=["dana@example.com"]
        )
        if smtp_port
        else None,
    )
    return Slos.model_validate(
        {"availability": {"target": 0.995}, **extra, "notify": notify.model_dump()}
    )


def test_a_burn_fires_once_is_delivered_once_and_resolves(
    store: Store, hook: JsonServer, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    slos = slos_with(hook, port)
    sinks = channels(slos.notify)
    # two clean hours, then 10% degraded for an hour
    traffic(store, T0, 120)
    traffic(store, T0 + minutes(120), 60, degraded_per_min=2, tag="burn")

    early = step(store, slos, PROJECT, sinks, now=T0 + minutes(125))
    assert early.fired == [] and inbox.messages == []  # 5 min in: only the short window burns

    now = T0 + minutes(170)  # 50 min in: the 1 h window is at 8.3% > 7.2%
    first = step(store, slos, PROJECT, sinks, now=now)
    fired = {i.alert for i in first.fired}
    assert fired == {
        "PhaseoneAvailabilityBudgetBurnPage1h",
        "PhaseoneAvailabilityBudgetBurnTicket3d",
    }
    assert len(inbox.messages) == 2 and hook.requests == 2
    subjects = sorted(str(m["Subject"]) for m in inbox.messages)
    assert subjects[0].startswith("[PAGE] inbox: availability error budget burning 14.4x")
    assert hook.last.body["phaseone"]["event"] == "fired"
    assert "text" in hook.last.body  # Slack shows this

    again = step(store, slos, PROJECT, sinks, now=now + minutes(1))
    assert again.fired == [] and len(inbox.messages) == 2 and hook.requests == 2

    # the problem ends at 180 min; by 240 min the 1 h window is clean again
    traffic(store, T0 + minutes(180), 60, tag="after")
    later = step(store, slos, PROJECT, sinks, now=T0 + minutes(240))
    assert [i.alert for i in later.resolved] == ["PhaseoneAvailabilityBudgetBurnPage1h"], later
    resolved = [m for m in inbox.messages if str(m["Subject"]).startswith("[RESOLVED]")]
    assert len(resolved) == 1 and hook.last.body["phaseone"]["event"] == "resolved"
    step(store, slos, PROJECT, sinks, now=T0 + minutes(241))
    assert len(inbox.messages) == 3 and hook.requests == 3


def test_healthy_traffic_and_probe_traffic_fire_nothing(store: Store) -> None:
    slos = slos_with(None, None)
    traffic(store, T0, 70, per_min=500, degraded_per_min=1, tag="healthy")  # 0.2% bad
    # the probes' deliberately broken requests are not live traffic
    traffic(store, T0, 70, per_min=20, degraded_per_min=20, key="phaseone-probe-fallback", tag="p")
    checks = evaluate(store, slos, PROJECT, T0 + minutes(70))
    assert [c.name for c in checks if c.firing] == []
    # positive control: failing traffic from a real key does fire (100 of 600 a minute)
    traffic(store, T0, 70, per_min=100, degraded_per_min=100, key="app", tag="real")
    checks = evaluate(store, slos, PROJECT, T0 + minutes(70))
    assert "PhaseoneAvailabilityBudgetBurnPage1h" in [c.name for c in checks if c.firing]


def test_a_failed_delivery_is_retried_and_never_duplicated(
    store: Store, hook: JsonServer, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    slos = slos_with(hook, port)
    sinks = channels(slos.notify)
    traffic(store, T0, 60, degraded_per_min=10)
    hook.mode, hook.status = "status", 503
    first = step(store, slos, PROJECT, sinks, now=T0 + minutes(60))
    assert first.fired and first.failed and "webhook http://127.0.0.1" in first.failed[0]
    emails = len(inbox.messages)
    assert emails == len(first.fired)  # email worked while the webhook did not
    hook.mode = "ok"
    hook.reset()
    second = step(store, slos, PROJECT, sinks, now=T0 + minutes(61))
    assert second.fired == [] and hook.requests == len(first.fired)
    assert len(inbox.messages) == emails  # nothing sent twice
    stored = recent_incidents(store, PROJECT)
    assert all(set(i.deliveries) == {"webhook", "email"} for i in stored)


def test_two_watchers_retrying_a_slow_channel_send_each_message_once(
    store: Store, hook: JsonServer, smtp: tuple[Inbox, int]
) -> None:
    """Two watchers retry the same undelivered incident at the same moment while the
    webhook takes a second to answer: the claim in the store lets one of them send it.
    Every copy of a message carries its idempotency key (header, Message-ID)."""
    inbox, port = smtp
    slos = slos_with(hook, port)
    sinks = channels(slos.notify)
    traffic(store, T0, 60, degraded_per_min=10)
    hook.mode, hook.status = "status", 503
    first = step(store, slos, PROJECT, sinks, now=T0 + minutes(60))
    assert first.fired and first.failed  # stored, emailed, not yet on the webhook
    emails = len(inbox.messages)
    hook.mode, hook.latency_s = "ok", 1.0  # it works again, slowly
    hook.reset()
    barrier = threading.Barrier(2)
    done: list[Any] = []

    def watcher() -> None:
        barrier.wait()
        done.append(step(store, slos, PROJECT, sinks, now=T0 + minutes(61)))

    threads = [threading.Thread(target=watcher) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(done) == 2
    assert hook.requests == len(first.fired), [r.body["phaseone"]["alert"] for r in hook.received]
    assert sum(len(d.delivered) for d in done) == len(first.fired)
    assert len(inbox.messages) == emails  # the email went out once, on the first pass
    keys = {r.headers["Idempotency-Key"] for r in hook.received}
    assert len(keys) == len(first.fired)
    assert {str(m["Message-ID"]) for m in inbox.messages} == {f"<{k}@phaseone.watch>" for k in keys}


def test_a_watcher_that_died_holding_a_claim_is_taken_over_after_the_lease(
    store: Store, hook: JsonServer
) -> None:
    """At-least-once across a crash: a claim whose watcher died before the channel said
    yes blocks nobody for ever; after the lease the message is sent, once, with the key
    the dead watcher would have used, so a receiver can drop a copy."""
    slos = slos_with(hook, None)
    sinks = channels(slos.notify)
    traffic(store, T0, 60, degraded_per_min=10)
    hook.mode, hook.status = "status", 503
    first = step(store, slos, PROJECT, sinks, now=T0 + minutes(60))
    page = next(i for i in first.fired if i.alert.endswith("Page1h"))
    subject = f"incident:{page.id}"
    state, held = claim(store, PROJECT, subject, "webhook", "fired", T0 + minutes(60))
    assert state == "mine" and held is not None  # ...and then this watcher died
    hook.mode = "ok"
    hook.reset()
    step(store, slos, PROJECT, sinks, now=T0 + minutes(61))  # within the lease: held
    alerts = [r.body["phaseone"]["alert"] for r in hook.received]
    assert page.alert not in alerts and len(alerts) == len(first.fired) - 1
    after = T0 + minutes(60) + CLAIM_LEASE + minutes(1)
    step(store, slos, PROJECT, sinks, now=after)  # the lease ran out: taken over
    step(store, slos, PROJECT, sinks, now=after + minutes(1))
    fired = [r.body["phaseone"] for r in hook.received if r.body["phaseone"]["event"] == "fired"]
    sent = [r for r in hook.received if r.body["phaseone"]["alert"] == page.alert]
    assert [r.body["phaseone"]["event"] for r in sent][:1] == ["fired"]
    assert sent[0].headers["Idempotency-Key"] == held.key
    assert sorted(f["alert"] for f in fired) == sorted(i.alert for i in first.fired)  # once each


def test_two_watchers_fire_an_incident_once(store: Store) -> None:
    slos = slos_with(None, None)
    traffic(store, T0, 60, degraded_per_min=10)
    now = T0 + minutes(60)
    results: list[int] = []
    barrier = threading.Barrier(2)

    def watcher() -> None:
        barrier.wait()
        results.append(len(step(store, slos, PROJECT, [], now=now).fired))

    threads = [threading.Thread(target=watcher) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    firing = [c for c in evaluate(store, slos, PROJECT, now) if c.firing]
    assert sum(results) == len(firing) > 0
    assert len(recent_incidents(store, PROJECT)) == len(firing)


def test_slow_answers_and_a_spending_spree_fire_their_alerts(store: Store) -> None:
    slos = Slos.model_validate(
        {"latency": {"target": 0.99, "threshold_s": 2.5}, "cost": {"per_day": 50}}
    )
    traffic(store, T0, 60, latency_ms=3000.0, cost=0.01)  # 20/min x 0.01 = 12 per hour
    names = {c.name for c in evaluate(store, slos, PROJECT, T0 + minutes(60)) if c.firing}
    assert "PhaseoneLatencyBudgetBurnPage1h" in names
    assert "PhaseoneCostPaceHigh" in names  # 12/h is 288/day > 4 x 50
    assert "PhaseoneCostPerDayExceeded" not in names  # 12 spent so far < 50
    traffic(store, T0 + minutes(60), 60, latency_ms=200.0, tag="fast")
    names = {c.name for c in evaluate(store, slos, PROJECT, T0 + minutes(120)) if c.firing}
    assert "PhaseoneLatencyBudgetBurnPage1h" not in names  # negative control: fast again


def test_channels_report_a_dead_server_as_a_delivery_failure() -> None:
    from phaseone.slo.notify import AlertEvent, DeliveryFailed

    event = AlertEvent("fired", "inbox", "A", "availability", "page", "s", "d", T0.isoformat())
    with pytest.raises(DeliveryFailed, match=r"email via 127\.0\.0\.1:9"):
        Email(EmailNotify(host="127.0.0.1", port=9, sender="a@b.c", to=["x@y.z"])).send(event)
    with pytest.raises(DeliveryFailed, match=r"webhook http://127\.0\.0\.1"):
        Webhook(WebhookNotify(url="http://127.0.0.1:9/secret-path")).send(event)


PLAN = """\
version: 1
project: {name: inbox}
owner: {name: Dana, role: Head of Support, team: Support, contact: dana@example.com}
target: {kind: http, url: "http://127.0.0.1:9/x"}
store: {url: "sqlite:///STORE"}
slos:
  availability: {target: 0.995}
"""


def test_watch_once_exits_1_while_a_page_fires_and_0_when_quiet(tmp_path: Path) -> None:
    import subprocess
    import sys

    plan = tmp_path / "phaseone.yaml"
    plan.write_text(PLAN.replace("STORE", str(tmp_path / "store.db")), encoding="utf-8")
    cli = [str(Path(sys.executable).parent / "phaseone"), "watch", "--once", "-p", str(plan)]
    quiet = subprocess.run(cli, capture_output=True, text=True, timeout=120)
    assert quiet.returncode == 0, quiet.stdout + quiet.stderr
    assert "firing: none" in quiet.stdout
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        now = dt.datetime.now(dt.UTC)
        traffic(store, now - minutes(60), 60, degraded_per_min=10)
    finally:
        store.close()
    loud = subprocess.run(cli, capture_output=True, text=True, timeout=120)
    assert loud.returncode == 1, loud.stdout + loud.stderr
    assert "FIRED PhaseoneAvailabilityBudgetBurnPage1h" in loud.stdout
    assert load_plan(plan).plan.slos is not None


def rated(store: Store, end: dt.datetime, bad_of_20: int, tag: str) -> None:
    """An hour of answers, 20 a minute, each rated through feedback (a trace update, as
    `POST /v1/feedback` does)."""
    rows, ratings = [], []
    for m in range(60):
        for i in range(20):
            rid = f"{tag}-{m}-{i}"
            at = end - minutes(60 - m) + dt.timedelta(seconds=i)
            rows.append(TraceRow(rid, PROJECT, key_name="app", started_at=at, latency_ms=50.0))
            ratings.append((rid, {"feedback_score": 0.0 if i < bad_of_20 else 1.0}))
    write_batch(store, rows, updates=ratings)


def test_bad_ratings_burn_the_quality_budget(store: Store) -> None:
    slos = Slos.model_validate({"quality": {"target": 0.9}})
    now = T0 + minutes(60)
    rated(store, now, 1, "fine")  # 5% rated bad: within the 10% budget, no alert
    assert [c.name for c in evaluate(store, slos, PROJECT, now) if c.firing] == []
    rated(store, now, 8, "poor")  # now 22.5% of the ratings are bad: 2.25x the even burn
    firing = {c.name for c in evaluate(store, slos, PROJECT, now) if c.firing}
    assert firing == {"PhaseoneQualityBudgetBurnTicket3d"}
