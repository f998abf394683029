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
from collections.abc import Sequence
from typing import Any, Literal, Protocol

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
    """Good answers: rated good by the people who got them (`POST /v1/feedback`), or
    passed by the online evals (`slos.online`)."""

    target: float = Field(
        ...,
        gt=0,
        lt=1,
        examples=[0.9],
        description="Share of rated answers rated good (feedback score ≥ 0.5), e.g. 0.9.",
    )
    source: Literal["feedback", "online"] = Field(
        "feedback",
        description="Where the verdicts come from: `feedback`, the scores callers send to"
        " `POST /v1/feedback` (stored on the request's trace); `online`, the sampled live"
        " answers scored by `slos.online` (a trace fails when any of its scorers fails).",
    )


class CostSlo(Strict):
    """Spend per day, in the plan's currency."""

    per_day: float = Field(..., gt=0, examples=[50.0], description="Most spend per day.")


#: Scorer kinds that judge an answer without a reference answer, so they can score live
#: traffic (which has no expected output). `exact`, `numeric`, `classification` and
#: `similarity` always compare with the case's expected output; `contains` and
#: `json_field` only when they carry their own `value`/`values`; a `judge` grades against
#: its rubric (the expected answer is only shown to it when there is one); a `python`
#: scorer is the user's code and is handed a case without `expected`.
ALWAYS_REFERENCE_FREE: frozenset[str] = frozenset(
    {"regex", "json", "judge", "latency", "cost", "python"}
)


def reference_free(scorer: Any) -> bool:
    """Whether a scorer config (`plan.components`) can judge an answer with no expected one."""
    kind = str(getattr(scorer, "kind", ""))
    if kind in ALWAYS_REFERENCE_FREE:
        return True
    if kind in ("contains", "icontains"):
        return getattr(scorer, "value", None) is not None or bool(getattr(scorer, "values", None))
    if kind == "json_field":
        return getattr(scorer, "value", None) is not None
    return False


class OnlineEvals(Strict):
    """Sampled live answers scored continuously by a suite's reference-free scorers."""

    suite: str = Field(
        ...,
        examples=["happy-path"],
        description="The suite whose reference-free scorers (regex, json, judge, latency,"
        " cost, python; contains/json_field with their own `value`) score live answers; its"
        " latest pilot run's pass rate on them is the drift baseline.",
    )
    sample_rate: float = Field(
        ...,
        gt=0,
        le=1,
        examples=[0.05],
        description="Share of live traces scored, chosen by a hash of the trace id (the same"
        " trace is in or out on every pass and every watcher). Traces are scored only when"
        " the gateway stores inputs and outputs (`controls.monitoring.store_io`).",
    )
    min_drop: float = Field(
        0.1,
        gt=0,
        lt=1,
        description="The drop in pass rate below the pilot's that the drift alarm is tuned to"
        " catch (a CUSUM from p0 to p0 − min_drop).",
    )
    false_alarm_share: float = Field(
        0.05,
        gt=0,
        lt=1,
        description="At most this share of drift false alarms per 100,000 steady scored answers.",
    )
    max_per_pass: int = Field(
        500, ge=1, le=100_000, description="Most traces scored in one evaluation of `watch`."
    )


class _NamedSuite(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def scorers(self) -> Sequence[Any]: ...


def check_online_suite(slos: Slos | None, suites: Sequence[_NamedSuite]) -> None:
    """`slos.online.suite` names a suite with at least one reference-free scorer (the plan
    calls this once the suites are read; a PydanticCustomError names the field and fix)."""
    if slos is None or slos.online is None:
        return
    names = [s.name for s in suites]
    wanted = slos.online.suite
    if wanted not in names:
        raise PydanticCustomError(
            "unknown_online_suite",
            "slos.online.suite `{suite}` is not a suite of this plan (suites: {names})",
            {"suite": wanted, "names": ", ".join(names) or "none"},
        )
    suite = next(s for s in suites if s.name == wanted)
    if not any(reference_free(c) for c in suite.scorers):
        kinds = ", ".join(str(getattr(c, "kind", "?")) for c in suite.scorers)
        raise PydanticCustomError(
            "no_reference_free_scorer",
            "slos.online.suite `{suite}` has no scorer that can judge a live answer without an"
            " expected one (its scorers: {kinds}); add a regex, json, judge, latency, cost or"
            " python scorer, or a contains/json_field scorer with its own `value`",
            {"suite": wanted, "kinds": kinds or "none"},
        )


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
    timeout_s: float = Field(
        5.0,
        gt=0,
        le=60,
        description="Give up on one POST after this long in all (connect, send, answer).",
    )


class EmailNotify(Strict):
    """An email per alert event, over SMTP."""

    host: str = Field("127.0.0.1", description="SMTP server.")
    port: int = Field(25, ge=1, le=65535, description="SMTP port (587 with `starttls`).")
    sender: str = Field(..., min_length=3, examples=["phaseone@example.com"], description="From.")
    to: list[str] = Field(..., min_length=1, description="Who receives alerts (the owner).")
    starttls: bool = Field(False, description="Upgrade the connection with STARTTLS.")
    username: str | None = Field(None, description="SMTP login, if the server needs one.")
    password: str | None = Field(None, description="Use ${ENV_VAR}; never stored.")
    timeout_s: float = Field(
        10.0,
        gt=0,
        le=120,
        description="Give up on one email after this long in all (connect, TLS, login, send).",
    )


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
        description="Good answers: rated good by the people who got them (`source:"
        " feedback`) or passed by the online evals (`source: online`); evaluated by"
        " `phaseone watch` from the store (neither is on `/metrics`).",
    )
    cost: CostSlo | None = Field(None, description="Spend per day.")
    online: OnlineEvals | None = Field(
        None,
        description="Online evals: a sampled share of live answers scored by a suite's"
        " reference-free scorers (runs with role `online`), the source of `quality` with"
        " `source: online`, and a drift alarm against the pilot's pass rate.",
    )
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
    def _online_for_quality(self) -> Slos:
        if self.quality is not None and self.quality.source == "online" and self.online is None:
            raise PydanticCustomError(
                "online_needed",
                "slos.quality.source is `online` but slos.online is not set; add"
                " `online:` with `suite` and `sample_rate` (e.g. 0.05), or use `source: feedback`",
            )
        return self

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
