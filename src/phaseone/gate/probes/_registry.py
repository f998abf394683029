"""The `PROBES` registry: each probe exercises one control for real and says what happened."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from phaseone.registry import Registry

if TYPE_CHECKING:
    from phaseone.gate.probes.harness import ProbeContext


@dataclass
class ProbeOutcome:
    """What a probe observed. `details` holds the raw figures (statuses, counts, rates)."""

    passed: bool
    summary: str
    details: dict[str, Any] = field(default_factory=dict)


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
