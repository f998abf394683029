"""`phaseone serve`: check the address, say what the gateway will do, then run it.

It runs the gateway (the HTTP service around the guard), so it sits above both, with the
other commands that span layers (docs/architecture.md), rather than in `guard/`.
"""

from __future__ import annotations

import os
import socket
from typing import Any

from rich.console import Console

from phaseone.commands.listen import bind_address, bound_address
from phaseone.errors import ExitCode, UsageError
from phaseone.plan.workspace import Workspace


def check_serve_options(host: str, port: int, workers: int) -> socket.socket:
    """Refuse --workers and an address that cannot work, with a fix, before the store opens
    (uvicorn would log and exit 3); return the socket bound to the address.

    The gateway then listens on that very socket: nothing else can take the port between
    this check and the server starting, and `--port 0` (any free port, the one chosen in
    the start-up line) needs the socket the kernel chose it for.
    """
    if workers < 1:
        raise UsageError(f"--workers must be ≥ 1, got {workers}")
    return bind_address(host, port)


def serve_command(ws: Workspace, sock: socket.socket, workers: int, err: Console) -> int:
    """Run the gateway on `sock` (from `check_serve_options`) until it is stopped."""
    from phaseone.gateway import create_app, is_loopback, run_server
    from phaseone.guard.pipeline import writer_mode
    from phaseone.plan.schema import Controls

    host, port = bound_address(sock)  # the port the kernel chose, for --port 0
    controls = ws.plan.controls
    if not is_loopback(host):
        err.print(
            f"[bold yellow]WARNING:[/] binding {host}:{port} — the gateway is reachable from"
            " other machines. Put TLS in front of it and keep auth on.",
            highlight=False,
        )
    if controls is not None and not controls.auth.required:
        err.print("[bold yellow]WARNING:[/] controls.auth.required is false: no API key needed.")
    backend = controls.budget.backend if controls and controls.budget else "memory"
    if workers > 1 and backend == "memory":
        err.print(
            "[yellow]note:[/] with several workers and the memory backend, budgets and rate"
            " limits apply per worker; use `backend: database` or `redis` to share them."
        )
    err.print(f"phaseone gateway for {ws.project!r} on http://{host}:{port}", highlight=False)
    monitoring = (controls or Controls()).monitoring
    if monitoring.tracing:
        mode = writer_mode(ws.store, monitoring.trace_writer, "process")  # what serve will use
        where = "a thread" if mode == "thread" else "a child process"
        err.print(
            f"traces: written to {ws.store.safe_url} by {where} of each worker,"
            f" every {monitoring.flush_interval_s:g} s",
            highlight=False,
            soft_wrap=True,
        )
    if controls is not None and controls.budget is not None and controls.budget.backend == "redis":
        _say_redis_durability(controls, monitoring.tracing, err)
    if workers > 1:
        import uvicorn

        from phaseone.gateway.server import HTTP_PROTOCOL

        # Each worker builds its own guard; build the slow-to-fail parts once here so a
        # missing extra or model stops `serve` now (exit 2) rather than inside every worker.
        if controls is not None:
            from phaseone.guard.pii import PiiStage

            PiiStage.from_plan(controls.guardrails.pii)
        ws.close()  # the workers open their own; this process holds no connection meanwhile
        os.environ["PHASEONE_PLAN"] = str(ws.plan_path)
        uvicorn.run(
            "phaseone.gateway.app:create_app_from_env",
            factory=True,
            fd=sock.fileno(),  # the socket bound above: uvicorn's workers all listen on it
            workers=workers,
            loop="uvloop",
            http=HTTP_PROTOCOL,  # httptools with the plan's HTTP limits
            ws="none",
            log_level="warning",
            access_log=False,
        )
        return ExitCode.OK
    run_server(create_app(ws.loaded, ws.store, trace_writer="process"), sock, host, port)
    return ExitCode.OK


def _say_redis_durability(controls: Any, tracing: bool, err: Console) -> None:
    """Whether budgets held in Redis survive a Redis restart: say it at start-up, when
    someone is looking, rather than after a day's budget was spent twice."""
    import logging

    from phaseone.guard.budget_redis import persistence_warning

    budget = controls.budget
    warning = persistence_warning(budget.redis_url) if budget.redis_url else None
    if not tracing:
        warning = (
            "monitoring.tracing is off, so no budget ledger is written: after a Redis restart"
            " without persistence the day's spend is forgotten"
            + (f"; {warning}" if warning else "")
        )
    if warning:
        logging.getLogger("phaseone.guard").warning("budget backend redis: %s", warning)
        err.print(f"[bold yellow]WARNING:[/] budgets: {warning}", highlight=False, soft_wrap=True)
    else:
        err.print(
            "budgets: Redis persists its data; the store's ledger backs it up", highlight=False
        )
