"""Trace writing in a child process: the gateway only pickles a batch per tick.

Why: in the gateway's own process, writing a trace row (JSON-encoding four columns,
building the INSERT, SQLite's work) costs tens of microseconds of Python time per
request, taken from the event loop through the GIL — at 2,000 req/s a tenth or more of
the one core the gateway has. Here the gateway's writer thread drains its queue every
`tick_s`, pickles the batch (~1 µs a row) and sends it down a pipe; the child does the
rest on another core.

The same guarantees as `TraceWriter`, and one better:

* a clean shutdown (`close()`) waits until the child has written everything;
* `flush()` returns once everything enqueued so far is in the store;
* if the gateway is SIGKILLed, the child reads the end of the pipe, writes what it has and
  exits: only what was enqueued since the last tick (`tick_s`, 20 ms) is lost, instead of
  up to one flush interval; SIGKILL of both processes (e.g. of the whole cgroup) loses
  at most one flush interval, as before;
* the child ignores SIGINT and SIGTERM (a terminal's Ctrl-C or a service manager reaches
  the whole process group): it stops when the gateway closes it, after writing;
* if the child dies, the gateway logs it and writes in-process from then on (`TraceWriter`):
  the rows the child held unwritten are lost (at most one flush interval), nothing after.

The store URL (it may hold a password) goes down the pipe, never on the command line.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import pickle
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

from phaseone.guard.tracing import QueuedWriter, TraceWriter
from phaseone.store.database import Store
from phaseone.store.trace_row import JSON_FIELDS, TraceRow
from phaseone.store.traces import WriteStatus

log = logging.getLogger("phaseone.guard")
#: How long `flush()` and `close()` wait for the child's answer.
ACK_TIMEOUT_S = 120.0


def _picklable(kind: str, item: Any) -> tuple[str, Any]:
    """An item whose values pickle: JSON columns of odd objects become their JSON text
    form, as the store would have written them anyway (`default=str`)."""
    try:
        pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        return kind, item
    except Exception:
        pass
    if kind == "u":
        tid, values = item
        return kind, (tid, json.loads(json.dumps(values, default=str)))
    if isinstance(item, TraceRow):
        as_json = {k: json.loads(json.dumps(getattr(item, k), default=str)) for k in JSON_FIELDS}
        return kind, dataclasses.replace(item, **as_json)
    return kind, item  # a `LedgerEntry` holds only plain values


class ProcessTraceWriter(QueuedWriter):
    """`TraceWriter`'s interface (trace, ledger, update, flush, close), written by a child
    process (`python -m phaseone.store.trace_sink`, which imports only the store)."""

    #: How often the gateway's sender thread hands its queue to the child while rows come.
    tick_s = 0.02
    #: How often an idle sender thread (nothing queued) wakes anyway, to read the child's
    #: status messages and notice a child that died.
    idle_poll_s = 1.0

    def __init__(self, store: Store, flush_interval_s: float = 1.0) -> None:
        super().__init__()
        self.store = store
        self.flush_interval_s = flush_interval_s
        self._send_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._tx: Connection | None = None
        self._rx: Connection | None = None
        self._fallback: TraceWriter | None = None
        self._token = 0
        self._child_status = WriteStatus()
        #: Set by the sender thread while it sleeps on an empty queue; the first row
        #: enqueued then wakes it (`_enqueue`). Ticking every `tick_s` whatever came cost
        #: an idle gateway ~6 ms of CPU a second (50 wake-ups, each a GIL hand-off and a
        #: pipe poll): 0.3 ms per request at 20 req/s.
        self._idle = False
        self._wake = threading.Event()

    # -- the gateway's side ----------------------------------------------------------

    @property
    def pid(self) -> int | None:
        """The child's process id (None before `start` or after it died)."""
        return self._proc.pid if self._proc is not None and self._fallback is None else None

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        if self._proc is None and self._fallback is None:
            try:
                self._spawn()
            except (OSError, EOFError, TimeoutError, RuntimeError, pickle.PickleError) as exc:
                if self._proc is not None:
                    self._proc.kill()
                self._die(f"the trace writer process did not start ({exc!r})")
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="p1-traces", daemon=True)
        self._thread.start()

    def _spawn(self) -> None:
        proc = subprocess.Popen(
            [sys.executable, "-m", "phaseone.store.trace_sink"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            close_fds=True,
        )
        assert proc.stdin is not None and proc.stdout is not None
        self._proc = proc
        self._tx = Connection(os.dup(proc.stdin.fileno()), readable=False)
        self._rx = Connection(os.dup(proc.stdout.fileno()), writable=False)
        proc.stdin.close()
        proc.stdout.close()
        config = {"url": self.store.url, "flush_interval_s": self.flush_interval_s}
        self._tx.send_bytes(pickle.dumps(("config", config)))
        self._await_ack(("ready",), timeout=60.0)

    def _enqueue(self, item: tuple[str, Any]) -> None:
        self._q.put(item)
        if self._idle:  # the sender sleeps on an empty queue: this row wakes it
            self._idle = False
            self._wake.set()

    def _run(self) -> None:
        """Hand the queue over every `tick_s` while rows come; sleep while none do.

        A row's wait before it is handed over is still at most one tick (the loss bound
        on SIGKILL in the module's docstring): the first row after a quiet spell wakes
        the thread, which waits one tick to gather the rows that follow it into one
        batch. (The GIL orders the two threads: `_idle` is set before the queue is looked
        at, so a row put after the look sees it and wakes the thread.)

        The thread goes idle only after a tick that found nothing to send: while rows keep
        coming it wakes once a tick, on its timer. Going idle after every hand-over made
        the next request wake it (an `Event.set` on the event loop's thread, and a second
        wake-up and GIL hand-off a tick) whenever the queue was empty just after a
        hand-over, which at 1,000 req/s it nearly always was."""
        sent = False  # the last hand-over had rows: more are coming, tick again
        while not self._stop.is_set():
            if not sent:
                self._idle = True
                if self._q.empty():
                    self._wake.wait(self.idle_poll_s)
                self._idle = False
                self._wake.clear()
            if self._stop.wait(self.tick_s):
                return  # `close()` hands over what is left
            try:
                sent = self._hand_over()
            except Exception:  # keep the thread alive; the next tick tries again
                sent = False
                log.exception("could not hand traces to the trace writer process")

    def _hand_over(self) -> bool:
        """Send what is queued to the child (or, once it died, to the in-process writer),
        and read what it said about its writing; True when there was something to send."""
        with self._send_lock:
            items = self._drain()
            if items:
                self._send(("b", items), items)
            rx = self._rx
            try:
                while rx is not None and self._fallback is None and rx.poll(0):
                    self._heard(pickle.loads(rx.recv_bytes()))
            except (OSError, EOFError) as exc:
                self._die(f"the trace writer process is gone ({exc})")
            return bool(items)

    def _heard(self, message: Any) -> bool:
        """Take in a status message from the child; False for anything else."""
        if message[0] == "status" and isinstance(message[1], WriteStatus):
            self._child_status = message[1]
            return True
        return False

    def status(self) -> WriteStatus:
        """The writer's health (backlog, failed writes, dropped rows), as the child last
        reported it plus what is queued here; the in-process writer's once the child died."""
        if self._fallback is not None:
            return self._fallback.status().plus_waiting(self._q.qsize())
        return self._child_status.plus_waiting(self._q.qsize())

    def _send(self, message: tuple[Any, ...], items: list[tuple[str, Any]]) -> bool:
        """Send one message; on a dead child, switch to writing in-process, keeping `items`."""
        if self._fallback is None and self._tx is not None:
            try:
                try:
                    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
                except Exception:  # an odd value somewhere: make each item picklable
                    fixed = [_picklable(k, it) for k, it in items]
                    data = pickle.dumps((message[0], fixed, *message[2:]))
                self._tx.send_bytes(data)
                return True
            except OSError as exc:
                self._die(f"the trace writer process is gone ({exc})")
        self._forward(items)
        return False

    def _forward(self, items: list[tuple[str, Any]]) -> TraceWriter:
        """Hand `items` to the in-process writer (made now if the child never started)."""
        if self._fallback is None:  # never started: write in-process, nothing to warn about
            self._fallback = TraceWriter(self.store, self.flush_interval_s)
        fb = self._fallback
        for kind, item in items:
            if kind == "t":
                fb.trace(item)
            elif kind == "l":
                fb.ledger(item)
            else:
                fb.update(*item)
        return fb

    def _die(self, why: str) -> None:
        code = self._proc.poll() if self._proc is not None else None
        log.warning("%s (exit code %s); writing traces in this process from now on", why, code)
        self._fallback = TraceWriter(self.store, self.flush_interval_s)
        self._fallback.start()
        for conn in (self._tx, self._rx):
            if conn is not None:
                conn.close()
        self._tx = self._rx = None

    def _await_ack(self, expect: tuple[Any, ...], timeout: float) -> Any:
        """The child's answer `expect…`; status messages on the way are taken in."""
        assert self._rx is not None
        deadline = time.monotonic() + timeout
        while True:
            if not self._rx.poll(max(0.0, deadline - time.monotonic())):
                raise TimeoutError(f"the trace writer process did not answer within {timeout:g} s")
            reply = pickle.loads(self._rx.recv_bytes())
            if self._heard(reply):
                continue
            if reply[: len(expect)] != expect:
                raise RuntimeError(f"the trace writer process answered {reply!r}")
            return reply

    def flush(self) -> int:
        """Block until everything enqueued so far is written; returns the traces written."""
        with self._send_lock:
            items = self._drain()
            if self._fallback is None and self._tx is not None:
                self._token += 1
                if self._send(("flush", items, self._token), items):
                    try:
                        reply = self._await_ack(("flushed", self._token), ACK_TIMEOUT_S)
                        return int(reply[2])
                    except (OSError, EOFError, TimeoutError, RuntimeError) as exc:
                        self._die(f"the trace writer process failed to flush ({exc})")
                        return 0
                items = []  # `_send` handed them to the in-process writer
            return self._forward(items).flush()

    def close(self) -> None:
        """Write everything and stop the child (a clean shutdown loses nothing)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        with self._send_lock:
            items = self._drain()
            if self._fallback is None and self._tx is not None:
                if self._send(("close", items), items):
                    try:
                        self._await_ack(("closed",), ACK_TIMEOUT_S)
                    except (OSError, EOFError, TimeoutError, RuntimeError) as exc:
                        log.warning("the trace writer process did not close cleanly: %s", exc)
            elif items:
                self._forward(items)
            for conn in (self._tx, self._rx):
                if conn is not None:
                    conn.close()
            self._tx = self._rx = None
            if self._proc is not None:
                try:
                    self._proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                self._proc = None
            if self._fallback is not None:
                self._fallback.close()
