"""Scale-out: an eval run's target calls and scoring on a Dask distributed cluster.

Why this shape:

* **The driver keeps what must happen once and in order**: reading the dataset, the
  response cache, resume, the cost limit, retries and back-off, and writing results.
  Workers do only the expensive, stateless part of a case — call the target, score the
  answer — so a worker that dies loses nothing stored: the driver's retry, or a later
  ``--resume``, runs its cases again.
* **Built once per worker.** The run's spec (plan, suite, target configuration) is
  scattered to the workers once; each worker process builds the target and scorers the
  first time it sees the spec and reuses them for every case, then closes them when the
  run ends.
* **Coroutines on the worker's loop.** The task functions are ``async``: Dask runs them on
  each worker's event loop, so one worker holds many I/O-bound calls at once (up to its
  thread slots); a sync Python target still runs on its own thread pool.
* **The plan's Python travels with it.** The spec carries the plan directory's ``*.py``
  files (`plan_files`): a worker on another host imports the pilot and custom scorers
  from its own copy; one that sees the same files at the same path uses them in place.
* **Loopback by default.** ``local`` / ``local:N`` starts N worker processes bound to
  127.0.0.1; nothing leaves the host. A remote scheduler (``tcp://`` or ``tls://``) gets
  the target's configuration, secrets included: use ``tls://`` beyond one host.

Needs the ``dask`` extra: ``pip install 'phaseone[dask]'``.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import math
import os
from collections.abc import AsyncIterator
from typing import Any

from phaseone.datasets.base import Case
from phaseone.errors import MissingExtraError, UsageError
from phaseone.evals.cluster_spec import RunSpec, new_spec
from phaseone.evals.options import EvalOptions
from phaseone.evals.parts import RunParts
from phaseone.evals.scoring import CaseScores
from phaseone.plan.components import Price
from phaseone.plan.loader import LoadedPlan
from phaseone.targets.base import Target, TargetResponse

#: Seconds to wait for a remote scheduler to answer before saying it cannot be reached.
CONNECT_TIMEOUT_S = 10.0
#: Seconds to wait for a scheduler's first worker before saying it has none.
WORKERS_WAIT_S = 10.0


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise MissingExtraError("Running evals on a Dask cluster", "dask", "distributed") from None
    return distributed


def parse_address(address: str) -> tuple[str, int | None]:
    """``local`` → (local, None); ``local:4`` → (local, 4); a scheduler URL → (url, None)."""
    a = address.strip()
    if a == "local":
        return "local", None
    if a.startswith("local:"):
        n = a.removeprefix("local:")
        if not n.isdigit() or int(n) < 1:
            raise UsageError(
                f"--dask {address!r}: the number of local workers must be a whole number ≥ 1",
                fix="e.g. --dask local:2 (or --dask local for one worker per CPU)",
            )
        return "local", int(n)
    if "://" not in a:
        raise UsageError(
            f"--dask {address!r} is neither `local[:N]` nor a scheduler address",
            fix="use --dask local, --dask local:4 or --dask tcp://HOST:8786",
        )
    return a, None


class EvalCluster:
    """A connected Dask client (and the local cluster it started, if any).

    Open with `open_cluster`; hand it to runs as ``arun_suite(..., cluster=...)``.
    """

    def __init__(self, client: Any, address: str, local: Any = None) -> None:
        self.client = client
        self.address = address
        self._local = local

    async def workers(self) -> int:
        """Workers connected to the scheduler now (asked, not cached)."""
        info = await self.client.scheduler.identity()
        return len(info.get("workers", {}))

    async def prepare(
        self, loaded: LoadedPlan, store_url: str | None, parts: RunParts, options: EvalOptions
    ) -> RemoteRun:
        """Install the run's spec on every worker, and on any that joins later (a worker
        plugin, so each task carries only the spec's token); the returned run submits
        cases to them, several per task when the run's concurrency allows (`batch_size`).

        The spec names the suite and the role's target configuration; each worker builds
        the target and scorers from it once (`cluster_worker`)."""
        from phaseone.evals.cluster_worker import RunSpecPlugin

        spec = new_spec(
            loaded, parts.suite.name, parts.target_config, store_url, options.reads_cache
        )
        local_target = parts.target
        concurrency = options.calls_in_flight
        plugin = RunSpecPlugin(spec)
        await self.client.register_plugin(plugin, name=plugin.name)
        size = batch_size(concurrency, await self.workers())
        return RemoteRun(self.client, spec, plugin.name, local_target, batch=size)

    async def aclose(self) -> None:
        with contextlib.suppress(Exception):
            await self.client.close()
        if self._local is not None:
            with contextlib.suppress(Exception):
                await self._local.close()


@contextlib.asynccontextmanager
async def open_cluster(address: str, *, concurrency: int = 16) -> AsyncIterator[EvalCluster]:
    """Connect to a scheduler, or start a local cluster on 127.0.0.1 for the duration.

    A local cluster gets ``ceil(concurrency / workers)`` slots per worker, so the run's
    ``--concurrency`` is what bounds calls in flight, not the cluster.
    """
    dd = _distributed()
    where, n = parse_address(address)
    local = None
    if where == "local":
        workers = n or os.cpu_count() or 1
        local = await dd.LocalCluster(
            n_workers=workers,
            threads_per_worker=max(1, math.ceil(concurrency / workers)),
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            asynchronous=True,
            silence_logs=logging.ERROR,
        )
        try:
            client = await dd.Client(local, asynchronous=True)
        except BaseException:
            await local.close()
            raise
        label = f"local cluster of {workers} worker process(es) on 127.0.0.1"
    else:
        try:
            client = await dd.Client(where, asynchronous=True, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as exc:  # ValueError: an unknown scheme
            raise UsageError(
                f"cannot reach the Dask scheduler at {where}: {exc}",
                fix="start one (`dask scheduler`, then `dask worker ADDRESS` on each host), "
                "check the address, or use --dask local",
            ) from None
        label = where
    cluster = EvalCluster(client, label, local)
    try:
        try:
            await cluster.client.wait_for_workers(1, timeout=WORKERS_WAIT_S)
        except TimeoutError:
            raise UsageError(
                f"the Dask scheduler at {where} has no workers",
                fix=f"start at least one: `dask worker {where}`",
            ) from None
        yield cluster
    finally:
        await cluster.aclose()


#: The most cases one task carries.
MAX_BATCH = 16


def batch_size(concurrency: int, workers: int) -> int:
    """Cases per task: each task costs the driver ~3 ms of Dask scheduling and result
    fetching, so an I/O-bound run sends several cases per task, but few enough that every
    worker still holds two tasks at once (`concurrency` calls in flight in all)."""
    return max(1, min(MAX_BATCH, concurrency // (2 * max(1, workers))))


class RemoteTarget:
    """The run's target as the runner sees it: same fingerprint, label and price as the
    local one (cache keys and cost estimates do not change), calls made on a worker.

    Calls the runner makes in the same event-loop turn (when cases finish together, the
    next ones start together) leave in tasks of up to `batch` cases; each case still gets
    its own answer or error, so retries, the cost limit and resume stay per case."""

    def __init__(self, run: RemoteRun, local: Target, batch: int = 1) -> None:
        self._run = run
        self.fingerprint: str = local.fingerprint
        self.label: str = local.label
        self.price: Price = local.price
        self.batch = max(1, batch)
        self._waiting: list[tuple[Any, Any, asyncio.Future[Any]]] = []
        self._tasks: set[asyncio.Task[None]] = set()

    async def call(self, input: Any, *, case: Any = None) -> TargetResponse:
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[tuple[TargetResponse, CaseScores]] = loop.create_future()
        if not self._waiting:
            loop.call_soon(self._send)
        self._waiting.append((input, case, fut))
        response, verdict = await fut
        self._run.scored[id(response)] = (response, verdict)
        return response

    def _send(self) -> None:
        waiting, self._waiting = self._waiting, []
        for start in range(0, len(waiting), self.batch):
            chunk = waiting[start : start + self.batch]
            task = asyncio.ensure_future(self._run_chunk(chunk))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            futures = [f for _, _, f in chunk]

            def abandon(_: Any, futures: list[Any] = futures, task: Any = task) -> None:
                if all(f.cancelled() for f in futures):  # nobody waits: stop the task
                    task.cancel()

            for f in futures:
                f.add_done_callback(abandon)

    async def _run_chunk(self, chunk: list[tuple[Any, Any, asyncio.Future[Any]]]) -> None:
        from phaseone.evals.cluster_worker import call_and_score_many

        live = [(i, c, f) for i, c, f in chunk if not f.done()]
        if not live:
            return
        try:
            outcomes = await self._run.submit(call_and_score_many, [(i, c) for i, c, _ in live])
        except BaseException as exc:  # the whole task failed: every case gets its error
            for _, _, f in live:
                if not f.done():
                    if isinstance(exc, asyncio.CancelledError):
                        f.cancel()
                    else:
                        f.set_exception(exc)
            if isinstance(exc, asyncio.CancelledError):
                raise
            return
        for (_, _, f), (ok, value) in zip(live, outcomes, strict=True):
            if not f.done():
                if ok:
                    f.set_result(value)
                else:
                    f.set_exception(value)

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()


class RemoteRun:
    """One run's handle on the cluster: submit cases, score answers, clean up."""

    def __init__(
        self, client: Any, spec: RunSpec, plugin_name: str, local: Target, *, batch: int = 1
    ) -> None:
        self.client = client
        self.spec = spec
        self._plugin_name = plugin_name
        self._cancelling: set[asyncio.Future[Any]] = set()
        #: Verdicts made on the worker in the same task as the call (one round trip per
        #: case, not two), kept until the runner asks for them. The response is kept with
        #: its verdict, so its id cannot be reused by another answer meanwhile.
        self.scored: dict[int, tuple[TargetResponse, CaseScores]] = {}
        self.target = RemoteTarget(self, local, batch)

    async def submit(self, fn: Any, *args: Any) -> Any:
        fut = self.client.submit(fn, self.spec.token, *args, pure=False)
        try:
            return await fut
        except asyncio.CancelledError:
            # A timeout or Ctrl-C on the driver: the worker need not finish the call.
            with contextlib.suppress(Exception):
                pending = fut.cancel()
                if inspect.isawaitable(pending):
                    task = asyncio.ensure_future(pending)
                    self._cancelling.add(task)
                    task.add_done_callback(self._cancelling.discard)
            raise

    async def score(self, case: Case, response: TargetResponse) -> CaseScores:
        kept = self.scored.pop(id(response), None)
        if kept is not None and kept[0] is response:
            return kept[1]
        # A cached answer: no call was made, so it is scored on its own.
        from phaseone.evals.cluster_worker import score

        result: CaseScores = await self.submit(score, case, response)
        return result

    async def aclose(self) -> None:
        """Close the target and scorers each worker built for this run (the plugin's
        teardown on every worker)."""
        await self.target.aclose()
        with contextlib.suppress(Exception):
            await self.client.unregister_worker_plugin(self._plugin_name)
