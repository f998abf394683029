"""Running a batch of probes and storing one `probe_results` row per probe."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

import aiohttp

from phaseone.gate.probes._registry import PROBES, Probe, ProbeOutcome
from phaseone.gate.probes.harness import (
    ProbeContext,
    ProbeTarget,
    in_process_gateway,
    revoke_probe_keys,
    scratch_store,
)
from phaseone.store.database import Store
from phaseone.store.probes import new_batch_id, record_probe

if TYPE_CHECKING:
    from phaseone.plan.loader import LoadedPlan

#: Drill timings: short enough for seconds-long drills; the mechanisms stay the plan's.
DRILL_TIMEOUT_S = 0.5
DRILL_RESET_S = 0.5
DRILL_BACKOFF_S = 0.01


def drill_plan(loaded: LoadedPlan) -> LoadedPlan:
    """The plan with resilience timings shortened and spend/rate controls lifted.

    Budgets and rate limits are verified by their own probes; in a drill they would only
    stop the drill's repeated requests before the fault under test shows.
    """
    from phaseone.plan.loader import LoadedPlan

    plan = loaded.plan.model_copy(deep=True)
    if plan.controls is not None:
        r = plan.controls.resilience
        r.timeout_s = min(r.timeout_s, DRILL_TIMEOUT_S)
        r.backoff_base_s = min(r.backoff_base_s, DRILL_BACKOFF_S)
        if r.circuit_breaker is not None:
            r.circuit_breaker.reset_after_s = min(r.circuit_breaker.reset_after_s, DRILL_RESET_S)
        plan.controls.budget = None
        plan.controls.rate_limit = None
    return LoadedPlan(plan, loaded.path, loaded.base_dir, loaded.text, loaded.content_hash)


async def _run_one(p: Probe, ctx: ProbeContext) -> ProbeOutcome:
    try:
        return (await p.fn(ctx)).settled()
    except Exception as exc:  # a probe that crashes proves nothing: it fails, with why
        return ProbeOutcome(
            False,
            f"the probe could not complete: {type(exc).__name__}: {exc}",
            {"error": repr(exc)},
        )


@contextlib.contextmanager
def _drill_gateway(loaded: LoadedPlan) -> Iterator[tuple[LoadedPlan, Store, object, str]]:
    from phaseone.guard.faults import FaultyTarget

    dl = drill_plan(loaded)
    with scratch_store() as ds:
        target = FaultyTarget(ProbeTarget(), mode="ok")
        with in_process_gateway(dl, ds, target) as url:
            yield dl, ds, target, url


async def _run_batch(
    loaded: LoadedPlan,
    store: Store,
    batch: str,
    gateway_url: str | None,
    api_key: str | None,
    names: list[str],
) -> None:
    project = loaded.plan.project.name
    probes = [PROBES.get(n) for n in names]
    async with aiohttp.ClientSession() as session:
        shared = [p for p in probes if not p.drill]
        if shared:
            with contextlib.ExitStack() as stack:
                url = (
                    gateway_url.rstrip("/")
                    if gateway_url
                    else stack.enter_context(in_process_gateway(loaded, store, ProbeTarget()))
                )
                ctx = ProbeContext(
                    loaded,
                    store,
                    batch,
                    url,
                    session,
                    api_key=api_key,
                    in_process=gateway_url is None,
                )
                try:
                    for p in shared:
                        out = await _run_one(p, ctx)
                        record_probe(
                            store,
                            batch_id=batch,
                            project=project,
                            probe=p.name,
                            control=p.control,
                            passed=out.passed,
                            summary=out.summary,
                            details=out.details,
                            gateway_url=gateway_url or "in-process",
                        )
                finally:
                    revoke_probe_keys(store, ctx.keys)
        for p in (p for p in probes if p.drill):
            with _drill_gateway(loaded) as (dl, ds, target, url):
                ctx = ProbeContext(dl, ds, batch, url, session, in_process=True, target=target)
                out = await _run_one(p, ctx)
            record_probe(
                store,
                batch_id=batch,
                project=project,
                probe=p.name,
                control=p.control,
                passed=out.passed,
                summary=out.summary,
                details=out.details,
                gateway_url="in-process drill",
            )


def run_probes(
    loaded: LoadedPlan,
    store: Store,
    gateway_url: str | None = None,
    api_key: str | None = None,
    *,
    only: list[str] | None = None,
) -> str:
    """Run the probes and return the batch id under which their results are stored.

    Args:
        gateway_url: a running gateway that uses this store (probe keys are created in
            it); None starts GUARD's gateway in-process on an ephemeral loopback port.
        api_key: a key of that gateway for the probes that need an ordinary caller;
            by default a probe key is created (and revoked afterwards).
        only: probe names to run (default: all).
    """
    batch = new_batch_id()
    names = only or PROBES.names()
    asyncio.run(_run_batch(loaded, store, batch, gateway_url, api_key, names))
    return batch
