"""Eval results for people and for CI: table, JSON, JUnit XML and Markdown.

* ``table``: rich tables, numbers right-aligned, colour that means something (green
  PASS, red FAIL, yellow INCONCLUSIVE); plain text when not a terminal.
* ``json``: the runs with their summaries and comparisons, for scripts.
* ``junit``: one ``testcase`` per case (``failure`` with expected/output for a wrong
  answer, ``error`` for an infrastructure error) plus one per run verdict, so any CI
  system's test view shows what failed.
* ``markdown``: short enough for a pull-request comment: verdict, the metric with its
  interval, a per-suite table and the top regressions.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from io import StringIO
from typing import Any

from rich.console import Console
from rich.table import Table

from phaseone import humanize
from phaseone.errors import ExitCode
from phaseone.evals.freshness import Freshness
from phaseone.evals.run_comparison import RunComparison
from phaseone.store.database import Store
from phaseone.store.models import Run
from phaseone.store.run_summary import Rate, RunSummary, run_summary, summary_or_empty
from phaseone.store.runs import iter_result_rows

FORMATS = ("table", "json", "junit", "markdown")
VERDICT_STYLE = {"PASS": "bold green", "FAIL": "bold red", "INCONCLUSIVE": "bold yellow"}
VERDICT_ICON = {"PASS": "✅", "FAIL": "❌", "INCONCLUSIVE": "⚠️"}


def overall_verdict(runs: Sequence[Run]) -> str | None:
    """FAIL if any run fails, else INCONCLUSIVE if any is, else PASS if any passes."""
    verdicts = [summary_or_empty(r).verdict for r in runs]
    if "FAIL" in verdicts:
        return "FAIL"
    if "INCONCLUSIVE" in verdicts:
        return "INCONCLUSIVE"
    if "PASS" in verdicts:
        return "PASS"
    return None


def exit_code_for(verdict: str | None) -> int:
    if verdict == "FAIL":
        return ExitCode.FAIL
    if verdict == "INCONCLUSIVE":
        return ExitCode.INCONCLUSIVE
    return ExitCode.OK


# --- small formatters -----------------------------------------------------------------------


def pct(x: Any) -> str:
    return "—" if x is None else f"{float(x):.1%}"


def num(x: Any, digits: int = 3) -> str:
    return "—" if x is None else f"{float(x):.{digits}f}"


def ms(x: Any) -> str:
    return "—" if x is None else f"{float(x):,.0f} ms" if x >= 10 else f"{float(x):.1f} ms"


def rate_ci(rate: Rate | None) -> str:
    """A pass rate with its interval."""
    if rate is None or rate.value is None:
        return "—"
    return f"{rate.value:.1%} [{rate.lower:.1%}, {rate.upper:.1%}]"


def money(x: Any, currency: str = "") -> str:
    """An amount in the plan's currency (`0.0004 EUR`, `12.50 EUR`): phaseone.humanize."""
    return humanize.money(x, currency)


def fresh_reused(summary: RunSummary) -> str:
    """ "54/0": fresh calls / answers reused from the response cache."""
    f = Freshness.of(summary)
    return f"{f.fresh_calls:,}/{f.reused_answers:,}"


def freshness_line(summary: RunSummary) -> str:
    """What a run observed: every run says how many answers were fresh and how many reused;
    reused ones are flagged as not evidence."""
    f = Freshness.of(summary)
    line = f"  answers: {f.fresh_calls:,} fresh calls, {f.reused_answers:,} reused from the cache"
    if f.reused_answers:
        line += (
            " [yellow](--cache: reused answers are not evidence; the gate will not count "
            "this run)[/]"
        )
    return line


def _level(confidence: float | None) -> str:
    """A metric's one-sided confidence as a percentage ("95%")."""
    return "?" if confidence is None else f"{confidence:.0%}"


def _bar(threshold: float | None) -> str:
    return "?" if threshold is None else f"{threshold:g}"


def _styled(verdict: str | None) -> str:
    if not verdict:
        return "—"
    return f"[{VERDICT_STYLE.get(verdict, 'bold')}]{verdict}[/]"


# --- table ----------------------------------------------------------------------------------


def print_tables(
    console: Console,
    runs: Sequence[Run],
    comparisons: Sequence[RunComparison] = (),
    *,
    currency: str = "",
) -> None:
    """Write the human report for some runs (and their comparisons) to a console."""
    overview = Table(title="phaseone eval", title_justify="left", show_lines=False)
    for col, just in [
        ("suite", "left"),
        ("role", "left"),
        ("run", "left"),
        ("status", "left"),
        ("n", "right"),
        ("pass rate [95% CI]", "right"),
        ("errors", "right"),
        ("reused", "right"),
        ("p95 latency", "right"),
        ("cost", "right"),
        ("verdict", "left"),
    ]:
        overview.add_column(col, justify=just)  # type: ignore[arg-type]
    for r in runs:
        s = summary_or_empty(r)
        overview.add_row(
            r.suite,
            r.role,
            r.id,
            r.status,
            f"{s.n:,}",
            rate_ci(s.pass_rate),
            f"{s.errors:,}",
            f"{Freshness.of(s).reused_answers:,}",
            ms(s.latency_ms.p95 if s.latency_ms is not None else None),
            money(s.cost.total if "cost" in s.model_fields_set else None, currency),
            _styled(s.verdict),
        )
    console.print(overview)
    for r in runs:
        _print_run_details(console, r)
    for c in comparisons:
        print_comparison(console, c)
    v = overall_verdict(runs)
    if v:
        console.print(f"verdict: {_styled(v)}")


def _print_run_details(console: Console, run: Run) -> None:
    s = summary_or_empty(run)
    m = s.metric
    if m is not None:
        arrow = "≥" if m.direction == "higher" else "≤"
        label = f" \\[{m.label}]" if m.label else ""
        console.print(
            f"[bold]{m.name}[/] ({m.aggregate}{label} of {m.scorer}): "
            f"{num(m.value)}  one-sided {_level(m.confidence)} bounds "
            f"[{num(m.lower)}, {num(m.upper)}]  threshold {arrow} "
            f"{_bar(m.threshold)}  n={m.n}  {_styled(m.verdict)}",
            highlight=False,
        )
        console.print(f"  {m.reason}", highlight=False, markup=False)
    elif s.verdict_reason:
        console.print(
            f"[bold]{run.suite}[/]: {_styled(s.verdict)} {s.verdict_reason}",
            highlight=False,
        )
    console.print(freshness_line(s), highlight=False)
    if s.latency_ms is not None and s.latency_ms.note:
        console.print(f"  latency: {s.latency_ms.note}", highlight=False, markup=False)
    scorers = s.scorers
    if scorers:
        t = Table(title=f"{run.suite}: scorers", title_justify="left")
        t.add_column("scorer")
        t.add_column("mean", justify="right")
        t.add_column("95% CI", justify="right")
        t.add_column("pass rate", justify="right")
        for name, sc in scorers.items():
            t.add_row(
                name,
                num(sc.mean),
                f"[{num(sc.lower)}, {num(sc.upper)}]",
                rate_ci(sc.pass_rate),
            )
        console.print(t)
    for name, rep in s.classification.items():
        t = Table(
            title=f"{run.suite}: {name} (accuracy {pct(rep.accuracy)}, "
            f"macro-F1 {num(rep.macro_f1)})",
            title_justify="left",
        )
        for col in ("label", "precision [95% CI]", "recall [95% CI]", "F1", "support"):
            t.add_column(col, justify="left" if col == "label" else "right")
        for label, lab in rep.per_label.items():
            pci, rci = lab.precision_ci, lab.recall_ci
            t.add_row(
                label,
                f"{num(lab.precision)} [{pci[0]:.3f}, {pci[1]:.3f}]",
                f"{num(lab.recall)} [{rci[0]:.3f}, {rci[1]:.3f}]",
                num(lab.f1),
                str(lab.support),
            )
        console.print(t)
    tags = s.by_tag
    if tags:
        t = Table(title=f"{run.suite}: by tag", title_justify="left")
        t.add_column("tag")
        t.add_column("n", justify="right")
        t.add_column("pass rate [95% CI]", justify="right")
        t.add_column("errors", justify="right")
        for tag, row in tags.items():
            t.add_row(tag, str(row.n), rate_ci(row.pass_rate), str(row.errors))
        console.print(t)
    reps = s.repeats
    if reps is not None:
        console.print(
            f"  repeats: each of {reps.cases} cases run {reps.k}×; "
            f"{reps.always_pass} always pass, {reps.always_fail} always fail, "
            f"[yellow]{reps.flaky} flaky[/]; mean per-case pass rate "
            f"{pct(reps.mean_case_pass_rate)}",
            highlight=False,
        )
    thr = s.execution.throttle if s.execution is not None else None
    if thr is not None and thr.throttled:
        console.print(
            f"  the target throttled {thr.throttled} calls (429/Retry-After); concurrency "
            f"went down to {thr.min_concurrency}",
            highlight=False,
        )


def print_comparison(console: Console, c: RunComparison) -> None:
    a, b = c.a, c.b
    t = Table(
        title=f"compare {a.id} (A, {a.role}) → {b.id} (B, {b.role})",
        title_justify="left",
    )
    t.add_column("")
    t.add_column("value", justify="right")
    t.add_row("paired cases", f"{c.paired:,}")
    t.add_row("pass rate A", rate_ci(a.pass_rate))
    t.add_row("pass rate B", rate_ci(b.pass_rate))
    t.add_row("[red]regressions[/] (pass in A, fail in B)", f"{c.regressions.count:,}")
    t.add_row("[green]fixes[/] (fail in A, pass in B)", f"{c.fixes.count:,}")
    mc = c.mcnemar
    t.add_row("exact McNemar p", f"{mc.p_value:.4g}" + (" *" if mc.significant else ""))
    for name, d in c.scorers.items():
        t.add_row(
            f"Δ {name} (B − A) [{c.confidence:.0%} CI]",
            f"{d.diff:+.3f} [{d.lower:+.3f}, {d.upper:+.3f}]",
        )
    ni = c.non_inferiority
    if ni is not None:
        t.add_row(f"non-inferiority on {ni.on} (margin {ni.margin:g})", ni.verdict)
    console.print(t)
    if ni is not None and ni.reason:
        console.print(f"  {ni.reason}", highlight=False, markup=False)
    for w in c.warnings:
        console.print(f"  [yellow]note:[/] {w}", highlight=False)
    regs = c.regressions.cases
    if regs:
        rt = Table(title="regressions", title_justify="left")
        for col in ("case", "expected", "A output", "B output"):
            rt.add_column(col, overflow="fold", max_width=40)
        for r in regs[:20]:
            rt.add_row(
                f"{r.case_id}#{r.repeat_index}",
                _short(r.expected),
                _short(r.output_a),
                _short(r.output_b),
            )
        console.print(rt)


def _short(x: Any, n: int = 60) -> str:
    s = x if isinstance(x, str) else json.dumps(x, default=str, ensure_ascii=False)
    return s if len(s) <= n else s[: n - 1] + "…"


def render_table(
    runs: Sequence[Run], comparisons: Sequence[RunComparison] = (), *, currency: str = ""
) -> str:
    buf = StringIO()
    console = Console(file=buf, width=140, no_color=True, force_terminal=False, emoji=False)
    print_tables(console, runs, comparisons, currency=currency)
    return buf.getvalue()


# --- JSON -----------------------------------------------------------------------------------


def run_dict(run: Run) -> dict[str, Any]:
    return {
        "id": run.id,
        "project": run.project,
        "suite": run.suite,
        "role": run.role,
        "status": run.status,
        "target": run.target_label,
        "target_fingerprint": run.target_fingerprint,
        "plan_hash": run.plan_hash,
        "started_at": run.started_at.isoformat() if run.started_at else None,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "total_cases": run.total_cases,
        "config": run.config,  #: what it was asked to do (no secrets): options, cache, target
        "summary": run.summary,
    }


def render_json(runs: Sequence[Run], comparisons: Sequence[RunComparison] = ()) -> str:
    v = overall_verdict(runs)
    doc = {
        "verdict": v,
        "exit_code": exit_code_for(v),
        "runs": [run_dict(r) for r in runs],
        "comparisons": [c.to_json() for c in comparisons],
    }
    return json.dumps(doc, indent=2, default=str, ensure_ascii=False)


# --- JUnit ----------------------------------------------------------------------------------

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(value: Any, limit: int = 2000) -> str:
    s = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    s = _XML_BAD.sub("\ufffd", s)
    return s if len(s) <= limit else s[:limit] + "…"


_JUNIT_COLS = (
    "case_id",
    "repeat_index",
    "passed",
    "error_kind",
    "error_message",
    "latency_ms",
    "expected",
    "output",
    "scores",
    "cached",
)


def render_junit(store: Store, runs: Sequence[Run]) -> str:
    """JUnit XML: a testsuite per run, a testcase per case plus one for the run's verdict."""
    root = ET.Element("testsuites", name="phaseone")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for run in runs:
        s = summary_or_empty(run)
        suite_el = ET.SubElement(root, "testsuite", name=f"{run.suite} ({run.role})")
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        elapsed = 0.0
        props = ET.SubElement(suite_el, "properties")
        for k, v in [
            ("run_id", run.id),
            ("target", run.target_label),
            ("status", run.status),
            ("verdict", s.verdict),
            ("pass_rate", s.pass_rate.value if s.pass_rate is not None else None),
            ("fresh_calls", Freshness.of(s).fresh_calls),
            ("reused_answers", Freshness.of(s).reused_answers),
        ]:
            ET.SubElement(props, "property", name=k, value=_x("" if v is None else v))
        classname = f"phaseone.{run.suite}"
        for (
            case_id,
            rep,
            passed,
            kind,
            message,
            latency,
            exp,
            out,
            scores,
            cached,
        ) in iter_result_rows(store, run.id, _JUNIT_COLS):
            counts["tests"] += 1
            t = (latency or 0.0) / 1000
            if not cached:
                elapsed += t
            name = case_id if not rep else f"{case_id}#{rep}"
            tc = ET.SubElement(
                suite_el, "testcase", classname=classname, name=name, time=f"{t:.3f}"
            )
            if kind is not None:
                counts["errors"] += 1
                err = ET.SubElement(tc, "error", message=_x(message or kind, 500), type=kind)
                err.text = _x(message or "")
            elif passed is False:
                counts["failures"] += 1
                failed = [n for n, sc in (scores or {}).items() if not sc.get("passed")]
                fail = ET.SubElement(
                    tc,
                    "failure",
                    message=_x(f"failed: {', '.join(failed)}", 500),
                    type="AssertionError",
                )
                lines = [f"expected: {_x(exp)}", f"output:   {_x(out)}"]
                for n in failed:
                    sc = scores[n]
                    why = f" — {sc['explanation']}" if sc.get("explanation") else ""
                    lines.append(f"{n}: {sc.get('value')}{why}")
                fail.text = "\n".join(lines)
        # The run's own verdict, so CI shows the decision, not only the cases.
        verdict = s.verdict
        if verdict is not None:
            counts["tests"] += 1
            tc = ET.SubElement(suite_el, "testcase", classname=classname, name="verdict", time="0")
            reason = (s.metric.reason if s.metric is not None else "") or s.verdict_reason or ""
            if verdict == "FAIL":
                counts["failures"] += 1
                ET.SubElement(tc, "failure", message=_x(reason, 500), type="VerdictFail").text = _x(
                    reason
                )
            elif verdict == "INCONCLUSIVE":
                counts["skipped"] += 1
                ET.SubElement(tc, "skipped", message=_x(f"INCONCLUSIVE: {reason}", 500))
        for k, v in counts.items():
            suite_el.set(k, str(v))
            totals[k] += v
        suite_el.set("time", f"{elapsed:.3f}")
        if run.started_at:
            suite_el.set("timestamp", run.started_at.replace(microsecond=0).isoformat())
    for k, v in totals.items():
        root.set(k, str(v))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


# --- Markdown -------------------------------------------------------------------------------


def _md(x: Any) -> str:
    return _short(x, 50).replace("|", "\\|").replace("\n", " ")


def render_markdown(
    runs: Sequence[Run], comparisons: Sequence[RunComparison] = (), *, currency: str = ""
) -> str:
    v = overall_verdict(runs)
    lines = [f"## phaseone eval: {VERDICT_ICON.get(v or '', '')} {v or 'no verdict'}".rstrip(), ""]
    for r in runs:
        m = summary_or_empty(r).metric
        if m is not None:
            arrow = "≥" if m.direction == "higher" else "≤"
            lines.append(
                f"**{m.name}** = {num(m.value)} "
                f"(one-sided {_level(m.confidence)} bounds {num(m.lower)}–"
                f"{num(m.upper)}, n={m.n}) vs threshold {arrow} {_bar(m.threshold)}"
                f" → **{m.verdict}**"
            )
            lines.append(f"<sub>{m.reason}</sub>")
            lines.append("")
    lines += [
        "| suite | role | verdict | pass rate [95% CI] | n | errors | fresh/reused | p95 latency"
        " | cost |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        s = summary_or_empty(r)
        p95 = s.latency_ms.p95 if s.latency_ms is not None else None
        spent = s.cost.total if "cost" in s.model_fields_set else None
        lines.append(
            f"| {r.suite} | {r.role} | {s.verdict or '—'} | {rate_ci(s.pass_rate)} "
            f"| {s.n:,} | {s.errors:,} | {fresh_reused(s)} "
            f"| {ms(p95)} | {money(spent, currency)} |"
        )
    for c in comparisons:
        lines.append("")
        lines.append(
            f"**{c.b.id}** vs **{c.a.id}** ({c.a.role}): "
            f"{c.regressions.count} regressions, {c.fixes.count} fixes over "
            f"{c.paired} paired cases (exact McNemar p = {c.mcnemar.p_value:.3g})"
        )
        ni = c.non_inferiority
        if ni is not None:
            lines.append(f"Non-inferiority (margin {ni.margin:g}): **{ni.verdict}**")
        regs = c.regressions.cases[:10]
        if regs:
            lines += [
                "",
                "<details><summary>Top regressions</summary>",
                "",
                "| case | expected | A | B |",
                "|---|---|---|---|",
            ]
            for x in regs:
                lines.append(
                    f"| {_md(x.case_id)} | {_md(x.expected)} | "
                    f"{_md(x.output_a)} | {_md(x.output_b)} |"
                )
            lines += ["", "</details>"]
    reused = sum(Freshness.of(run_summary(r)).reused_answers for r in runs)
    if reused:
        lines += [
            "",
            f"⚠️ {reused:,} answers were reused from the response cache (`--cache`): "
            "they are not evidence, and the gate does not count these runs.",
        ]
    lines.append("")
    lines.append(f"<sub>runs: {', '.join(r.id for r in runs)}</sub>")
    return "\n".join(lines) + "\n"


def render(
    fmt: str,
    store: Store,
    runs: Sequence[Run],
    comparisons: Sequence[RunComparison] = (),
    *,
    currency: str = "",
) -> str:
    if fmt == "json":
        return render_json(runs, comparisons)
    if fmt == "junit":
        return render_junit(store, runs)
    if fmt == "markdown":
        return render_markdown(runs, comparisons, currency=currency)
    return render_table(runs, comparisons, currency=currency)
