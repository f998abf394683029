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

from phaseone.store.database import Store
from phaseone.store.traces import BATCH_ROWS, PendingWrites


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
    interval = float(config["flush_interval_s"])
    held = PendingWrites(store)
    tx.send_bytes(pickle.dumps(("ready",)))
    last = time.monotonic()
    try:
        while True:
            wait = max(0.0, last + interval - time.monotonic())
            try:
                ready = rx.poll(wait)
                message = pickle.loads(rx.recv_bytes()) if ready else None
            except (EOFError, OSError):  # the gateway is gone: keep what it sent
                held.write_all()
                return 0
            if message is None:
                held.write()
                last = time.monotonic()
                continue
            held.add(message[1])
            if message[0] == "flush":
                tx.send_bytes(pickle.dumps(("flushed", message[2], held.write())))
            elif message[0] == "close":
                held.write_all()
                tx.send_bytes(pickle.dumps(("closed",)))
                return 0
            elif held.waiting >= BATCH_ROWS:
                held.write()
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(child_main())
