"""The guard's CLI commands (keys, kill-switch, traces, capture), kept out of cli.py so
that file stays a thin list of commands. `phaseone serve` runs the gateway, a layer above
the guard, so it lives in `phaseone.commands.serve`.

Each takes the open `Workspace` (the CLI opens and closes it), prints with the console it
is given and returns the process exit code of its outcome; an error is raised.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from phaseone.errors import ExitCode, UsageError
from phaseone.humanize import money
from phaseone.plan.schema import Controls
from phaseone.plan.workspace import Workspace

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhdw])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_since(value: str | None) -> dt.datetime | None:
    """`30m`, `2h`, `7d` (ago) or an ISO date/time (UTC when no zone is given)."""
    if not value:
        return None
    m = _DURATION.match(value.strip())
    if m:
        try:
            return dt.datetime.now(dt.UTC) - dt.timedelta(
                seconds=float(m.group(1)) * _UNITS[m.group(2)]
            )
        except OverflowError:
            raise UsageError(
                f"--since {value!r} reaches before year 1", fix="use a shorter duration"
            ) from None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"--since {value!r} is neither a duration nor a date",
            fix="use e.g. 30m, 2h, 7d or 2026-11-26T09:00",
        ) from None
    # The store compares in UTC: a time with an offset is the same instant in UTC.
    return when.astimezone(dt.UTC) if when.tzinfo else when.replace(tzinfo=dt.UTC)


def keys_create_command(
    ws: Workspace,
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
        if not math.isfinite(expires_days) or not 0 < expires_days <= 36_500:
            raise UsageError(
                f"--expires must be a number of days from 0 to 36500, got {expires_days}"
            )
        expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=expires_days)
    if budget_daily is not None and not (math.isfinite(budget_daily) and budget_daily >= 0):
        raise UsageError(
            f"--budget-daily must be a finite amount of 0 or more, got {budget_daily}",
            fix="leave it out to use the plan's controls.budget.per_key_daily",
        )
    if rpm is not None and not (math.isfinite(rpm) and rpm > 0):
        raise UsageError(
            f"--rpm must be a finite number above 0, got {rpm}",
            fix="leave it out to use the plan's controls.rate_limit",
        )
    key = create_key(
        ws.store,
        name,
        scopes=scopes,
        budget_daily=budget_daily,
        rate_limit_rpm=rpm,
        expires_at=expires,
    )
    err.print(f"created key {name!r}; it is shown ONCE — store it in a secret manager now:")
    out.print(key, highlight=False, soft_wrap=True)
    return ExitCode.OK


def keys_list_command(ws: Workspace, fmt: str, out: Console) -> int:
    from phaseone.store.keys import list_keys

    if fmt not in ("table", "json"):
        raise UsageError(f"--format {fmt!r} is not known", fix="use table or json")
    keys = list_keys(ws.store)
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
            "" if k.budget_daily is None else money(k.budget_daily, ""),
            "" if k.rate_limit_rpm is None else f"{k.rate_limit_rpm:g}",
            k.expires_at.strftime("%Y-%m-%d %H:%M") if k.expires_at else "never",
            f"[{colour}]{status}[/]",
        )
    out.print(table)
    return ExitCode.OK


def keys_revoke_command(ws: Workspace, name: str, out: Console) -> int:
    from phaseone.store.keys import revoke_key

    if not revoke_key(ws.store, name):
        raise UsageError(f"no active key named {name!r}", fix="see `phaseone keys list`")
    out.print(f"revoked key {name!r} (gateways stop accepting it within about 2 s)")
    return ExitCode.OK


def kill_switch_command(ws: Workspace, action: str, out: Console) -> int:
    """Set or show the switch, and say what gateways serving this plan will really do
    with it (exit 1 when the switch is on but the plan ignores it)."""
    from phaseone.store.settings import kill_switch_on, set_kill_switch

    if action not in ("on", "off", "status"):
        raise UsageError(f"kill-switch takes on | off | status, not {action!r}")
    controls = ws.plan.controls or Controls()
    enabled = controls.rollout.kill_switch
    has_fallback = controls.resilience.fallback is not None
    project = ws.project
    if action != "status":
        set_kill_switch(ws.store, project, action == "on")
    on = kill_switch_on(ws.store, project)
    if not on:
        state = "[green]off[/]"
    elif not enabled:
        state = (
            "[bold red]ON[/], but the plan's controls.rollout.kill_switch is false:"
            " gateways serving this plan IGNORE it"
        )
    elif has_fallback:
        state = "[bold red]ON[/] — every request goes to the fallback"
    else:
        state = "[bold red]ON[/] — the plan has no fallback: every request is refused (503)"
    out.print(f"kill switch for {escape(repr(project))}: {state}")
    if on and not enabled:
        return ExitCode.FAIL
    return ExitCode.OK


#: The outcomes a trace records.
OUTCOMES = ("ok", "fallback", "refused", "error")
#: What a capture name may be: it is written into plans (`capture: NAME`).
_CAPTURE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


def _check_limit(limit: int | None) -> None:
    if limit is not None and limit < 1:
        raise UsageError(f"--limit must be 1 or more, got {limit}")


def traces_command(
    ws: Workspace,
    *,
    outcome: str | None,
    since: str | None,
    feedback_below: float | None,
    limit: int,
    fmt: str,
    out: Console,
) -> int:
    from phaseone.store.traces import query_traces, trace_as_dict

    _check_limit(limit)
    if outcome is not None and outcome not in OUTCOMES:
        raise UsageError(
            f"--outcome {outcome!r} is not known", fix=f"use one of {', '.join(OUTCOMES)}"
        )
    rows = query_traces(
        ws.store,
        ws.project,
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
    table = Table(
        "id", "started", "key", "outcome", "status", "route", "model", "ms", "cost", "findings"
    )
    for t in rows:
        colour = {"ok": "green", "fallback": "yellow"}.get(t.outcome, "red")
        table.add_row(
            t.id,
            t.started_at.strftime("%m-%d %H:%M:%S"),
            t.key_name or "",
            f"[{colour}]{t.outcome}[/]" + (f" ({escape(t.error_kind)})" if t.error_kind else ""),
            str(t.status_code),
            t.route,
            t.model or "",
            f"{t.latency_ms:.1f}" if t.latency_ms is not None else "",
            money(t.cost, "") if t.cost else "",
            ",".join(sorted({f.get("type", "?") for f in t.findings or []})),
        )
    out.print(table)
    return ExitCode.OK


def capture_command(
    ws: Workspace,
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

    if not _CAPTURE_NAME.fullmatch(name):
        raise UsageError(
            f"--to {name!r} is not a usable capture name",
            fix="use letters, digits, '_', '.' or '-' (up to 100), starting with a letter or digit",
        )
    _check_limit(limit)
    if expected_from not in ("output", "none"):
        raise UsageError(f"--expected-from must be output or none, not {expected_from!r}")
    if not (errors or findings or feedback_below is not None or ids):
        raise UsageError(
            "say which traces to capture",
            fix="add --errors, --findings, --feedback-below X or --ids ID …",
        )
    rows = query_traces(
        ws.store,
        ws.project,
        errors=errors,
        findings=findings,
        feedback_below=feedback_below,
        ids=ids,
        since=parse_since(since),
        limit=limit,
    )
    added = capture(ws.store, name, rows, expected_from=expected_from)
    out.print(
        f"captured {added} new case(s) into {name!r} ({len(rows)} matching trace(s)); use it as"
        f" a dataset: `dataset: {{kind: traces, capture: {name}}}`",
        markup=False,
    )
    return ExitCode.OK
