"""The worker side of `evals.cluster`: what a Dask worker process runs for an eval run.

A run's spec arrives once through a worker plugin (`RunSpecPlugin`), which also reaches
workers that join mid-run; tasks carry only the spec's token. The target and scorers are
built on first use and closed by the plugin's teardown when the run ends. Imports
``distributed``: loaded only on the driver after the ``dask`` extra was found, and on
workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from phaseone.datasets.base import Case
from phaseone.evals.cluster_spec import RunSpec
from phaseone.evals.plan_files import where_to_import
from phaseone.evals.scoring import (
    CaseScores,
    build_scorers_for,
    find_suite,
    jsonable,
    score_case,
)
from phaseone.scorers.base import Scorer
from phaseone.store.database import Store
from phaseone.targets import build_target
from phaseone.targets.base import Target, TargetResponse

log = logging.getLogger(__name__)

#: token → spec, installed by the plugin
_SPECS: dict[str, RunSpec] = {}
#: token → the build of that run's parts (a task, so concurrent first cases build once)
_BUILT: dict[str, asyncio.Task[_Parts]] = {}


class RunSpecPlugin(WorkerPlugin):
    """Puts one run's spec on a worker, and closes what the worker built for it."""

    def __init__(self, spec: RunSpec) -> None:
        self.spec = spec
        self.name = f"phaseone-run-{spec.token}"

    def setup(self, worker: Any) -> None:
        _SPECS[self.spec.token] = self.spec

    async def teardown(self, worker: Any) -> None:
        _SPECS.pop(self.spec.token, None)
        await _forget(self.spec.token)


@dataclass
class _Parts:
    target: Target
    scorers: list[Scorer]
    store: Any
    #: The run's own copy of the plan's sources, removed when the run ends.
    sources_dir: Path | None = None


async def _parts(token: str) -> _Parts:
    task = _BUILT.get(token)
    if task is None:
        spec = _SPECS.get(token)
        if spec is None:  # the run ended (plugin removed) while this task was queued
            raise RuntimeError(f"phaseone: run spec {token} is not on this worker")
        task = asyncio.ensure_future(_build(spec))
        _BUILT[token] = task
    return await task


async def _build(spec: RunSpec) -> _Parts:
    base_dir = where_to_import(spec.plan.base_dir, spec.sources, spec.token)
    plan = dataclasses.replace(spec.plan, base_dir=base_dir)
    store = _worker_store(spec.store_url)
    suite = find_suite(plan, spec.suite)
    scorers = build_scorers_for(suite, plan, store, use_cache=spec.use_cache)
    target = build_target(spec.target_config, base_dir)
    own = base_dir if base_dir != spec.plan.base_dir else None
    return _Parts(target, scorers, store, own)


def _worker_store(url: str | None) -> Any:
    """The store for the judge's cache, when this worker can open it with its tables in
    place (a worker on another host cannot open the driver's SQLite file); else none."""
    if url is None:
        return None
    try:
        store = Store(url, migrate=False)
        if "response_cache" in store.table_names():
            return store
        store.close()
    except Exception as exc:  # a store it cannot reach: judge answers are just not cached
        log.warning("phaseone worker: no judge cache (%s)", exc)
    return None


async def call_and_score(token: str, input: Any, case: Any) -> tuple[TargetResponse, CaseScores]:
    """One case: call the target, then score the answer — one task, one round trip."""
    parts = await _parts(token)
    response = await parts.target.call(input, case=case)
    # Only plain data crosses back: a Python target may return objects the driver
    # cannot unpickle, and the raw body is for local debugging. Scored as the runner
    # would: on the JSON-safe output.
    response.output = jsonable(response.output)
    response.raw = None
    return response, await score_case(parts.scorers, case, response)


async def call_and_score_many(token: str, items: list[tuple[Any, Any]]) -> list[tuple[bool, Any]]:
    """Several cases in one task, concurrently: ``(True, (response, scores))`` or
    ``(False, error)`` per case, in order, so one case's failure is that case's alone."""
    await _parts(token)  # a build error fails the whole task, as it would each case

    async def one(input: Any, case: Any) -> tuple[bool, Any]:
        try:
            return True, await call_and_score(token, input, case)
        except Exception as exc:
            return False, _picklable(exc)

    return list(await asyncio.gather(*(one(i, c) for i, c in items)))


def _picklable(exc: Exception) -> Exception:
    """The error itself when it crosses to the driver intact, else a RuntimeError with
    its type and message (one odd exception must not lose the other cases' answers)."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


async def score(token: str, case: Case, response: TargetResponse) -> CaseScores:
    """Score a cached answer (no call was made for it)."""
    parts = await _parts(token)
    return await score_case(parts.scorers, case, response)


async def _forget(token: str) -> None:
    task = _BUILT.pop(token, None)
    if task is None:
        return
    with contextlib.suppress(BaseException):
        await task
    if not task.done() or task.cancelled() or task.exception() is not None:
        return
    parts = task.result()
    with contextlib.suppress(Exception):
        await parts.target.aclose()
    for s in parts.scorers:
        aclose = getattr(s, "aclose", None)
        if aclose is not None:
            with contextlib.suppress(Exception):
                await aclose()
    if parts.store is not None:
        with contextlib.suppress(Exception):
            parts.store.close()
    if parts.sources_dir is not None:
        shutil.rmtree(parts.sources_dir, ignore_errors=True)
