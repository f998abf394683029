"""The child's side of `phaseone.guard.trace_process`: batches of trace rows, ledger rows
and trace updates arrive pickled on stdin and are written to the store; `flush` and
`close` are acknowledged on stdout.

Run only by the gateway (`python -m phaseone.store.trace_sink`); it imports nothing but
the store, so it starts in well under a second. The first message carries the store URL
(never the command line: it may hold a password). Pickle is safe here: the only writer
of the pipe is the parent process that started this one.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import time
from multiprocessing.connection import Connection

from sqlalchemy import event

from phaseone.store.database import Store
from phaseone.store.traces import BATCH_ROWS, PendingWrites, WriteStatus

#: SQLite page cache of the writer's connection, in KiB. The store asks for 64 MB per
#: connection (the gateway and the dashboard read large tables), and a writer that only
#: appends filled it with the traces table's pages as the table grew: ~520 bytes per
#: request until 64 MB (issue #21.4: 47 → 63 MB in five minutes at 100 req/s, kept when
#: idle). Appends at the end of time-ordered indexes need only their last pages; with
#: 2 MB the writer stays flat and writes no slower (150,000 rows: 2.6 s against 3.5 s).
SINK_CACHE_KIB = 2048


#: Bytes a WAL file is cut back to after a checkpoint: a burst (a backlog written after
#: an outage) must not leave a large WAL behind on a disk that was just full.
SINK_WAL_LIMIT = 4 * 1024 * 1024
#: Shortest time between two status messages that only say the backlog changed.
STATUS_EVERY_S = 0.5


def _sink_pragmas(dbapi_conn: object, _record: object) -> None:
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute(f"PRAGMA cache_size=-{SINK_CACHE_KIB}")
    cur.execute(f"PRAGMA journal_size_limit={SINK_WAL_LIMIT}")
    cur.close()


class _Reporter:
    """Tells the gateway how writing goes (`WriteStatus`, for `/healthz` and `/metrics`):
    on every change of failing / failures / dropped, and at most every `STATUS_EVERY_S`
    when only the backlog changed. A healthy writer sends nothing after its first write."""

    def __init__(self, tx: Connection) -> None:
        self.tx = tx
        self.sent: WriteStatus | None = None
        self.at = 0.0

    def __call__(self, held: PendingWrites) -> None:
        st = held.status()
        last = self.sent
        if last is not None:
            same = (st.failing, st.failures, st.dropped) == (
                last.failing, last.failures, last.dropped,
            )  # fmt: skip
            if same and (st.waiting == last.waiting or time.monotonic() - self.at < STATUS_EVERY_S):
                return
        self.tx.send_bytes(pickle.dumps(("status", st)))
        self.sent, self.at = st, time.monotonic()


def child_main() -> int:
    """Read batches from stdin, write them to the store, answer flush/close on stdout."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    rx = Connection(os.dup(sys.stdin.fileno()), writable=False)
    tx = Connection(os.dup(sys.stdout.fileno()), readable=False)
    sys.stdout = sys.stderr  # the pipe carries only acknowledgements
    kind, config = pickle.loads(rx.recv_bytes())
    if kind != "config":
        return 2
    store = Store(config["url"], migrate=False)
    if store.dialect == "sqlite":  # runs after the store's own pragmas (listener order)
        event.listen(store.engine, "connect", _sink_pragmas)
    interval = float(config["flush_interval_s"])
    held = PendingWrites(store)
    report = _Reporter(tx)
    tx.send_bytes(pickle.dumps(("ready",)))
    last = time.monotonic()
    try:
        while True:
            wait = max(0.0, last + interval - time.monotonic())
            retry = held.retry_in()
            if retry is not None:  # failing: retry when the pause is over, not the interval
                wait = min(wait, retry)
            try:
                ready = rx.poll(wait)
                message = pickle.loads(rx.recv_bytes()) if ready else None
            except (EOFError, OSError):  # the gateway is gone: keep what it sent
                held.write_all()
                return 0
            if message is None:
                held.write()
                last = time.monotonic()
                report(held)
                continue
            held.add(message[1])
            if message[0] == "flush":
                written = held.write(force=True)
                report(held)
                tx.send_bytes(pickle.dumps(("flushed", message[2], written)))
            elif message[0] == "close":
                held.write_all()
                tx.send_bytes(pickle.dumps(("closed",)))
                return 0
            elif held.waiting >= BATCH_ROWS or held.retry_in() == 0:
                held.write()
                report(held)
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(child_main())
