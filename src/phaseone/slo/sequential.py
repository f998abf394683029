"""Sequential tests that stay valid when looked at after every request.

A fixed-sample test repeated every minute on a live stream raises a false alarm sooner or
later, whatever its level (the same multiple-looks problem `evals/looks.py` handles for
evals). These tests are built to be updated one observation at a time:

- `BernoulliCusum` (Page's CUSUM on the log-likelihood ratio of a pass rate dropping from
  ``p0`` to ``p1``) watches a quality stream for a drop. Its threshold ``h`` is chosen from
  the false alarms the owner accepts per N observations, using the classical bound
  ARL₀ ≥ e^h (the average run length before a false alarm): for at most a share ``q`` of
  false alarms over ``N`` steady observations, ARL₀ ≥ N / −ln(1 − q), so h = ln(that).
- `CanarySprt` (Wald's sequential probability ratio test) compares a canary's error rate
  with the stable target's: H0 "the canary errs as often as stable" against H1 "it errs
  ``ratio`` times as often". Each canary request moves the log-likelihood ratio; crossing
  the upper bound rolls back (error of the first kind ≤ α), the lower bound promotes
  (error of the second kind ≤ β). The stable rate is the stable target's running rate
  (with a small prior so the first requests do not divide by zero).

`bench/bench_monitoring.py` simulates both and prints detection delays and false-alarm
rates; the docs quote its figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal


def cusum_threshold(false_alarm_share: float, per_observations: int) -> float:
    """The CUSUM threshold h for at most `false_alarm_share` false alarms per
    `per_observations` steady observations (ARL₀ ≥ e^h, Wald's bound)."""
    if not 0 < false_alarm_share < 1 or per_observations < 1:
        raise ValueError("false_alarm_share in (0, 1) and per_observations ≥ 1")
    arl0 = per_observations / -math.log1p(-false_alarm_share)
    return math.log(arl0)


@dataclass
class BernoulliCusum:
    """Page's CUSUM for a pass rate dropping from `p0` (expected) to `p1` (unacceptable)."""

    p0: float
    p1: float
    threshold: float
    statistic: float = 0.0
    observations: int = 0
    alarm_at: int | None = None  #: observation count at the first alarm

    def __post_init__(self) -> None:
        if not 0 < self.p1 < self.p0 < 1:
            raise ValueError("need 0 < p1 < p0 < 1 (a drop from p0 to p1)")
        self._up = math.log(self.p1 / self.p0)  # a pass: evidence against a drop
        self._down = math.log((1 - self.p1) / (1 - self.p0))  # a fail: evidence for it

    @classmethod
    def for_drop(
        cls, p0: float, drop: float, false_alarm_share: float = 0.05, per: int = 100_000
    ) -> BernoulliCusum:
        """A monitor for a drop of `drop` below `p0`, with at most `false_alarm_share`
        false alarms per `per` steady observations."""
        return cls(p0, p0 - drop, cusum_threshold(false_alarm_share, per))

    def update(self, passed: bool) -> bool:
        """Add one observation; True when the statistic crosses the threshold (an alarm).
        After an alarm the statistic restarts from zero."""
        self.observations += 1
        self.statistic = max(0.0, self.statistic + (self._up if passed else self._down))
        if self.statistic >= self.threshold:
            if self.alarm_at is None:
                self.alarm_at = self.observations
            self.statistic = 0.0
            return True
        return False


Verdict = Literal["rollback", "promote", "continue"]


@dataclass
class CanarySprt:
    """Wald's SPRT: is the canary's error rate `ratio` times the stable one's?"""

    #: H1's ratio. 2.5, not the 3 a rollback must catch: a test aimed slightly below the
    #: effect it must find decides on a 3x canary sooner and more surely (bench_monitoring).
    ratio: float = 2.5
    alpha: float = 0.02  #: a wrong rollback (canary as good, rolled back) at most this often
    beta: float = 0.02  #: a wrong promotion (canary `ratio` x worse, promoted) at most this often
    prior_errors: float = 1.0  #: pseudo-counts on the stable rate before it has data
    prior_requests: float = 50.0
    min_requests: int = 20  #: no decision before this many canary requests
    llr: float = 0.0
    canary_requests: int = 0
    canary_errors: int = 0
    stable_requests: int = 0
    stable_errors: int = 0
    decided: Verdict = "continue"
    history: list[float] = field(default_factory=list, repr=False)

    @property
    def upper(self) -> float:
        return math.log((1 - self.beta) / self.alpha)

    @property
    def lower(self) -> float:
        return math.log(self.beta / (1 - self.alpha))

    def stable_rate(self) -> float:
        return (self.stable_errors + self.prior_errors) / (
            self.stable_requests + self.prior_requests
        )

    def observe_stable(self, error: bool) -> None:
        self.stable_requests += 1
        self.stable_errors += int(error)

    def observe_canary(self, error: bool) -> Verdict:
        """One canary request; the verdict once a bound is crossed (then it stays)."""
        if self.decided != "continue":
            return self.decided
        p0 = min(self.stable_rate(), 0.999 / self.ratio)
        p1 = p0 * self.ratio
        self.canary_requests += 1
        self.canary_errors += int(error)
        self.llr += math.log(p1 / p0) if error else math.log((1 - p1) / (1 - p0))
        if self.canary_requests >= self.min_requests:
            if self.llr >= self.upper:
                self.decided = "rollback"
            elif self.llr <= self.lower:
                self.decided = "promote"
        return self.decided
