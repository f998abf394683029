"""The `PROBES` registry: each probe exercises one control for real and says what happened."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from phaseone.registry import Registry

if TYPE_CHECKING:
    from phaseone.gate.probes.harness import ProbeContext


@dataclass(frozen=True)
class Observation:
    """One control of a probe, as observed in this probe run.

    Every probe carries two: the **positive** control shows the gateway doing the good
    thing (a valid request answered 200 with an answer), the **negative** control shows
    it refusing or neutralising the bad one (402 at the ceiling, 401 without a key, the
    PII absent from the trace). Either alone proves nothing: a gateway that refuses
    everything passes every negative control, one that accepts everything every positive.

    Args:
        expected: what a working control does, in words ("200 with an answer").
        observed: what came back, in words ("HTTP 402 after 0 accepted").
        ok: the observation is what a working control does.
    """

    expected: str
    observed: str
    ok: bool

    def as_dict(self) -> dict[str, Any]:
        return {"expected": self.expected, "observed": self.observed, "ok": self.ok}

    def line(self) -> str:
        return self.observed + ("" if self.ok else f" (expected {self.expected})")


@dataclass
class ProbeOutcome:
    """What a probe observed. `details` holds the raw figures (statuses, counts, rates).

    A probe passes only when `passed` is true AND both controls were observed and ok
    (`settled`); the runner stores the settled outcome.
    """

    passed: bool
    summary: str
    details: dict[str, Any] = field(default_factory=dict)
    positive: Observation | None = None
    negative: Observation | None = None

    @classmethod
    def of(
        cls,
        positive: Observation,
        negative: Observation,
        details: dict[str, Any] | None = None,
        *,
        also: bool = True,
        note: str = "",
    ) -> ProbeOutcome:
        """The outcome of a probe that observed both controls.

        Args:
            also: any further condition the probe needs (e.g. spend within the budget).
            note: appended to the summary (figures, or why `also` failed).
        """
        summary = f"positive: {positive.line()}; negative: {negative.line()}"
        if note:
            summary += f"; {note}"
        return cls(
            positive.ok and negative.ok and also, summary, dict(details or {}), positive, negative
        )

    def settled(self) -> ProbeOutcome:
        """This outcome as recorded: both controls in `details`, and failed without both."""
        details = dict(self.details)
        if self.positive is None or self.negative is None:
            return ProbeOutcome(
                False,
                "the probe did not observe both a positive and a negative control — "
                + self.summary,
                details,
                self.positive,
                self.negative,
            )
        details["positive"] = self.positive.as_dict()
        details["negative"] = self.negative.as_dict()
        ok = self.passed and self.positive.ok and self.negative.ok
        return ProbeOutcome(ok, self.summary, details, self.positive, self.negative)


ProbeFn = Callable[["ProbeContext"], Awaitable[ProbeOutcome]]


@dataclass(frozen=True)
class Probe:
    name: str
    control: str
    description: str
    fn: ProbeFn
    #: Needs its own in-process gateway (fault and kill-switch drills), never a live one.
    drill: bool = False


PROBES: Registry[Probe] = Registry("probe")


def probe(
    name: str, *, control: str, description: str, drill: bool = False
) -> Callable[[ProbeFn], ProbeFn]:
    """Register the decorated coroutine as probe `name` of `control`.

    Args:
        control: the control it verifies: auth, limits, rate_limit, budget, pii, injection,
            resilience, monitoring, rollout (the names the gate's controls checks use).
        drill: the probe breaks things on purpose (faults, kill switch), so it always
            runs against its own in-process gateway and a scratch store.
    """

    def decorate(fn: ProbeFn) -> ProbeFn:
        PROBES.register(name)(Probe(name, control, description, fn, drill))
        return fn

    return decorate
