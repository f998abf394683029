"""The metric lock, as a new run meets it: locked before the first evidence exists.

The success metric is pre-registered by the first run of its suite (`plan.lock`), with
the dataset that run reads. A later run on other data (a query narrowed, a file swapped)
is not a measure of the agreed metric: it gets a note, recorded with the run and shown,
until someone re-locks on purpose.
"""

from __future__ import annotations

from typing import Any

from phaseone.plan.loader import LoadedPlan
from phaseone.plan.lock import describe_dataset_change, ensure_locked, same_dataset
from phaseone.plan.schema import Suite
from phaseone.store.database import Store


def lock_metric_if_needed(
    loaded: LoadedPlan, store: Store, suite: Suite, identity: dict[str, Any]
) -> dict[str, Any] | None:
    """Pre-register the success metric before the first evidence for it exists.

    Returns:
        A note (recorded with the run, and shown) when the metric's suite reads other
        data than the lock in force names: results on a different query or file are not
        a measure of the agreed metric until someone re-locks it on purpose.
    """
    metric = loaded.plan.success_metric
    if metric is None or metric.suite != suite.name:
        return None
    lock = ensure_locked(store, loaded, identity)
    if lock is None or same_dataset(lock.dataset_identity, identity) is not False:
        return None
    was, now = describe_dataset_change(lock.dataset_identity, identity)
    return {
        "dataset_differs_from_lock": True,
        "lock_id": lock.id,
        "locked": was,
        "now": now,
        "message": (
            f"the dataset of suite {suite.name!r} differs from the one the success metric was "
            f"locked on (locked: {was}; now: {now}); this run does not measure the agreed "
            "metric: the gate's metric.locked check fails on it until the change is "
            're-locked on purpose with phaseone lock --reason "why the data changed"'
        ),
    }
