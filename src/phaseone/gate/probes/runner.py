"""Running a batch of probes and storing one `probe_results` row per probe."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from dataclasses import replace
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
from phaseone.plan.controls_hash import controls_hash
from phaseone.plan.disabled import disabled_in_plan
from phaseone.store.database import Store
from phaseone.store.probes import (
    BATCH_KEY,
    IN_PROCESS,
    SKIPPED_KEY,
    BatchMeta,
    finish_batch,
    new_batch_id,
    record_probe,
    record_probe_requests,
)

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


def _skip(p: Probe, loaded: LoadedPlan) -> ProbeOutcome | None:
    """A skip outcome when the plan explicitly disables the probe's control, else None.

    The gate treats that control as not applicable (`plan.disabled`, the same rule), so
    running the probe could only fail for a guardrail the owner scoped out.
    """
    setting = disabled_in_plan(loaded.plan.controls, p.control)
    if setting is None:
        return None
    return ProbeOutcome(False, f"disabled in the plan ({setting})", {SKIPPED_KEY: setting})


async def _run_one(p: Probe, ctx: ProbeContext) -> ProbeOutcome:
    if (skipped := _skip(p, ctx.loaded)) is not None:
        return skipped
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
    probed = gateway_url.rstrip("/") if gateway_url else IN_PROCESS
    seen: set[str] = set()

    def record(p: Probe, out: ProbeOutcome, meta: BatchMeta, where: str) -> None:
        record_probe(
            store,
            batch_id=batch,
            project=project,
            probe=p.name,
            control=p.control,
            passed=out.passed,
            summary=out.summary,
            details={**out.details, BATCH_KEY: meta.as_dict()},
            gateway_url=where,
        )

    def note_sent(ctx: ProbeContext) -> None:
        record_probe_requests(store, batch_id=batch, project=project, request_ids=ctx.take_sent())

    async with aiohttp.ClientSession() as session:
        shared = [p for p in probes if not p.drill]
        meta = BatchMeta(
            probed=probed,
            plan_controls=controls_hash(loaded.plan.controls),
            gateway_controls=None,
            planned=tuple(names),
            full=set(names) >= set(PROBES.names()),
        )
        with contextlib.ExitStack() as stack:
            url = (
                probed
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
            # What the gateway says it enforces, asked before the first probe: the gate
            # accepts the batch only if this is the plan's controls hash at gate time.
            meta = replace(meta, gateway_controls=await ctx.reported_controls())
            try:
                for p in shared:
                    out = await _run_one(p, ctx)
                    # its requests are probe traffic before its result is evidence
                    note_sent(ctx)
                    record(p, out, meta, gateway_url or IN_PROCESS)
            finally:
                note_sent(ctx)
                revoke_probe_keys(store, ctx.keys)
            seen |= ctx.seen_controls
        for p in (p for p in probes if p.drill):
            with _drill_gateway(loaded) as (dl, ds, target, url):
                dctx = ProbeContext(dl, ds, batch, url, session, in_process=True, target=target)
                out = await _run_one(p, dctx)
            record(p, out, meta, "in-process drill")
    finish_batch(store, batch, seen_controls=sorted(seen))


def run_probes(
    loaded: LoadedPlan,
    store: Store,
    gateway_url: str | None = None,
    api_key: str | None = None,
    *,
    only: list[str] | None = None,
) -> str:
    """Run the probes and return the batch id under which their results are stored.

    The batch records what it probed (the URL, or ``in-process``), the controls hash the
    gateway reported and the plan's, and is stamped complete after the last probe
    (`store.probes.BatchMeta`): the gate accepts only a complete batch against a running
    gateway that enforces the plan's current controls.

    Args:
        gateway_url: a running gateway that uses this store (probe keys are created in
            it); None starts GUARD's gateway in-process on an ephemeral loopback port,
            around a stand-in target: a rehearsal, useful before deploying, that can
            never support GO.
        api_key: a key of that gateway for the probes that need an ordinary caller;
            by default a probe key is created (and revoked afterwards).
        only: probe names to run (default: all).
    """
    batch = new_batch_id()
    names = only or PROBES.names()
    asyncio.run(_run_batch(loaded, store, batch, gateway_url, api_key, names))
    return batch
