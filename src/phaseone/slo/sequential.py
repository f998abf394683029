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
  ``ratio`` times as often". Each error moves the log-likelihood ratio by how likely it
  was to come from the canary under each hypothesis, given the canary's share of the
  requests (so no estimate of the stable rate is needed); crossing the upper bound rolls
  back (error of the first kind ≤ α), the lower bound promotes (error of the second kind
  ≤ β).

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
    """Wald's SPRT: is the canary's bad-event rate `ratio` times the stable one's?

    Conditional on the bad events: each one (an error, a slow answer, a failed eval) came
    from the canary with probability ``s`` if the canary is as good as stable and
    ``s·ratio / (s·ratio + 1 − s)`` if it is `ratio` times worse, where ``s`` is the
    canary's share of the requests observed so far. That holds whatever the stable rate is,
    so the test needs no estimate of it (a plug-in estimate, early and noisy when the canary
    takes half the traffic, rolled back two equal canaries in five at a 20% error rate in
    bench_monitoring), and its error bounds α and β are Wald's. Requests without a bad
    event only move ``s``."""

    #: H1's ratio. 2.5, not the 3 a rollback must catch: a test aimed slightly below the
    #: effect it must find decides on a 3x canary sooner and more surely (bench_monitoring).
    ratio: float = 2.5
    alpha: float = 0.02  #: a wrong rollback (canary as good, rolled back) at most this often
    beta: float = 0.02  #: a wrong promotion (canary `ratio` x worse, promoted) at most this often
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

    def _bad_event(self, on_canary: bool) -> None:
        """One bad event: how much likelier its route is under H1 than under H0."""
        share = self.canary_requests / (self.canary_requests + self.stable_requests)
        q0 = share
        q1 = share * self.ratio / (share * self.ratio + 1 - share)
        if on_canary:
            self.llr += math.log(q1 / q0)
        elif q0 < 1:
            self.llr += math.log((1 - q1) / (1 - q0))

    def _check(self) -> Verdict:
        if self.decided == "continue" and self.canary_requests >= self.min_requests:
            if self.llr >= self.upper:
                self.decided = "rollback"
            elif self.llr <= self.lower:
                self.decided = "promote"
        return self.decided

    def observe_stable(self, error: bool) -> None:
        """One stable request (a bad event on stable is evidence for the canary)."""
        if self.decided != "continue":
            return
        self.stable_requests += 1
        self.stable_errors += int(error)
        if error:
            self._bad_event(on_canary=False)
        self._check()

    def observe_canary(self, error: bool) -> Verdict:
        """One canary request; the verdict once a bound is crossed (then it stays)."""
        if self.decided != "continue":
            return self.decided
        self.canary_requests += 1
        self.canary_errors += int(error)
        if error:
            self._bad_event(on_canary=True)
        return self._check()
