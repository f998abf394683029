"""`phaseone watch`: the plan's burn-rate alerts evaluated from the store, and delivered.

The same alerts as the exported Prometheus rules (same names, windows and bounds), read
from the traces every gateway already writes, so a team without Prometheus still gets
paged, and a team with it can compare the two.

One evaluation (`step`):
1. count live traffic over every window an alert reads (one SQL aggregate per window);
2. an alert whose long and short windows both burn too fast *fires*: an incident is opened
   in the store — at most one open incident per alert, enforced by the database, so a
   restarted or second watcher never fires it twice;
3. an open incident whose alert no longer holds *resolves*;
   With `slos.online`, the drift monitor (`slo.drift`) reads the online results stored since
   the last evaluation and is one more alert, `PhaseoneOnlineQualityDrift` (a ticket), and
   so are the input- and answer-length monitors (`PhaseoneOnlineInputsLonger` /
   `…Shorter`, `PhaseoneOnlineAnswersLonger` / `…Shorter`), the input-language monitor
   (`PhaseoneOnlineInputLanguageDrift`) and, when the online suite has a label set, the
   label-mix monitor (`PhaseoneOnlineLabelMixDrift`);
4. every channel is sent what it has not yet received (fired, then resolved); a channel
   that fails is retried on the next evaluation, and what was delivered is remembered.
   Each (incident, event, channel) is claimed in the store before it is sent
   (`store.delivery_claims`), so two watchers, or a retry racing a slow send, never send
   it twice; a watcher that died holding a claim is taken over after the lease, and the
   copy carries the same idempotency key.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from phaseone.plan.slo_schema import Slos, duration_seconds
from phaseone.slo.drift import (
    DRIFT_ALERT,
    LABEL_MIX_ALERT,
    LANGUAGE_ALERT,
    LENGTH_ALERTS,
    OUTPUT_LENGTH_ALERTS,
    LabelSet,
    Side,
    read_drift,
    read_label_drift,
    read_language_drift,
    read_length_drift,
)
from phaseone.slo.notify import AlertEvent, Channel, DeliveryFailed
from phaseone.slo.prometheus import alert_name, windows_of
from phaseone.store.database import Store
from phaseone.store.delivery_claims import claim, confirm, release
from phaseone.store.online_queries import online_window_counts
from phaseone.store.slo_queries import (
    Incident,
    WindowCounts,
    mark_delivered,
    open_incident,
    open_incidents,
    recent_incidents,
    record_evaluation,
    resolve_incident,
    window_counts,
)

log = logging.getLogger("phaseone.watch")

#: Incidents older than this are not delivered to a channel added later (no flood of
#: history when someone configures email on a long-running project).
DELIVERY_HORIZON = dt.timedelta(days=1)


@dataclass(frozen=True)
class AlertCheck:
    """One alert evaluated now."""

    name: str
    slo: str
    severity: str
    firing: bool
    summary: str
    evidence: dict[str, object]


@dataclass
class WatchStep:
    """What one evaluation did."""

    checks: list[AlertCheck]
    fired: list[Incident] = field(default_factory=list)
    resolved: list[Incident] = field(default_factory=list)
    delivered: list[str] = field(default_factory=list)  #: "channel:event:alert"
    failed: list[str] = field(default_factory=list)  #: why a delivery failed

    @property
    def firing(self) -> list[AlertCheck]:
        return [c for c in self.checks if c.firing]


def _ratio(bad: int, base: int) -> float | None:
    return bad / base if base else None


def evaluate(
    store: Store, slos: Slos, project: str, now: dt.datetime, labels: LabelSet | None = None
) -> list[AlertCheck]:
    """Every alert of the plan's SLOs, evaluated over the traffic up to `now`; `labels`:
    the online suite's label set, whose mix in live answers is watched too."""
    slow_ms = slos.latency.threshold_s * 1000 if slos.latency is not None else None
    counts: dict[str, WindowCounts] = {}
    for w in windows_of(slos.alerts):
        since = now - dt.timedelta(seconds=duration_seconds(w))
        counts[w] = window_counts(store, project, since, now, slow_ms)
    ratios: list[tuple[str, float, dict[str, float | None]]] = []
    if slos.availability is not None:
        ratios.append(
            (
                "availability",
                slos.availability.target,
                {w: _ratio(c.degraded, c.served) for w, c in counts.items()},
            )
        )
    if slos.latency is not None:
        ratios.append(
            (
                "latency",
                slos.latency.target,
                {w: _ratio(c.slow, c.requests) for w, c in counts.items()},
            )
        )
    if slos.quality is not None and slos.quality.source == "online" and slos.online is not None:
        suite = slos.online.suite
        online = {
            w: online_window_counts(
                store, project, suite, now - dt.timedelta(seconds=duration_seconds(w)), now
            )
            for w in counts
        }
        ratios.append(
            (
                "quality",
                slos.quality.target,
                {w: _ratio(c.failed, c.scored) for w, c in online.items()},
            )
        )
    elif slos.quality is not None:
        ratios.append(
            (
                "quality",
                slos.quality.target,
                {w: _ratio(c.rated_bad, c.rated) for w, c in counts.items()},
            )
        )
    checks: list[AlertCheck] = []
    for sli, objective, bad in ratios:
        budget = 1.0 - objective
        for alert in slos.alerts:
            rate = slos.burn_rate(alert)
            bound = rate * budget
            long, short = bad[alert.long_window], bad[alert.short_window]
            firing = long is not None and short is not None and long > bound and short > bound
            checks.append(
                AlertCheck(
                    alert_name(sli, alert),
                    sli,
                    alert.severity,
                    firing,
                    f"{project}: {sli} error budget burning {rate:.3g}x too fast",
                    {
                        "objective": objective,
                        "bound": round(bound, 6),
                        "long_window": alert.long_window,
                        "long_bad_share": long,
                        "short_window": alert.short_window,
                        "short_bad_share": short,
                        "requests_long_window": counts[alert.long_window].requests,
                    },
                )
            )
    if slos.online is not None:
        drift = read_drift(store, project, slos.online)
        checks.append(
            AlertCheck(DRIFT_ALERT, "drift", "ticket", drift.firing, drift.summary, drift.evidence)
        )
        sides: tuple[tuple[Side, dict[bool, str]], ...] = (
            ("input", LENGTH_ALERTS),
            ("output", OUTPUT_LENGTH_ALERTS),
        )
        for side, alerts in sides:
            for longer, name in alerts.items():
                length = read_length_drift(store, project, slos.online, longer=longer, side=side)
                checks.append(
                    AlertCheck(
                        name, "drift", "ticket", length.firing, length.summary, length.evidence
                    )
                )
        language = read_language_drift(store, project, slos.online)
        checks.append(
            AlertCheck(
                LANGUAGE_ALERT, "drift", "ticket", language.firing, language.summary,
                language.evidence,
            )
        )  # fmt: skip
        if labels is not None:
            mix = read_label_drift(store, project, slos.online, labels)
            checks.append(
                AlertCheck(
                    LABEL_MIX_ALERT, "drift", "ticket", mix.firing, mix.summary, mix.evidence
                )
            )
    if slos.cost is not None:
        day = slos.cost.per_day
        spent = window_counts(store, project, now - dt.timedelta(days=1), now, None).cost
        hour = window_counts(store, project, now - dt.timedelta(hours=1), now, None).cost
        checks.append(
            AlertCheck(
                "PhaseoneCostPerDayExceeded",
                "cost",
                "ticket",
                spent > day,
                f"{project}: spend over the last day is above {day:g}",
                {"spent_last_24h": round(spent, 6), "per_day": day},
            )
        )
        checks.append(
            AlertCheck(
                "PhaseoneCostPaceHigh",
                "cost",
                "page",
                hour * 24 > 4 * day,
                f"{project}: spending at more than 4x the daily limit",
                {"spent_last_hour": round(hour, 6), "pace_per_day": hour * 24, "per_day": day},
            )
        )
    return checks


def _details(evidence: dict[str, object]) -> str:
    parts = []
    for key, value in evidence.items():
        shown = f"{value:.4g}" if isinstance(value, float) else str(value)
        parts.append(f"{key.replace('_', ' ')}: {shown}")
    return "; ".join(parts)


def _event(incident: Incident, event: str, summary: str, key: str) -> AlertEvent:
    return AlertEvent(
        event=event,
        project=incident.project,
        alert=incident.alert,
        slo=incident.slo,
        severity=incident.severity,
        summary=summary,
        details=_details(incident.evidence),
        fired_at=incident.fired_at.isoformat(),
        resolved_at=incident.resolved_at.isoformat() if incident.resolved_at else None,
        key=key,
    )


def step(
    store: Store,
    slos: Slos,
    project: str,
    channels: list[Channel],
    now: dt.datetime | None = None,
    labels: LabelSet | None = None,
) -> WatchStep:
    """One evaluation: fire, resolve, deliver (see the module docstring)."""
    now = now or dt.datetime.now(dt.UTC)
    checks = evaluate(store, slos, project, now, labels)
    done = WatchStep(checks)
    opened = open_incidents(store, project)
    for check in checks:
        if check.firing and check.name not in opened:
            evidence = {"summary": check.summary, **check.evidence}
            incident = open_incident(
                store, project, check.name, check.slo, check.severity, now, evidence
            )
            if incident is not None:
                done.fired.append(incident)
        elif not check.firing and check.name in opened:
            incident = opened[check.name]
            if resolve_incident(store, incident.id, now):
                incident.resolved_at = now
                done.resolved.append(incident)
    firing = done.firing
    record_evaluation(
        store,
        project,
        now,
        [c.name for c in firing],
        [c.name for c in firing if c.severity == "page"],
    )
    _deliver(store, project, channels, now, done)
    return done


def _deliver(
    store: Store, project: str, channels: list[Channel], now: dt.datetime, done: WatchStep
) -> None:
    if not channels:
        return
    for incident in recent_incidents(store, project):
        last = incident.resolved_at or incident.fired_at
        if now - last > DELIVERY_HORIZON:
            continue  # history: delivered long ago, or older than a newly added channel
        summary = str(incident.evidence.get("summary", incident.alert))
        events = ["fired"] + (["resolved"] if incident.resolved_at is not None else [])
        for channel in channels:
            got = dict(incident.deliveries.get(channel.name) or {})
            for event in events:
                if event in got:
                    continue
                subject = f"incident:{incident.id}"
                state, held = claim(store, project, subject, channel.name, event, now)
                if state == "sent":
                    continue
                if held is None:  # another watcher is sending it; "resolved" waits too
                    break
                try:
                    channel.send(_event(incident, event, summary, held.key))
                except DeliveryFailed as exc:
                    release(store, held)  # the next evaluation sends it
                    log.warning("could not deliver %s of %s: %s", event, incident.alert, exc)
                    done.failed.append(str(exc))
                    break  # keep the order: "resolved" never arrives before "fired"
                confirm(store, held, now)
                mark_delivered(store, incident.id, channel.name, event, now)
                done.delivered.append(f"{channel.name}:{event}:{incident.alert}")
