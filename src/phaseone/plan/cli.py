"""The plan commands' bodies (`phaseone plan`, `plan schema`), kept out of `phaseone.cli`
so that file stays thin. `phaseone lock` reads the metric's dataset, a layer above the
plan, so its body is `phaseone.commands.lock`."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from rich.console import Console

from phaseone.errors import PhaseoneError
from phaseone.plan.diagnosis import diagnose
from phaseone.plan.loader import LoadedPlan, load_plan
from phaseone.plan.render import render_plan
from phaseone.plan.schema import Plan
from phaseone.store.location import may_exist, resolve_url

if TYPE_CHECKING:
    from phaseone.plan.lock import LockRecord, MetricDrift
    from phaseone.store.database import Store

__all__ = ["plan_json_schema", "show_plan"]


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
    if not may_exist(url):
        return None
    # Imported only when there is a store to read: the store's modules bring SQLAlchemy
    # (~0.2 s to import), which `phaseone plan` before the first eval does not pay.
    from phaseone.store.database import Store

    return Store(url)


def _lock_and_drift(
    store: Store, loaded: LoadedPlan
) -> tuple[LockRecord | None, MetricDrift | None]:
    """Record the plan's version in the store; the metric lock in force and any drift."""
    # With the store's modules (SQLAlchemy): only when a store exists, as above.
    from phaseone.plan.lock import lock_history, metric_drift
    from phaseone.store.plans import record_plan_version

    record_plan_version(store, loaded.project, loaded.content_hash, loaded.text)
    history = lock_history(store, loaded.project)
    return (history[-1] if history else None), metric_drift(store, loaded)


def show_plan(console: Console, plan_path: str | os.PathLike[str]) -> None:
    """`phaseone plan`: validate (PlanError → exit 2), then show plan, lock and drift.

    The store is read when there is one, and never created.
    """
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
            lock, drift = _lock_and_drift(store, loaded)
        finally:
            store.close()
    render_plan(console, loaded, diagnosis, lock=lock, drift=drift, store_note=note)
