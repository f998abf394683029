"""A plan and its store, opened together: what almost every command starts with.

Every command that reads or writes evidence opens its workspace the same way::

    with workspace(plan_path) as ws:
        rows = list_keys(ws.store)

and the store is closed on every way out of the block (a return, an error, Ctrl-C).
A long-lived owner (a gateway worker, the demo) keeps the `Workspace` and calls
`close()` itself. Commands that need only the plan (`phaseone plan`, `schema`) load it
with `load_plan` and never open a store.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from phaseone.plan.loader import DEFAULT_PLAN, LoadedPlan, load_plan
from phaseone.plan.schema import Plan
from phaseone.store.database import Store
from phaseone.store.location import resolve_url
from phaseone.store.plans import record_plan_version

__all__ = ["Workspace", "open_store", "open_workspace", "workspace"]

PlanSource = str | os.PathLike[str] | LoadedPlan


@dataclass(frozen=True)
class Workspace:
    """A loaded plan and its open, migrated store; a context manager that closes the store.

    Attributes:
        loaded: the validated plan and where it came from (file, text, hash).
        store: the plan's store, with this plan version recorded.
    """

    loaded: LoadedPlan
    store: Store

    @property
    def plan(self) -> Plan:
        """The validated plan (with `${VAR}` expanded: never store it whole)."""
        return self.loaded.plan

    @property
    def project(self) -> str:
        """The project's name, which keys its evidence in a shared store."""
        return self.loaded.project

    @property
    def plan_path(self) -> Path:
        """The plan file."""
        return self.loaded.path

    @property
    def base_dir(self) -> Path:
        """The plan's directory: relative paths in the plan, and `.phaseone/`, are here."""
        return self.loaded.base_dir

    def close(self) -> None:
        """Close the store (its connections); the plan stays readable."""
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_store(loaded: LoadedPlan) -> Store:
    """The plan's store (PHASEONE_DB_URL › `store.url` › SQLite beside the plan), migrated.

    The plan version is recorded (raw text only, by content hash) so every piece of
    evidence can name the plan it was produced under.
    """
    store = Store(resolve_url(loaded.base_dir, loaded.plan.store.url))
    try:
        record_plan_version(store, loaded.project, loaded.content_hash, loaded.text)
    except BaseException:
        store.close()
        raise
    return store


def workspace(plan_path: PlanSource = DEFAULT_PLAN) -> Workspace:
    """Load the plan (raising `PlanError`) and open its store (raising `StoreError`).

    Use it as a context manager (``with workspace(path) as ws:``) so the store is closed
    on every way out.

    Args:
        plan_path: a plan file or a directory holding `phaseone.yaml`; an already
            loaded plan is accepted too, so callers that hold one need not reload it.
    """
    loaded = plan_path if isinstance(plan_path, LoadedPlan) else load_plan(plan_path)
    return Workspace(loaded, open_store(loaded))


def open_workspace(plan_path: PlanSource = DEFAULT_PLAN) -> tuple[LoadedPlan, Store]:
    """`workspace` as a (plan, store) pair, for scripts and tests that close the store
    themselves; commands use ``with workspace(path) as ws:``."""
    ws = workspace(plan_path)
    return ws.loaded, ws.store
