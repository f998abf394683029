"""The `phaseone` command: thin — parse, call, print.

Every command has one shape: a command that reads or writes evidence opens its
workspace with ``with _workspace(plan) as ws:`` (the plan loaded, the store open and
closed on every way out), calls its body with `ws`, and exits with the code of the
body's outcome. Expected failures are `PhaseoneError`s; `main()` prints each as one
screen (message and fix, never a traceback) and exits with the code `exit_code_for`
gives its family — the one place errors become exit codes:
0 success/GO, 1 NO-GO or failed threshold, 2 usage, input, configuration or
infrastructure error, 3 inconclusive (130 interrupted).
"""

from __future__ import annotations

import atexit
import copy
import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape

from phaseone.errors import (
    DatasetError,
    ExitCode,
    GuardRefusal,
    InfrastructureError,
    Interrupted,
    LimitExceeded,
    PhaseoneError,
    PlanError,
    ScorerError,
    StoreError,
    TargetConfigError,
    TargetError,
    UsageError,
)

if TYPE_CHECKING:
    from phaseone.ci import CiOptions
    from phaseone.plan.workspace import Workspace

app = typer.Typer(
    name="phaseone",
    help="Turn an AI pilot into phase one of a production system.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(emoji=False)  # `:name:` in a report or an answer stays as written
err_console = Console(stderr=True, emoji=False)

PLAN_OPTION = typer.Option(Path("phaseone.yaml"), "--plan", "-p", help="Path to the plan file.")


#: Each error family's exit code, the most specific family first. The only place an
#: error becomes an exit code; a family not listed (a new one) exits 2.
EXIT_CODES: tuple[tuple[type[PhaseoneError], int], ...] = (
    (Interrupted, ExitCode.INTERRUPTED),  # Ctrl-C: what finished is kept
    (LimitExceeded, ExitCode.FAIL),  # --max-cost reached: the run did not pass
    (TargetError, ExitCode.FAIL),  # the system failed a call outside a run's data
    (UsageError, ExitCode.USAGE),
    (PlanError, ExitCode.USAGE),
    (DatasetError, ExitCode.USAGE),
    (TargetConfigError, ExitCode.USAGE),
    (ScorerError, ExitCode.USAGE),
    (StoreError, ExitCode.USAGE),
    (GuardRefusal, ExitCode.USAGE),  # a refusal that reaches a command (not the gateway's HTTP)
    (InfrastructureError, ExitCode.USAGE),  # down or missing (an extra): no verdict either way
    (PhaseoneError, ExitCode.USAGE),
)


def exit_code_for(error: PhaseoneError | type[PhaseoneError]) -> int:
    """The process exit code for an error (or an error family) that ends a command."""
    kind = error if isinstance(error, type) else type(error)
    return next(code for family, code in EXIT_CODES if issubclass(kind, family))


def _say_error(error: PhaseoneError) -> None:
    """One screen on stderr: the message, each plan issue with its place, and the fix."""
    # Messages quote user input (key names, paths, dates): never read it as rich markup,
    # nor as emoji ("phaseone.yaml:100:12" is not ":100:", 💯).
    err_console.print(f"[bold red]error:[/] {escape(error.message)}", highlight=False, emoji=False)
    if isinstance(error, PlanError):
        err_console.print(
            error.render(), highlight=False, markup=False, emoji=False, soft_wrap=True
        )
    elif error.fix:
        err_console.print(f"  [bold]fix:[/] {escape(error.fix)}", highlight=False, emoji=False)


def _os_failure(exc: OSError) -> UsageError:
    """A file-system error that escaped a command, said as the input error it is."""
    if exc.filename is None:
        return UsageError(str(exc))
    return UsageError(
        f"cannot use {exc.filename}: {exc.strerror or exc}",
        fix="check the path: its directory must exist, and be writable for an output",
    )


@contextmanager
def _workspace(plan: Path) -> Iterator[Workspace]:
    """The plan's workspace for one command; the store is closed on every way out."""
    # Imported here: SQLAlchemy and the store load only for commands that use them,
    # so `phaseone --help` and `phaseone plan` stay fast.
    from phaseone.plan.workspace import workspace

    with workspace(plan) as ws:
        _startup_done()
        yield ws


#: Set by `main()` when it paused the garbage collector for start-up (see `_startup_done`),
#: and when `_startup_done` froze what start-up made (undone as `main()` returns).
_gc_paused = False
_gc_frozen = False


def _pause_gc_for_startup() -> None:
    """No cyclic garbage collection while a command starts: imports, the plan, the store.

    Start-up creates ~300k long-lived objects (modules, classes, SQLAlchemy's and
    pydantic's tables, numpy) and almost no cyclic garbage; yet each time 700 more
    objects were allocated than freed, Python's collector ran, and every 10th/100th time
    it walked everything alive so far. Measured on the 2-core VM: 0.1–0.25 s of
    `phaseone eval`'s CPU, ~0.04 s of `phaseone plan`'s, all of it finding nothing to
    free. Reference counting still frees everything that is not a cycle. Collection is
    back on (`_startup_done`) before a command's real work: the store and plan open, a
    run's calls or a server's requests, where cycles can pile up.
    """
    global _gc_paused
    if gc.isenabled():
        gc.disable()
        _gc_paused = True


def _startup_done() -> None:
    """Start-up is over: freeze what it made, collect again from here on.

    `gc.freeze()` moves every object alive now out of the collector's reach (as the
    gateway does for its workers), so later collections do not walk the libraries again:
    without it, the first collection would walk all of start-up's objects at once. Does
    nothing unless `main()` paused the collector (tests and API callers that call the
    Typer app directly keep their own setting). Commands that never call this (`plan`,
    `schema`, `docs`, `--help` …) are short: `main()` calls it as it returns.
    """
    global _gc_paused, _gc_frozen
    if _gc_paused:
        _gc_paused = False
        _gc_frozen = gc.get_freeze_count() == 0  # nobody else froze anything: undo ours
        gc.freeze()
        gc.enable()


def _gc_as_before() -> None:
    """`main()` returns: the collector on, nothing left frozen by it (the caller's
    setting when `main()` runs inside a program or a test). A process that exits then
    is frozen again by `main()`'s exit hook, which skips the last full collection."""
    global _gc_frozen
    _startup_done()
    if _gc_frozen:
        _gc_frozen = False
        gc.unfreeze()  # to the oldest generation: no young collection walks them


def _app_for(argv: list[str]) -> typer.Typer:
    """The app that runs ARGV: `app` with only the command (or group) ARGV names.

    Typer turns every registered command into a click command on each run, reading the
    signature and options of all ~40 (~13 ms of every command on the 2-core VM, ~40 ms
    under load); a run needs the one it invokes. The same command objects are registered,
    so its options, help, errors and exit codes are the ones `app` gives. Without a
    command word first (`phaseone`, `--help`) or with an unknown one (click's "No such
    command"), the whole `app` runs. The no-op callback keeps the app a group
    (`phaseone plan …`): Typer makes an app with a single command that command itself.
    """
    if not argv or argv[0].startswith("-"):
        return app
    commands = [c for c in app.registered_commands if c.name == argv[0]]
    groups = [g for g in app.registered_groups if g.name == argv[0]]
    if not commands and not groups:
        return app
    one = copy.copy(app)
    one.registered_commands, one.registered_groups = commands, groups
    one.callback()(_no_options)
    return one


def _no_options() -> None:
    """(The group callback of `_app_for`'s app: it has no options of its own.)"""


def _click_errors() -> tuple[type[Exception], ...]:
    """Click's exception class, and the copy newer typer releases bundle (not a subclass)."""
    import click

    kinds: list[type[Exception]] = [click.exceptions.ClickException]
    try:
        from typer._click import exceptions as bundled  # type: ignore[import-not-found,unused-ignore]

        kinds.append(bundled.ClickException)
    except ImportError:
        pass
    return tuple(kinds)


@app.command("version")
def version_cmd() -> None:
    """Print phaseone's version."""
    from importlib.metadata import version

    console.print(f"phaseone {version('phaseone')}")


# --- plan: init, plan, schema, lock, docs ------------------------------------------------


@app.command("init")
def init_cmd(
    directory: Path = typer.Argument(Path("."), help="Where to write the starter plan."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing phaseone.yaml."),
) -> None:
    """Write a commented starter phaseone.yaml and example suites."""
    from phaseone.plan.starter import write_starter

    for path in write_starter(directory, force=force):
        console.print(f"[green]wrote[/] {path}", highlight=False)
    where = "" if directory == Path(".") else f"cd {directory} && "
    console.print(
        "next: point the plan at your system (ROUTER_URL, TICKETS_DB_URL: its header lists the"
        f" steps to GO), then [bold]{where}phaseone plan[/]",
        highlight=False,
    )


import_app = typer.Typer(
    help="Bring evals from another tool: `phaseone import promptfoo CONFIG`.", no_args_is_help=True
)
app.add_typer(import_app, name="import")


@import_app.command("promptfoo")
def import_promptfoo_cmd(
    config: Path = typer.Argument(..., help="The promptfooconfig.yaml to import."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Where to write the plans (default: next to CONFIG)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing phaseone.yaml."),
) -> None:
    """Write phaseone plans and suite files from a promptfoo config; list what did not
    translate, with file and line (exit 0 with warnings, 2 when nothing usable remains)."""
    from phaseone.importers import import_promptfoo

    result = import_promptfoo(config, out, force=force)
    for path in [*result.files, *result.plans]:
        console.print(f"[green]wrote[/] {escape(str(path))}", highlight=False)
    for suite in result.suites:
        kinds = escape(", ".join(str(s["name"]) for s in suite.scorers))
        console.print(
            f"suite [bold]{escape(suite.name)}[/]: {len(suite.rows)} tests, scorers: {kinds}",
            highlight=False,
        )
    for note in result.notes:
        err_console.print(f"[yellow]warning:[/] {escape(note.render())}", highlight=False)
    n = len(result.notes)
    console.print(
        f"converted {sum(len(s.rows) for s in result.suites)} tests into {len(result.plans)} "
        f"plan(s); {n} warning{'s' if n != 1 else ''}" + (" (listed above)" if n else ""),
        highlight=False,
    )
    console.print(
        f"next: name the owner in {escape(str(result.plans[0]))}, then "
        f"[bold]phaseone eval --plan {escape(str(result.plans[0]))}[/]",
        highlight=False,
    )


@app.command("plan")
def plan_cmd(plan: Path = PLAN_OPTION) -> None:
    """Validate the plan and show it with its stall-risk diagnosis (exit 2 when invalid)."""
    from phaseone.plan.cli import show_plan

    show_plan(console, plan)


@app.command("schema")
def schema_cmd(
    out: Path | None = typer.Option(None, "--out", "-o", help="Write to FILE instead of stdout."),
) -> None:
    """Print the JSON Schema of phaseone.yaml (for editors and CI)."""
    from phaseone.plan.cli import plan_json_schema

    text = plan_json_schema()
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"[green]wrote[/] {out}", highlight=False)


@app.command("lock")
def lock_cmd(
    plan: Path = PLAN_OPTION,
    reason: str | None = typer.Option(None, "--reason", help="Why the metric is re-locked."),
    by: str | None = typer.Option(None, "--by", help="Who re-locks it (kept in the history)."),
) -> None:
    """Pre-register the success metric now (or re-lock it, with --reason)."""
    from phaseone.commands.lock import lock_metric

    with _workspace(plan) as ws:
        lock_metric(ws, console, reason=reason, by=by)


@app.command("docs")
def docs_cmd(
    out: Path = typer.Option(Path("docs/plan.md"), "--out", "-o", help="Markdown file to write."),
) -> None:
    """Generate the plan reference (docs/plan.md) and, beside it, the gate rubric (gate.md)."""
    from phaseone.gate.docs import render_gate_docs
    from phaseone.plan.docs import render_plan_docs

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_plan_docs(), encoding="utf-8")
    gate_out = out.parent / "gate.md"
    gate_out.write_text(render_gate_docs(), encoding="utf-8")
    console.print(f"[green]wrote[/] {out} and {gate_out}", highlight=False)


# --- evals: eval, runs ---------------------------------------------------------------------

FORMAT_OPTION = typer.Option(
    "table", "--format", "-f", help="table | json | junit | markdown", metavar="FORMAT"
)
OUT_OPTION = typer.Option(None, "--out", "-o", help="Write the report to this file.")


@app.command("eval")
def eval_cmd(
    suites: list[str] = typer.Argument(None, help="Suites to run (default: all)."),
    plan: Path = PLAN_OPTION,
    concurrency: int = typer.Option(
        None, "--concurrency", "-c", help="Most calls in flight (default 16).", show_default=False
    ),
    repeat: int = typer.Option(None, "--repeat", "-r", help="Runs per case (default: suite's)."),
    cache: bool = typer.Option(
        None,
        "--cache/--no-cache",
        help="Reuse stored answers from the response cache (default: off, every case is a"
        " fresh call). A development convenience: the gate never counts reused answers.",
        show_default=False,
    ),
    resume: str = typer.Option(
        None,
        "--resume",
        metavar="RUN_ID",
        help="Finish a killed run, with the settings it was started with.",
    ),
    max_cost: float = typer.Option(None, "--max-cost", metavar="AMOUNT", help="Spend limit."),
    baseline: bool = typer.Option(
        None, "--baseline/--no-baseline", help="Also run the baseline target (default: auto)."
    ),
    suite_opts: list[str] = typer.Option(None, "--suite", "-s", help="A suite (repeatable)."),
    role: str = typer.Option(
        "pilot", "--role", help="pilot | baseline | canary: run only that role's target."
    ),
    fmt: str = FORMAT_OPTION,
    out: Path = OUT_OPTION,
    no_progress: bool = typer.Option(False, "--no-progress", help="No progress output."),
    dask: str = typer.Option(
        None,
        "--dask",
        metavar="ADDRESS",
        help="Call the target and score on a Dask cluster: local, local:N (N worker processes"
        " on 127.0.0.1) or a scheduler address such as tcp://HOST:8786."
        " Needs the dask extra (phaseone\\[dask]).",
        envvar="PHASEONE_DASK",
    ),
) -> None:
    """Run eval suites; exit 0 pass, 1 fail, 2 usage error or target/judge down, 3 inconclusive.

    Every case is stored as it completes: after Ctrl-C or a crash,
    `phaseone eval --resume RUN_ID` finishes the run without repeating a case, with the
    settings it was started with (a conflicting option is refused).
    """
    from phaseone.evals.commands import eval_command
    from phaseone.evals.options import EvalOptions

    if repeat is not None and repeat < 1:
        raise UsageError(f"--repeat must be ≥ 1, got {repeat}")
    options = EvalOptions(
        suites=(*(suites or []), *(suite_opts or [])),
        resume=resume,
        role=role,
        baseline=baseline,
        concurrency=concurrency,
        repeat=repeat,
        use_cache=cache,
        max_cost=max_cost,
        dask=dask,
        progress=not no_progress,
        handle_signals=True,
    )
    with _workspace(plan) as ws:
        code = eval_command(
            ws.loaded, ws.store, options, fmt=fmt, out=out, console=console, err_console=err_console
        )
    raise typer.Exit(code)


runs_app = typer.Typer(help="Stored eval runs: list, show, compare.", no_args_is_help=True)
app.add_typer(runs_app, name="runs")


@runs_app.command("list")
def runs_list_cmd(
    plan: Path = PLAN_OPTION,
    suite: str = typer.Option(None, "--suite", help="Only this suite."),
    role: str = typer.Option(
        None, "--role", help="pilot | baseline | canary | online (live traces scored by watch)"
    ),
    limit: int = typer.Option(20, "--limit", "-n"),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json"),
) -> None:
    """List the newest runs."""
    from phaseone.evals.commands import runs_list_command

    with _workspace(plan) as ws:
        code = runs_list_command(
            ws.loaded, ws.store, suite=suite, role=role, limit=limit, fmt=fmt, console=console
        )
    raise typer.Exit(code)


@runs_app.command("show")
def runs_show_cmd(
    run_id: str = typer.Argument(..., help="Run id (a unique prefix is enough)."),
    plan: Path = PLAN_OPTION,
    fmt: str = FORMAT_OPTION,
    out: Path = OUT_OPTION,
) -> None:
    """Show one run: summary, metric, scorers, tags and its failed cases."""
    from phaseone.evals.commands import runs_show_command

    with _workspace(plan) as ws:
        code = runs_show_command(ws.loaded, ws.store, run_id, fmt=fmt, out=out, console=console)
    raise typer.Exit(code)


@runs_app.command("compare")
def runs_compare_cmd(
    a: str = typer.Argument(..., help="Reference run (baseline / older)."),
    b: str = typer.Argument(..., help="Run under test (pilot / newer)."),
    plan: Path = PLAN_OPTION,
    margin: float = typer.Option(
        None, "--margin", help="Non-inferiority margin (default: the plan's baseline margin)."
    ),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json | markdown"),
    out: Path = OUT_OPTION,
) -> None:
    """Regressions and fixes of B against A, exact McNemar, paired bootstrap, non-inferiority.

    Exit 1 when B is significantly worse than A at the plan's confidence (McNemar shows
    more regressions than fixes, the metric scorer's paired interval lies below 0, or B is
    inferior by more than the margin); 0 otherwise. CI can stop a merge on it.
    """
    from phaseone.evals.commands import runs_compare_command

    with _workspace(plan) as ws:
        code = runs_compare_command(
            ws.loaded, ws.store, a, b, margin=margin, fmt=fmt, out=out, console=console
        )
    raise typer.Exit(code)


ci_app = typer.Typer(
    help="CI pipelines: write a GitHub or GitLab job that gates merges on eval, gate and "
    "regressions against the base branch.",
    no_args_is_help=True,
)
app.add_typer(ci_app, name="ci")

_CI_PLAN = typer.Option(
    "phaseone.yaml", "--plan", "-p", help="The plan's path from the repository root."
)
_CI_INSTALL = typer.Option(
    "phaseone", "--install", help="What the job pip-installs, e.g. 'phaseone[postgres]'."
)
_CI_PYTHON = typer.Option("3.12", "--python", help="Python version of the job.")
_CI_BASE = typer.Option("main", "--base-branch", help="The branch merge requests compare with.")
_CI_FORCE = typer.Option(False, "--force", help="Replace an existing file.")


def _write_ci(kind: str, out: Path | None, options: CiOptions, force: bool) -> None:
    from phaseone.ci.commands import DEFAULT_OUT, write_pipeline

    path = write_pipeline(kind, out or DEFAULT_OUT[kind], options, force=force)
    console.print(f"[green]wrote[/] {path}", highlight=False)
    console.print("how it finds the base branch's run: docs/ci.md", highlight=False)


@ci_app.command("github")
def ci_github_cmd(
    out: Path = typer.Option(None, "--out", "-o", help="Default: .github/workflows/phaseone.yml"),
    plan: str = _CI_PLAN,
    install: str = _CI_INSTALL,
    python: str = _CI_PYTHON,
    base_branch: str = _CI_BASE,
    force: bool = _CI_FORCE,
) -> None:
    """Write a GitHub Actions workflow: eval, gate, compare with the base branch, artifacts."""
    from phaseone.ci import CiOptions

    path = out or Path(".github/workflows/phaseone.yml")
    options = CiOptions(
        plan=plan,
        install=install,
        python=python,
        base_branch=base_branch,
        workflow_file=path.name,
    )
    _write_ci("github", path, options, force)


@ci_app.command("gitlab")
def ci_gitlab_cmd(
    out: Path = typer.Option(
        None, "--out", "-o", help="Default: .gitlab-ci.yml (or a file to `include:`)."
    ),
    plan: str = _CI_PLAN,
    install: str = _CI_INSTALL,
    python: str = _CI_PYTHON,
    base_branch: str = _CI_BASE,
    force: bool = _CI_FORCE,
) -> None:
    """Write a GitLab CI job: eval, gate, compare with the target branch, artifacts."""
    from phaseone.ci import CiOptions

    options = CiOptions(plan=plan, install=install, python=python, base_branch=base_branch)
    _write_ci("gitlab", out, options, force)


@ci_app.command("compare")
def ci_compare_cmd(
    base: Path = typer.Option(..., "--base", help="The base branch's JUnit file (its artifact)."),
    head: Path = typer.Option(..., "--head", help="This job's JUnit file."),
    plan: Path = PLAN_OPTION,
    out: Path = OUT_OPTION,
) -> None:
    """Compare this job's runs with the base branch's, suite by suite (`runs compare`).

    Exit 1 when any run is significantly worse than the base branch's run of its suite;
    0 otherwise. Both runs must be in this store (see docs/ci.md).
    """
    from phaseone.ci.commands import compare_with_base

    with _workspace(plan) as ws:
        code = compare_with_base(ws.loaded, ws.store, base, head, out=out, console=console)
    raise typer.Exit(code)


# --- guard: serve, keys, kill-switch, traces, capture --------------------------------------


@app.command("serve")
def serve_cmd(
    plan: Path = PLAN_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="Bind address (loopback by default)."),
    port: int = typer.Option(
        8787, "--port", help="TCP port (0: any free port, named in the start-up line)."
    ),
    workers: int = typer.Option(1, "--workers", help="Worker processes."),
) -> None:
    """Serve the plan's target behind its controls (auth, limits, guardrails, budgets…)."""
    from phaseone.commands.serve import check_serve_options, serve_command

    sock = check_serve_options(host, port, workers)
    with sock, _workspace(plan) as ws:
        code = serve_command(ws, sock, workers, err_console)
    raise typer.Exit(code)


slo_app = typer.Typer(help="Service-level objectives after GO: export them.", no_args_is_help=True)
app.add_typer(slo_app, name="slo")


@slo_app.command("export")
def slo_export_cmd(
    plan: Path = PLAN_OPTION,
    out: Path = typer.Option(Path("monitoring"), "--out", "-o", help="Directory to write to."),
    selector: str = typer.Option(
        "", "--selector", help='Prometheus label matchers for the gateway, e.g. job="inbox".'
    ),
) -> None:
    """Write the plan's SLOs as Prometheus burn-rate rules and a Grafana dashboard."""
    from phaseone.plan.loader import load_plan
    from phaseone.slo.commands import export

    made = export(load_plan(plan), out, selector)
    console.print(f"[green]wrote[/] {made.rules} ({made.alerts} alerts)", highlight=False)
    console.print(f"[green]wrote[/] {made.dashboard}", highlight=False)
    console.print(f"check them with: promtool check rules {made.rules}", highlight=False)


@app.command("watch")
def watch_cmd(
    plan: Path = PLAN_OPTION,
    once: bool = typer.Option(False, "--once", help="Evaluate once and exit (cron, CI)."),
    interval: float = typer.Option(60.0, "--interval", min=1.0, help="Seconds between checks."),
) -> None:
    """Evaluate the plan's SLO burn-rate alerts from the store and notify (exit 1 with
    --once when a page is firing)."""
    from phaseone.commands.watch import watch

    with _workspace(plan) as ws:
        paging = watch(ws.loaded, ws.store, console, once=once, interval_s=interval)
    if once and paging:
        raise typer.Exit(1)


keys_app = typer.Typer(help="Gateway API keys: create, list, revoke.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def keys_create_cmd(
    name: str = typer.Argument(..., help="Unique name, shown in traces instead of the key."),
    plan: Path = PLAN_OPTION,
    scope: list[str] = typer.Option(
        None,
        "--scope",
        help="invoke | metrics | feedback | dashboard (repeatable; default: the first three).",
    ),
    budget_daily: float = typer.Option(None, "--budget-daily", help="This key's daily ceiling."),
    rpm: float = typer.Option(None, "--rpm", help="This key's requests per minute."),
    expires: float = typer.Option(None, "--expires", metavar="DAYS", help="Expire after DAYS."),
) -> None:
    """Create a key and print it ONCE (only its hash is stored)."""
    from phaseone.guard.commands import keys_create_command

    with _workspace(plan) as ws:
        code = keys_create_command(
            ws, name, scope, budget_daily, rpm, expires, console, err_console
        )
    raise typer.Exit(code)


@keys_app.command("list")
def keys_list_cmd(
    plan: Path = PLAN_OPTION,
    fmt: str = typer.Option("table", "--format", "-f", help="table | json"),
) -> None:
    """List keys (names, prefixes, scopes, limits, status; never the keys)."""
    from phaseone.guard.commands import keys_list_command

    with _workspace(plan) as ws:
        code = keys_list_command(ws, fmt, console)
    raise typer.Exit(code)


@keys_app.command("revoke")
def keys_revoke_cmd(name: str = typer.Argument(...), plan: Path = PLAN_OPTION) -> None:
    """Revoke a key (gateways refuse it within 10 s)."""
    from phaseone.guard.commands import keys_revoke_command

    with _workspace(plan) as ws:
        code = keys_revoke_command(ws, name, console)
    raise typer.Exit(code)


@app.command("kill-switch")
def kill_switch_cmd(
    action: str = typer.Argument("status", help="on | off | status"),
    plan: Path = PLAN_OPTION,
) -> None:
    """Route every request to the fallback (on), back to the target (off), or show it."""
    from phaseone.guard.commands import kill_switch_command

    with _workspace(plan) as ws:
        code = kill_switch_command(ws, action, console)
    raise typer.Exit(code)


@app.command("traces")
def traces_cmd(
    plan: Path = PLAN_OPTION,
    outcome: str = typer.Option(None, "--outcome", help="ok | refused | error | fallback"),
    since: str = typer.Option(None, "--since", help="30m, 2h, 7d or an ISO date."),
    feedback_below: float = typer.Option(None, "--feedback-below", help="Rated below X."),
    limit: int = typer.Option(50, "--limit", "-n"),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json"),
) -> None:
    """Show live requests recorded by the guard (redacted), newest first."""
    from phaseone.guard.commands import traces_command

    with _workspace(plan) as ws:
        code = traces_command(
            ws,
            outcome=outcome,
            since=since,
            feedback_below=feedback_below,
            limit=limit,
            fmt=fmt,
            out=console,
        )
    raise typer.Exit(code)


@app.command("capture")
def capture_cmd(
    to: str = typer.Option(..., "--to", help="Name of the capture set (a `traces` dataset)."),
    plan: Path = PLAN_OPTION,
    errors: bool = typer.Option(False, "--errors", help="Traces that failed or fell back."),
    findings: bool = typer.Option(False, "--findings", help="Traces with guardrail findings."),
    feedback_below: float = typer.Option(None, "--feedback-below", help="Rated below X."),
    ids: list[str] = typer.Option(None, "--ids", help="These trace ids (repeatable)."),
    since: str = typer.Option(None, "--since", help="30m, 2h, 7d or an ISO date."),
    limit: int = typer.Option(None, "--limit", "-n"),
    expected_from: str = typer.Option(
        "output", "--expected-from", help="output (the answer given) | none"
    ),
) -> None:
    """Turn production traces into regression cases (the `traces` dataset reads them)."""
    from phaseone.guard.commands import capture_command

    with _workspace(plan) as ws:
        code = capture_command(
            ws,
            to,
            errors=errors,
            findings=findings,
            feedback_below=feedback_below,
            ids=ids,
            since=since,
            limit=limit,
            expected_from=expected_from,
            out=console,
        )
    raise typer.Exit(code)


# --- gate: verify, gate, report, attest, decisions -----------------------------------------

decisions_app = typer.Typer(help="The stored, hash-chained decisions.", no_args_is_help=True)
app.add_typer(decisions_app, name="decisions")


@app.command("verify")
def verify_cmd(
    plan: Path = PLAN_OPTION,
    url: str | None = typer.Option(
        None, "--url", help="A running gateway; default: one started in-process."
    ),
    key: str | None = typer.Option(None, "--key", help="An API key of that gateway."),
    probe: list[str] | None = typer.Option(
        None, "--probe", help="Run only this probe (repeatable); default all."
    ),
) -> None:
    """Run the probes: exercise every control for real and record what happened."""
    from phaseone.gate.commands import cmd_verify, known_probes

    known_probes(probe or [])
    with _workspace(plan) as ws:
        code = cmd_verify(ws, url, key, console, only=probe or None)
    raise typer.Exit(code)


@app.command("gate")
def gate_cmd(
    plan: Path = PLAN_OPTION,
    explain: bool = typer.Option(
        False, "--explain", help="Print the rubric (every check and probe) and exit."
    ),
) -> None:
    """Decide GO / NO-GO / INCONCLUSIVE from the evidence, store it, write the reports."""
    from phaseone.gate.commands import cmd_explain, cmd_gate

    if explain:
        raise typer.Exit(cmd_explain(console))
    with _workspace(plan) as ws:
        code = cmd_gate(ws, console)
    raise typer.Exit(code)


@app.command("report")
def report_cmd(
    plan: Path = PLAN_OPTION,
    fmt: str = typer.Option("html", "--format", "-f", help="html, markdown or json."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write here instead of stdout."),
    decision: int | None = typer.Option(None, "--decision", help="Decision seq; default newest."),
) -> None:
    """Render a stored decision as HTML, Markdown or JSON."""
    from phaseone.gate.commands import cmd_report

    with _workspace(plan) as ws:
        code = cmd_report(ws, fmt, out, decision, console)
    raise typer.Exit(code)


@app.command("attest")
def attest_cmd(
    check_id: str = typer.Argument(
        ..., help="An attestable check's id (people and process software cannot observe)."
    ),
    by: str = typer.Option(..., "--by", help="Who vouches for it."),
    note: str = typer.Option(..., "--note", help="What was checked, and where the proof is."),
    plan: Path = PLAN_OPTION,
) -> None:
    """Record a person's evidence for an attestable check (reports list it as attested).

    Only checks about people and process that software cannot observe accept it; a check
    software verifies (runs, probes, traces, the plan) refuses with exit 2 and says which
    evidence to produce instead.
    """
    from phaseone.gate.commands import attestable_check, cmd_attest

    attestable_check(check_id)
    with _workspace(plan) as ws:
        code = cmd_attest(ws, check_id, by, note, console)
    raise typer.Exit(code)


@decisions_app.command("list")
def decisions_list_cmd(plan: Path = PLAN_OPTION) -> None:
    """List the decisions, oldest first."""
    from phaseone.gate.commands import cmd_decisions_list

    with _workspace(plan) as ws:
        code = cmd_decisions_list(ws, console)
    raise typer.Exit(code)


@decisions_app.command("show")
def decisions_show_cmd(
    seq: int | None = typer.Argument(None, help="Decision seq; default newest."),
    plan: Path = PLAN_OPTION,
) -> None:
    """Print one decision record as JSON."""
    from phaseone.gate.commands import cmd_decisions_show

    with _workspace(plan) as ws:
        code = cmd_decisions_show(ws, seq, console)
    raise typer.Exit(code)


@decisions_app.command("verify")
def decisions_verify_cmd(
    plan: Path = PLAN_OPTION,
    anchor: list[str] = typer.Option(
        None,
        "--anchor",
        metavar="HASH",
        help="A decision's record hash kept outside the store (CI log, report, ticket); at"
        " least 12 characters. Fails if the chain no longer holds it (repeatable).",
    ),
) -> None:
    """Recompute the hash chain; exit 1 if any record was edited, deleted or reordered."""
    from phaseone.gate.commands import cmd_decisions_verify

    with _workspace(plan) as ws:
        code = cmd_decisions_verify(ws, console, anchor or [])
    raise typer.Exit(code)


@app.command("dashboard")
def dashboard_cmd(
    plan: Path = PLAN_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="Bind address (loopback by default)."),
    port: int = typer.Option(
        8788, "--port", help="TCP port (0: any free port, named in the start-up line)."
    ),
    login: bool = typer.Option(
        None,
        "--login/--no-login",
        help="Require a key with the dashboard scope (default: on when --host is not loopback).",
    ),
) -> None:
    """Serve the production owner's read-only dashboard: decision, quality, traffic, probes."""
    from phaseone.commands.listen import bind_address
    from phaseone.ui.server import dashboard_command

    sock = bind_address(host, port)  # before the plan opens; the dashboard listens on it
    with sock, _workspace(plan) as ws:
        code = dashboard_command(ws, sock, err_console, login=login)
    raise typer.Exit(code)


# --- demo ----------------------------------------------------------------------------------


@app.command("demo")
def demo_cmd(
    directory: Path = typer.Option(
        Path("demo-workspace"), "--dir", "-d", help="Where the demo writes its workspace."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of unexpected errors."),
) -> None:
    """Take a real spam-screening pilot through phaseone, offline: plan, evals, guard, gate.

    Exits 0 when every step ran (whatever the gate decided: the decision is the demo's
    output, not its failure), 1 when a step failed, 2 when the pilot service it started
    stopped answering (said in one line; no evidence is recorded against a dead pilot).
    """
    from phaseone.demo.run import PilotUnreachable, run_demo

    _startup_done()  # the demo runs for minutes: collect garbage as it goes
    result = run_demo(directory, console=console, debug=debug)
    if result.unreachable is not None:  # said by the demo already, in one line
        raise typer.Exit(exit_code_for(PilotUnreachable))
    if any(s.status == "failed" for s in result.steps):
        raise typer.Exit(ExitCode.FAIL)


def main() -> None:
    """Console-script entry point: no traceback for expected errors."""
    # At exit, Python's last garbage collections walk every object numpy, scipy, SQLAlchemy
    # and pydantic made (~125k): 0.1-0.3 s of every command's wall time on a 2-core VM,
    # spent finding nothing to free. Frozen objects are skipped; atexit handlers, open
    # files and threads are finished as before. Registered first, so it runs last.
    atexit.register(gc.freeze)
    _quiet_blas_threads()
    _pause_gc_for_startup()
    try:
        _run_command()
    finally:
        _gc_as_before()


#: How long (2**N CPU cycles) an idle OpenBLAS thread spins before it sleeps; see below.
_BLAS_SPIN = "16"


def _quiet_blas_threads() -> None:
    """Idle OpenBLAS threads sleep after 2**16 cycles of waiting (tens of µs), not 2**28.

    numpy's OpenBLAS starts its threads as numpy is imported, and each spins for 2**28
    cycles (its default, ~0.1 s) waiting for work that a command never gives it: `import
    numpy` cost 0.17 s of CPU instead of 0.07 (measured on the 2-core VM), a core taken
    from the command's own start-up on a busy machine. Only the idle wait is shorter: a
    BLAS call still hands its threads the work (waking them), and computes the same
    values. Read by OpenBLAS when it loads, so this is set before anything imports
    numpy; a value the user set wins.
    """
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", _BLAS_SPIN)


def _run_command() -> None:
    """`main()`'s body: run the command, each expected failure as one screen and its code."""
    if not sys.stdout.isatty():
        # Piped output (CI logs, files) gets 120 columns instead of rich's 80, so tables keep
        # their numbers whole; a user's COLUMNS still wins.
        os.environ.setdefault("COLUMNS", "120")
    try:
        # With standalone_mode=False click *returns* the code of `raise typer.Exit(code)`
        # instead of exiting; pass it on, or every exit code would be 0.
        rv = _app_for(sys.argv[1:])(standalone_mode=False)
        if isinstance(rv, int) and not isinstance(rv, bool):
            sys.exit(rv)
    except PhaseoneError as exc:
        _say_error(exc)
        sys.exit(exit_code_for(exc))
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(exit_code_for(Interrupted))
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(exit_code_for(Interrupted))
    except OSError as exc:  # a path that cannot be written, a full disk: the machine's state
        _say_error(_os_failure(exc))
        sys.exit(exit_code_for(UsageError))
    except Exception as exc:  # click usage errors (bad option, missing argument, bad value)
        if isinstance(exc, _click_errors()):
            exc.show()  # type: ignore[attr-defined]
            sys.exit(exit_code_for(UsageError))
        # Imported here: the store (and SQLAlchemy) load only when a command failed.
        from phaseone.store.failures import as_store_error

        failure = as_store_error(exc)  # e.g. a read-only or vanished database
        if failure is None:
            raise
        _say_error(failure)
        sys.exit(exit_code_for(failure))


if __name__ == "__main__":
    main()
