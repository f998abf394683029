"""Small formatters for people: how long ago, how much money.

The gate says how old its evidence is in words ("3 hours ago") because a reviewer reads
an age faster than a time stamp; kept here, under everything, so any layer can say it
the same way.
"""

from __future__ import annotations

import datetime as dt

_UNITS = (
    ("year", 365 * 86400),
    ("month", 30 * 86400),
    ("week", 7 * 86400),
    ("day", 86400),
    ("hour", 3600),
    ("minute", 60),
)


def ago(when: dt.datetime, now: dt.datetime | None = None) -> str:
    """``when`` as an age in words: "just now", "1 minute ago", "3 hours ago", "2 days ago".

    Args:
        when: The moment; a naive time is taken as UTC (the store keeps UTC).
        now: The reference moment (default: the current time), for a stable answer.
    """
    when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    now = now if now.tzinfo else now.replace(tzinfo=dt.UTC)
    seconds = (now - when).total_seconds()
    if seconds < 0:
        return "in the future"
    if seconds < 60:
        return "just now"
    for name, size in _UNITS:
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {name}{'' if n == 1 else 's'} ago"
    return "just now"  # pragma: no cover - the minute unit always matches above


def money(amount: float | None, currency: str = "") -> str:
    """An amount with its currency: 4 decimals below 1 (per-call prices), else 2 with
    thousands separators; "—" when unknown."""
    if amount is None:
        return "—"
    text = f"{amount:,.4f}" if abs(amount) < 1 else f"{amount:,.2f}"
    return f"{text} {currency}".strip()
