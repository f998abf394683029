"""The plan's automatic canary decisions (`controls.rollout.canary.auto`), as pydantic models.

Kept apart from `schema.py` (which is already long) like `slo_schema.py`: what a sequential
test on the canary's evidence may decide, on which signals, and within which limits.
`phaseone watch` runs the tests (`slo/canary.py`); the gateway reads the share they leave
(`guard/canary_share.py`).
"""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from phaseone.plan.components import Strict, empty_list


class RatioLimit(Strict):
    """How much worse than stable a canary may be on one signal before it is rolled back."""

    ratio: float = Field(
        2.5,
        gt=1,
        le=100,
        examples=[2.5],
        description="The sequential test's alternative: the canary's bad-event rate is `ratio`"
        " times the stable target's. A canary that bad is rolled back (at most `beta` of the"
        " time it is promoted instead); one as good as stable is promoted (at most `alpha` of"
        " the time it is rolled back). Aim slightly below the effect you must catch: 2.5"
        " catches a 3x canary sooner and more surely than 3 does.",
    )


class LatencyLimit(RatioLimit):
    """The share of requests slower than a bound, canary against stable."""

    bound_ms: float = Field(
        ...,
        gt=0,
        examples=[2000],
        description="A request answered slower than this (milliseconds, whole request) is a"
        " bad event for the latency test.",
    )


class CanaryAuto(Strict):
    """Promote or roll back the canary on a sequential test of its evidence against stable."""

    enabled: bool = Field(True, description="False: the canary keeps the plan's share.")
    errors: RatioLimit | None = Field(
        default_factory=RatioLimit,
        description="Errors: a request the canary was chosen for that failed (an error, HTTP"
        " 5xx, or answered by a fallback). Null: not tested.",
    )
    latency: LatencyLimit | None = Field(
        None, description="Slow answers (over `bound_ms`); none unless set."
    )
    quality: RatioLimit | None = Field(
        None,
        description="Failed online evals (`slos.online`: the sampled live answers its suite"
        " scores); none unless set. Needs `slos.online`.",
    )
    alpha: float = Field(
        0.02,
        gt=0,
        lt=0.5,
        description="Per test: the chance of rolling back a canary as good as stable. With"
        " several signals a good canary is rolled back at most the sum of theirs.",
    )
    beta: float = Field(
        0.02,
        gt=0,
        lt=0.5,
        description="Per test: the chance of promoting a canary `ratio` times worse.",
    )
    min_requests: int = Field(
        20, ge=1, description="No decision before the canary has answered this many requests."
    )
    max_requests: int = Field(
        5000,
        ge=1,
        description="Canary requests after which a test that has not decided stops; then"
        " `at_max_requests` applies.",
    )
    at_max_requests: Literal["hold", "promote", "rollback"] = Field(
        "hold",
        description="What happens when `max_requests` pass without a decision: `hold` keeps"
        " the share and tells the owner the evidence is inconclusive; `promote` or"
        " `rollback` take that step.",
    )
    promote_to: list[float] = Field(
        default_factory=empty_list,
        examples=[[25, 50, 100]],
        description="The canary's share (percent) after each promotion, increasing; each step"
        " starts a new test on new traffic. Empty (or after the last step): a promotion sends"
        " all traffic to the canary (100%).",
    )
    settle_s: float = Field(
        60.0,
        ge=0,
        le=3600,
        description="Traces that started less than this long ago are read on a later pass: the"
        " gateway writes a trace when its request ends, so a younger one may be missing yet.",
    )

    @field_validator("max_requests")
    @classmethod
    def _max_above_min(cls, most: int, info: ValidationInfo) -> int:
        least = info.data.get("min_requests")
        if isinstance(least, int) and most < least:
            raise PydanticCustomError(
                "canary_max_below_min",
                "max_requests {most} is below min_requests {least}",
                {"most": most, "least": least},
            )
        return most

    @field_validator("promote_to")
    @classmethod
    def _steps_increase(cls, steps: list[float]) -> list[float]:
        for before, after in zip([0.0, *steps], steps, strict=False):
            if not before < after <= 100:
                raise PydanticCustomError(
                    "canary_steps",
                    "promote_to must increase, each step in (0, 100]; {after} follows {before}",
                    {"after": after, "before": before},
                )
        return steps

    @model_validator(mode="after")
    def _a_signal(self) -> CanaryAuto:
        if self.enabled and self.errors is None and self.latency is None and self.quality is None:
            raise PydanticCustomError(
                "canary_no_signal",
                "auto needs at least one of errors, latency or quality to test",
            )
        return self

    def signals(self) -> dict[str, RatioLimit]:
        """The tested signals, by name, in a fixed order."""
        found = {"errors": self.errors, "latency": self.latency, "quality": self.quality}
        return {k: v for k, v in found.items() if v is not None}

    def next_share(self, current: float) -> float:
        """The share after a promotion from `current` percent."""
        return next((s for s in self.promote_to if s > current), 100.0)


def canary_identity(target: object, percent: float) -> str:
    """Which canary a test and a share belong to: a hash of its target's configuration and
    the plan's share.

    The watcher and every gateway compute it from the plan alike. A plan that names a new
    canary, or a new share for it, gets a new identity: the steps taken before no longer
    apply and a new test starts at the plan's share. The limits under `auto` are not part
    of it (tightening them does not restart the test)."""
    dump = getattr(target, "model_dump", None)
    value = dump(mode="json") if callable(dump) else target
    text = json.dumps([value, float(percent)], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


__all__ = ["CanaryAuto", "LatencyLimit", "RatioLimit", "canary_identity"]
