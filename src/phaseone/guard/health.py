"""What `/healthz` says: whether a guard serves as its plan says, or is degraded, and why.

A gateway that answers requests while its traces pile up unwritten (a full disk), its
store or budget backend is unreachable, or its target's circuit breaker is open is not
"ok": requests are served, but the evidence the gate and the dashboard rely on, or the
answers themselves, are not what the plan promises (issue #21.6). Each cause is a
`Problem` with a code an alert can match and a message a person can act on.

The answer is HTTP 200 with ``"status": "degraded"`` by default, 503 only when asked
(``/healthz?strict=1``): load balancers and Kubernetes readiness probes take a non-2xx
instance out of rotation, and every cause here is usually shared by all instances (one
store, one target), so a 503 would turn answers that are still served — by the target,
the fallback, with traces held for later — into no answers at all. Monitors that only
read status codes use ``strict``.

Active probes (a ``SELECT 1`` on the store, a ``PING`` to Redis) run at most every
`PROBE_TTL_S` seconds, one at a time each, bounded by `PROBE_TIMEOUT_S`; a load balancer
polling every second does not load the database.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from phaseone.guard.resilience import CLOSED
from phaseone.store import reachability
from phaseone.store.traces import BACKLOG_MAX_ROWS, WriteStatus

if TYPE_CHECKING:
    from phaseone.guard.pipeline import Guard

#: Rows waiting to be written above which a gateway is degraded even while writes still
#: succeed (the database is slower than the traffic): a tenth of what a writer holds.
BACKLOG_DEGRADED_ROWS = BACKLOG_MAX_ROWS // 10
#: Seconds a gateway stays degraded after it dropped trace rows (the backlog was full).
DROPPED_RECENT_S = 300.0
#: Seconds a probe's verdict is reused.
PROBE_TTL_S = 2.0
#: Seconds a probe may take before its backend counts as unreachable.
PROBE_TIMEOUT_S = 2.0


@dataclass(frozen=True)
class Problem:
    """One reason a gateway is degraded."""

    #: trace_writes_failing | trace_backlog | traces_dropped | store_unreachable |
    #: budget_backend_unreachable | circuit_open | kill_switch_on
    code: str
    message: str


@dataclass(frozen=True)
class Health:
    """The verdict of `/healthz`."""

    problems: tuple[Problem, ...]
    #: The trace writer's own account (None when tracing is off).
    traces: WriteStatus | None

    @property
    def status(self) -> Literal["ok", "degraded"]:
        return "degraded" if self.problems else "ok"

    def as_json(self, project: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status,
            "project": project,
            "problems": [{"code": p.code, "message": p.message} for p in self.problems],
        }
        if self.traces is not None:
            out["traces"] = {
                "waiting": self.traces.waiting,
                "backlog_max": BACKLOG_MAX_ROWS,
                "failed_writes": self.traces.failures,
                "dropped": self.traces.dropped,
            }
        return out


def trace_problems(st: WriteStatus, now: float | None = None) -> list[Problem]:
    """What a trace writer's status says is wrong (empty: nothing)."""
    now = time.time() if now is None else now
    out: list[Problem] = []
    if st.failing:
        since = f" for {now - st.failing_since:.0f} s" if st.failing_since else ""
        out.append(
            Problem(
                "trace_writes_failing",
                f"traces cannot be written{since} ({st.failures} failed attempts;"
                f" {st.waiting} rows held, up to {BACKLOG_MAX_ROWS}): {st.last_error}",
            )
        )
    elif st.waiting > BACKLOG_DEGRADED_ROWS:
        out.append(
            Problem(
                "trace_backlog",
                f"{st.waiting} trace rows wait to be written (degraded above"
                f" {BACKLOG_DEGRADED_ROWS}; new rows are dropped past {BACKLOG_MAX_ROWS})",
            )
        )
    if st.last_drop_at is not None and now - st.last_drop_at < DROPPED_RECENT_S:
        out.append(
            Problem(
                "traces_dropped",
                f"{st.dropped} trace rows dropped since start, the last {now - st.last_drop_at:.0f}"
                f" s ago: more than {BACKLOG_MAX_ROWS} rows waited to be written",
            )
        )
    return out


class HealthCheck:
    """The checks behind `/healthz` for one guard (see the module's docstring)."""

    def __init__(
        self, guard: Guard, ttl_s: float = PROBE_TTL_S, timeout_s: float = PROBE_TIMEOUT_S
    ) -> None:
        self.guard = guard
        self.ttl_s = ttl_s
        self.timeout_s = timeout_s
        #: probe name → (when, error or None)
        self._verdicts: dict[str, tuple[float, str | None]] = {}
        self._running: dict[str, asyncio.Task[str | None]] = {}

    async def check(self) -> Health:
        g = self.guard
        problems: list[Problem] = []
        status = None
        writer = g.writer
        if writer is not None:
            status = writer.status()
            problems += trace_problems(status)
        if g.store is not None:
            err = await self._probe("store", lambda: asyncio.to_thread(reachability.ping, g.store))
            if err:
                problems.append(Problem("store_unreachable", f"the store does not answer: {err}"))
        ping = getattr(g.budget_backend, "ping", None)
        if ping is not None:
            err = await self._probe("budget", ping)
            if err:
                problems.append(
                    Problem(
                        "budget_backend_unreachable",
                        f"the budget backend does not answer: {err}",
                    )
                )
        for route in (g.routes.primary, g.routes.canary):
            if route is not None and route.breaker is not None and route.breaker.state != CLOSED:
                problems.append(
                    Problem(
                        "circuit_open",
                        f"the circuit breaker of the {route.name} target is"
                        f" {route.breaker.state.replace('_', '-')}: it failed"
                        f" {route.breaker.failures} time(s) in a row",
                    )
                )
        if g.kill_switch.is_on():
            problems.append(
                Problem("kill_switch_on", "the kill switch is on: every request gets the fallback")
            )
        return Health(tuple(problems), status)

    async def _probe(self, name: str, call: Callable[[], Awaitable[Any]]) -> str | None:
        """`call`'s verdict (an error message, or None), reused for `ttl_s`. A probe still
        running from before is not started again: a hung backend ties up one thread."""
        now = time.monotonic()
        verdict = self._verdicts.get(name)
        if verdict is not None and now - verdict[0] < self.ttl_s:
            return verdict[1]
        task = self._running.get(name)
        if task is None or task.done():
            task = asyncio.ensure_future(_call(call))
            self._running[name] = task
        try:
            await asyncio.wait_for(asyncio.shield(task), self.timeout_s)
            err = task.result()
        except TimeoutError:
            err = f"no answer within {self.timeout_s:g} s"
        self._verdicts[name] = (time.monotonic(), err)
        return err


async def _call(call: Callable[[], Awaitable[Any]]) -> str | None:
    try:
        await call()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"[:300]
    return None


_checks: weakref.WeakKeyDictionary[Any, HealthCheck] = weakref.WeakKeyDictionary()


async def health_of(guard: Guard, strict: str | None = None) -> tuple[int, dict[str, Any]]:
    """(HTTP status, body) of `/healthz` for `guard`: 200 with ``"status"`` ok or
    degraded; 503 when degraded and `strict` is set (``?strict=1``)."""
    check = _checks.get(guard)
    if check is None:
        check = _checks[guard] = HealthCheck(guard)
    health = await check.check()
    strict_on = strict is not None and strict.lower() not in ("", "0", "false", "no")
    code = 503 if strict_on and health.problems else 200
    return code, health.as_json(guard.project)
