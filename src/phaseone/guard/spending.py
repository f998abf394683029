"""A request's money: reserve its worst-case cost in every budget scope before the call,
settle to what it cost after. Shadow copies reserve against the project's ceilings.

The backends (`budget.py`, `budget_database.py`, `budget_redis.py`) keep the counters;
this module decides what a request counts against (`scopes`), how much it may cost
(`worst_cost`), and what happens when a backend cannot answer
(`controls.budget.fail_mode`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from phaseone.datasets.base import Case
from phaseone.errors import UsageError
from phaseone.guard.budget import (
    BackendUnavailable,
    BudgetBackend,
    LedgerSink,
    MemoryBudget,
    PeriodClock,
    Scope,
    estimate_max_cost,
)
from phaseone.guard.budget_database import DatabaseBudget
from phaseone.guard.budget_redis import LedgerSource, RedisBudget
from phaseone.guard.metrics import GuardMetrics
from phaseone.guard.refusals import BudgetExhausted, Unavailable
from phaseone.guard.resilience import longest_call_s
from phaseone.guard.routing import Route
from phaseone.guard.trace_row import new_request_id
from phaseone.plan.schema import Budget, Controls
from phaseone.store.database import Store
from phaseone.store.keys import KeyRecord
from phaseone.targets.tokens import MESSAGE_OVERHEAD_TOKENS, max_tokens_of

log = logging.getLogger("phaseone.guard")


@dataclass(frozen=True)
class Reservation:
    """What one call holds in the budget: `amount` in each of `scopes`, under the id
    `hold`. No scopes: nothing is held (no budget, nothing to reserve, or fail-open)."""

    hold: str
    scopes: list[Scope] = field(default_factory=list)
    amount: float = 0.0


class Spending:
    """The budget stage of one guard (`controls.budget`)."""

    def __init__(
        self,
        budget: Budget | None,
        backend: BudgetBackend | None,
        project: str,
        metrics: GuardMetrics | None,
        *,
        pays_twice: bool,
    ) -> None:
        self.budget = budget
        self.backend = backend
        self.project = project
        self.metrics = metrics
        #: An answer that fails the output schema is paid for AND followed by the
        #: fallback's (there is an output schema).
        self.pays_twice = pays_twice
        self._periods = PeriodClock()
        self._scope_cache: dict[tuple[str, float | None, str, str], list[Scope]] = {}
        self._holding: set[str] = set()  # reservation ids of requests in flight

    # -- reservation ids --------------------------------------------------------------

    def hold_id(self, request_id: str) -> str:
        """The id this request's reservation is held under: its own id, unless a caller
        reuses an id still in flight (or one too long to store): then a fresh one, so
        two requests never share (and overwrite) one reservation. Give it back with
        `release_id` when the request ends."""
        hold = (
            request_id
            if request_id not in self._holding and len(request_id) <= 40
            else new_request_id()
        )
        self._holding.add(hold)
        return hold

    def release_id(self, hold: str) -> None:
        self._holding.discard(hold)

    # -- what a request counts against, and how much --------------------------------

    def scopes(self, key: KeyRecord) -> list[Scope]:
        """The ceilings a request with `key` counts against today: the project's day and
        month, the key's day (those the plan sets)."""
        b = self.budget
        assert b is not None
        day, month = self._periods.periods(time.time())
        cache_key = (key.name, key.budget_daily, day, month)
        cached = self._scope_cache.get(cache_key)
        if cached is not None:
            return cached
        if len(self._scope_cache) > 10_000:
            self._scope_cache.clear()
        scopes = self._scope_cache[cache_key] = []
        if b.daily is not None:
            scopes.append(Scope(f"project:{self.project}", day, b.daily))
        if b.monthly is not None:
            scopes.append(Scope(f"project:{self.project}", month, b.monthly))
        key_daily = key.budget_daily if key.budget_daily is not None else b.per_key_daily
        if key_daily is not None:
            scopes.append(Scope(f"key:{key.name}", day, key_daily))
        return scopes

    @staticmethod
    def worst_cost(route: Route, target_input: object, text: str, case: Case | None) -> float:
        """The most this call can cost: what the budget reserves before it. A target that
        knows its whole prompt (the `openai` target: system prompt included) bounds its
        own input tokens; otherwise the input's UTF-8 bytes bound them."""
        price = route.target.price
        tokens = 0
        if price.per_1k_input_tokens:
            bound = getattr(route.target, "max_input_tokens", None)
            tokens = (
                bound(target_input, case=case)
                if bound is not None
                else max_tokens_of(text) + MESSAGE_OVERHEAD_TOKENS
            )
        return estimate_max_cost(price, tokens, route.max_tokens)

    # -- reserve and settle -----------------------------------------------------------

    async def reserve(
        self,
        hold: str,
        key: KeyRecord,
        route: Route,
        fallback: Route | None,
        target_input: object,
        text: str,
        case: Case | None,
    ) -> Reservation:
        """Reserve the worst case of this call (and of the fallback that may follow it)
        in every scope at once, or refuse: 402 when a ceiling would be exceeded, 503 when
        the backend cannot answer and the budget fails closed."""
        budget = self.budget
        if budget is None or self.backend is None:
            return Reservation(hold)
        reserved = self.worst_cost(route, target_input, text, case)
        if fallback is not None:
            spare = self.worst_cost(fallback, target_input, text, case)
            # An answer that fails the output schema is paid for AND followed by the
            # fallback's; a failed call is not paid for, so then the larger one covers it.
            reserved = reserved + spare if self.pays_twice else max(reserved, spare)
        return await self.reserve_amount(hold, key, reserved)

    async def reserve_amount(self, hold: str, key: KeyRecord, reserved: float) -> Reservation:
        """Reserve `reserved` (a call's worst case, computed by the caller: the chat path
        prices its upstreams itself) in every scope at once, or refuse as `reserve` does."""
        budget = self.budget
        if budget is None or self.backend is None:
            return Reservation(hold)
        if budget.per_request_max is not None and reserved > budget.per_request_max + 1e-12:
            raise BudgetExhausted(
                f"this request may cost up to {reserved:.6g}; the per-request maximum"
                f" is {budget.per_request_max:g}",
                code="request_too_expensive",
            )
        scopes = self.scopes(key)
        if not scopes or reserved <= 0:
            return Reservation(hold)
        try:
            over, remaining = await self.backend.reserve(hold, scopes, reserved)
        except BackendUnavailable as exc:
            if budget.fail_mode == "open":
                return Reservation(hold)
            raise Unavailable(
                f"the budget backend is unreachable: {exc}",
                code="budget_backend_unavailable",
            ) from exc
        if over is not None:
            raise BudgetExhausted(f"the {over.label} budget of {over.ceiling:g} is used up")
        if self.metrics is not None:
            self.metrics.set_remaining(remaining)
        return Reservation(hold, scopes, reserved)

    async def reserve_shadow(
        self,
        request_id: str,
        key: KeyRecord,
        shadow: Route,
        target_input: object,
        text: str,
        case: Case | None,
    ) -> Reservation | None:
        """The shadow copy costs real money, so it counts against the project's ceilings
        (not the caller's key: the caller did not ask for it). Returns what it holds
        (nothing when there is no budget), or None when the copy must not run: no room,
        or the backend cannot say."""
        if self.budget is None or self.backend is None:
            return Reservation(request_id + ":shadow")
        reserved = self.worst_cost(shadow, target_input, text, case)
        return await self.reserve_shadow_amount(request_id, key, reserved)

    async def reserve_shadow_amount(
        self, request_id: str, key: KeyRecord, reserved: float
    ) -> Reservation | None:
        """`reserve_shadow` for a worst case the caller computed (the chat path prices
        its shadow upstream itself)."""
        hold = request_id + ":shadow"
        if self.budget is None or self.backend is None:
            return Reservation(hold)
        scopes = [s for s in self.scopes(key) if s.scope.startswith("project:")]
        if not scopes or reserved <= 0:
            return Reservation(hold)
        try:
            over, _ = await self.backend.reserve(hold, scopes, reserved)
        except BackendUnavailable:
            return None
        return None if over is not None else Reservation(hold, scopes, reserved)

    async def settle(self, reservation: Reservation, actual: float) -> None:
        """Turn the reservation into what the call cost. A settle that fails is logged,
        not raised: the request was answered, and its reservation lapses with its lease
        (this also runs from background tasks, where an exception would reach nobody)."""
        if not reservation.scopes or self.backend is None:
            return
        try:
            await self.backend.settle(
                reservation.hold, reservation.scopes, reservation.amount, actual
            )
        except Exception as exc:
            log.warning(
                "could not settle %s (%s); its reservation lapses with its lease",
                reservation.hold,
                exc,
            )


def budget_backend_for(
    controls: Controls,
    store: Store | None,
    ledger: LedgerSink | None,
    flush: Callable[[], object] | None = None,
) -> BudgetBackend:
    """The backend `controls.budget.backend` names: memory, the store's database, or Redis
    (rebuilt from the store's ledger when Redis loses its data)."""
    b = controls.budget
    assert b is not None
    # A request calls at most three times (primary, fallback, fallback again after an
    # invalid output); the lease is twice that worst case.
    lease = b.reservation_lease_s or 2 * 3 * longest_call_s(controls.resilience)
    if b.backend == "database":
        if store is None:
            raise ValueError("budget backend `database` needs a store")
        return DatabaseBudget(store, lease_s=lease)
    if b.backend == "redis":
        if not b.redis_url:
            raise UsageError("budget backend `redis` needs `controls.budget.redis_url`")
        # The ledger rows this gateway writes are what Redis is rebuilt from after it lost
        # its data; a guard that writes none (no store, tracing off) cannot rebuild.
        source = LedgerSource(store, flush) if store is not None and ledger is not None else None
        return RedisBudget(
            b.redis_url,
            prefix=b.key_prefix,
            ledger=ledger,
            lease_s=lease,
            source=source,
            grace_s=controls.monitoring.flush_interval_s + 2.0,
        )
    return MemoryBudget(ledger)
