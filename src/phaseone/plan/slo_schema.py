"""`slos:` in the plan: the numbers the production owner agreed to, after GO.

A service-level objective is a target share of good events over a window (30 days by
default); what the target leaves over is the *error budget*. Alerts fire on how fast the
budget burns, over a long and a short window at once (the multi-window, multi-burn-rate
method of Google's SRE workbook, chapter 5): the long window makes the alert significant,
the short one makes it stop soon after the problem does.

These models are validated like the rest of the plan; `phaseone slo export` turns them
into Prometheus recording and alerting rules over the gateway's `/metrics` and a Grafana
dashboard (`phaseone.slo`).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from phaseone.plan.components import Strict

#: The upper bounds (seconds) of the gateway's latency histogram
#: (``phaseone_request_latency_seconds``). A latency SLO's threshold must be one of them:
#: Prometheus can only count requests under a bound the histogram has.
LATENCY_BUCKETS_S: tuple[float, ...] = (
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
)  # fmt: skip

_DURATION = re.compile(r"^([1-9][0-9]*)([mhd])$")
_SECONDS = {"m": 60, "h": 3600, "d": 86400}


def duration_seconds(text: str) -> int:
    """``5m`` / ``1h`` / ``3d`` in seconds (the subset of Prometheus durations SLOs use)."""
    m = _DURATION.match(text)
    if m is None:
        raise ValueError(text)
    return int(m.group(1)) * _SECONDS[m.group(2)]


class AvailabilitySlo(Strict):
    """Answers served by the target itself: not the fallback's answer, not an error."""

    target: float = Field(
        ...,
        gt=0,
        lt=1,
        examples=[0.995],
        description="Share of served requests (refusals excluded) answered by the target,"
        " e.g. 0.995; the error budget is the rest.",
    )


class LatencySlo(Strict):
    """Requests answered within a time bound."""

    target: float = Field(
        ...,
        gt=0,
        lt=1,
        examples=[0.99],
        description="Share of requests answered within `threshold_s`, e.g. 0.99.",
    )
    threshold_s: float = Field(
        ...,
        examples=[2.5],
        description="The bound in seconds; one of the gateway's latency histogram bounds: "
        + ", ".join(f"{b:g}" for b in LATENCY_BUCKETS_S)
        + ".",
    )

    @field_validator("threshold_s")
    @classmethod
    def _a_histogram_bound(cls, value: float) -> float:
        if float(value) not in LATENCY_BUCKETS_S:
            below = [b for b in LATENCY_BUCKETS_S if b <= value]
            above = [b for b in LATENCY_BUCKETS_S if b >= value]
            near = ", ".join(f"{b:g}" for b in (below[-1:] + above[:1]))
            raise PydanticCustomError(
                "latency_bound",
                "{value} s is not a bound of the gateway's latency histogram, so Prometheus"
                " cannot count requests under it; use one of {bounds} (nearest: {near})",
                {
                    "value": value,
                    "bounds": ", ".join(f"{b:g}" for b in LATENCY_BUCKETS_S),
                    "near": near,
                },
            )
        return float(value)


class QualitySlo(Strict):
    """Answers the people who got them rated good (`POST /v1/feedback`)."""

    target: float = Field(
        ...,
        gt=0,
        lt=1,
        examples=[0.9],
        description="Share of rated answers rated good (feedback score ≥ 0.5), e.g. 0.9.",
    )
    source: Literal["feedback"] = Field(
        "feedback",
        description="Where the ratings come from: `feedback`, the scores callers send to"
        " `POST /v1/feedback` (stored on the request's trace).",
    )


class CostSlo(Strict):
    """Spend per day, in the plan's currency."""

    per_day: float = Field(..., gt=0, examples=[50.0], description="Most spend per day.")


class BurnRateAlert(Strict):
    """One alert on how fast an SLO's error budget burns."""

    severity: Literal["page", "ticket"] = Field(
        ..., description="`page`: someone acts now. `ticket`: someone acts this week."
    )
    budget_spent: float = Field(
        ...,
        gt=0,
        le=1,
        examples=[0.02],
        description="Share of the window's error budget that, spent within `long_window`,"
        " fires the alert (0.02 = 2%).",
    )
    long_window: str = Field(..., examples=["1h"], description="`5m`, `1h`, `3d` …")
    short_window: str = Field(
        ...,
        examples=["5m"],
        description="Must burn as fast too, so the alert stops soon after the problem does;"
        " about 1/12 of `long_window`.",
    )

    @field_validator("long_window", "short_window")
    @classmethod
    def _a_duration(cls, value: str) -> str:
        if _DURATION.match(value) is None:
            raise PydanticCustomError(
                "duration",
                "'{value}' is not a duration; write a whole number of minutes, hours or"
                " days: 5m, 1h, 3d",
                {"value": value},
            )
        return value

    @model_validator(mode="after")
    def _short_below_long(self) -> BurnRateAlert:
        if duration_seconds(self.short_window) >= duration_seconds(self.long_window):
            raise PydanticCustomError(
                "windows",
                "short_window {short} must be shorter than long_window {long}",
                {"short": self.short_window, "long": self.long_window},
            )
        return self


def workbook_alerts() -> list[BurnRateAlert]:
    """The SRE workbook's recommendation for a 30-day SLO: 2% of the budget in 1 h → page,
    5% in 6 h → page, 10% in 3 days → ticket."""
    return [
        BurnRateAlert(severity="page", budget_spent=0.02, long_window="1h", short_window="5m"),
        BurnRateAlert(severity="page", budget_spent=0.05, long_window="6h", short_window="30m"),
        BurnRateAlert(severity="ticket", budget_spent=0.10, long_window="3d", short_window="6h"),
    ]


class WebhookNotify(Strict):
    """A JSON POST per alert event; Slack's incoming webhooks read its ``text``."""

    url: str = Field(
        ...,
        pattern=r"^https?://",
        examples=["https://hooks.slack.com/services/T000/B000/XXXX"],
        description="Where to POST; use ${ENV_VAR} for a URL that carries a secret.",
    )
    timeout_s: float = Field(5.0, gt=0, le=60, description="Give up on one POST after this.")


class EmailNotify(Strict):
    """An email per alert event, over SMTP."""

    host: str = Field("127.0.0.1", description="SMTP server.")
    port: int = Field(25, ge=1, le=65535, description="SMTP port (587 with `starttls`).")
    sender: str = Field(..., min_length=3, examples=["phaseone@example.com"], description="From.")
    to: list[str] = Field(..., min_length=1, description="Who receives alerts (the owner).")
    starttls: bool = Field(False, description="Upgrade the connection with STARTTLS.")
    username: str | None = Field(None, description="SMTP login, if the server needs one.")
    password: str | None = Field(None, description="Use ${ENV_VAR}; never stored.")
    timeout_s: float = Field(10.0, gt=0, le=120, description="Give up on one send after this.")


class Notify(Strict):
    """Where `phaseone watch` sends alerts when they fire and when they resolve."""

    webhook: WebhookNotify | None = Field(None, description="A Slack-compatible webhook.")
    email: EmailNotify | None = Field(None, description="Email over SMTP.")


class Slos(Strict):
    """What the live system promises, and when someone is told it does not keep it."""

    window_days: int = Field(
        30, ge=1, le=90, description="The window every SLO and its error budget are over."
    )
    availability: AvailabilitySlo | None = Field(None, description="Answers by the target.")
    latency: LatencySlo | None = Field(None, description="Answers within a bound.")
    quality: QualitySlo | None = Field(
        None,
        description="Answers rated good by the people who got them; evaluated by"
        " `phaseone watch` from the store (the ratings are not on `/metrics`).",
    )
    cost: CostSlo | None = Field(None, description="Spend per day.")
    alerts: list[BurnRateAlert] = Field(
        default_factory=workbook_alerts,
        min_length=1,
        description="Burn-rate alerts applied to each ratio SLO (availability, latency, quality);"
        " the default is the SRE workbook's three.",
    )

    notify: Notify = Field(
        default_factory=Notify,
        description="Where `phaseone watch` sends alerts (every incident is also kept in the"
        " store, delivered or not).",
    )

    @model_validator(mode="after")
    def _windows_fit(self) -> Slos:
        days = self.window_days * 86400
        for i, alert in enumerate(self.alerts):
            if duration_seconds(alert.long_window) > days:
                raise PydanticCustomError(
                    "window_too_long",
                    "alerts[{i}].long_window {long} is longer than window_days ({days} days)",
                    {"i": i, "long": alert.long_window, "days": self.window_days},
                )
        return self

    def burn_rate(self, alert: BurnRateAlert) -> float:
        """How many times faster than even the budget burns when `alert` fires:
        budget share × window ÷ long window (14.4 for 2% of 30 days in 1 h)."""
        return alert.budget_spent * self.window_days * 86400 / duration_seconds(alert.long_window)
