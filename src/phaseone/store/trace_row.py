"""A request's trace row: the typed record the guard fills in and the trace writer stores.

Every request, refused or answered, ends in exactly one `TraceRow` (the guard's
`recording.py` hands it to a trace writer). It lives in the store because both sides use
it: the guard's stages set its attributes as the request goes, and the store turns it into
the driver's row shape in one place (`store.traces`, `trace_values`).

It is built on every request and crosses a pipe to the trace writer process in batches,
so it is a slotted dataclass (cheaper to build and fill than a dict) that pickles as its
class and a tuple of values (`__reduce__`): the default pickling of a slotted class sends
each slot's name with each row and took four times as long.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(slots=True)
class TraceRow:
    """One request through the guard, as the `traces` table stores it (after redaction).

    A new row says "answered by the primary, 200" until a stage says otherwise. Every
    field but `recorded` is a column of `traces` (`feedback_score` and `feedback_comment`
    are set later, by updates); `input`, `output`, `findings` and `shadow_output` are
    stored as JSON."""

    id: str
    project: str
    key_name: str | None = None
    started_at: dt.datetime = field(default_factory=_now)
    latency_ms: float | None = None
    #: The input as stored (redacted), when traces keep inputs and outputs.
    input: Any = None
    #: The answer as stored. Between `Guard.invoke` and its recording the guard may hold
    #: the answer here wrapped in `guard.trace_row.Unredacted`; the recorder redacts it
    #: before the row reaches a writer, so no unredacted answer is ever stored.
    output: Any = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    cost: float | None = None
    #: ok | refused | error | fallback
    outcome: str = "ok"
    status_code: int = 200
    error_kind: str | None = None
    #: What the guardrails found (each a JSON object; the one that blocked the request too).
    findings: list[dict[str, Any]] = field(default_factory=list)
    #: primary | canary | fallback
    route: str = "primary"
    target_version: str | None = None
    shadow_output: Any = None
    #: The public model a chat request asked for (`/v1/chat/completions`); None for
    #: `/v1/invoke`.
    model: str | None = None
    #: A streamed answer's time to its first chunk, from the request's arrival.
    ttft_ms: float | None = None
    #: The route chosen before any call (primary | canary | kill_switch | fallback), kept
    #: apart from `route` (who answered): a canary that failed and was answered by a
    #: fallback still counts as the canary's request. None: refused before routing.
    chosen_route: str | None = None
    #: Whether the guard has recorded the row (handed it to the writer): a late shadow
    #: answer then goes to the stored row as an update. Not a column.
    recorded: bool = False

    def __reduce__(self) -> tuple[type[TraceRow], tuple[Any, ...]]:
        return TraceRow, _values(self)


#: The names of `TraceRow`'s fields, in order (its constructor's positional arguments).
FIELDS: tuple[str, ...] = tuple(f.name for f in fields(TraceRow))
_values = attrgetter(*FIELDS)
#: The fields stored as JSON text.
JSON_FIELDS: tuple[str, ...] = ("input", "output", "findings", "shadow_output")

__all__ = ["FIELDS", "JSON_FIELDS", "TraceRow"]
