"""The metric lock: the success metric pre-registered before (or at) the first evidence.

A pilot that can move its goalposts after seeing results proves nothing. The first time
evidence is produced (or on `phaseone lock`) the metric, its threshold, confidence level,
minimum cases and the suite's dataset identity are hashed and time-stamped in the store.
A plan whose metric later differs is reported — with the old and new values — as
"metric changed after evidence existed"; `phaseone lock --reason` records an intentional
re-lock, and every lock is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from phaseone.errors import UsageError
from phaseone.plan.loader import LoadedPlan
from phaseone.plan.schema import Plan
from phaseone.store.database import Store
from phaseone.store.models import MetricLock
from phaseone.store.plans import (
    add_metric_lock,
    count_runs,
    latest_metric_lock,
    metric_locks,
)

__all__ = [
    "LOCKED_FIELDS",
    "FieldChange",
    "LockRecord",
    "MetricDrift",
    "describe_dataset_change",
    "ensure_locked",
    "gate_fields",
    "lock_changes",
    "lock_history",
    "measuring_change",
    "metric_drift",
    "metric_fields",
    "metric_fingerprint",
    "relock",
    "relock_lines",
    "same_dataset",
    "scorer_definitions",
]

#: What pre-registration covers, in the order reports show it.
LOCKED_FIELDS = (
    "name",
    "suite",
    "scorer",
    "scorers",
    "aggregate",
    "label",
    "threshold",
    "direction",
    "confidence",
    "min_cases",
    "baseline_margin",
    "gate",
)


#: How drift reads when the lock in force was taken before the gate's bars were locked:
#: the gate cannot tell whether they moved since, so it says so and how to record them.
GATE_UNLOCKED = (
    "gate: the bars are not in the lock (it was taken before phaseone locked them), so a "
    'change cannot be ruled out; record them with `phaseone lock --reason "record the gate '
    'bars"` after checking them with the owner'
)

#: How drift reads when the lock in force was taken before the metric suite's scorer
#: definitions were locked (it holds only the scorer's name): a scorer swapped under the
#: same name since then cannot be ruled out.
SCORERS_UNLOCKED = (
    "scorers: the suite's scorer definitions are not in the lock (it was taken before "
    "phaseone locked them, and holds only the scorer's name), so a scorer swapped under the "
    'same name cannot be ruled out; record them with `phaseone lock --reason "record the '
    'scorers"` after checking them with the owner'
)

#: `locked_by` of locks phaseone takes by itself (not a person's re-lock).
AUTO_LOCKER = "phaseone (first evidence)"


def metric_fields(plan: Plan) -> dict[str, Any] | None:
    """The locked fields of the plan's success metric, or None when it has none."""
    m = plan.success_metric
    if m is None:
        return None
    return {
        "name": m.name,
        "suite": m.suite,
        "scorer": m.scorer,
        "scorers": _suite_scorers(plan, m.suite),
        "aggregate": m.aggregate,
        "label": m.label,
        "threshold": m.threshold,
        "direction": m.direction,
        "confidence": m.confidence,
        "min_cases": m.min_cases,
        "baseline_margin": m.baseline.margin if m.baseline is not None else None,
        "gate": gate_fields(plan),
    }


def scorer_definitions(configs: Any) -> list[dict[str, Any]]:
    """A suite's scorer configurations as runs record them and the lock holds them.

    The metric names its scorer by name only; a `regex` scorer named `exact` that accepts
    anything has the same name as the real one. So the definitions themselves are what
    runs are compared on and what the lock holds. Secrets (`api_key`) are dropped: they
    never reach the store, and rotating one does not change what is measured.
    """
    out = []
    for sc in configs:
        d = sc.model_dump(mode="json", by_alias=True)
        d.pop("api_key", None)
        out.append(d)
    return out


def _suite_scorers(plan: Plan, suite: str) -> list[dict[str, Any]] | None:
    try:
        return scorer_definitions(plan.suite(suite).scorers)
    except KeyError:
        return None


def gate_fields(plan: Plan) -> dict[str, Any]:
    """The gate's bars (`gate:` block), locked with the metric.

    A GO is the metric *and* the bars it was measured against: evidence age, error and
    latency limits, the guardrails' held-out recall. Moving any of them after seeing the
    evidence moves the goalposts as surely as lowering the threshold.
    """
    return plan.gate.model_dump(mode="json")


def _flat(prefix: str, value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flat(f"{prefix}.{k}", v))
        return out
    return {prefix: value}


def _gate_changes(old: Any, new: Any) -> list[FieldChange]:
    """One change per bar (`gate.evidence_max_age_days: 14 → 90`); a lock taken before
    the bars were locked reads as one change from "not locked"."""
    if old is None:
        return [FieldChange("gate", None, new)]
    before, after = _flat("gate", old), _flat("gate", new)
    return [
        FieldChange(name, before.get(name), after.get(name))
        for name in sorted(before.keys() | after.keys())
        if before.get(name) != after.get(name)
    ]


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def metric_fingerprint(
    plan: Plan, dataset_identity: dict[str, Any] | None = None
) -> tuple[str, dict[str, Any]]:
    """sha256 over the locked metric fields and (when known) the dataset identity.

    Args:
        dataset_identity: `DatasetIdentity.as_dict()` of the metric's suite; only its
            `source` and `content_hash` are hashed (row counts follow from the content).

    Returns:
        The hex digest and the metric's fields (without the dataset).

    Raises:
        UsageError: the plan has no success metric.
    """
    fields = metric_fields(plan)
    if fields is None:
        raise UsageError(
            "the plan has no success_metric, so there is nothing to lock",
            fix="add `success_metric:` (name, suite, scorer, threshold) to phaseone.yaml",
        )
    dataset = _dataset_key(dataset_identity)
    digest = hashlib.sha256(_canonical({"metric": fields, "dataset": dataset}).encode())
    return digest.hexdigest(), fields


#: Dataset kinds whose content is expected to change under the same configuration: a live
#: table grows, so for them the query (the configuration) is what was agreed, not the rows.
_LIVE_KINDS = frozenset({"sql", "http", "traces"})


def _dataset_key(identity: dict[str, Any] | None) -> dict[str, Any] | None:
    """What of a dataset identity the lock holds to.

    With the configuration recorded (`DatasetIdentity.config`): the configuration (query,
    file, mapping), plus the content for files. Older identities have no configuration:
    their source and content hash, as before.
    """
    if not identity:
        return None
    config = identity.get("config")
    if isinstance(config, dict):
        live = config.get("kind") in _LIVE_KINDS
        return {"config": config, "content_hash": None if live else identity.get("content_hash")}
    return {"source": identity.get("source"), "content_hash": identity.get("content_hash")}


def same_dataset(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool | None:
    """Whether two dataset identities name the same data; None when either is unknown.

    An identity with a recorded configuration and one without are compared on what both
    have (source and content hash), so a lock taken by an older phaseone keeps working.
    """
    ka, kb = _dataset_key(a), _dataset_key(b)
    if ka is None or kb is None:
        return None
    if ("config" in ka) != ("config" in kb):
        return (a or {}).get("source") == (b or {}).get("source") and (a or {}).get(
            "content_hash"
        ) == (b or {}).get("content_hash")
    return ka == kb


def _short(value: Any, limit: int = 120) -> str:
    text = value if isinstance(value, str) else _canonical(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_dataset_change(
    old: dict[str, Any] | None, new: dict[str, Any] | None
) -> tuple[str, str]:
    """(old, new) in words, naming only what differs: `query 'SELECT …'`, `content 1a2b…`."""
    old, new = old or {}, new or {}
    oc, nc = old.get("config"), new.get("config")
    if isinstance(oc, dict) and isinstance(nc, dict) and oc != nc:
        keys = [k for k in sorted(oc.keys() | nc.keys()) if oc.get(k) != nc.get(k)]
        return (
            ", ".join(f"{k} {_short(oc.get(k))!r}" for k in keys),
            ", ".join(f"{k} {_short(nc.get(k))!r}" for k in keys),
        )

    def content(i: dict[str, Any]) -> str:
        digest = str(i.get("content_hash"))[:12]
        return f"{i.get('source')} content {digest}… ({i.get('rows')} rows)"

    return content(old), content(new)


# --- locking --------------------------------------------------------------------------


def ensure_locked(
    store: Store, loaded: LoadedPlan, dataset_identity: dict[str, Any] | None = None
) -> MetricLock | None:
    """Lock the metric if it has never been locked; return the lock in force.

    Called by the runner before the first run of the metric's suite. An existing lock is
    never changed by a different plan (that is drift, reported by `metric_drift`); the
    one addition is the dataset identity, when the first lock was taken by
    `phaseone lock` before any data had been read.

    Returns:
        The newest lock, or None when the plan has no success metric.
    """
    if loaded.plan.success_metric is None:
        return None
    latest = latest_metric_lock(store, loaded.project)
    digest, fields = metric_fingerprint(loaded.plan, dataset_identity)
    if latest is None:
        locker = AUTO_LOCKER if dataset_identity else None
        return _add_lock(store, loaded, digest, fields, dataset_identity, None, locker)
    if latest.dataset_identity is None and dataset_identity and latest.metric == fields:
        why = "dataset identity recorded with the first evidence"
        return _add_lock(store, loaded, digest, fields, dataset_identity, why, AUTO_LOCKER)
    return latest


def relock(
    store: Store,
    loaded: LoadedPlan,
    reason: str | None,
    by: str | None = None,
    dataset_identity: dict[str, Any] | None = None,
) -> MetricLock:
    """Lock the current metric on purpose, keeping every earlier lock.

    The first lock needs no reason; a re-lock does, because it is the one moment a
    reviewer must be able to see why the goalposts moved.

    Raises:
        UsageError: no success metric; a re-lock without a reason; nothing changed.
    """
    digest, fields = metric_fingerprint(loaded.plan, dataset_identity)
    latest = latest_metric_lock(store, loaded.project)
    if latest is not None:
        if not (reason and reason.strip()):
            raise UsageError(
                f"the metric of {loaded.project!r} is already locked (since"
                f" {latest.locked_at:%Y-%m-%d %H:%M} UTC); a re-lock needs a reason",
                fix='phaseone lock --reason "why the metric changed" --by "your name"',
            )
        unchanged_data = dataset_identity is None or bool(
            same_dataset(latest.dataset_identity, dataset_identity)
        )
        if latest.metric == fields and unchanged_data:
            raise UsageError(
                "the metric and the gate's bars are unchanged since the last lock; nothing to"
                " re-lock",
                fix="change success_metric (or gate:) in phaseone.yaml first, or leave the lock"
                " as it is",
            )
        if dataset_identity is None:
            dataset_identity = latest.dataset_identity
            digest, _ = metric_fingerprint(loaded.plan, dataset_identity)
    why = reason.strip() if reason else None
    return _add_lock(store, loaded, digest, fields, dataset_identity, why, by)


def _add_lock(
    store: Store,
    loaded: LoadedPlan,
    digest: str,
    fields: dict[str, Any],
    dataset_identity: dict[str, Any] | None,
    reason: str | None,
    locked_by: str | None,
) -> MetricLock:
    """Append one lock of the current metric (`metric_fingerprint`) under this plan."""
    return add_metric_lock(
        store,
        loaded.project,
        metric_hash=digest,
        metric=fields,
        dataset_identity=dataset_identity,
        plan_hash=loaded.content_hash,
        reason=reason,
        locked_by=locked_by,
    )


# --- reading --------------------------------------------------------------------------


@dataclass(frozen=True)
class LockRecord:
    """One lock as the history shows it."""

    id: int
    metric_hash: str
    metric: dict[str, Any]
    dataset_identity: dict[str, Any] | None
    plan_hash: str | None
    reason: str | None
    locked_by: str | None
    locked_at: dt.datetime
    first: bool

    @property
    def automatic(self) -> bool:
        return self.locked_by == AUTO_LOCKER

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "metric_hash": self.metric_hash,
            "metric": self.metric,
            "dataset_identity": self.dataset_identity,
            "plan_hash": self.plan_hash,
            "reason": self.reason,
            "locked_by": self.locked_by,
            "locked_at": self.locked_at.isoformat(),
            "first": self.first,
        }


def lock_history(store: Store, project: str) -> list[LockRecord]:
    """Every lock of a project, oldest first (the first one is the pre-registration)."""
    rows = metric_locks(store, project)
    return [
        LockRecord(
            id=r.id,
            metric_hash=r.metric_hash,
            metric=dict(r.metric),
            dataset_identity=r.dataset_identity,
            plan_hash=r.plan_hash,
            reason=r.reason,
            locked_by=r.locked_by,
            locked_at=r.locked_at,
            first=i == 0,
        )
        for i, r in enumerate(rows)
    ]


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


#: Locked fields whose change makes runs measure a different thing: looks taken before a
#: re-lock that changed one of them (or the dataset) are not looks at the new metric, so
#: the count restarts. A re-lock of anything else (the name, confidence, min_cases, the
#: baseline margin, the gate's bars) keeps counting every look since the first lock.
MEASURING_FIELDS = frozenset({"suite", "scorer", "aggregate", "label", "threshold", "direction"})


def _lock_field_changes(
    old: dict[str, Any], new: dict[str, Any], old_data: Any, new_data: Any
) -> list[FieldChange]:
    changes: list[FieldChange] = []
    for name in LOCKED_FIELDS:
        if name == "gate":
            if old.get(name) != new.get(name):
                changes.extend(_gate_changes(old.get(name), new.get(name)))
        elif old.get(name) != new.get(name):
            changes.append(FieldChange(name, old.get(name), new.get(name)))
    if same_dataset(old_data, new_data) is False:
        was, now = describe_dataset_change(old_data, new_data)
        changes.append(FieldChange("dataset", was, now))
    return changes


def lock_changes(prev: Any, cur: Any) -> list[FieldChange]:
    """What a lock changed against the one before it (`LockRecord`s or `MetricLock` rows).

    Both locks are kept in full, so the difference is read from them rather than stored
    a second time: it cannot disagree with the locks themselves.
    """
    return _lock_field_changes(
        dict(prev.metric or {}),
        dict(cur.metric or {}),
        prev.dataset_identity,
        cur.dataset_identity,
    )


def measuring_change(prev: Any, cur: Any) -> bool:
    """Whether re-lock `cur` changed what a run measures (`MEASURING_FIELDS` or the data)."""
    return any(c.field in MEASURING_FIELDS or c.field == "dataset" for c in lock_changes(prev, cur))


def _change_text(c: FieldChange) -> str:
    if c.field == "gate" and c.old is None:
        return "gate: bars recorded in the lock"
    if c.field == "dataset" and isinstance(c.old, str) and isinstance(c.new, str):
        return f"dataset: {c.old} → {c.new}"
    return f"{c.field}: {c.old!r} → {c.new!r}"


def relock_lines(history: list[LockRecord]) -> list[str]:
    """One line per intentional re-lock since the first lock, naming what it changed:
    `re-locked 2026-12-06 18:20 UTC by Ana: 'routine refresh' — dataset: query '…' → '…'`.

    A reason alone says why someone moved the goalposts; the change says where to."""
    out: list[str] = []
    for prev, cur in itertools.pairwise(history):
        if cur.automatic:
            continue
        changes = lock_changes(prev, cur)
        what = "; ".join(_change_text(c) for c in changes) or "nothing changed"
        out.append(
            f"re-locked {cur.locked_at:%Y-%m-%d %H:%M} UTC by {cur.locked_by or 'someone unnamed'}:"
            f" {cur.reason!r} — {what}"
        )
    return out


@dataclass(frozen=True)
class MetricDrift:
    """The plan's metric differs from the one locked in the store.

    Attributes:
        old: the locked metric fields; `new`: the plan's current ones.
        changes: one entry per field that differs, in `LOCKED_FIELDS` order.
        locked_at: when the lock in force was taken.
        relocks: how many intentional re-locks came after the first lock.
        evidence_existed: runs of this project exist, so the change came after results
            could have been seen — the case reports must flag.
    """

    old: dict[str, Any]
    new: dict[str, Any] | None
    changes: list[FieldChange] = field(default_factory=list)
    locked_at: dt.datetime | None = None
    relocks: int = 0
    evidence_existed: bool = False
    lock_id: int | None = None

    @property
    def headline(self) -> str:
        what = "metric changed"
        if self.new is not None and self.changes:
            if all(c.field.startswith("gate") for c in self.changes):
                what = "gate bars changed"
            elif any(c.field.startswith("gate") for c in self.changes):
                what = "metric and gate bars changed"
        if self.evidence_existed:
            return f"{what} after evidence existed"
        return f"{what} since it was locked, before any evidence"

    def describe(self) -> list[str]:
        """One line per change: `threshold: 0.9 → 0.8`."""
        if self.new is None:
            return ["success_metric: removed from the plan"]
        return [
            GATE_UNLOCKED
            if c.field == "gate" and c.old is None
            else SCORERS_UNLOCKED
            if c.field == "scorers" and c.old is None
            else f"{c.field}: {c.old} → {c.new}"
            if c.field == "dataset" and isinstance(c.old, str) and isinstance(c.new, str)
            else f"{c.field}: {c.old!r} → {c.new!r}"  # dataset changes are already in words
            for c in self.changes
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "headline": self.headline,
            "old": self.old,
            "new": self.new,
            "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in self.changes],
            "locked_at": self.locked_at.isoformat() if self.locked_at else None,
            "relocks": self.relocks,
            "evidence_existed": self.evidence_existed,
        }


def metric_drift(
    store: Store, loaded: LoadedPlan, dataset_identity: dict[str, Any] | None = None
) -> MetricDrift | None:
    """Compare the plan's metric with the newest lock; None when they agree or none exists.

    Args:
        dataset_identity: when the caller has read the suite's data, a changed dataset
            counts as drift too (field `dataset`).
    """
    history = metric_locks(store, loaded.project)
    if not history:
        return None
    latest = history[-1]
    new = metric_fields(loaded.plan)
    old = dict(latest.metric)
    changes: list[FieldChange] = []
    if new is not None:
        for name in LOCKED_FIELDS:
            if name == "gate":
                changes.extend(_gate_changes(old.get(name), new.get(name)))
            elif old.get(name) != new.get(name):
                changes.append(FieldChange(name, old.get(name), new.get(name)))
    if same_dataset(latest.dataset_identity, dataset_identity) is False:
        if isinstance((dataset_identity or {}).get("config"), dict):
            was, now = describe_dataset_change(latest.dataset_identity, dataset_identity)
            changes.append(FieldChange("dataset", was, now))
        else:
            changes.append(FieldChange("dataset", latest.dataset_identity, dataset_identity))
    if new is not None and not changes:
        return None
    return MetricDrift(
        old=old,
        new=new,
        changes=changes,
        locked_at=latest.locked_at,
        relocks=sum(1 for r in history[1:] if r.locked_by != AUTO_LOCKER),
        evidence_existed=count_runs(store, loaded.project) > 0,
        lock_id=latest.id,
    )
