"""The guard's CLI commands (serve, keys, kill-switch, traces, capture), kept out of
cli.py so that file stays a thin list of commands."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from typing import Any

from rich.console import Console
from rich.table import Table

from phaseone.errors import ExitCode, UsageError
from phaseone.store.database import Store

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhdw])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_since(value: str | None) -> dt.datetime | None:
    """`30m`, `2h`, `7d` (ago) or an ISO date/time (UTC when no zone is given)."""
    if not value:
        return None
    m = _DURATION.match(value.strip())
    if m:
        return dt.datetime.now(dt.UTC) - dt.timedelta(
            seconds=float(m.group(1)) * _UNITS[m.group(2)]
        )
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"--since {value!r} is neither a duration nor a date",
            fix="use e.g. 30m, 2h, 7d or 2026-11-26T09:00",
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def serve_command(plan_path: Any, host: str, port: int, workers: int, err: Console) -> int:
    from phaseone.gateway import create_app, is_loopback, run_server
    from phaseone.guard.pipeline import writer_mode
    from phaseone.plan.schema import Controls
    from phaseone.plan.workspace import open_workspace

    if workers < 1:
        raise UsageError(f"--workers must be ≥ 1, got {workers}")
    loaded, store = open_workspace(plan_path)
    controls = loaded.plan.controls
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
    err.print(f"phaseone gateway for {loaded.project!r} on http://{host}:{port}", highlight=False)
    monitoring = (controls or Controls()).monitoring
    if monitoring.tracing:
        mode = writer_mode(store, monitoring.trace_writer, "process")  # what serve will use
        where = "a thread" if mode == "thread" else "a child process"
        err.print(
            f"traces: written to {store.safe_url} by {where} of each worker,"
            f" every {monitoring.flush_interval_s:g} s",
            highlight=False,
            soft_wrap=True,
        )
    if workers > 1:
        import uvicorn

        # Each worker builds its own guard; build the slow-to-fail parts once here so a
        # missing extra or model stops `serve` now (exit 2) rather than inside every worker.
        if controls is not None:
            from phaseone.guard.pii import PiiStage

            PiiStage.from_plan(controls.guardrails.pii)
        store.close()
        os.environ["PHASEONE_PLAN"] = str(loaded.path)
        uvicorn.run(
            "phaseone.gateway.app:create_app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            loop="uvloop",
            http="httptools",
            log_level="warning",
            access_log=False,
        )
        return ExitCode.OK
    try:
        run_server(create_app(loaded, store, trace_writer="process"), host, port)
    finally:
        store.close()
    return ExitCode.OK


def keys_create_command(
    store: Store,
    name: str,
    scopes: list[str] | None,
    budget_daily: float | None,
    rpm: float | None,
    expires_days: float | None,
    out: Console,
    err: Console,
) -> int:
    from phaseone.store.keys import create_key

    expires = None
    if expires_days is not None:
        if expires_days <= 0:
            raise UsageError(f"--expires must be a positive number of days, got {expires_days}")
        expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=expires_days)
    key = create_key(
        store,
        name,
        scopes=scopes,
        budget_daily=budget_daily,
        rate_limit_rpm=rpm,
        expires_at=expires,
    )
    err.print(f"created key {name!r}; it is shown ONCE — store it in a secret manager now:")
    out.print(key, highlight=False, soft_wrap=True)
    return ExitCode.OK


def keys_list_command(store: Store, fmt: str, out: Console) -> int:
    from phaseone.store.keys import list_keys

    keys = list_keys(store)
    if fmt == "json":
        out.print_json(json.dumps([k.as_dict() for k in keys]))
        return ExitCode.OK
    table = Table("name", "prefix", "scopes", "budget/day", "rpm", "expires", "status")
    now = dt.datetime.now(dt.UTC)
    for k in keys:
        status = "revoked" if k.revoked_at else ("expired" if k.is_expired(now) else "active")
        colour = {"active": "green", "revoked": "red", "expired": "yellow"}[status]
        table.add_row(
            k.name,
            f"p1_{k.prefix}_…",
            ",".join(sorted(k.scopes)),
            "" if k.budget_daily is None else f"{k.budget_daily:g}",
            "" if k.rate_limit_rpm is None else f"{k.rate_limit_rpm:g}",
            k.expires_at.strftime("%Y-%m-%d %H:%M") if k.expires_at else "never",
            f"[{colour}]{status}[/]",
        )
    out.print(table)
    return ExitCode.OK


def keys_revoke_command(store: Store, name: str, out: Console) -> int:
    from phaseone.store.keys import revoke_key

    if not revoke_key(store, name):
        raise UsageError(f"no active key named {name!r}", fix="see `phaseone keys list`")
    out.print(f"revoked key {name!r} (gateways stop accepting it within about 2 s)")
    return ExitCode.OK


def kill_switch_command(store: Store, project: str, action: str, out: Console) -> int:
    from phaseone.store.settings import kill_switch_on, set_kill_switch

    if action not in ("on", "off", "status"):
        raise UsageError(f"kill-switch takes on | off | status, not {action!r}")
    if action != "status":
        set_kill_switch(store, project, action == "on")
    on = kill_switch_on(store, project)
    state = "[bold red]ON[/] — every request goes to the fallback" if on else "[green]off[/]"
    out.print(f"kill switch for {project!r}: {state}")
    return ExitCode.OK


def traces_command(
    store: Store,
    project: str,
    *,
    outcome: str | None,
    since: str | None,
    feedback_below: float | None,
    limit: int,
    fmt: str,
    out: Console,
) -> int:
    from phaseone.store.traces import query_traces, trace_as_dict

    rows = query_traces(
        store,
        project,
        outcome=outcome,
        since=parse_since(since),
        feedback_below=feedback_below,
        limit=limit,
    )
    if fmt == "json":
        out.print_json(json.dumps([trace_as_dict(t) for t in rows], default=str))
        return ExitCode.OK
    if fmt != "table":
        raise UsageError(f"--format {fmt!r} is not table or json")
    table = Table("id", "started", "key", "outcome", "status", "route", "ms", "cost", "findings")
    for t in rows:
        colour = {"ok": "green", "fallback": "yellow"}.get(t.outcome, "red")
        table.add_row(
            t.id,
            t.started_at.strftime("%m-%d %H:%M:%S"),
            t.key_name or "",
            f"[{colour}]{t.outcome}[/]",
            str(t.status_code),
            t.route,
            f"{t.latency_ms:.1f}" if t.latency_ms is not None else "",
            f"{t.cost:.6f}" if t.cost else "",
            ",".join(sorted({f.get("type", "?") for f in t.findings or []})),
        )
    out.print(table)
    return ExitCode.OK


def capture_command(
    store: Store,
    project: str,
    name: str,
    *,
    errors: bool,
    findings: bool,
    feedback_below: float | None,
    ids: list[str] | None,
    since: str | None,
    limit: int | None,
    expected_from: str,
    out: Console,
) -> int:
    from phaseone.store.traces import capture, query_traces

    if expected_from not in ("output", "none"):
        raise UsageError(f"--expected-from must be output or none, not {expected_from!r}")
    if not (errors or findings or feedback_below is not None or ids):
        raise UsageError(
            "say which traces to capture",
            fix="add --errors, --findings, --feedback-below X or --ids ID …",
        )
    rows = query_traces(
        store,
        project,
        errors=errors,
        findings=findings,
        feedback_below=feedback_below,
        ids=ids,
        since=parse_since(since),
        limit=limit,
    )
    added = capture(store, name, rows, expected_from=expected_from)
    out.print(
        f"captured {added} new case(s) into {name!r} ({len(rows)} matching trace(s)); use it as"
        f" a dataset: `dataset: {{kind: traces, capture: {name}}}`"
    )
    return ExitCode.OK
