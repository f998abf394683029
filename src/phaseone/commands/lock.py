"""`phaseone lock`: lock (or re-lock) the success metric with its dataset's identity.

Reading the metric suite's dataset for its identity needs `phaseone.datasets`, a layer
above the plan, so this body sits in `commands/` rather than in `plan/cli.py`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from rich.console import Console

from phaseone.datasets import build_source
from phaseone.errors import PhaseoneError
from phaseone.plan.loader import LoadedPlan
from phaseone.plan.lock import lock_history, relock, relock_lines
from phaseone.plan.workspace import Workspace
from phaseone.store.database import Store
from phaseone.store.plans import latest_metric_lock

__all__ = ["lock_metric", "metric_dataset_identity"]


def metric_dataset_identity(
    loaded: LoadedPlan, store: Store | None
) -> tuple[dict[str, Any] | None, str | None]:
    """Read the metric suite's dataset once for its identity; (None, why) when it cannot."""
    m = loaded.plan.success_metric
    if m is None:
        return None, None
    try:
        source = build_source(loaded.plan.suite(m.suite).dataset, loaded.base_dir, store)
        identity = asyncio.run(source.identity())
    except PhaseoneError as exc:
        return None, f"dataset not read ({exc.message}); the lock has no dataset identity yet"
    return identity.as_dict(), None


def lock_metric(ws: Workspace, console: Console, *, reason: str | None, by: str | None) -> None:
    """`phaseone lock`: the first lock, or a re-lock (which needs --reason)."""
    first = latest_metric_lock(ws.store, ws.project) is None
    identity, note = metric_dataset_identity(ws.loaded, ws.store)
    row = relock(ws.store, ws.loaded, reason, by, identity)
    verb = "locked" if first else "re-locked"
    console.print(
        f"[green]{verb}[/] the success metric of [bold]{ws.project}[/] at"
        f" {row.locked_at:%Y-%m-%d %H:%M} UTC (sha256 {row.metric_hash[:12]})",
        highlight=False,
    )
    for key, value in row.metric.items():
        if value is not None:
            console.print(f"  {key}: {value}", highlight=False)
    if identity:
        console.print(
            f"  dataset: {identity.get('source')} ({identity.get('rows')} rows,"
            f" {str(identity.get('content_hash'))[:12]})",
            highlight=False,
        )
    if note:
        console.print(f"[yellow]note:[/] {note}", highlight=False)
    if not first:
        history = lock_history(ws.store, ws.project)
        console.print(
            f"history: {len(history)} locks kept (`phaseone plan` shows the one in force);"
            " every report lists each re-lock and what it changed:"
        )
        for line in relock_lines(history):
            console.print(f"  {line}", highlight=False, markup=False, soft_wrap=True)
