"""Numbers as a person reads them: money, durations and ages.

The report, the dashboard and the CLI all show the same figures, so they format them
here, once. The rules are the ones a reader expects rather than what `str(float)` does:
money is an amount in the plan's currency with sensible precision (never `1e-06`), a
duration has the unit that fits it (`2.4 s`, `4 min`, never `0.0 d`), and an age is
words (`3 hours ago`). Missing values are a dash, never `None`.

Style, chosen once for every output: the amount, a space, the ISO currency code
(`1,200 EUR`, `50 EUR`, `868.40 EUR`, `0.0004 EUR`): it needs no symbol table, reads the same in
a terminal and a Markdown table, and the code is what the plan says (`project.currency`).
"""

from __future__ import annotations

import datetime as dt
import math

__all__ = ["DASH", "age", "ago", "duration", "money", "number"]

#: What a missing figure is shown as.
DASH = "—"


def _finite(x: object) -> float | None:
    if isinstance(x, bool) or not isinstance(x, int | float):
        return None
    f = float(x)
    return f if math.isfinite(f) else None


def _amount(a: float) -> str:
    """The digits of an amount: whole units from 1,000 and for whole amounts (`50`, as a
    budget is written), cents otherwise from 1 (`868.40`), two significant digits below 1
    (a per-call price is often a fraction of a cent)."""
    m = abs(a)
    if m == 0:
        return "0"
    if m >= 1000 or (m >= 1 and round(m, 2) == round(m)):
        text = f"{m:,.0f}"
    elif m >= 1:
        text = f"{m:,.2f}"
    elif m < 1e-9:
        return "< 0.000000001" if a > 0 else "> -0.000000001"
    else:
        # two significant digits, written out in positional notation (never 1e-06)
        decimals = max(2, 1 - math.floor(math.log10(m)))
        text = f"{m:.{decimals}f}"
        if decimals > 2:
            text = text.rstrip("0")
    return ("-" if a < 0 else "") + text


def money(amount: float | None, currency: str) -> str:
    """An amount of money in `currency`: `1,200 EUR`, `50 EUR`, `868.40 EUR`, `0.0004 EUR`.

    Args:
        amount: the amount; None, NaN or infinity is shown as a dash (no figure).
        currency: the ISO code from the plan (`project.currency`); left out when empty.
    """
    a = _finite(amount)
    if a is None:
        return DASH
    text = _amount(a)
    return f"{text} {currency}" if currency else text


def number(value: float | int | None, digits: int = 3) -> str:
    """A plain figure with thousands separators and at most `digits` decimals, trailing
    zeros kept (so columns align); None is a dash. Small values keep two significant
    digits rather than rounding to zero (`0.00004`, not `0.000`)."""
    if value is None or isinstance(value, bool):
        return DASH if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    v = _finite(value)
    if v is None:
        return DASH
    if v != 0 and abs(v) < 10 ** (-digits):
        return _amount(v)
    return f"{v:,.{digits}f}"


def _trim(x: float) -> str:
    """One decimal below 10 (`2.4`), whole numbers above (`42`); `4.0` is `4`."""
    text = f"{x:.1f}" if x < 9.95 else f"{x:.0f}"
    return text[:-2] if text.endswith(".0") else text


def duration(seconds: float) -> str:
    """A length of time in the unit that fits it: `0.4 ms`, `350 ms`, `2.4 s`, `4 min`,
    `3 h`, `2 days`. None (or NaN) is a dash; a negative duration reads as zero."""
    s = _finite(seconds)
    if s is None:
        return DASH
    s = max(0.0, s)
    if s == 0:
        return "0 s"
    if s < 1:
        ms = s * 1000
        return f"{ms:.2g} ms" if ms < 1 else f"{_trim(ms)} ms"
    if s < 60:
        return f"{_trim(s)} s"
    if s < 3600:
        return f"{_trim(s / 60)} min"
    if s < 2 * 86400:
        return f"{_trim(s / 3600)} h"
    days = _trim(s / 86400)
    return f"{days} days"


def _span(seconds: float) -> str:
    """A span of time in words, rounded the way people say it (`3 hours`, `2 days`)."""
    s = abs(seconds)

    def plural(n: int, unit: str) -> str:
        return f"{n} {unit}" if n == 1 else f"{n} {unit}s"

    if s < 90:
        return plural(max(1, round(s)), "second") if s < 45 else "1 minute"
    if s < 45 * 60:
        return plural(round(s / 60), "minute")
    if s < 90 * 60:
        return "1 hour"
    if s < 36 * 3600:
        return plural(round(s / 3600), "hour")
    if s < 45 * 86400:
        return plural(max(2, round(s / 86400)), "day")
    if s < 365 * 86400:
        return plural(max(2, round(s / (30 * 86400))), "month")
    return plural(max(1, round(s / (365 * 86400))), "year")


def _utc(t: dt.datetime) -> dt.datetime:
    return t.replace(tzinfo=dt.UTC) if t.tzinfo is None else t  # naive means UTC here


def ago(when: dt.datetime, now: dt.datetime | None = None) -> str:
    """How long before `now` `when` was: `just now`, `5 minutes ago`, `3 hours ago`,
    `2 days ago`; a time in the future reads `in 3 minutes`. Naive times are UTC (as
    SQLite returns them); None is a dash.

    Args:
        when: the moment; an ISO string is accepted too.
        now: the reference (default: the current time).
    """
    if when is None:
        return DASH
    if isinstance(when, str):
        try:
            when = dt.datetime.fromisoformat(when)
        except ValueError:
            return when
    now = _utc(now or dt.datetime.now(dt.UTC))
    seconds = (now - _utc(when)).total_seconds()
    if abs(seconds) < 10:
        return "just now"
    return f"{_span(seconds)} ago" if seconds > 0 else f"in {_span(seconds)}"


def age(seconds: float | None) -> str:
    """An age given in seconds, in words (`3 hours`, `just recorded`): for evidence whose
    age was stored as a number. None is a dash."""
    s = _finite(seconds)
    if s is None:
        return DASH
    if s < 10:
        return "just recorded"
    return f"{_span(s)} old"
