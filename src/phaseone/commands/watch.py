"""`phaseone watch`: evaluate the SLO alerts, deliver them, and let the gate decide again.

The alerting lives in `phaseone.slo.watch`; this command adds what needs the layer above
it: when a page-severity alert fires or resolves on a project the gate has decided, the
gate re-evaluates from the stored evidence (its `reliability.slo_alerts` check reads the
open incidents) and appends the new decision to the hash-chained log, so a GO that stopped
holding becomes a recorded NO-GO with the reason, and back.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from rich.console import Console
from rich.markup import escape

from phaseone.errors import UsageError
from phaseone.gate.decision import decide
from phaseone.plan.loader import LoadedPlan
from phaseone.slo.notify import channels
from phaseone.slo.watch import WatchStep, step
from phaseone.store.dashboard_queries import has_decision
from phaseone.store.database import Store
from phaseone.store.decisions import get_decision


@dataclass
class Transition:
    """A decision the watcher caused."""

    before: str
    after: str
    seq: int
    reasons: list[str] = field(default_factory=list)


def redecide(loaded: LoadedPlan, store: Store, done: WatchStep) -> Transition | None:
    """Decide again when a page fired or resolved and the project has a decision."""
    project = loaded.plan.project.name
    pages = [i for i in (*done.fired, *done.resolved) if i.severity == "page"]
    if not pages or not has_decision(store, project):
        return None
    before = get_decision(store, project).outcome
    rec = decide(loaded, store)
    return Transition(before, str(rec.outcome), int(rec.seq or 0), list(rec.reasons))


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
    if plan.slos is None:
        raise UsageError(
            f"{loaded.path}: the plan has no `slos:` section, so there is nothing to watch",
            fix="add `slos:` with at least one of availability, latency or cost (see docs/slos.md)",
        )
    slos, project = plan.slos, plan.project.name
    sinks = channels(slos.notify)
    if not sinks:
        console.print(
            "[yellow]no slos.notify channel[/]: incidents are kept in the store only",
            highlight=False,
        )
    stop = stop or threading.Event()
    while True:
        done = step(store, slos, project, sinks)
        for incident in done.fired:
            console.print(f"[red]FIRED[/] {incident.alert} ({incident.severity})", highlight=False)
        for incident in done.resolved:
            console.print(f"[green]RESOLVED[/] {incident.alert}", highlight=False)
        for why in done.failed:
            console.print(f"[yellow]not delivered[/] {escape(why)} (retried next time)")
        moved = redecide(loaded, store, done)
        if moved is not None:
            console.print(
                f"decision #{moved.seq}: {moved.before} → {moved.after}"
                + (f" ({escape(moved.reasons[0])})" if moved.reasons else ""),
                highlight=False,
            )
        paging = [c.name for c in done.firing if c.severity == "page"]
        if once:
            firing = ", ".join(c.name for c in done.firing) or "none"
            console.print(f"firing: {firing}", highlight=False)
            return bool(paging)
        if stop.wait(interval_s):
            return bool(paging)
