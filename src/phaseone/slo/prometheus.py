"""The plan's SLOs as Prometheus recording and alerting rules over the gateway's `/metrics`.

Each ratio SLO (availability, latency) gets one recording rule per window that an alert
needs — the share of *bad* events over that window — and one alert per burn-rate policy
that fires when both its long and its short window burn faster than the policy allows
(SRE workbook, "multiwindow, multi-burn-rate alerts"). Recording the ratios once keeps the
alert expressions cheap and lets the Grafana dashboard plot exactly what the alerts see.

The metric names are the gateway's own (`guard/metrics.py`); `selector` narrows every
series to one gateway's scrape job when one Prometheus scrapes several.
"""

from __future__ import annotations

from dataclasses import dataclass

from phaseone.plan.slo_schema import BurnRateAlert, Slos, duration_seconds

SERVED = "phaseone_requests_served_total"
DEGRADED = "phaseone_requests_degraded_total"
LATENCY_BUCKET = "phaseone_request_latency_seconds_bucket"
LATENCY_COUNT = "phaseone_request_latency_seconds_count"
COST = "phaseone_cost_total"


@dataclass(frozen=True)
class RatioSli:
    """A ratio SLO as Prometheus sees it: the share of bad events, and its objective."""

    name: str  #: availability | latency
    objective: float
    bad_ratio: str  #: PromQL giving the bad share, with ``$W`` where the range goes

    def over(self, window: str) -> str:
        """The bad share over `window` (``5m``, ``1h``, ``30d``)."""
        return self.bad_ratio.replace("$W", window)

    def record(self, window: str) -> str:
        return f"phaseone:{self.name}_bad:ratio_rate{window}"

    @property
    def budget(self) -> float:
        return 1.0 - self.objective


def _sel(selector: str, extra: str = "") -> str:
    parts = [p for p in (selector, extra) if p]
    return "{" + ",".join(parts) + "}" if parts else ""


def ratio_slis(slos: Slos, selector: str = "") -> list[RatioSli]:
    """The plan's ratio SLOs in PromQL."""
    out: list[RatioSli] = []
    if slos.availability is not None:
        out.append(
            RatioSli(
                "availability",
                slos.availability.target,
                f"sum(rate({DEGRADED}{_sel(selector)}[$W]))"
                f" / sum(rate({SERVED}{_sel(selector)}[$W]))",
            )
        )
    if slos.latency is not None:
        le = f'le="{float(slos.latency.threshold_s)!r}"'
        out.append(
            RatioSli(
                "latency",
                slos.latency.target,
                f"1 - sum(rate({LATENCY_BUCKET}{_sel(selector, le)}[$W]))"
                f" / sum(rate({LATENCY_COUNT}{_sel(selector)}[$W]))",
            )
        )
    return out


def windows_of(alerts: list[BurnRateAlert]) -> list[str]:
    """Every window an alert reads, shortest first."""
    seen = {w for a in alerts for w in (a.long_window, a.short_window)}
    return sorted(seen, key=duration_seconds)


def alert_name(sli: str, alert: BurnRateAlert) -> str:
    """The alert's name, the same in Prometheus and in `phaseone watch`."""
    return f"Phaseone{sli.capitalize()}BudgetBurn{alert.severity.capitalize()}{alert.long_window}"


@dataclass(frozen=True)
class RuleFile:
    """A Prometheus rule file: one recording group, one alerting group."""

    project: str
    records: list[dict[str, object]]
    alerts: list[dict[str, object]]

    def document(self) -> dict[str, object]:
        """The mapping to write as YAML (`promtool check rules` reads it)."""
        return {
            "groups": [
                {"name": f"phaseone-{self.project}-slo-records", "rules": self.records},
                {"name": f"phaseone-{self.project}-slo-alerts", "rules": self.alerts},
            ]
        }


def rules(slos: Slos, project: str, selector: str = "") -> RuleFile:
    """The plan's SLOs as recording rules and burn-rate alerts."""
    slis = ratio_slis(slos, selector)
    windows = windows_of(slos.alerts)
    recording: list[dict[str, object]] = [
        {"record": sli.record(w), "expr": sli.over(w)} for sli in slis for w in windows
    ]
    alerting: list[dict[str, object]] = []
    for sli in slis:
        for alert in slos.alerts:
            rate = slos.burn_rate(alert)
            bound = rate * sli.budget
            alerting.append(
                {
                    "alert": alert_name(sli.name, alert),
                    "expr": f"{sli.record(alert.long_window)} > {bound:.6g}"
                    f" and {sli.record(alert.short_window)} > {bound:.6g}",
                    "labels": {
                        "severity": alert.severity,
                        "slo": sli.name,
                        "project": project,
                    },
                    "annotations": {
                        "summary": f"{project}: {sli.name} error budget burning"
                        f" {rate:.3g}x too fast",
                        "description": (
                            f"Over the last {alert.long_window} and {alert.short_window} the"
                            f" {sli.name} SLO ({sli.objective:.4g} over {slos.window_days} days)"
                            f" lost more than {bound:.4g} of its events: at this pace"
                            f" {alert.budget_spent:.0%} of the window's error budget goes in"
                            f" {alert.long_window}. Bad share now:"
                            " {{ $value | humanizePercentage }}."
                        ),
                    },
                }
            )
    if slos.cost is not None:
        day = slos.cost.per_day
        spend = f"sum(increase({COST}{_sel(selector)}[1d]))"
        pace = f"sum(rate({COST}{_sel(selector)}[1h])) * 86400"
        recording.append({"record": "phaseone:cost:increase1d", "expr": spend})
        recording.append({"record": "phaseone:cost:pace_per_day1h", "expr": pace})
        alerting.append(
            {
                "alert": "PhaseoneCostPerDayExceeded",
                "expr": f"phaseone:cost:increase1d > {day:.6g}",
                "labels": {"severity": "ticket", "slo": "cost", "project": project},
                "annotations": {
                    "summary": f"{project}: spend over the last day is above {day:g}",
                    "description": "The last 24 hours cost {{ $value }}, more than the"
                    f" plan's {day:g} per day.",
                },
            }
        )
        alerting.append(
            {
                "alert": "PhaseoneCostPaceHigh",
                # An hour at 4x the daily pace spends a sixth of the day's money: act now.
                "expr": f"phaseone:cost:pace_per_day1h > {4 * day:.6g}",
                "for": "5m",
                "labels": {"severity": "page", "slo": "cost", "project": project},
                "annotations": {
                    "summary": f"{project}: spending at more than 4x the daily limit",
                    "description": "The last hour's spend, projected to a day, is"
                    f" {{{{ $value }}}}; the plan allows {day:g} per day.",
                },
            }
        )
    return RuleFile(project, recording, alerting)


__all__ = ["RatioSli", "RuleFile", "alert_name", "ratio_slis", "rules", "windows_of"]
