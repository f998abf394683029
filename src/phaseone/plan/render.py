"""`phaseone plan` output: the plan as its production owner wants to read it.

Colour carries meaning (green ✓ no risk, red ✗ a stall risk, yellow a warning) and the
layout degrades to plain text when output is not a terminal. Nothing secret is shown:
URLs lose their passwords and headers are never printed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from phaseone.humanize import money
from phaseone.plan.components import FileSource, HttpSource, SqlSource
from phaseone.plan.diagnosis import Diagnosis
from phaseone.plan.loader import LoadedPlan
from phaseone.plan.schema import Controls, PiiGuardrail, Plan

if TYPE_CHECKING:
    from phaseone.plan.lock import LockRecord, MetricDrift

__all__ = ["render_plan", "safe_url"]


def _add_row(table: Table, *cells: RenderableType) -> None:
    """A row whose text cells are shown as written: a plan's names, tags and scopes are
    the user's text, and rich would read `[...]` in them as markup (an item named
    `GPU [/]` stopped `phaseone plan` with a MarkupError)."""
    table.add_row(*(Text(c) if isinstance(c, str) else c for c in cells))


def safe_url(url: str) -> str:
    """The URL without a password (SQLAlchemy and HTTP URLs alike)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    user = f"{parts.username}:***@" if parts.username else "***@"
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


def _money(value: float, currency: str) -> str:
    return money(value, currency)


def _target_line(plan: Plan) -> str:
    t = plan.target
    price = t.price
    prices = []
    cur = plan.project.currency
    if price.per_call:
        prices.append(f"{money(price.per_call, cur)}/call")
    if price.per_1k_input_tokens or price.per_1k_output_tokens:
        prices.append(
            f"{money(price.per_1k_input_tokens, cur)} in + "
            f"{money(price.per_1k_output_tokens, cur)} out per 1k tokens"
        )
    cost = f"; price {', '.join(prices)}" if prices else "; no price set"
    if t.kind == "http":
        where = f"{t.method} {safe_url(t.url)} → `{t.output_path}`"
    elif t.kind == "openai":
        where = f"{safe_url(t.base_url)} model {t.model}"
    else:
        where = t.callable
    version = f" (version {t.version})" if t.version else ""
    return f"{t.kind}: {where}{version}; timeout {t.timeout_s:g}s{cost}"


def _dataset_text(plan: Plan, index: int) -> str:
    d = plan.suites[index].dataset
    if isinstance(d, FileSource):
        return f"{d.kind} {d.path}"
    if isinstance(d, SqlSource | HttpSource):
        return f"{d.kind} {safe_url(d.url)}"
    return f"traces {d.capture}"


def _suites(plan: Plan) -> RenderableType:
    if not plan.suites:
        return Text("no suites", style="red")
    table = Table(box=None, pad_edge=False, header_style="bold")
    for col in ("suite", "dataset", "scorers", "tags", "threshold", "repeat"):
        table.add_column(col, justify="right" if col in ("threshold", "repeat") else "left")
    metric_suite = plan.success_metric.suite if plan.success_metric else None
    for i, s in enumerate(plan.suites):
        name = s.name + (" ★" if s.name == metric_suite else "")
        _add_row(
            table,
            name,
            _dataset_text(plan, i),
            ", ".join(sc.label for sc in s.scorers),
            ", ".join(s.tags) or "—",
            f"{s.threshold:.0%}" if s.threshold is not None else "—",
            str(s.repeat),
        )
    return table


def _controls(c: Controls | None, currency: str) -> RenderableType:
    if c is None:
        return Text("none — the 20% (auth, limits, budgets, resilience…) is not in the plan", "red")
    g = c.guardrails
    rows: list[tuple[str, str]] = [
        ("auth", "API key required" if c.auth.required else "open (no key)"),
        (
            "limits",
            f"{c.limits.max_input_chars:,} chars, {c.limits.max_body_bytes:,} bytes per request",
        ),
        (
            "guardrails",
            f"PII {g.pii.action} ({_pii_scope(g.pii)}); injection {g.injection.action}"
            f" at ≥ {g.injection.threshold:g}" + ("; output schema" if g.output_schema else ""),
        ),
        (
            "rate limit",
            f"{c.rate_limit.requests_per_minute:g}/min per key, burst {c.rate_limit.burst}"
            if c.rate_limit
            else "off",
        ),
    ]
    b = c.budget
    if b is None:
        rows.append(("budget", "none"))
    else:
        parts = [
            f"{label} {_money(v, currency)}"
            for label, v in (
                ("per request", b.per_request_max),
                ("daily", b.daily),
                ("monthly", b.monthly),
                ("per key daily", b.per_key_daily),
            )
            if v is not None
        ]
        rows.append(
            ("budget", f"{'; '.join(parts) or 'no ceilings'} ({b.backend}, fail {b.fail_mode})")
        )
    r = c.resilience
    fallback = "none"
    if r.fallback is not None:
        fallback = "static answer" if hasattr(r.fallback, "static") else f"{r.fallback.kind} target"
    breaker = (
        f"breaker after {r.circuit_breaker.failure_threshold} failures"
        if r.circuit_breaker
        else "no breaker"
    )
    rows.append(
        (
            "resilience",
            f"timeout {r.timeout_s:g}s, {r.retries} retries, fallback {fallback}, {breaker}",
        )
    )
    m = c.monitoring
    rows.append(
        (
            "monitoring",
            ", ".join(
                [
                    "tracing" if m.tracing else "no tracing",
                    "metrics" if m.metrics else "no metrics",
                    "otel" if m.otel_endpoint else "no otel",
                ]
            ),
        )
    )
    ro = c.rollout
    rollout = ["kill switch" if ro.kill_switch else "no kill switch"]
    if ro.canary:
        rollout.append(f"canary {ro.canary.percent:g}%")
    if ro.shadow:
        rollout.append("shadow")
    rows.append(("rollout", ", ".join(rollout)))
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for k, v in rows:
        _add_row(table, k, v)
    return table


def _phases(plan: Plan) -> RenderableType:
    cur = plan.project.currency
    one, two = plan.phases.one, plan.phases.two
    parts: list[RenderableType] = []
    dates = f"{one.start or '?'} → {one.end or '?'}"
    budget = f", budget {_money(one.budget, cur)}" if one.budget is not None else ""
    parts.append(Text.assemble(("phase one  ", "bold"), f"{dates}{budget}"))
    if one.scope:
        parts.append(Text(f"  {one.scope}", style="dim"))
    if two is None:
        parts.append(Text("phase two: not planned", style="red"))
        return Group(*parts)
    parts.append(Text.assemble(("phase two  ", "bold"), f"{two.start or '?'} → {two.end or '?'}"))
    if two.scope:
        parts.append(Text(f"  {two.scope}", style="dim"))
    if two.items:
        table = Table(box=None, pad_edge=False, header_style="bold")
        table.add_column("item")
        table.add_column("one-off", justify="right")
        table.add_column("monthly", justify="right")
        for item in two.items:
            _add_row(table, item.name, _money(item.one_off, cur), _money(item.monthly, cur))
        one_off = sum(i.one_off for i in two.items)
        monthly = sum(i.monthly for i in two.items)
        _add_row(
            table,
            Text("total", style="bold"),
            Text(_money(one_off, cur), style="bold"),
            Text(_money(monthly, cur), style="bold"),
        )
        parts.append(table)
    else:
        parts.append(Text("no costed items", style="red"))
    volume = (
        f"{two.expected_monthly_requests:,} requests/month"
        if two.expected_monthly_requests is not None
        else "expected volume not set"
    )
    ceiling = (
        f"run-cost ceiling {_money(two.run_cost_ceiling_monthly, cur)}/month"
        if two.run_cost_ceiling_monthly is not None
        else "no run-cost ceiling"
    )
    line = f"{volume}; {ceiling}"
    per_call = plan.target.price.per_call
    if two.expected_monthly_requests and per_call:
        line += (
            f"; at the target's per-call price: "
            f"{_money(per_call * two.expected_monthly_requests, cur)}/month"
        )
    parts.append(Text(line))
    return Group(*parts)


def _metric(plan: Plan, lock: LockRecord | None, drifted: bool) -> RenderableType:
    m = plan.success_metric
    if m is None:
        return Text("none — no number will trigger the production decision", style="red")
    op = "≥" if m.direction == "higher" else "≤"
    what = m.aggregate + (f" of {m.label!r}" if m.label else "")
    text = Text()
    text.append(m.name, style="bold")
    text.append(f": {what} of scorer {m.scorer!r} on suite {m.suite!r} {op} ")
    text.append(f"{m.threshold:g}", style="bold")
    text.append(f" at {m.confidence:.0%} one-sided confidence, at least {m.min_cases} cases")
    if m.baseline is not None:
        against = m.baseline.run or "a baseline target"
        text.append(f"; not worse than {against} by more than {m.baseline.margin:g}")
    if lock is None:
        text.append("\nnot locked yet: locks on the first eval run, or `phaseone lock`", "yellow")
    else:
        text.append(
            f"\nlocked {lock.locked_at:%Y-%m-%d %H:%M} UTC (sha256 {lock.metric_hash[:12]})"
            + ("; the plan now differs from the lock" if drifted else ""),
            "yellow" if drifted else "green",
        )
    return text


def _diagnosis(diagnosis: Diagnosis) -> RenderableType:
    table = Table.grid(padding=(0, 1))
    table.add_column()
    table.add_column()
    for r in diagnosis.risks:
        mark = Text("✗", style="bold red") if r.present else Text("✓", style="bold green")
        body = Text()
        body.append(r.title if r.present else r.label, style="bold red" if r.present else "bold")
        body.append(f": {r.why}")
        if r.present and r.fix:
            body.append(f"\nfix: {r.fix}", style="dim")
        _add_row(table, mark, body)
    return table


def _drift(drift: MetricDrift) -> RenderableType:
    lines = Text()
    details = []
    if drift.locked_at:
        details.append(f"locked {drift.locked_at:%Y-%m-%d %H:%M} UTC")
    if drift.relocks:
        details.append(f"{drift.relocks} re-lock{'s' if drift.relocks != 1 else ''} before")
    when = f" ({', '.join(details)})" if details else ""
    lines.append(f"{drift.headline}{when}\n", style="bold")
    for line in drift.describe():
        lines.append(f"  {line}\n")
    lines.append(
        'record an intentional change with `phaseone lock --reason "…"`; it stays in the history',
        style="dim",
    )
    style = "red" if drift.evidence_existed else "yellow"
    return Panel(lines, title="⚠ metric drift", border_style=style, expand=False)


def render_plan(
    console: Console,
    loaded: LoadedPlan,
    diagnosis: Diagnosis,
    *,
    lock: LockRecord | None = None,
    drift: MetricDrift | None = None,
    store_note: str | None = None,
) -> None:
    """Print the plan, its diagnosis and any metric drift."""
    plan = loaded.plan
    title = Text(plan.project.name, style="bold")
    if plan.project.description:
        title.append(f" — {plan.project.description}", style="")
    console.print(title)
    console.print(
        Text(f"{loaded.path}  (plan {loaded.content_hash[:12]})", style="dim"), highlight=False
    )
    o = plan.owner
    rows: list[tuple[str, RenderableType]] = [
        ("owner", Text(f"{o.name}, {o.role} — {o.team} <{o.contact}>")),
        ("success metric", _metric(plan, lock, drift is not None)),
        ("target", Text(_target_line(plan))),
    ]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for k, v in rows:
        _add_row(grid, k, v)
    console.print(grid)
    if drift is not None:
        console.print(_drift(drift))
    for heading, body in (
        ("suites", _suites(plan)),
        ("controls", _controls(plan.controls, plan.project.currency)),
        ("phases", _phases(plan)),
        ("stall-risk diagnosis", _diagnosis(diagnosis)),
    ):
        console.print()
        console.print(Text(heading, style="bold underline"))
        console.print(body)
    if store_note:
        console.print(Text(store_note, style="yellow"))
    console.print()
    n = len(diagnosis.present)
    if n:
        console.print(
            Text(f"plan is valid; {n} of 4 stall risks present", style="bold yellow"),
        )
    else:
        console.print(Text("plan is valid; no stall risk found", style="bold green"))


def _pii_scope(pii: PiiGuardrail) -> str:
    """What the PII guardrail looks for: the builtin kinds, or Presidio's entities."""
    if pii.engine != "presidio":
        return ", ".join(pii.kinds)
    entities = pii.presidio_entities
    what = ", ".join(entities) if entities else "its default entities"
    model = f", model {pii.presidio_model}" if pii.presidio_model else ""
    return f"Presidio: {what}{model}"
