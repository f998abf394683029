"""Does a stored run speak for the system and the data the plan names now?

A run is evidence about one target configuration and one dataset. When the plan later
points `target.url` at another server, or a suite at another file or query, the old run
says nothing about what the plan now describes, however recent it is. The gate compares
each cited run with the plan as it is now:

* the target by fingerprint (what the runner records: the configuration without secrets,
  and for a `python` target the code's hashes), not by the plan's text — a `${ROUTER_URL}`
  in the plan changes the URL without changing the text;
* the dataset by its configuration (kind, path or query, mapping), and for files by the
  content hash too (a file edited in place is other cases under the same name). A live
  source (SQL, HTTP, traces) changes content by itself, so only its configuration counts;
  a SQLite file read with SQL is a file, compared by the hash of the query's result rows;
* the suite's scorers by their definitions (a `regex` scorer named `exact` is not the exact
  scorer) and, for a `python` scorer, its code's hashes; and the suite's tags, since they
  say what the run is evidence of (an `edge` run is not adversarial evidence).

Pure functions here; `GateContext` caches what they need and turns a mismatch into an
INCONCLUSIVE result that names the run to repeat.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phaseone.errors import PhaseoneError
from phaseone.plan.components import content_compared
from phaseone.plan.lock import describe_dataset_change, scorer_definitions
from phaseone.store.models import Run

__all__ = [
    "PlannedDataset",
    "PlannedScoring",
    "PlannedTarget",
    "RunMismatch",
    "dataset_mismatch",
    "planned_dataset",
    "planned_scoring",
    "planned_target",
    "read_identity",
    "scoring_mismatch",
    "target_mismatch",
]


@dataclass(frozen=True)
class PlannedTarget:
    """The target the plan names for a role, as a run would record it."""

    label: str
    fingerprint: str | None = None
    error: str | None = None  #: why the plan's target cannot be built (no fingerprint)


@dataclass(frozen=True)
class PlannedDataset:
    """A suite's dataset as the plan names it now."""

    config: dict[str, Any]
    describe: str


@dataclass(frozen=True)
class PlannedScoring:
    """How the plan scores a suite now and what it tags it, as a run would record them."""

    scorers: list[dict[str, Any]]
    tags: list[str]
    error: str | None = None  #: why a `python` scorer's code cannot be read now


@dataclass(frozen=True)
class RunMismatch:
    """A cited run was made against another target or dataset than the plan's."""

    run_id: str
    suite: str
    role: str
    was: str
    now: str
    verb: str = "made against"  #: "scored with" for a scorer or tag difference

    @property
    def rerun(self) -> str:
        role = "" if self.role == "pilot" else f" --role {self.role}"
        return f"`phaseone eval --suite {self.suite}{role}`"

    def describe(self) -> str:
        return f"run {self.run_id} was {self.verb} {self.was}, the plan now says {self.now}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "suite": self.suite,
            "role": self.role,
            "was": self.was,
            "now": self.now,
            "verb": self.verb,
        }


def planned_target(config: Any, base_dir: Path) -> PlannedTarget:
    """Build the plan's target only to read its label and fingerprint (nothing is called:
    targets open their connections on the first call)."""
    from phaseone.targets import build_target

    kind = str(getattr(config, "kind", "target"))
    try:
        target = build_target(config, base_dir)
    except PhaseoneError as exc:
        return PlannedTarget(label=f"a {kind} target", error=exc.message)
    return PlannedTarget(label=target.label, fingerprint=target.fingerprint)


def target_mismatch(run: Run, planned: PlannedTarget | None, role: str) -> tuple[str, str] | None:
    """(was, now) when the run's target is not the plan's target for its role."""
    if planned is None:
        return run.target_label, f"no {role} target"
    if planned.error is not None:
        return run.target_label, f"{planned.label} that cannot be built ({planned.error})"
    if run.target_fingerprint == planned.fingerprint:
        return None
    if run.target_label != planned.label:
        return run.target_label, planned.label
    fp, now = str(run.target_fingerprint), str(planned.fingerprint)
    return (
        f"{run.target_label} (configuration {fp[:12]})",
        f"another configuration of it ({now[:12]}: body, model, headers or price changed)",
    )


def planned_dataset(config: Any, base_dir: Path) -> PlannedDataset:
    from phaseone.datasets import build_source, dataset_config

    return PlannedDataset(
        config=dataset_config(config), describe=build_source(config, base_dir).describe()
    )


def read_identity(config: Any, base_dir: Path, store: Any) -> dict[str, Any]:
    """The dataset's identity now (reads it once, on a thread of its own so that a caller
    inside an event loop works too).

    Raises:
        PhaseoneError: the data cannot be read.
    """
    from phaseone.datasets import build_source

    source = build_source(config, base_dir, store)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="phaseone-gate-data") as pool:
        identity = pool.submit(lambda: asyncio.run(source.identity())).result()
    return identity.as_dict()


def dataset_mismatch(
    run: Run, planned: PlannedDataset | None, current: dict[str, Any] | str | None
) -> tuple[str, str] | None:
    """(was, now) when the run read other data than the plan's suite names now.

    Args:
        planned: the suite's dataset as the plan names it (None: the suite is gone).
        current: for a file suite whose run recorded a content hash, the file's identity
            now, or why it cannot be read; None when the content is not compared.
    """
    recorded = dict(run.dataset_identity or {})
    if planned is None:
        return f"suite {run.suite!r}", f"no suite {run.suite!r}"
    config = recorded.get("config")
    if not isinstance(config, dict):
        source = recorded.get("source") or "source unknown"
        return (
            f"a dataset whose configuration it did not record ({source}; a run from an "
            "older phaseone)",
            f"{planned.describe} as configured now",
        )
    if config != planned.config:
        was, now = describe_dataset_change(recorded, {**recorded, "config": planned.config})
        return f"dataset {was}", f"dataset {now}"
    if not content_compared(config) or current is None:  # a live source changes by itself
        return None
    if isinstance(current, str):
        return f"{planned.describe}", f"{planned.describe}, which cannot be read now ({current})"
    if current.get("content_hash") != recorded.get("content_hash"):
        return describe_dataset_change({**recorded, "config": None}, {**current, "config": None})
    return None


def planned_scoring(suite: Any, base_dir: Path) -> PlannedScoring:
    """The suite's scorers as a run of it would record them now (`evals.new_run.run_config`):
    definitions, plus the code's hashes for a `python` scorer (its module is imported,
    nothing is scored)."""
    from phaseone.scorers.custom import scorer_code

    scorers = scorer_definitions(suite.scorers)
    for d, config in zip(scorers, suite.scorers, strict=True):
        if d.get("kind") == "python":
            try:
                d["code_fingerprint"] = scorer_code(config, base_dir)
            except PhaseoneError as exc:
                return PlannedScoring(scorers, list(suite.tags), error=exc.message)
    return PlannedScoring(scorers, list(suite.tags))


def _scorers_shown(scorers: Any) -> str:
    if not isinstance(scorers, list) or not scorers:
        return "no recorded scorers"
    parts = []
    for d in scorers:
        if not isinstance(d, dict):
            parts.append(repr(d))
            continue
        kind = d.get("kind", "?")
        name = d.get("name") or kind
        shown = {k: v for k, v in d.items() if k not in {"kind", "name", "code_fingerprint"} and v}
        detail = ", ".join(f"{k}={v!r}" for k, v in sorted(shown.items()))
        parts.append(f"{kind} scorer {name!r}" + (f" ({detail})" if detail else ""))
    return "; ".join(parts)


def _code_shown(scorers: Any) -> str:
    fps = [
        str(d["code_fingerprint"].get("module_file"))[:12]
        for d in scorers
        if isinstance(d, dict) and isinstance(d.get("code_fingerprint"), dict)
    ]
    return ", ".join(fps) or "unknown (not recorded)"


def scoring_mismatch(run: Run, planned: PlannedScoring | None) -> tuple[str, str, str] | None:
    """(was, now, verb) when the run was scored otherwise, or tagged otherwise, than the plan's
    suite is now. A run from before scorers were recorded cannot be shown to match.

    Args:
        planned: the suite's scoring now (None: the suite is gone, which
            `dataset_mismatch` reports).
    """
    if planned is None:
        return None
    config = dict(run.config or {})
    recorded = config.get("scorers")
    if planned.error is not None:
        return (
            _scorers_shown(recorded),
            f"a scorer that cannot be loaded ({planned.error})",
            "scored with",
        )
    if recorded != planned.scorers:
        was, now = _scorers_shown(recorded), _scorers_shown(planned.scorers)
        if was == now:  # only the code of a python scorer differs
            was = f"{was} whose code hashed {_code_shown(recorded)}"
            now = f"its code as it is now ({_code_shown(planned.scorers)}: the function changed)"
        return was, now, "scored with"
    tags = config.get("suite_tags")
    if not isinstance(tags, list) or sorted(map(str, tags)) != sorted(planned.tags):
        was = f"suite tags {tags}" if isinstance(tags, list) else "suite tags it did not record"
        return (
            f"{was} (what it is evidence of)",
            f"suite tags {sorted(planned.tags)}",
            "made with",
        )
    return None
