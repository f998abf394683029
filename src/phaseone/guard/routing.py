"""Which target answers a request, and calling it: the primary, a canary share, the
fallback when the kill switch is on or the chosen target fails.

Each route keeps its own circuit breaker (one per target label). A failed call becomes
a refusal that names the kind of failure (timeout, breaker open, the target's own rate
limit, an error), never the target's address or what it answered; the log has the rest.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from phaseone.datasets.base import Case
from phaseone.errors import GuardRefusal, TargetError, TargetTimeout
from phaseone.guard.canary_share import CanaryShare
from phaseone.guard.metrics import GuardMetrics
from phaseone.guard.refusals import RateLimited, Unavailable, UpstreamError, UpstreamTimeout
from phaseone.guard.resilience import CircuitBreaker, CircuitOpenError, KillSwitch, call_resilient
from phaseone.plan.schema import Resilience
from phaseone.targets.base import Target, TargetResponse

log = logging.getLogger("phaseone.guard")


class Route:
    """One way to answer: a target, the version it reports, the most output tokens the
    budget reserves for it, and its circuit breaker (None: no breaker)."""

    __slots__ = ("breaker", "max_tokens", "name", "target", "version")

    def __init__(
        self,
        name: str,
        target: Target,
        version: str | None,
        max_tokens: int,
        breaker: CircuitBreaker | None,
    ) -> None:
        self.name = name  #: primary | canary | fallback | shadow
        self.target = target
        self.version = version
        self.max_tokens = max_tokens
        self.breaker = breaker


class Answered(NamedTuple):
    """A route's answer, and who gave it."""

    response: TargetResponse
    route: Route
    #: Why the fallback answered instead of the chosen route: the code of that route's
    #: failure (``upstream_timeout``, ``circuit_open`` …); None when the chosen route
    #: answered. A fallback trace records it, so "why degraded" has an answer.
    fallback_reason: str | None = None


@dataclass(frozen=True)
class RouteTargets:
    """The targets a guard routes between, as the plan (or the caller) gives them."""

    primary: Target
    primary_version: str | None = None
    canary: Target | None = None
    canary_percent: float = 0.0
    canary_version: str | None = None
    fallback: Target | None = None


class Routes:
    """The primary, canary and fallback routes of one guard, and how a request is sent
    down one of them."""

    def __init__(
        self,
        targets: RouteTargets,
        resilience: Resilience,
        kill_switch: KillSwitch,
        max_tokens: int,
        metrics: GuardMetrics | None,
        share: CanaryShare | None = None,
    ) -> None:
        self.resilience = resilience
        self.kill_switch = kill_switch
        self.max_tokens = max_tokens
        self.metrics = metrics
        self._breakers: dict[str, CircuitBreaker] = {}
        t = targets
        self.primary = Route(
            "primary", t.primary, t.primary_version, max_tokens, self.breaker(t.primary)
        )
        self.canary = (
            Route("canary", t.canary, t.canary_version, max_tokens, self.breaker(t.canary))
            if t.canary is not None and t.canary_percent > 0
            else None
        )
        self.canary_fraction = t.canary_percent / 100.0
        #: The canary's share as automatic canary decisions left it (None: the plan's).
        self.share = share
        self.fallback = (
            Route("fallback", t.fallback, None, max_tokens, None) if t.fallback else None
        )

    def breaker(self, target: Target | None) -> CircuitBreaker | None:
        """The circuit breaker of `target` (shared by every route to the same label)."""
        if target is None:
            return None
        return self.breaker_for(getattr(target, "label", "target"))

    def breaker_for(self, label: str) -> CircuitBreaker | None:
        """The circuit breaker of whatever is called `label` (None: breakers are off)."""
        if self.resilience.circuit_breaker is None:
            return None
        cfg = self.resilience.circuit_breaker
        if label not in self._breakers:
            self._breakers[label] = CircuitBreaker(cfg)
        return self._breakers[label]

    def __iter__(self) -> Iterator[Route]:
        """The routes this guard has (primary first)."""
        for r in (self.primary, self.canary, self.fallback):
            if r is not None:
                yield r

    async def choose(self, override: Target | None) -> tuple[Route, bool]:
        """The route for the next request, and whether the kill switch is on.

        The kill switch sends everything to the fallback (a 503 without one); `override`
        (`Guard.protect`) replaces the primary; otherwise a canary takes its share."""
        if self.kill_switch.stale():  # idle for a while: read it now, not after this request
            await self.kill_switch.reread()
        if self.kill_switch.is_on():
            if self.fallback is None:
                raise Unavailable(
                    "the kill switch is on and there is no fallback", code="kill_switch"
                )
            return self.fallback, True
        if override is not None:
            return Route("primary", override, None, self.max_tokens, self.breaker(override)), False
        if self.canary is not None and random.random() * 100 < self.canary_percent(
            self.canary_fraction * 100
        ):
            return self.canary, False
        return self.primary, False

    def canary_percent(self, planned: float) -> float:
        """The canary's share now: what the automatic decisions left (`share`), else
        `planned` (the plan's)."""
        return self.share.percent() if self.share is not None else planned

    async def answer(self, route: Route, target_input: object, case: Case | None) -> Answered:
        """The route's answer, or the fallback's when the route fails; else a refusal."""
        res = self.resilience
        try:
            resp, _ = await call_resilient(
                route.target, target_input, res, route.breaker, case=case
            )
            return Answered(resp, route)
        # The caller's message names the kind of failure, never the target's address or
        # what it answered (internal details); the log has the whole error.
        except CircuitOpenError:
            failure: GuardRefusal = Unavailable(
                f"the circuit breaker of the {route.name} target is open", code="circuit_open"
            )
        except TargetTimeout as exc:
            log.warning("target %s timed out: %s", route.name, exc)
            failure = UpstreamTimeout(f"the target gave no answer within {res.timeout_s:g}s")
        except TargetError as exc:
            log.warning("target %s failed (%s): %s", route.name, exc.kind, exc)
            failure = refusal_for(exc)
        finally:
            if self.metrics is not None and route.breaker is not None:
                self.metrics.set_circuit(route.target.label, route.breaker.state)
        if self.fallback is None or route is self.fallback:
            raise failure
        try:
            resp, _ = await call_resilient(self.fallback.target, target_input, res, None, case=case)
        except TargetError:
            raise failure from None
        return Answered(resp, self.fallback, failure.code)


def refusal_for(exc: TargetError) -> GuardRefusal:
    """What the caller is told when the target failed after its retries."""
    status = getattr(exc, "status", None)
    if status == 429:  # the target's own rate limit, after retries: say when to retry
        wait = getattr(exc, "retry_after", None)
        return RateLimited(
            "the target is rate limited; retry later",
            retry_after=wait if wait is not None else 1.0,
            code="target_rate_limited",
        )
    return UpstreamError(
        f"the target failed ({exc.kind}{f', HTTP {status}' if status else ''})",
        code="target_error",
    )
