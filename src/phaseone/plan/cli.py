"""The plan commands' bodies, kept out of `phaseone.cli` so that file stays thin."""

from __future__ import annotations

import asyncio
import importlib
import json
import os
from pathlib import Path
from typing import Any

from rich.console import Console
from sqlalchemy.engine import make_url

from phaseone.errors import PhaseoneError
from phaseone.plan.diagnosis import diagnose
from phaseone.plan.loader import LoadedPlan, load_plan
from phaseone.plan.lock import lock_history, metric_drift, relock, relock_lines
from phaseone.plan.render import render_plan
from phaseone.plan.schema import Plan
from phaseone.store.database import Store, resolve_url
from phaseone.store.plans import latest_metric_lock, record_plan_version

__all__ = ["lock_metric", "metric_dataset_identity", "plan_json_schema", "show_plan"]


def plan_json_schema() -> str:
    """JSON Schema (draft 2020-12) of phaseone.yaml, for editors' YAML language servers."""
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://phaseone.dev/schema/phaseone.schema.json",
        **Plan.model_json_schema(by_alias=True),
    }
    schema["title"] = "phaseone.yaml"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _existing_store(loaded: LoadedPlan) -> Store | None:
    """The plan's store if it already exists: `phaseone plan` never creates one."""
    url = resolve_url(loaded.base_dir, loaded.plan.store.url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if not db or db == ":memory:" or not Path(db).exists():
            return None
    return Store(url)


def show_plan(console: Console, plan_path: str | os.PathLike[str]) -> None:
    """`phaseone plan`: validate (PlanError → exit 2), then show plan, lock and drift."""
    loaded = load_plan(plan_path)
    diagnosis = diagnose(loaded.plan)
    lock = drift = None
    note = None
    try:
        store = _existing_store(loaded)
    except PhaseoneError as exc:
        store, note = None, f"store not checked for metric drift: {exc.message}"
    if store is not None:
        try:
            record_plan_version(store, loaded.project, loaded.content_hash, loaded.text)
            history = lock_history(store, loaded.project)
            lock = history[-1] if history else None
            drift = metric_drift(store, loaded)
        finally:
            store.close()
    render_plan(console, loaded, diagnosis, lock=lock, drift=drift, store_note=note)


def metric_dataset_identity(
    loaded: LoadedPlan, store: Store | None
) -> tuple[dict[str, Any] | None, str | None]:
    """Read the metric suite's dataset once for its identity; (None, why) when it cannot."""
    m = loaded.plan.success_metric
    if m is None:
        return None, None
    build = getattr(importlib.import_module("phaseone.datasets"), "build_source", None)
    if build is None:
        return None, "dataset sources are not available; the lock has no dataset identity"
    try:
        source = build(loaded.plan.suite(m.suite).dataset, loaded.base_dir, store)
        identity = asyncio.run(source.identity())
    except PhaseoneError as exc:
        return None, f"dataset not read ({exc.message}); the lock has no dataset identity yet"
    as_dict = identity.as_dict() if hasattr(identity, "as_dict") else dict(identity)
    return as_dict, None


def lock_metric(
    console: Console,
    plan_path: str | os.PathLike[str],
    *,
    reason: str | None,
    by: str | None,
) -> None:
    """`phaseone lock`: the first lock, or a re-lock (which needs --reason)."""
    from phaseone.plan.workspace import open_workspace

    loaded, store = open_workspace(plan_path)
    try:
        first = latest_metric_lock(store, loaded.project) is None
        identity, note = metric_dataset_identity(loaded, store)
        row = relock(store, loaded, reason, by, identity)
        verb = "locked" if first else "re-locked"
        console.print(
            f"[green]{verb}[/] the success metric of [bold]{loaded.project}[/] at"
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
            history = lock_history(store, loaded.project)
            console.print(
                f"history: {len(history)} locks kept (`phaseone plan` shows the one in force);"
                " every report lists each re-lock and what it changed:"
            )
            for line in relock_lines(history):
                console.print(f"  {line}", highlight=False, markup=False, soft_wrap=True)
    finally:
        store.close()
