"""What `phaseone eval` and `phaseone runs …` do, kept out of cli.py so it stays thin.

Each function takes parsed arguments, does the work, prints, and returns the exit code
(0 pass, 1 fail, 2 usage/input/infrastructure, 3 inconclusive); expected failures are
raised as `PhaseoneError` for the CLI to turn into a one-screen message (a run stopped
because its target or judge is down is `InfrastructureStop`, exit 2).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table

from phaseone.errors import ExitCode, UsageError
from phaseone.evals import looks, render, stats
from phaseone.evals.compare import compare_non_inferiority, compare_runs, worse_reasons
from phaseone.evals.comparisons import count_comparisons, judge_baseline
from phaseone.evals.counted import CountedVerdict, counted_verdict
from phaseone.evals.evaluation import BaselinePair, run_evals
from phaseone.evals.freshness import Freshness
from phaseone.evals.options import EvalOptions
from phaseone.evals.run_comparison import NonInferiorityOutcome
from phaseone.evals.summary import compute_summary
from phaseone.evals.verdict import eval_verdict
from phaseone.plan.loader import LoadedPlan
from phaseone.store import runs as run_store
from phaseone.store.database import Store
from phaseone.store.models import Run
from phaseone.store.run_summary import run_summary


def _check_format(fmt: str, allowed: tuple[str, ...] = render.FORMATS) -> None:
    if fmt not in allowed:
        raise UsageError(f"unknown format {fmt!r}", fix=f"use one of: {', '.join(allowed)}")


def _emit(text: str, out: Path | None, console: Console, *, also_table: str | None = None) -> None:
    """The report as it is: no markup, no highlighting, and no emoji codes (rich would
    turn a `:smile:` inside a JSON answer into an emoji, and load its emoji table to look)."""
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        if also_table is not None:
            console.print(also_table, end="", markup=False, highlight=False, emoji=False)
        console.print(f"wrote {out}", highlight=False, markup=False, emoji=False)
    else:
        console.print(text, end="", markup=False, highlight=False, soft_wrap=True, emoji=False)


def eval_command(
    loaded: LoadedPlan,
    store: Store,
    options: EvalOptions,
    *,
    fmt: str = "table",
    out: Path | None = None,
    console: Console | None = None,
    err_console: Console | None = None,
) -> int:
    """`phaseone eval`: run what `options` asks for, print the results, return the exit code.

    The runs are `evaluation.run_evals`'s; this adds the output (table, JSON, JUnit,
    Markdown) and the verdict with every look at the metric counted, which sets the
    exit code as the gate would.
    """
    _check_format(fmt)
    console = console or Console(emoji=False)
    err = err_console or Console(stderr=True, emoji=False)

    def echo(msg: str) -> None:
        # Plain text: a `:name:` in a suite or target name is not an emoji code (and rich
        # loads its emoji table, ~5 ms, only to look for them).
        err.print(msg, highlight=False, markup=False, emoji=False)

    result = run_evals(loaded, store, options, echo=echo)
    runs = list(result.runs)
    comparisons = list(result.comparisons)
    pairs = result.pairs
    plan = loaded.plan
    currency = plan.project.currency
    judged_verdict = eval_verdict(loaded, store, runs)  # every look counted, as the gate does
    judged, verdict = judged_verdict.judged, judged_verdict.verdict
    text = render.render(fmt, store, runs, comparisons, currency=currency)
    text = _with_looks(fmt, text, judged, verdict)
    if fmt == "table" and out is None:
        render.print_tables(console, runs, comparisons, currency=currency)
        _print_looks(console, list(judged.values()))
        _print_comparisons(console, loaded, store, pairs)
    else:
        table = render.render_table(runs, comparisons, currency=currency) if out else None
        _emit(text, out, console, also_table=table)
        if fmt in ("table", "junit"):  # no place for it inside: say it beside
            _print_looks(err, list(judged.values()))
            _print_comparisons(err, loaded, store, pairs)
    return render.exit_code_for(verdict)


def _print_comparisons(
    console: Console, loaded: LoadedPlan, store: Store, pairs: Sequence[BaselinePair]
) -> None:
    """The baseline comparison as the gate's evals.baseline reads it: every comparison
    since the lock counted (`phaseone.evals.comparisons`), beside the single one above."""
    metric = loaded.plan.success_metric
    if metric is None or metric.baseline is None:
        return
    margin = metric.baseline.margin
    for pair in pairs:
        pilot, base_id = pair.pilot, pair.baseline_id
        base = run_store.get_run(store, base_id)

        def non_inferiority(
            conf: float, base_id: str = base_id, pilot_id: str = pilot.id
        ) -> NonInferiorityOutcome:
            return compare_non_inferiority(store, base_id, pilot_id, confidence=conf, margin=margin)

        counted = count_comparisons(
            store,
            loaded.project,
            metric.suite,
            pilot,
            base,
            metric.confidence,
            pinned=bool(metric.baseline.run),
        )
        j = judge_baseline(non_inferiority, counted)
        state = {"pass": "PASS", "fail": "FAIL"}.get(j.state, "INCONCLUSIVE")
        console.print(
            f"baseline, every comparison counted: {counted.describe()} → {state} "
            f"(single comparison at {stats.format_level(metric.confidence)} one-sided: "
            f"{j.single.verdict})",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )


def _with_looks(
    fmt: str, text: str, judged: dict[str, looks.LookJudgement], verdict: str | None
) -> str:
    """JSON and Markdown output carry the verdict with every look counted as well."""
    if not judged:
        return text
    if fmt == "json":
        doc = json.loads(text)
        doc["verdict"], doc["exit_code"] = verdict, render.exit_code_for(verdict)
        doc["looks"] = {rid: j.as_dict() for rid, j in judged.items()}
        return json.dumps(doc, indent=2, default=str, ensure_ascii=False)
    if fmt == "markdown":
        lines = [
            f"**Every look counted:** {j.headline()} (single look at "
            f"{stats.format_level(j.looks.confidence)}: {j.single})"
            for j in judged.values()
        ]
        head, _, rest = text.partition("\n")
        if any(j.demoted for j in judged.values()):  # the head said the single-look verdict
            icon = render.VERDICT_ICON.get(verdict or "", "")
            head = f"## phaseone eval: {icon} {verdict} (every look at the metric counted)"
        return head + "\n" + rest.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    return text


def _print_looks(console: Console, judged: list[looks.LookJudgement]) -> None:
    """The metric verdict with every look since the lock counted, beside the run's own.

    The run's stored verdict (shown above) is a single-look figure at the plan's
    confidence; the gate and this command's exit code use the look's level.
    """
    for j in judged:
        console.print(
            f"every look counted: {j.headline()}"
            f" (single look at {stats.format_level(j.looks.confidence)}: {j.single})",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
        if j.demoted:
            more = (
                f"; about {j.more_cases_needed} more cases would decide the next run"
                if j.more_cases_needed
                else ""
            )
            console.print(
                f"  not a PASS the gate can use: {j.looks.total} look(s) at the metric since "
                f"the lock, and look k is judged at 1 − α/(k(k+1)){more}",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
            console.print("verdict with every look counted: INCONCLUSIVE", highlight=False)


# --- runs ---------------------------------------------------------------------------------


def runs_list_command(
    loaded: LoadedPlan,
    store: Store,
    *,
    suite: str | None = None,
    role: str | None = None,
    limit: int = 20,
    fmt: str = "table",
    console: Console | None = None,
) -> int:
    _check_format(fmt, ("table", "json"))
    console = console or Console(emoji=False)
    rows = run_store.list_runs(store, loaded.project, suite=suite, role=role, limit=limit)
    # Each run's verdict as the gate counts it: the metric suite's looks since the lock.
    counted = {r.id: counted_verdict(loaded, store, r) for r in rows}
    if fmt == "json":
        docs = [{**render.run_dict(r), "counted": counted[r.id].as_dict()} for r in rows]
        console.print(
            json.dumps(docs, indent=2, default=str),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        return ExitCode.OK
    if not rows:
        console.print("no runs yet: run `phaseone eval`")
        return ExitCode.OK
    # The run id starts with its UTC start time, so there is no time column; errors and an
    # unfinished status fold into other cells. The table must fit an 80-column CI log.
    t = Table(title=f"runs of {loaded.project}", title_justify="left", box=box.SIMPLE_HEAD)
    t.add_column("run (UTC start)", no_wrap=True)
    t.add_column("suite", no_wrap=True)
    t.add_column("role", no_wrap=True)
    t.add_column("n (errors)", justify="right", no_wrap=True)
    t.add_column("reused", justify="right", no_wrap=True)
    t.add_column("pass rate [95% CI]", justify="right", no_wrap=True)
    t.add_column("verdict", no_wrap=True)
    for r in rows:
        s = run_summary(r)
        done = s.n if s is not None else run_store.count_results(store, r.id)
        total = f"/{r.total_cases}" if r.total_cases and done != r.total_cases else ""
        errors = s.errors if s is not None else 0
        t.add_row(
            r.id,
            r.suite,
            r.role,
            f"{done:,}{total}" + (f" ({errors:,})" if errors else ""),
            f"{Freshness.of(s).reused_answers:,}" if s is not None else "—",
            render.rate_ci(s.pass_rate if s is not None else None),
            _verdict_cell(counted[r.id]),
        )
    console.print(t)
    if any(cv.look is not None for cv in counted.values()):
        console.print(
            "verdict of the metric suite's pilot runs: every look since the lock counted "
            "(look k judged at 1 − α/(k(k+1))), as the gate does; `phaseone runs show RUN` "
            "gives the single-look figure beside it",
            highlight=False,
            markup=False,
        )
    return ExitCode.OK


def _verdict_cell(cv: CountedVerdict) -> str:
    """``INCONCLUSIVE (look 3)``, ``PASS`` + ``not evidence``, or the status of an
    unfinished run: what the gate would make of it, in a narrow column."""
    if cv.status != "completed":
        return cv.status
    text = render._styled(cv.verdict)
    if cv.look is not None:
        text += f"\nlook {cv.look}"  # the line under the table explains it
    if cv.reused_answers:
        text += "\n[yellow]not evidence[/]"
    return text


def runs_show_command(
    loaded: LoadedPlan,
    store: Store,
    run_id: str,
    *,
    fmt: str = "table",
    out: Path | None = None,
    failures: int = 10,
    console: Console | None = None,
) -> int:
    _check_format(fmt)
    console = console or Console(emoji=False)
    run = run_store.get_run(store, run_id)
    if run.summary is None:
        # A killed run never wrote its summary; compute it from what is stored.
        run.summary = compute_summary(store, run, loaded)
    currency = loaded.plan.project.currency
    counted = counted_verdict(loaded, store, run)
    judged = {run.id: counted.judgement} if counted.judgement is not None else {}
    if fmt == "table" and out is None:
        render.print_tables(console, [run], currency=currency)
        _print_failures(console, store, run, failures)
        _print_looks(console, list(judged.values()))
        if counted.not_evidence:
            console.print(
                f"{counted.not_evidence}: the gate counts fresh calls only "
                "(run `phaseone eval` without --cache)",
                highlight=False,
                markup=False,
            )
        if counted.stop_cause:
            console.print(f"stopped: {counted.stop_cause}", highlight=False, markup=False)
        if run.status in ("running", "interrupted", "stopped"):
            console.print(f"resume with: phaseone eval --resume {run.id}", highlight=False)
    else:
        text = render.render(fmt, store, [run], currency=currency)
        _emit(_with_looks(fmt, text, judged, counted.verdict), out, console)
        if fmt in ("table", "junit"):  # no place for it inside: say it beside
            _print_looks(Console(stderr=True, emoji=False), list(judged.values()))
    # The exit code follows the verdict with every look counted, as `phaseone eval`'s does.
    return render.exit_code_for(counted.verdict)


def _print_failures(console: Console, store: Store, run: Run, limit: int) -> None:
    if limit <= 0:
        return
    t = Table(title="failed and errored cases (first few)", title_justify="left")
    for col in ("case", "expected", "output", "why"):
        t.add_column(col, overflow="fold", max_width=48)
    shown = 0
    cols = (
        "case_id",
        "repeat_index",
        "passed",
        "error_kind",
        "error_message",
        "expected",
        "output",
        "scores",
    )
    for case_id, rep, passed, kind, msg, exp, output, scores in run_store.iter_result_rows(
        store, run.id, cols
    ):
        if passed is not False and kind is None:
            continue
        if kind is not None:
            why = f"{kind}: {msg}"
        else:
            why = "; ".join(
                f"{n}: {sc.get('explanation') or sc.get('value')}"
                for n, sc in (scores or {}).items()
                if not sc.get("passed")
            )
        t.add_row(f"{case_id}#{rep}", render._short(exp), render._short(output), why)
        shown += 1
        if shown >= limit:
            break
    if shown:
        console.print(t)


def runs_compare_command(
    loaded: LoadedPlan,
    store: Store,
    a: str,
    b: str,
    *,
    margin: float | None = None,
    fmt: str = "table",
    out: Path | None = None,
    console: Console | None = None,
) -> int:
    _check_format(fmt, ("table", "json", "markdown"))
    console = console or Console(emoji=False)
    metric = loaded.plan.success_metric
    if margin is None and metric is not None and metric.baseline is not None:
        margin = metric.baseline.margin
    confidence = metric.confidence if metric is not None else 0.95
    c = compare_runs(store, a, b, confidence=confidence, margin=margin)
    if fmt == "json":
        _emit(json.dumps(c.to_json(), indent=2, default=str) + "\n", out, console)
    elif fmt == "markdown":
        ra, rb = run_store.get_run(store, a), run_store.get_run(store, b)
        _emit(render.render_markdown([ra, rb], [c]), out, console)
    else:
        render.print_comparison(console, c)
    worse = worse_reasons(
        c,
        metric_scorer=metric.scorer if metric is not None else None,
        direction=metric.direction if metric is not None else "higher",
    )
    if worse:
        # stderr: the JSON or Markdown on stdout stays machine-readable.
        Console(stderr=True, emoji=False).print(
            f"B ({c.b.id}) is significantly worse than A ({c.a.id}): " + "; ".join(worse),
            highlight=False,
            markup=False,
        )
        return ExitCode.FAIL
    return ExitCode.OK
