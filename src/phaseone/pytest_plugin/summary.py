"""The session's closing lines: each run, the metric with its interval, the verdict.

Plain lines with a colour that means something (green PASS, red FAIL, yellow
INCONCLUSIVE), written through pytest's terminal reporter like its own summary.
"""

from __future__ import annotations

from pathlib import Path

from phaseone.evals import render
from phaseone.pytest_plugin.outcome import SuiteOutcome

#: A line and its colour for the terminal reporter ("" for none).
Line = tuple[str, str]

_COLOUR = {"PASS": "green", "FAIL": "red", "INCONCLUSIVE": "yellow"}


def summary_lines(outcome: SuiteOutcome, plan: Path) -> list[Line]:
    """One line per run, its metric and threshold verdicts, then the eval's verdict."""
    lines: list[Line] = []
    for run, s in outcome.runs:
        lines.append(
            (
                f"suite {run.suite} ({run.role}): run {run.id}, {s.n} answers, pass rate "
                f"{render.rate_ci(s.pass_rate)}, {s.errors} errors",
                "",
            )
        )
        m = s.metric
        if m is not None and m.value is not None:
            cmp = "≥" if m.direction == "higher" else "≤"
            conf = "?" if m.confidence is None else f"{m.confidence:.0%}"
            lines.append(
                (
                    f"  metric {m.name or m.scorer}: {m.value:.3f} "
                    f"[{render.num(m.lower)}, {render.num(m.upper)}] ({conf} one-sided), "
                    f"threshold {cmp} {render.num(m.threshold)} → {m.verdict}"
                    + (f": {m.reason}" if m.reason else ""),
                    _COLOUR.get(m.verdict or "", ""),
                )
            )
        t = s.threshold_verdict
        if t is not None and t.verdict is not None:
            lines.append(
                (
                    f"  suite threshold {render.num(s.suite_threshold)}: {t.verdict}"
                    + (f": {t.reason}" if t.reason else ""),
                    _COLOUR.get(t.verdict, ""),
                )
            )
    for j in outcome.verdict.judged.values():
        lines.append((f"  every look counted: {j.headline()}", ""))
    verdict = outcome.verdict.verdict
    code = outcome.verdict.exit_code
    if verdict is None:
        lines.append(("verdict: none (no success metric or threshold on these suites), exit 0", ""))
    else:
        lines.append(
            (f"verdict: {verdict} (exit status {code}; plan {plan.name})", _COLOUR[verdict])
        )
    return lines
