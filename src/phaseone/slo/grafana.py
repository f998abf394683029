"""A Grafana dashboard for the plan's SLOs, reading the same recorded ratios the alerts read.

One row per SLO: the error budget left over the SLO's window (a stat), and the bad share
over each alert window against the line at which the fastest alert fires (a time series).
The data source is a dashboard variable, so the JSON imports into any Grafana that has a
Prometheus data source.
"""

from __future__ import annotations

from typing import Any

from phaseone.plan.slo_schema import Slos
from phaseone.slo.prometheus import ratio_slis, windows_of

_DS = {"type": "prometheus", "uid": "${datasource}"}


def _panel(
    pid: int, title: str, kind: str, y: int, x: int, w: int, targets: list[str]
) -> dict[str, Any]:
    return {
        "id": pid,
        "title": title,
        "type": kind,
        "datasource": _DS,
        "gridPos": {"h": 8, "w": w, "x": x, "y": y},
        "targets": [
            {"refId": chr(ord("A") + i), "expr": expr, "datasource": _DS}
            for i, expr in enumerate(targets)
        ],
    }


def dashboard(slos: Slos, project: str) -> dict[str, Any]:
    """The dashboard JSON (Grafana's schema, importable as-is)."""
    panels: list[dict[str, Any]] = []
    y = 0
    windows = windows_of(slos.alerts)
    days = f"{slos.window_days}d"
    for sli in ratio_slis(slos):
        pid = len(panels) + 1
        left = _panel(
            pid,
            f"{sli.name}: error budget left ({days})",
            "stat",
            y,
            0,
            6,
            [f"1 - ({sli.over(days)}) / {sli.budget:.6g}"],
        )
        left["fieldConfig"] = {"defaults": {"unit": "percentunit", "min": 0, "max": 1}}
        panels.append(left)
        fastest = max(slos.burn_rate(a) for a in slos.alerts) * sli.budget
        series = _panel(
            pid + 1,
            f"{sli.name}: bad share (page above {fastest:.3g})",
            "timeseries",
            y,
            6,
            18,
            [sli.record(w) for w in windows],
        )
        series["fieldConfig"] = {
            "defaults": {
                "unit": "percentunit",
                "thresholds": {
                    "mode": "absolute",
                    "steps": [
                        {"color": "green", "value": None},
                        {"color": "red", "value": fastest},
                    ],
                },
                "custom": {"thresholdsStyle": {"mode": "line"}},
            }
        }
        panels.append(series)
        y += 8
    if slos.cost is not None:
        cost = _panel(
            len(panels) + 1,
            f"cost: last 24 h and hourly pace (limit {slos.cost.per_day:g} per day)",
            "timeseries",
            y,
            0,
            24,
            ["phaseone:cost:increase1d", "phaseone:cost:pace_per_day1h"],
        )
        panels.append(cost)
    return {
        "title": f"phaseone · {project} · SLOs",
        "uid": f"phaseone-slo-{project}"[:40],
        "tags": ["phaseone", "slo"],
        "schemaVersion": 39,
        "time": {"from": "now-7d", "to": "now"},
        "templating": {
            "list": [
                {
                    "name": "datasource",
                    "type": "datasource",
                    "query": "prometheus",
                    "label": "Prometheus",
                }
            ]
        },
        "panels": panels,
    }
