"""When a run stops because its infrastructure is down, not because the system answered badly.

A target that refuses connections, a DNS name that does not resolve, a 401 from the
target or a judge that is down make every remaining case fail the same way. Running them
all spends time (and, through retries, money) to learn nothing, and used to end as an
INCONCLUSIVE verdict whose cause was only visible in ``phaseone runs show``. The rule:

* **Fatal at once.** A 401/403 from the target, or a judge answering 401/403/404 (wrong
  key, unknown model): no retry can fix these, so the first one stops the run.
* **Otherwise after `STOP_AFTER` in a row.** Each component (the target, each scorer)
  keeps a streak of consecutive cases (in completion order, after the runner's retries)
  that failed for an infrastructure reason; an answered case resets it. Five in a row
  is an outage: with two retries per case, a healthy service that fails 5 % of calls
  fails a case one time in 8,000, and five such cases in a row essentially never.
  The target's infrastructure failures are timeouts, connection errors, answers that are
  not the configured JSON (an HTML login page, a missing ``output_path``) and HTTP 5xx,
  404, 405, 408 and 429 (after the throttle waits). Other 4xx answers (400, 413, 422 — a
  guardrail blocking an adversarial case, an input too long) are about that case: the
  target is up, they reset the streak, and they stay data.
* **Never any answer.** A run that ends before five cases with every call failed (a tiny
  suite against a stopped service) stops too: nothing was measured.

Scattered failures among answers stay data: those cases are stored with their error
kind and the summary's infrastructure-error limit decides whether the run is usable
(INCONCLUSIVE), exactly as before. To tell the two apart, cases that fail while a streak
is open are *held back*; an answer that closes the streak releases them to the store,
a stop drops them. Dropped cases are not finished: ``phaseone eval --resume RUN`` runs
them again once the service is back (their fresh target answers, if any, are already in
the response cache), so the resumed run is not polluted by the outage's errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from phaseone.errors import InfrastructureError, TargetError, TargetStatusError
from phaseone.evals.scoring import CaseScores
from phaseone.evals.writer import Pending
from phaseone.store.cache import CacheRow

#: Error kinds that say the infrastructure failed, not the AI system's answer.
INFRA_ERROR_KINDS = frozenset({"timeout", "connection", "status", "bad_response"})
#: Consecutive cases failing on one component (after retries) that stop a run.
STOP_AFTER = 5
#: Target answers no retry can fix: the run stops at the first one.
FATAL_TARGET_STATUSES = frozenset({401, 403})
#: Client-error answers that say the endpoint itself is wrong or overloaded, not the case.
DOWN_TARGET_STATUSES = frozenset({404, 405, 408, 429}) | FATAL_TARGET_STATUSES
TARGET = "target"


class InfrastructureStop(InfrastructureError):
    """A run stopped because the target or a judge is unreachable or refuses every call.

    An infrastructure error (exit 2), not an inconclusive verdict (3): the run says
    nothing about the system's quality, and CI should show the cause.
    """

    def __init__(self, message: str, *, run_id: str | None = None, fix: str | None = None) -> None:
        super().__init__(message, fix=fix)
        self.run_id = run_id


@dataclass(frozen=True)
class Failure:
    """One component failing one case for an infrastructure reason.

    Attributes:
        component: ``target``, or the name of the scorer (a judge) that could not judge.
        cause: One line that names the URL and the reason (``connection refused at …``).
        fatal: No retry can fix it (401/403, an unknown judge model).
    """

    component: str
    cause: str
    fatal: bool = False


def target_failure(exc: TargetError) -> Failure | None:
    """The target's error as an infrastructure failure, or None when it is about this
    case only (the system raised, or refused this input with a 4xx: recorded as data)."""
    if exc.kind not in INFRA_ERROR_KINDS:
        return None
    if isinstance(exc, TargetStatusError):
        if exc.status < 500 and exc.status not in DOWN_TARGET_STATUSES:
            return None
        return Failure(TARGET, str(exc), exc.status in FATAL_TARGET_STATUSES)
    return Failure(TARGET, str(exc))


def scorer_failures(verdict: CaseScores) -> list[Failure]:
    """The scorers whose own infrastructure failed on this answer (a judge that is down)."""
    return [Failure(f.scorer, f.message, f.fatal) for f in verdict.failures if f.unavailable]


@dataclass
class Observed(Pending):
    """A finished case with what it showed about the infrastructure (see `OutageWatch`)."""

    ok: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


@dataclass(frozen=True)
class Stop:
    """Why a run stops: the failure that decided it, and how many cases in a row failed."""

    failure: Failure
    in_a_row: int

    def reason(self) -> str:
        """One line for the terminal and the run's summary."""
        f = self.failure
        if f.fatal:
            return f"{f.cause} (no retry can fix this)"
        cases = "case" if self.in_a_row == 1 else "cases"
        return f"{f.cause} ({self.in_a_row} {cases} in a row)"


@dataclass
class OutageWatch:
    """Per-component failure streaks of one execution, and the cases held back meanwhile.

    Memory is bounded: only failed cases are held, and a streak stops the run at
    `stop_after`, so at most about ``stop_after`` × components rows wait at any time.
    """

    stop_after: int = STOP_AFTER
    streaks: dict[str, int] = field(default_factory=dict)
    answered: set[str] = field(default_factory=set)  #: components that worked at least once
    last: dict[str, Failure] = field(default_factory=dict)
    held: list[Pending] = field(default_factory=list)
    dropped: list[Pending] = field(default_factory=list)
    stop: Stop | None = None

    def observe(self, pending: Pending) -> list[Pending]:
        """Record one finished case; return the rows to store now.

        An `Observed` case says which components worked on it (``ok``: ``target`` after a
        fresh answer, every scorer that scored) and which failed for an infrastructure
        reason (``failures``); a plain `Pending` says nothing either way.
        """
        ok = pending.ok if isinstance(pending, Observed) else []
        failures = pending.failures if isinstance(pending, Observed) else []
        for name in ok:
            self.streaks[name] = 0
            self.answered.add(name)
        for f in failures:
            n = self.streaks.get(f.component, 0) + 1
            self.streaks[f.component] = n
            self.last[f.component] = f
            if self.stop is None and (f.fatal or n >= self.stop_after):
                self.stop = Stop(f, n)
                self.dropped.extend(self.held)
                self.held = []
        if failures:
            (self.dropped if self.stop is not None else self.held).append(pending)
            return []
        if self.held and not any(self.streaks.values()):
            released, self.held = [*self.held, pending], []
            return released
        return [pending]

    def finish(self) -> list[Pending]:
        """At the end of a run that was not stopped: the held rows to store, or none when
        a component failed every time it was tried (then `stop` is set)."""
        for name, n in self.streaks.items():
            if n and name not in self.answered and self.stop is None:
                self.stop = Stop(self.last[name], n)
        if self.stop is not None:
            self.dropped.extend(self.held)
            self.held = []
            return []
        released, self.held = self.held, []
        return released

    def dropped_cache_rows(self) -> list[CacheRow]:
        """Fresh target answers of dropped cases: worth keeping for the resume."""
        return [p.cache_row for p in self.dropped if p.cache_row is not None]
