"""Rendering a decision record with the templates shipped in the package."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from phaseone.chat import transcript_text
from phaseone.errors import UsageError
from phaseone.evals.advice import advise
from phaseone.humanize import DASH, age, duration, money, number
from phaseone.report.charts import metric_chart
from phaseone.store.decision_record import RecordedDecision

FORMATS = ("html", "markdown", "json")
EXTENSIONS = {"html": "html", "markdown": "md", "json": "json"}


def _show(value: Any, limit: int = 2000) -> str:
    """Any stored value as readable text (JSON for structures), cut at `limit` characters;
    a missing value is a dash, not `null`."""
    if value is None:
        return DASH
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text) - limit} more chars)"


def _transcript(messages: Any) -> str:
    """A conversation case's stored messages as one readable transcript, cut like `_show`."""
    return _show(transcript_text(messages), 4000)


def _pct(value: Any, digits: int = 1) -> str:
    return f"{value * 100:.{digits}f}%" if isinstance(value, int | float) else "—"


def _num(value: Any, digits: int = 3) -> str:
    if isinstance(value, int | float) or value is None:
        return number(value, digits)
    return str(value)


def _money(value: Any, currency: str) -> str:
    return money(value, currency)


def _age_days(value: Any) -> str:
    """A stored age in days (`age_days`) in words: `3 hours old`, never `0.0 d old`."""
    return age(float(value) * 86400) if isinstance(value, int | float) else DASH


def _duration_ms(value: Any) -> str:
    return duration(float(value) / 1000) if isinstance(value, int | float) else DASH


def _or_dash(value: Any) -> Any:
    """The value, or a dash when it is missing (so a template never prints `None`)."""
    return DASH if value is None or value == "" else value


def _when(value: Any) -> str:
    """An ISO time stamp as `2026-11-26 11:57 UTC` (what a reader scans for)."""
    import datetime as dt

    if value is None or value == "":
        return DASH
    try:
        t = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if t.tzinfo is not None:
        t = t.astimezone(dt.UTC)
    return f"{t:%Y-%m-%d %H:%M} UTC"


def _md(value: Any) -> str:
    """Text safe inside a Markdown table cell (untrusted output must not break the table)."""
    text = _show(value, 300).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    for ch in "<>`*_[]":
        text = text.replace(ch, "\\" + ch)
    return text


def _env(autoescape: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("phaseone.report", "templates"),
        autoescape=select_autoescape(["html", "jinja"]) if autoescape else False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        show=_show,
        transcript=_transcript,
        pct=_pct,
        num=_num,
        md=_md,
        when=_when,
        money=_money,
        age_days=_age_days,
        ms=_duration_ms,
        dash=_or_dash,
    )
    env.globals.update(metric_chart=metric_chart)
    return env


def _view(record: dict[str, Any]) -> dict[str, Any]:
    """What the templates need beyond the record: grouped checks and figures."""
    rec = RecordedDecision.of(record)
    # The templates read the record's JSON; the typed reading decides what goes where.
    checks = [(c, c.to_json()) for c in rec.checks]
    areas: dict[str, list[dict[str, Any]]] = {}
    for c, shown in checks:
        areas.setdefault(c.area, []).append(shown)
    tags = {f"{name} / {tag}": t for name, s in rec.suites.items() for tag, t in s.by_tag.items()}
    return {
        "r": record,
        "areas": areas,
        "metric": rec.metric.result.to_json() if rec.metric.result is not None else None,
        "metric_result": rec.metric.result,
        "metric_advice": _metric_advice(record),
        "suites": {name: s.to_json() for name, s in rec.suites.items()},
        "tags": tags,
        "failing": [shown for c, shown in checks if c.status in ("fail", "inconclusive")],
        "attested": [shown for c, shown in checks if c.attested],
    }


def _metric_advice(record: dict[str, Any]) -> str | None:
    """For an undecided metric: what more evidence would settle it (a number of cases only
    when that number is within reach; see `evals.advice`)."""
    m = RecordedDecision.of(record).metric
    result = m.result
    if result is None or (result.verdict or "").upper() != "INCONCLUSIVE":
        return None
    value, thr = result.value, result.threshold
    if thr is None:
        return None
    more = m.more_cases_needed or result.more_cases_needed
    return advise(
        value,
        thr,
        result.n,
        more or None,
        direction="lower" if result.direction == "lower" else "higher",
        min_cases=result.min_cases or 1,
        rate=value is not None and 0 <= value <= 1 and 0 <= thr <= 1,
    ).text


def render(record: dict[str, Any] | Any, fmt: str = "html") -> str:
    """The report of one decision record in `fmt` (`html`, `markdown` or `json`).

    Args:
        record: the decision record (a dict, or a `DecisionRecord` whose `.record` is used).
    """
    rec: dict[str, Any] = record if isinstance(record, dict) else dict(record.record)
    if fmt == "json":
        return json.dumps(rec, indent=2, ensure_ascii=False, sort_keys=True, default=str) + "\n"
    if fmt == "html":
        return _env(True).get_template("report.html.jinja").render(**_view(rec))
    if fmt in ("markdown", "md"):
        return _env(False).get_template("report.md.jinja").render(**_view(rec))
    raise UsageError(f"unknown report format {fmt!r}", fix=f"use one of: {', '.join(FORMATS)}")


def write_reports(record: dict[str, Any] | Any, out_dir: Path) -> dict[str, Path]:
    """Write HTML, Markdown and JSON beside each other; returns format → path.

    File names carry the decision's sequence number, and `latest.*` is overwritten so
    a bookmark always shows the newest decision.
    """
    rec: dict[str, Any] = record if isinstance(record, dict) else dict(record.record)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"decision-{rec.get('seq', 'draft')}"
    paths: dict[str, Path] = {}
    for fmt in FORMATS:
        text = render(rec, fmt)
        path = out_dir / f"{stem}.{EXTENSIONS[fmt]}"
        path.write_text(text, encoding="utf-8")
        (out_dir / f"latest.{EXTENSIONS[fmt]}").write_text(text, encoding="utf-8")
        paths[fmt] = path
    return paths
