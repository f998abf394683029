"""Inline SVG charts: drawn here, so the report needs no network and no JS library."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from phaseone.store.run_summary import MetricResult


def _num(x: Any) -> float | None:
    return float(x) if isinstance(x, int | float) else None


def metric_chart(metric: MetricResult | None, *, width: int = 560, height: int = 110) -> Markup:
    """The metric's confidence interval as a bar, its point value, and the threshold line.

    The axis spans [0, 1] for rates; for other metrics it spans the data with a margin.
    The drawing has a viewBox and 100% width, so it shrinks with a phone's screen (at most
    `width` px wide) instead of making the page scroll sideways.
    """
    if metric is None:
        return Markup("")
    value, lo, hi, thr = (
        _num(v) for v in (metric.value, metric.lower, metric.upper, metric.threshold)
    )
    if thr is None:
        return Markup("")
    pts = [x for x in (value, lo, hi, thr) if x is not None]
    a, b = (0.0, 1.0) if all(0 <= x <= 1 for x in pts) else (min(pts), max(pts))
    if b - a < 1e-9:
        a, b = a - 1, b + 1
    if (a, b) == (0.0, 1.0):
        # zoom on the interesting part but keep the threshold and interval in view
        a = max(0.0, min(pts) - 0.1)
        b = min(1.0, max(pts) + 0.1)
    left, right, mid = 20, width - 20, 50

    def x(v: float) -> float:
        return left + (v - a) / (b - a) * (right - left)

    verdict = str(metric.verdict or "")
    name = metric.name if "name" in metric.model_fields_set else "metric"
    colour = {"PASS": "#1a7f37", "FAIL": "#cf222e"}.get(verdict, "#9a6700")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="metric-chart" role="img" '
        f'width="100%" viewBox="0 0 {width} {height}" '
        f'style="max-width:{width}px;height:auto" preserveAspectRatio="xMidYMid meet" '
        f'aria-label="{escape(name)} confidence interval">',
        f'<line x1="{left}" y1="{mid + 28}" x2="{right}" y2="{mid + 28}" stroke="#8c959f"/>',
    ]
    for i in range(6):
        v = a + (b - a) * i / 5
        parts.append(
            f'<line x1="{x(v):.1f}" y1="{mid + 25}" x2="{x(v):.1f}" y2="{mid + 31}" '
            f'stroke="#8c959f"/><text x="{x(v):.1f}" y="{mid + 46}" font-size="13" '
            f'text-anchor="middle" fill="#57606a">{v:.2f}</text>'
        )
    if lo is not None and hi is not None:
        parts.append(
            f'<rect class="ci" x="{x(lo):.1f}" y="{mid - 8}" width="{max(x(hi) - x(lo), 2):.1f}" '
            f'height="16" rx="3" fill="{colour}" fill-opacity="0.25" stroke="{colour}"/>'
        )
    if value is not None:
        parts.append(
            f'<circle class="point" cx="{x(value):.1f}" cy="{mid}" r="6" fill="{colour}"/>'
            f'<text x="{x(value):.1f}" y="{mid - 14}" font-size="15" text-anchor="middle" '
            f'fill="#24292f">{value:.3f}</text>'
        )
    # the label sits on the side of the line with room for it, so it is never cut off
    anchor, dx = ("end", -4) if x(thr) > width - 120 else ("start", 4)
    parts.append(
        f'<line class="threshold" x1="{x(thr):.1f}" y1="8" x2="{x(thr):.1f}" y2="{mid + 28}" '
        f'stroke="#24292f" stroke-width="2" stroke-dasharray="5,3"/>'
        f'<text x="{x(thr):.1f}" y="12" font-size="13" text-anchor="{anchor}" dx="{dx}" '
        f'fill="#24292f">threshold {thr:g}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
