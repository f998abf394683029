"""The `phaseone` command: thin — parse, call, print.

Every command raises `PhaseoneError` subclasses for expected failures; `main()`
turns them into a one-screen message and the documented exit code
(0 success/GO, 1 NO-GO or failed threshold, 2 usage or input error, 3 inconclusive).
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from phaseone.errors import ExitCode, PhaseoneError, PlanError

app = typer.Typer(
    name="phaseone",
    help="Turn an AI pilot into phase one of a production system.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)

PLAN_OPTION = typer.Option(Path("phaseone.yaml"), "--plan", "-p", help="Path to the plan file.")


def fail(message: str, code: int = ExitCode.USAGE, fix: str | None = None) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    if fix:
        err_console.print(f"  [bold]fix:[/] {fix}", highlight=False)
    return typer.Exit(code)


@app.command("version")
def version_cmd() -> None:
    """Print phaseone's version."""
    from importlib.metadata import version

    console.print(f"phaseone {version('phaseone')}")


# --- plan: init, plan, schema, lock, docs ------------------------------------------------
# (commands for the plan live here)

# --- evals: eval, runs ---------------------------------------------------------------------

# --- guard: serve, keys, kill-switch, traces, capture --------------------------------------

# --- gate: verify, gate, report, attest, decisions -----------------------------------------

# --- demo ----------------------------------------------------------------------------------


def main() -> None:
    """Console-script entry point: no traceback for expected errors."""
    try:
        app(standalone_mode=False)
    except PlanError as exc:
        err_console.print(f"[bold red]error:[/] {exc.message}", highlight=False)
        err_console.print(exc.render(), highlight=False, markup=False)
        sys.exit(exc.exit_code)
    except PhaseoneError as exc:
        raise SystemExit(fail(exc.message, exc.exit_code, exc.fix).exit_code) from None
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # click usage errors
        import click

        if isinstance(exc, click.exceptions.UsageError):
            exc.show()
            sys.exit(ExitCode.USAGE)
        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(ExitCode.USAGE)
        raise


if __name__ == "__main__":
    main()
