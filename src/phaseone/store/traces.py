"""Traces of live requests: batch writes from the guard, queries for `phaseone traces`,
and `phaseone capture` (production edge cases become regression cases)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

from sqlalchemy import or_, select, update
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, StatementError

from phaseone.store.budget_counters import LedgerEntry
from phaseone.store.database import Store
from phaseone.store.models import CapturedCase, Trace
from phaseone.store.trace_row import FIELDS, JSON_FIELDS, TraceRow
from phaseone.store.types import NaiveDateTimeError, utc_for_store

log = logging.getLogger("phaseone.store")
TRACE_COLUMNS = frozenset(c.name for c in Trace.__table__.columns)


def write_batch(
    store: Store,
    traces: Sequence[TraceRow] = (),
    ledger: Sequence[LedgerEntry] = (),
    updates: Sequence[tuple[str, dict[str, Any]]] = (),
) -> list[tuple[str, dict[str, Any]]]:
    """Insert traces and ledger rows, then apply updates, in one transaction.

    Returns the updates whose trace row does not exist (yet): the caller retries
    them on a later flush (the trace may be written by another instance).
    """
    missed: list[tuple[str, dict[str, Any]]] = []
    with store.session() as s:
        if traces:
            _insert_traces(s, store.dialect, traces)
        if ledger:
            _insert_ledger(s, store.dialect, ledger)
        for trace_id, values in updates:
            res = s.execute(update(Trace).where(Trace.id == trace_id).values(**values))
            if getattr(res, "rowcount", 0) == 0:
                missed.append((trace_id, values))
    return missed


#: Rows waiting that start a write before the flush interval is up (small batches keep
#: each write's hold on the GIL short).
BATCH_ROWS = 50
#: Seconds an update (feedback, shadow output) waits for its trace row before it is
#: dropped: the row may belong to another gateway instance that writes it within its
#: flush interval (at most 60 s). Counted in time, not writes: a busy writer writes every
#: 50 rows, and ten writes were a quarter of a second at 2,000 req/s.
UPDATE_WAIT_S = 120.0
#: Seconds a closing writer keeps retrying rows the database would not take (it is
#: restarting, say) before it gives them up, saying how many in the log.
CLOSE_WAIT_S = 20.0
#: Rows (traces and ledger rows; updates apart) a writer holds while the database does
#: not take them (a full disk, a database that is away). Past it new rows are dropped,
#: counted (`WriteStatus.dropped`, `phaseone_trace_rows_dropped_total`) and logged: a
#: writer must not grow without bound (50,000 rows are ~100 MB of Python objects, four
#: minutes of traffic at 200 req/s).
BACKLOG_MAX_ROWS = 50_000
#: Rows per transaction: a backlog is written in pieces, each committed, so a database
#: with a little room again takes what fits instead of failing one huge transaction (on
#: SQLite that transaction's WAL filled the freed space again, issue #21.6).
CHUNK_ROWS = 1_000
#: Pause after a failed write before the next try, doubling up to the last: a failing
#: database is not hammered, and writes resume within 2 s of it taking them again.
RETRY_FIRST_S = 0.25
RETRY_MAX_S = 2.0


@dataclass(frozen=True)
class WriteStatus:
    """What a trace writer says about itself: for `/healthz` and `/metrics`.

    Crosses the pipe from the writer process (pickled), so it holds only plain values."""

    #: Rows held, not yet written (the backlog).
    waiting: int = 0
    #: Failed write attempts since the writer started.
    failures: int = 0
    #: Rows given up: past `BACKLOG_MAX_ROWS`, or still unwritten when a writer closed.
    dropped: int = 0
    #: Whether the last write attempt failed (rows are held and retried).
    failing: bool = False
    #: The last failure's message (the database's own words).
    last_error: str | None = None
    #: Wall-clock time (`time.time()`) of the first failure of the current run of
    #: failures, and of the last dropped row.
    failing_since: float | None = None
    last_drop_at: float | None = None

    def plus_waiting(self, n: int) -> WriteStatus:
        return replace(self, waiting=self.waiting + n) if n else self


class PendingWrites:
    """Rows waiting to be written, and updates whose trace row was not there yet.

    Shared by both trace writers (a thread of the gateway, or its child process): rows
    are kept across a failed write and written with the next one, up to
    `BACKLOG_MAX_ROWS`; after a failure the next try waits `RETRY_FIRST_S` … `RETRY_MAX_S`;
    an update is retried on the next writes (another gateway instance may own its row)
    for `UPDATE_WAIT_S`."""

    def __init__(
        self,
        store: Store,
        clock: Callable[[], float] = time.monotonic,
        max_rows: int = BACKLOG_MAX_ROWS,
    ) -> None:
        self.store = store
        self.clock = clock
        self.max_rows = max_rows
        self.traces: list[TraceRow] = []
        self.ledger: list[LedgerEntry] = []
        #: (trace id, values, when it arrived)
        self.updates: list[tuple[str, dict[str, Any], float]] = []
        self.failures = 0
        self.dropped = 0
        self.last_error: str | None = None
        self._failing_since: float | None = None
        self._last_drop_at: float | None = None
        self._dropped_in_run = 0  # rows dropped since the database last took a write
        self._retry_at = 0.0
        self._pause = RETRY_FIRST_S

    def add(self, items: list[tuple[str, Any]]) -> None:
        for kind, item in items:
            if kind == "u":
                if len(self.updates) >= self.max_rows:
                    self._drop()
                    continue
                self.updates.append((item[0], item[1], self.clock()))
                continue
            if len(self.traces) + len(self.ledger) >= self.max_rows:
                self._drop()
            elif kind == "t":
                self.traces.append(item)
            else:
                self.ledger.append(item)

    def _drop(self) -> None:
        if not self._dropped_in_run:
            log.error(
                "%d rows wait to be written (the most a writer holds): new traces are"
                " dropped, and counted, until the database takes writes again (last"
                " error: %s)",
                self.max_rows,
                self.last_error,
            )
        self.dropped += 1
        self._dropped_in_run += 1
        self._last_drop_at = time.time()

    @property
    def waiting(self) -> int:
        return len(self.traces) + len(self.ledger)

    def status(self) -> WriteStatus:
        return WriteStatus(
            waiting=self.waiting,
            failures=self.failures,
            dropped=self.dropped,
            failing=self._failing_since is not None,
            last_error=self.last_error,
            failing_since=self._failing_since,
            last_drop_at=self._last_drop_at,
        )

    def retry_in(self) -> float | None:
        """Seconds until a failed write may be tried again (None: not failing, or nothing
        is held to try)."""
        if self._failing_since is None or not (self.traces or self.ledger or self.updates):
            return None
        return max(0.0, self._retry_at - self.clock())

    def write(self, force: bool = False) -> int:
        """Write what is held, `CHUNK_ROWS` rows per transaction; on an error keep what is
        not written for the next write. After a failure, a write before the retry pause is
        over does nothing unless `force`d. Returns the traces written."""
        if not (self.traces or self.ledger or self.updates):
            return 0
        if not force and self._failing_since is not None and self.clock() < self._retry_at:
            return 0
        written = 0
        while True:
            traces, ledger = self.traces[:CHUNK_ROWS], self.ledger[:CHUNK_ROWS]
            last = len(self.traces) <= CHUNK_ROWS and len(self.ledger) <= CHUNK_ROWS
            updates = [(tid, values) for tid, values, _ in self.updates] if last else []
            try:
                missed = write_batch(self.store, traces, ledger, updates)
            except Exception as exc:
                if not refused(exc):  # the database is away or full: keep it all, retry later
                    self._failed(exc)
                    return written
                # One row the database will never take (text it cannot hold, a NaN in
                # JSON) must not hold back every row after it: write them one by one.
                log.warning("the database refused a trace batch (%s); writing row by row", exc)
                try:
                    written += self._write_alone()
                except Exception as exc2:  # e.g. the database went away meanwhile
                    self._failed(exc2)
                    return written
                self._succeeded()
                return written
            del self.traces[: len(traces)]
            del self.ledger[: len(ledger)]
            written += len(traces)
            if self._failing_since is not None:
                # Catching up after a failure (a disk that was full): give the WAL's space
                # back after each piece, so the WAL and the growing database never need
                # room for the whole backlog at once.
                release_wal(self.store)
            if last:
                self._keep_missed(missed)
                self._succeeded()
                return written

    def _failed(self, exc: BaseException) -> None:
        self.failures += 1
        self.last_error = str(getattr(exc, "orig", None) or exc)[:500]
        first = self._failing_since is None
        if first:
            self._failing_since = time.time()
            self._pause = RETRY_FIRST_S
            log.warning("trace write failed, will retry: %s", self.last_error)
        else:
            self._pause = min(self._pause * 2, RETRY_MAX_S)
        self._retry_at = self.clock() + self._pause
        release_wal(self.store)

    def _succeeded(self) -> None:
        if self._failing_since is not None:
            log.warning(
                "trace writes resumed after %.1f s of failures; %d row(s) were dropped meanwhile",
                time.time() - self._failing_since,
                self._dropped_in_run,
            )
        self._failing_since = None
        self._dropped_in_run = 0

    def _keep_missed(self, missed: list[tuple[str, dict[str, Any]]]) -> None:
        since = {id(values): t for _, values, t in self.updates}
        give_up = self.clock() - UPDATE_WAIT_S
        kept = [(tid, v, since.get(id(v), give_up)) for tid, v in missed]
        self.updates = [u for u in kept if u[2] > give_up]
        if len(kept) > len(self.updates):
            log.warning(
                "%d update(s) dropped: no trace row with their id after %gs",
                len(kept) - len(self.updates),
                UPDATE_WAIT_S,
            )

    def write_all(self, wait_s: float = CLOSE_WAIT_S) -> int:
        """`write`, retried (0.2 s, 0.4 s, … 2 s apart) until every row is written or
        `wait_s` has passed; then what is left is given up, with an error in the log.
        For a closing writer: there is no next write."""
        written = self.write(force=True)
        deadline = time.monotonic() + wait_s
        pause = 0.2
        while self.waiting and time.monotonic() < deadline:
            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
            pause = min(pause * 2, 2.0)
            written += self.write(force=True)
        if self.waiting:
            log.error(
                "%d trace(s) and %d ledger row(s) could not be written in %gs and are lost",
                len(self.traces),
                len(self.ledger),
                wait_s,
            )
            self.dropped += self.waiting
            self.traces, self.ledger = [], []
        return written

    def _write_alone(self) -> int:
        """Each row and update in its own transaction; one the database refuses is written
        again cleaned (`storable`), else dropped and named in the log. Raises on any other
        error, keeping what is not written yet."""
        store = self.store
        written = 0
        while self.traces:
            if _write_one(
                "trace", self.traces[0], storable_trace, lambda r: write_batch(store, [r])
            ):
                written += 1
            self.traces.pop(0)
        while self.ledger:
            _write_one(
                "ledger row",
                self.ledger[0],
                storable_ledger,
                lambda r: write_batch(store, ledger=[r]),
            )
            self.ledger.pop(0)
        missed: list[tuple[str, dict[str, Any]]] = []
        held, self.updates = self.updates, []
        for i, (tid, values, _n) in enumerate(held):

            def update_one(v: dict[str, Any], tid: str = tid) -> None:
                missed.extend(write_batch(store, updates=[(tid, v)]))

            try:
                _write_one(f"update of trace {tid}", values, storable, update_one)
            except Exception:
                self.updates = held[i:]
                raise
        self.updates = held
        self._keep_missed(missed)
        return written


def release_wal(store: Store) -> None:
    """After a failed write to SQLite, give the write-ahead log's space back to the disk.

    A failed transaction leaves its pages in the WAL file, which SQLite reuses but never
    shrinks: on a full disk, the space an operator freed was taken again by the WAL of
    the next (failing) retry. A TRUNCATE checkpoint copies what was committed into the
    database and cuts the WAL to zero bytes; it fails harmlessly when it cannot (a reader
    holds the WAL, or the disk is too full even for that)."""
    if store.dialect != "sqlite":
        return
    try:
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except Exception as exc:  # best effort; the next failure tries again
        log.debug("WAL checkpoint after a failed write did not run: %s", exc)


_Row = TypeVar("_Row", TraceRow, LedgerEntry, dict[str, Any])


def _write_one(
    what: str, row: _Row, clean: Callable[[_Row], _Row], write: Callable[[_Row], Any]
) -> bool:
    """`write(row)`, then `write(clean(row))` if the database refused it; False (and an
    error in the log) if it refused that too. Other errors propagate."""
    for cleaned in (False, True):
        try:
            write(clean(row) if cleaned else row)
            return True
        except Exception as exc:
            if not refused(exc):
                raise
            last = exc
    log.error("%s cannot be stored and is dropped: %s", what, last)
    return False


def refused(exc: BaseException) -> bool:
    """Whether `exc` says the database will not take these rows however often they are
    sent (bad data), as opposed to a database that is away for now (retry later)."""
    if isinstance(exc, DataError | IntegrityError | UnicodeError | NaiveDateTimeError):
        return True
    # A StatementError that is not a DBAPIError failed before reaching the database,
    # e.g. the driver could not encode a lone surrogate.
    return isinstance(exc, StatementError) and not isinstance(exc, DBAPIError)


def storable(row: dict[str, Any]) -> dict[str, Any]:
    """`row` (an update's values) in a form any database takes: text loses
    NUL characters (PostgreSQL's text cannot hold them) and lone surrogates (UTF-8 cannot
    encode them), NaN and infinity become text."""
    return {k: _clean(v) for k, v in row.items()}


#: Added to the findings of a trace row that was stored only once cleaned (`storable_trace`).
_STORAGE_NOTE = {
    "type": "storage",
    "message": "the database refused this trace as it was; odd characters or"
    " numbers in it were stored as text",
}


def storable_trace(row: TraceRow) -> TraceRow:
    """`row` cleaned like `storable`; its `findings` say that it was changed."""
    out = TraceRow(*(_clean(getattr(row, f)) for f in FIELDS))
    out.findings = [*(out.findings or []), dict(_STORAGE_NOTE)]
    return out


def storable_ledger(row: LedgerEntry) -> LedgerEntry:
    """`row` cleaned like `storable`."""
    return LedgerEntry(*(_clean(getattr(row, f)) for f in _LEDGER_COLS))


def _clean(v: Any) -> Any:
    if isinstance(v, str):
        v = v.replace("\x00", "")
        try:
            v.encode()
        except UnicodeEncodeError:
            v = v.encode("utf-8", "replace").decode()
        return v
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if isinstance(v, dict):
        return {_clean(k): _clean(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_clean(x) for x in v]
    return v


#: The columns a new trace row fills: `TraceRow`'s fields but `recorded`, in its order.
#: (`feedback_score` and `feedback_comment` are left NULL; feedback updates them.)
_TRACE_COLS = tuple(f for f in FIELDS if f != "recorded")
_TRACE_JSON = frozenset(JSON_FIELDS)
#: The columns a ledger row fills: `LedgerEntry`'s fields, in its order (`id` is serial).
_LEDGER_COLS = tuple(f.name for f in fields(LedgerEntry))
_SQL_CACHE: dict[tuple[str, str, int], str] = {}
#: Rows per INSERT statement: 100 trace rows are 1,700 parameters (SQLite allows 32,766,
#: PostgreSQL 65,535).
_ROWS_PER_STATEMENT = 100
# `json.dumps(v, default=str)` builds a new JSONEncoder on every call (only the no-option
# call reuses one); a trace row has four JSON columns, so that was four encoders per row.
# One encoder with the same options gives byte-identical text; None and [] (most rows'
# shadow_output and findings) need no encoding at all.
_encode_json = json.JSONEncoder(default=str).encode


def _json(v: Any) -> str:
    """A JSON column's value as the `JSON` type stores it."""
    if v is None:
        return "null"
    if type(v) is list and not v:
        return "[]"
    return _encode_json(v)


def _stored_time(v: Any, sqlite: bool) -> Any:
    """A `UTCDateTime` column's value as the type stores it: aware only; naive-UTC text
    on SQLite."""
    v = utc_for_store(v)
    return v.replace(tzinfo=None).isoformat(" ", "microseconds") if sqlite else v


def trace_values(row: TraceRow, sqlite: bool) -> tuple[Any, ...]:
    """`row` as the driver's parameters for `_TRACE_COLS`: the one place a trace row
    becomes a database row. Written out field by field: it runs for every request."""
    return (
        row.id, row.project, row.key_name, _stored_time(row.started_at, sqlite),
        row.latency_ms, _json(row.input), _json(row.output), row.input_tokens,
        row.output_tokens, row.cost, row.outcome, row.status_code, row.error_kind,
        _json(row.findings), row.route, row.target_version, _json(row.shadow_output),
        row.model, row.ttft_ms, row.chosen_route,
    )  # fmt: skip


def _insert_sql(dialect: str, table: str, cols: tuple[str, ...], json_cols: frozenset[str],
                rows: int) -> str:  # fmt: skip
    key = (dialect, table, rows)
    sql = _SQL_CACHE.get(key)
    if sql is None:
        if dialect == "postgresql":
            one = ", ".join("CAST(%s AS JSON)" if c in json_cols else "%s" for c in cols)
        else:
            one = ", ".join("?" for _ in cols)
        values = ", ".join(f"({one})" for _ in range(rows))
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES {values}"
        if table == "traces":
            # Idempotent: a batch sent again after its commit was not acknowledged (the
            # connection dropped at that moment), or a caller reusing a request id, writes
            # nothing twice and does not fail forever.
            sql += " ON CONFLICT (id) DO NOTHING"
        _SQL_CACHE[key] = sql
    return sql


def _insert_traces(s: Any, dialect: str, rows: Sequence[TraceRow]) -> None:
    """Multi-row INSERT statements with positional parameters, 100 rows each.

    The gateway writes thousands of rows a second from a thread beside the event loop.
    The ORM's per-row processing costs several times more than this; and an
    `executemany` steps SQLite once per row, releasing and re-taking the GIL each time —
    thousands of GIL hand-offs a second that the event loop pays for (measured: ~80 µs
    of event-loop CPU per request at 1,500 req/s). One statement per 100 rows hands the
    GIL over once per statement. Values are converted here the way the SQLAlchemy types
    store them (JSON text; `UTCDateTime`: aware times only, naive-UTC text on SQLite)."""
    sqlite = dialect == "sqlite"
    flat: list[Any] = []
    extend = flat.extend
    for row in rows:
        extend(trace_values(row, sqlite))
    _execute_inserts(s, dialect, "traces", _TRACE_COLS, _TRACE_JSON, flat, len(rows))


def ledger_values(row: LedgerEntry, sqlite: bool) -> tuple[Any, ...]:
    """`row` as the driver's parameters for `_LEDGER_COLS`."""
    return (
        row.request_id, row.scope, row.period, row.action, row.amount,
        _stored_time(row.created_at, sqlite),
    )  # fmt: skip


def _insert_ledger(s: Any, dialect: str, rows: Sequence[LedgerEntry]) -> None:
    """`_insert_traces` for budget ledger rows."""
    sqlite = dialect == "sqlite"
    flat: list[Any] = []
    extend = flat.extend
    for row in rows:
        extend(ledger_values(row, sqlite))
    _execute_inserts(s, dialect, "budget_ledger", _LEDGER_COLS, frozenset(), flat, len(rows))


def _execute_inserts(
    s: Any, dialect: str, table: str, cols: tuple[str, ...], json_cols: frozenset[str],
    flat: list[Any], rows: int,
) -> None:  # fmt: skip
    conn = s.connection()
    width = len(cols)
    i = 0
    for n in _statement_sizes(rows):
        sql = _insert_sql(dialect, table, cols, json_cols, n)
        conn.exec_driver_sql(sql, tuple(flat[i : i + n * width]))
        i += n * width


def _statement_sizes(rows: int) -> list[int]:
    """Rows per INSERT for `rows` rows: 100s, then powers of two (57 → 32, 16, 8, 1).

    Few statement shapes, so few prepared statements: sqlite3 caches one per distinct
    SQL text on each connection (and PostgreSQL prepares repeated ones), and a 100-row
    statement of 19 columns takes ~130 KB prepared. With a shape for every batch size
    from 1 to 100 that cache grew by ~13 MB as new sizes came along (issue #21.4); eight
    shapes bound it."""
    sizes = [_ROWS_PER_STATEMENT] * (rows // _ROWS_PER_STATEMENT)
    rest = rows % _ROWS_PER_STATEMENT
    bit = 64
    while rest:
        if rest >= bit:
            sizes.append(bit)
            rest -= bit
        bit //= 2
    return sizes


def trace_exists(store: Store, trace_id: str) -> bool:
    with store.session() as s:
        return s.scalar(select(Trace.id).where(Trace.id == trace_id)) is not None


def query_traces(
    store: Store,
    project: str | None = None,
    *,
    outcome: str | None = None,
    since: dt.datetime | None = None,
    feedback_below: float | None = None,
    errors: bool = False,
    findings: bool = False,
    ids: Iterable[str] | None = None,
    limit: int | None = 50,
) -> list[Trace]:
    """Newest first. `errors` = any non-200 outcome; `findings` = a guardrail found something."""
    q = select(Trace)
    if project:
        q = q.where(Trace.project == project)
    if outcome:
        q = q.where(Trace.outcome == outcome)
    if since is not None:
        q = q.where(Trace.started_at >= since)
    if feedback_below is not None:
        q = q.where(Trace.feedback_score.is_not(None), Trace.feedback_score < feedback_below)
    if errors:
        q = q.where(or_(Trace.status_code != 200, Trace.outcome.in_(("error", "fallback"))))
    id_list = list(ids) if ids is not None else None
    if id_list is not None:
        q = q.where(Trace.id.in_(id_list))
    q = q.order_by(Trace.started_at.desc())
    with store.session() as s:
        rows = list(s.scalars(q).all())
    if findings:
        rows = [r for r in rows if r.findings]
    if limit is not None:
        rows = rows[:limit]
    return rows


def capture(
    store: Store,
    name: str,
    traces: Sequence[Trace],
    *,
    expected_from: str = "output",
) -> int:
    """Copy traces into `captured_cases` under `name`; returns how many were new."""
    added = 0
    with store.session() as s:
        have = set(s.scalars(select(CapturedCase.trace_id).where(CapturedCase.capture == name)))
        for t in traces:
            if t.id in have or t.input is None:
                continue
            tags = ["captured", t.outcome]
            if t.findings:
                tags.append("finding")
            if t.status_code != 200:
                tags.append("error")
            # Only the target's own answer can be an expected answer: a fallback's canned
            # text would score a fixed pilot as wrong.
            answered = t.status_code == 200 and t.outcome == "ok"
            expected = t.output if expected_from == "output" and answered else None
            s.add(
                CapturedCase(
                    capture=name, trace_id=t.id, input=t.input, expected=expected, tags=tags
                )
            )
            added += 1
    return added


def trace_as_dict(t: Trace) -> dict[str, Any]:
    return {c: _jsonable(getattr(t, c)) for c in sorted(TRACE_COLUMNS)}


def _jsonable(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.datetime) else v
