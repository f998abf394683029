"""The one datetime column type of the store: UTC in, UTC out.

SQLite keeps no time zone (it hands back naive times) and PostgreSQL hands back times in
the session's zone, so a caller comparing a stored time with ``now`` had to patch what it
read. `UTCDateTime` does it once, for every table: a time is written as UTC and read back
as an aware UTC ``datetime`` on both databases. A naive time on write is refused, because
the store cannot know which zone it meant. The DDL is the plain ``DateTime(timezone=True)``
of the migrations, so existing databases need no change.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Dialect
from sqlalchemy.exc import DontWrapMixin
from sqlalchemy.types import TypeDecorator

from phaseone.errors import StoreError

__all__ = ["NaiveDateTimeError", "UTCDateTime", "parse_aware", "utc_for_store"]


class NaiveDateTimeError(StoreError, DontWrapMixin):
    """A time without a zone (or not a time at all) was given to a datetime column.

    Raised as itself, not wrapped in SQLAlchemy's ``StatementError``: it is a bug in the
    caller, and its message names the value and the fix."""


def utc_for_store(value: object) -> dt.datetime:
    """``value`` as the same instant in UTC, or `NaiveDateTimeError` when it has no zone.

    Used by `UTCDateTime` on every write, and by the store's own bulk writers that pass
    values to the driver directly (`store.traces`)."""
    if not isinstance(value, dt.datetime):
        raise NaiveDateTimeError(
            f"a datetime column was given {type(value).__name__} {value!r}, not a datetime",
            fix="pass an aware datetime, e.g. datetime.now(datetime.UTC)",
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDateTimeError(
            f"a datetime column was given the naive time {value.isoformat()}: the store cannot"
            " know its time zone",
            fix="pass an aware datetime, e.g. datetime.now(datetime.UTC) or"
            " value.replace(tzinfo=datetime.UTC) when the value is known to be UTC",
        )
    return value.astimezone(dt.UTC)


def parse_aware(text: str) -> dt.datetime:
    """An ISO 8601 time from a record (text, not a column), aware: without a zone, UTC.

    Decision records carry their signed time as text, which a caller may have written
    without an offset; its own offset, when it has one, is kept. Raises ``ValueError``
    when ``text`` is no ISO time.
    """
    when = dt.datetime.fromisoformat(text)
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """``DateTime(timezone=True)`` that writes aware times only and reads aware UTC times."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else utc_for_store(value)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite: written as UTC by process_bind_param
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)
