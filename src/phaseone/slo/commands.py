"""`phaseone slo export` and `phaseone watch`: the plan's SLOs, outside and inside phaseone.

Prometheus evaluates the alerting rules on the gateway's `/metrics`, Grafana shows the
dashboard; both are generated from the plan, so the numbers the owner agreed to exist in
one place and the monitoring cannot drift from them.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import yaml
from rich.console import Console
from rich.markup import escape

from phaseone.errors import UsageError
from phaseone.plan.loader import LoadedPlan
from phaseone.slo.grafana import dashboard
from phaseone.slo.notify import channels
from phaseone.slo.prometheus import rules
from phaseone.slo.watch import step
from phaseone.store.database import Store

#: A Prometheus label matcher list such as ``job="phaseone", env="prod"``.
_SELECTOR = re.compile(
    r'^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"[^"\\]*"(\s*,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"[^"\\]*")*\s*$'
)


@dataclass(frozen=True)
class ExportedFiles:
    """What `export` wrote."""

    rules: Path
    dashboard: Path
    alerts: int


def export(loaded: LoadedPlan, out_dir: Path, selector: str = "") -> ExportedFiles:
    """Write ``<project>-slo-rules.yml`` and ``<project>-slo-dashboard.json`` to `out_dir`."""
    plan = loaded.plan
    if plan.slos is None:
        raise UsageError(
            f"{loaded.path}: the plan has no `slos:` section, so there is nothing to export",
            fix="add `slos:` with at least one of availability, latency or cost (see docs/slos.md)",
        )
    if selector and _SELECTOR.match(selector) is None:
        raise UsageError(
            f"--selector {selector!r} is not a Prometheus label matcher list",
            fix='write it like job="phaseone-inbox" (several separated by commas)',
        )
    slos, project = plan.slos, plan.project.name
    if slos.availability is None and slos.latency is None and slos.cost is None:
        raise UsageError(
            f"{loaded.path}: `slos:` names no objective",
            fix="add at least one of slos.availability, slos.latency or slos.cost",
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    made = rules(slos, project, selector.strip())
    rules_path = out_dir / f"{project}-slo-rules.yml"
    text = yaml.safe_dump(made.document(), sort_keys=False, width=120)
    rules_path.write_text(text, encoding="utf-8")
    board_path = out_dir / f"{project}-slo-dashboard.json"
    board_path.write_text(json.dumps(dashboard(slos, project), indent=2) + "\n", encoding="utf-8")
    return ExportedFiles(rules_path, board_path, len(made.alerts))


def watch(
    loaded: LoadedPlan,
    store: Store,
    console: Console,
    *,
    once: bool,
    interval_s: float,
    stop: threading.Event | None = None,
) -> bool:
    """Evaluate the plan's alerts (once, or every `interval_s` until stopped) and deliver
    them; True when a page-severity alert is firing after the last evaluation."""
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
        paging = [c.name for c in done.firing if c.severity == "page"]
        if once or stop.wait(interval_s):
            if once:
                firing = ", ".join(c.name for c in done.firing) or "none"
                console.print(f"firing: {firing}", highlight=False)
            return bool(paging)
