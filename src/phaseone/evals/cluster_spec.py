"""What a Dask worker needs to build one eval run's target and scorers (`RunSpec`).

Apart from `evals.cluster` (the driver) and `evals.cluster_worker` (the worker), which
both use it, so that neither imports the other's module to share it; this one needs no
``distributed``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from phaseone.evals.plan_files import Sources, collect_sources
from phaseone.plan.loader import LoadedPlan


@dataclass(frozen=True)
class RunSpec:
    """What a worker needs to build a run's target and scorers; scattered once per run."""

    token: str
    plan: LoadedPlan
    suite: str
    target_config: Any
    store_url: str | None
    use_cache: bool
    #: The plan directory's Python sources, for workers without that directory.
    sources: Sources = ()


def new_spec(
    loaded: LoadedPlan, suite: str, target_config: Any, store_url: str | None, use_cache: bool
) -> RunSpec:
    sources = collect_sources(loaded.base_dir)
    return RunSpec(uuid.uuid4().hex, loaded, suite, target_config, store_url, use_cache, sources)
