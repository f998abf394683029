"""`phaseone watch`: evaluate the SLO alerts, deliver them, and let the gate decide again.

The alerting lives in `phaseone.slo.watch`; this command adds what needs the layer above
it: when an alert fires or resolves on a project the gate has decided (a page, a ticket, a
drift alarm), the gate re-evaluates from the stored evidence (`reliability.slo_alerts` reads
the open pages and blocks; `reliability.slo_tickets` the open tickets and drift alarms,
non-blocking) and appends the new decision to the hash-chained log, so a GO that stopped
holding becomes a recorded NO-GO with the reason, and back, and a drift alarm is on record
beside the GO it questions. With `slos.online`, each
evaluation first scores the newly sampled live answers (`evals.online`), so the quality
SLO (`source: online`) and the drift monitor read them in the same evaluation. With
`controls.rollout.canary.auto`, each evaluation also runs the canary's sequential tests
(`slo.canary`): a promotion or rollback is a step the gateway reads from the store, a
hash-chained decision, and a message to the owner.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from dataclasses import dataclass, field

from rich.console import Console
from rich.markup import escape

from phaseone.errors import UsageError
from phaseone.evals.online import OnlinePass, score_online
from phaseone.gate.decision import decide
from phaseone.plan.loader import LoadedPlan
from phaseone.slo.canary import CanaryPass, canary_pass
from phaseone.slo.drift import LabelSet, label_set
from phaseone.slo.notify import Channel, channels
from phaseone.slo.watch import WatchStep, step
from phaseone.store.dashboard_queries import has_decision
from phaseone.store.database import Store
from phaseone.store.decisions import get_decision, head_file


@dataclass
class Transition:
    """A decision the watcher caused."""

    before: str
    after: str
    seq: int
    reasons: list[str] = field(default_factory=list)
    #: The incidents that made the gate decide again ("fired X", "resolved Y").
    cause: list[str] = field(default_factory=list)


def redecide(loaded: LoadedPlan, store: Store, done: WatchStep) -> Transition | None:
    """Decide again when any alert fired or resolved and the project has a decision.

    A page can turn GO into NO-GO (`reliability.slo_alerts` is blocking); a ticket or a
    drift alarm is recorded as a new decision whose non-blocking `reliability.slo_tickets`
    names it, so the log shows when the live system stopped looking like the pilot even
    while the outcome holds.
    """
    project = loaded.plan.project.name
    if not (done.fired or done.resolved) or not has_decision(store, project):
        return None
    cause = [f"fired {i.alert}" for i in done.fired]
    cause += [f"resolved {i.alert}" for i in done.resolved]
    before = get_decision(store, project).outcome
    rec = decide(loaded, store)
    return Transition(before, str(rec.outcome), int(rec.seq or 0), list(rec.reasons), cause)


def online_pass(loaded: LoadedPlan, store: Store) -> OnlinePass | None:
    """Score the live answers sampled since the last pass (None without `slos.online`)."""
    slos = loaded.plan.slos
    if slos is None or slos.online is None:
        return None
    window = dt.timedelta(days=slos.window_days)
    return asyncio.run(score_online(loaded, store, slos.online, window=window))


def online_labels(loaded: LoadedPlan) -> LabelSet | None:
    """The label set of the online suite's answers (None: no online evals, or no labels)."""
    slos = loaded.plan.slos
    if slos is None or slos.online is None:
        return None
    suites = [s for s in loaded.plan.suites if s.name == slos.online.suite]
    return label_set(suites[0]) if suites else None


def canary_step(
    loaded: LoadedPlan, store: Store, sinks: list[Channel], now: dt.datetime | None = None
) -> CanaryPass | None:
    """One pass of the automatic canary decisions (None without `rollout.canary.auto`)."""
    plan = loaded.plan
    canary = plan.controls.rollout.canary if plan.controls is not None else None
    if canary is None:
        return None
    online = plan.slos.online if plan.slos is not None else None
    return canary_pass(
        store,
        plan.project.name,
        canary,
        sinks,
        plan_hash=loaded.content_hash,
        owner=plan.owner.model_dump(mode="json"),
        head=head_file(store, loaded.base_dir),
        online_suite=online.suite if online is not None else None,
        now=now,
    )


def _say_canary(console: Console, done: CanaryPass) -> None:
    if done.step is not None:
        seq = f" (decision #{done.decision_seq})" if done.decision_seq is not None else ""
        colour = "red" if done.step.action == "rollback" else "green"
        console.print(
            f"[{colour}]CANARY {done.step.action.upper()}[/] share now {done.percent:g}%{seq}",
            highlight=False,
        )
    elif done.verdict == "continue":
        n = done.evidence.get("canary_requests", 0)
        console.print(
            f"canary at {done.percent:g}%: testing ({n} canary request(s) read, no decision yet)",
            highlight=False,
        )
    for late in done.logged_late:
        console.print(
            f"[yellow]canary[/] a step in force had no decision on record: logged as"
            f" decision #{late}",
            highlight=False,
        )
    for why in done.failed:
        console.print(f"[yellow]canary[/] {escape(why)}", highlight=False)


def watch(
    loaded: LoadedPlan,
    store: Store,
    console: Console,
    *,
    once: bool,
    interval_s: float,
    stop: threading.Event | None = None,
) -> bool:
    """Evaluate (once, or every `interval_s` until stopped); True when a page-severity
    alert is firing after the last evaluation."""
    plan = loaded.plan
    rollout = plan.controls.rollout if plan.controls is not None else None
    auto = rollout.canary.auto if rollout is not None and rollout.canary is not None else None
    canary_auto = auto is not None and auto.enabled
    if plan.slos is None and not canary_auto:
        raise UsageError(
            f"{loaded.path}: the plan has no `slos:` section and no"
            " `controls.rollout.canary.auto`, so there is nothing to watch",
            fix="add `slos:` with at least one of availability, latency or cost (see"
            " docs/slos.md), or `auto:` under controls.rollout.canary",
        )
    slos, project = plan.slos, plan.project.name
    sinks = channels(slos.notify) if slos is not None else []
    if not sinks:
        console.print(
            "[yellow]no slos.notify channel[/]: incidents are kept in the store only",
            highlight=False,
        )
    monitoring = plan.controls.monitoring if plan.controls is not None else None
    if (
        slos is not None
        and slos.online is not None
        and monitoring is not None
        and not monitoring.store_io
    ):
        console.print(
            "[yellow]slos.online has nothing to score[/]: controls.monitoring.store_io is off,"
            " so the gateway keeps no inputs and answers (turn it on to score live answers)",
            highlight=False,
        )
    stop = stop or threading.Event()
    while True:
        scored = online_pass(loaded, store)
        if scored is not None and scored.scored:
            console.print(
                f"online: scored {scored.scored} sampled answer(s) of suite"
                f" {escape(scored.suite)} ({scored.failed} failed)",
                highlight=False,
            )
        paging: list[str] = []
        firing = "none"
        if slos is not None:
            done = step(store, slos, project, sinks, labels=online_labels(loaded))
            for incident in done.fired:
                console.print(
                    f"[red]FIRED[/] {incident.alert} ({incident.severity})", highlight=False
                )
            for incident in done.resolved:
                console.print(f"[green]RESOLVED[/] {incident.alert}", highlight=False)
            for why in done.failed:
                console.print(f"[yellow]not delivered[/] {escape(why)} (retried next time)")
            moved = redecide(loaded, store, done)
            if moved is not None:
                console.print(
                    f"decision #{moved.seq}: {moved.before} → {moved.after}"
                    + (f" ({escape(moved.reasons[0])})" if moved.reasons else "")
                    + f" after {escape(', '.join(moved.cause))}",
                    highlight=False,
                )
            paging = [c.name for c in done.firing if c.severity == "page"]
            firing = ", ".join(c.name for c in done.firing) or "none"
        decided = canary_step(loaded, store, sinks) if canary_auto else None
        if decided is not None:
            _say_canary(console, decided)
        if once:
            if slos is not None:
                console.print(f"firing: {firing}", highlight=False)
            return bool(paging)
        if stop.wait(interval_s):
            return bool(paging)
