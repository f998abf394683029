"""A plan and its store, opened together: what almost every command starts with."""

from __future__ import annotations

import os

from phaseone.plan.loader import DEFAULT_PLAN, LoadedPlan, load_plan
from phaseone.store.database import Store, resolve_url
from phaseone.store.plans import record_plan_version

__all__ = ["open_store", "open_workspace"]


def open_store(loaded: LoadedPlan) -> Store:
    """The plan's store (PHASEONE_DB_URL › `store.url` › SQLite beside the plan), migrated.

    The plan version is recorded (raw text only, by content hash) so every piece of
    evidence can name the plan it was produced under.
    """
    store = Store(resolve_url(loaded.base_dir, loaded.plan.store.url))
    record_plan_version(store, loaded.project, loaded.content_hash, loaded.text)
    return store


def open_workspace(
    plan_path: str | os.PathLike[str] | LoadedPlan = DEFAULT_PLAN,
) -> tuple[LoadedPlan, Store]:
    """Load the plan (raising `PlanError`) and open its store (raising `StoreError`).

    Args:
        plan_path: a plan file or a directory holding `phaseone.yaml`; an already
            loaded plan is accepted too, so callers that hold one need not reload it.
    """
    loaded = plan_path if isinstance(plan_path, LoadedPlan) else load_plan(plan_path)
    return loaded, open_store(loaded)
