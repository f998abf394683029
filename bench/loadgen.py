"""Open-loop HTTP/1.1 load generator for the gateway benchmark (its own process).

Requests leave on a fixed schedule whatever the answers do, and latency counts from the
scheduled time, so queueing anywhere shows up (no coordinated omission). It speaks just
enough HTTP/1.1 for this job (one pre-built request, keep-alive connections, answers
framed by Content-Length) on raw asyncio protocols: a general client such as aiohttp
spends ~250 µs of CPU per request here, which on a 2-core machine is CPU taken from the
gateway being measured; this one spends a small fraction of that, and it is the same
for the direct, bare-proxy and guarded runs.

    python -m bench.loadgen URL RATE SECONDS [API_KEY] [BODY_JSON] [WARMUP_SECONDS]

RATE ``closed:N`` runs a closed loop instead: N connections, each sending its next
request as soon as its answer is complete, for the highest rate a server sustains
(latency then counts from each request's send).

The first WARMUP_SECONDS (default 1) run at the same rate and are not counted: both
connection pools on a proxied path (client → proxy, proxy → target) fill up during the
first few hundred milliseconds, and that start-up is not the steady state being
measured (wrk2 discards its first 10 s for the same reason).

Prints one JSON line: offered, sent, ok, errors, send_s, elapsed_s, p50, p99, max (ms),
cpu_s (this process, warm-up included), answered (every 200 answer, the warm-up's and
those after the measured window included); for streamed answers (server-sent events)
the time to the first ``data:`` event, ttft_p50 and ttft_p99 (ms; None otherwise); in a
closed loop also clients and rps (answers completed per second of the measured window).
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from collections import deque
from typing import Any
from urllib.parse import urlsplit

clock = time.perf_counter  # uvloop's loop.time() has 1 ms resolution


class Conn(asyncio.Protocol):
    """One keep-alive connection carrying one request at a time."""

    def __init__(self, gen: LoadGen) -> None:
        self.gen = gen
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.t_sched = 0.0
        self.t_first = 0.0  # when the first server-sent event of the answer arrived
        self.busy = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def send(self, t_sched: float) -> None:
        self.t_sched = t_sched
        self.t_first = 0.0
        self.busy = True
        assert self.transport is not None
        self.transport.write(self.gen.next_request())

    def data_received(self, data: bytes) -> None:
        self.buf += data
        end = self.buf.find(b"\r\n\r\n")
        if end < 0:
            return
        if not self.t_first and self.buf.find(b"data:", end) >= 0:
            self.t_first = clock()
        head = bytes(self.buf[:end]).lower()
        i = head.find(b"content-length:")
        if i >= 0:
            j = head.find(b"\r\n", i)
            length = int(head[i + 15 : j if j > 0 else len(head)])
            if len(self.buf) < end + 4 + length:
                return
            size = end + 4 + length
        elif b"chunked" in head:
            last = self.buf.find(b"\r\n0\r\n\r\n", end)
            if last < 0:
                return
            size = last + 7
        else:
            self._done(False)
            return
        status = int(head[9:12])
        del self.buf[:size]
        self._done(status == 200)

    def _done(self, ok: bool) -> None:
        self.busy = False
        self.gen.finished(self, ok, self.t_sched, self.t_first)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.busy:
            self.busy = False
            self.gen.finished(None, False, self.t_sched)
        self.gen.drop(self)


#: Replaced in the body by the request's number, zero-padded to eight digits.
NUMBER = b"{n}"


class LoadGen:
    def next_request(self) -> bytes:
        """The request to send next (numbered when the body has `NUMBER`)."""
        if self.numbered is None:
            return self.request
        self.sent_n += 1
        return b"%s%08d%s" % (self.numbered[0], self.sent_n % 100_000_000, self.numbered[1])

    def __init__(self, url: str, key: str, body: bytes) -> None:
        u = urlsplit(url)
        self.host = u.hostname or "127.0.0.1"
        self.port = u.port or 80
        headers = [
            f"POST {u.path or '/'} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Content-Type: application/json",
            f"Content-Length: {len(body) + (5 if NUMBER in body else 0)}",
        ]
        if key:
            headers.append(f"Authorization: Bearer {key}")
        self.request = ("\r\n".join(headers) + "\r\n\r\n").encode() + body
        # Each request's own number where the body says ``{n}`` (eight digits, so the
        # length never changes): a gateway that keeps what it concluded about a message
        # it has read before (`phaseone.guard.seen_texts`) must not find every user turn
        # already read, as a real app's users never send the same turn twice.
        head, mark, tail = self.request.partition(NUMBER)
        self.numbered = (head, tail) if mark else None
        self.sent_n = 0
        self.idle: deque[Conn] = deque()
        self.waiting: deque[float] = deque()  # scheduled times with no free connection yet
        self.conns: set[Conn] = set()
        self.opening = 0
        self.lat: list[float] = []
        self.ttft: list[float] = []
        self.answered = 0  # every 200 answer, warm-up and outside the window included
        #: Closed loop: each connection sends again as soon as its answer is complete;
        #: answers completed after `measure_until` are not counted.
        self.closed = False
        self.measure_until = float("inf")
        self.errors = 0
        self.measure_from = 0.0  # requests scheduled before this are the warm-up
        self.outstanding = 0
        self.all_done = asyncio.Event()
        self.closing = False
        self._opening_tasks: set[asyncio.Task[None]] = set()

    async def open(self) -> None:
        loop = asyncio.get_running_loop()
        self.opening += 1
        try:
            _, conn = await loop.create_connection(lambda: Conn(self), self.host, self.port)
        except OSError:
            self.opening -= 1
            while self.waiting:  # nothing to send them on: count them as failed
                self.finished(None, False, self.waiting.popleft())
            return
        self.opening -= 1
        self.conns.add(conn)
        self.release(conn)

    def release(self, conn: Conn) -> None:
        if self.closed:
            self.outstanding += 1
            conn.send(clock())
            return
        if self.waiting:
            conn.send(self.waiting.popleft())
        else:
            self.idle.append(conn)

    def submit(self, t_sched: float) -> None:
        self.outstanding += 1
        if self.idle:
            self.idle.pop().send(t_sched)
            return
        self.waiting.append(t_sched)
        if len(self.conns) + self.opening < 1024 and self.opening < len(self.waiting):
            task = asyncio.ensure_future(self.open())
            self._opening_tasks.add(task)
            task.add_done_callback(self._opening_tasks.discard)

    def finished(self, conn: Conn | None, ok: bool, t_sched: float, t_first: float = 0.0) -> None:
        self.outstanding -= 1
        now = clock()
        self.answered += ok
        if t_sched >= self.measure_from and now <= self.measure_until:
            if ok:
                self.lat.append(now - t_sched)
                if t_first:
                    self.ttft.append(t_first - t_sched)
            else:
                self.errors += 1
        if conn is not None and not self.closing:
            self.release(conn)
        if self.outstanding == 0 and self.closing:
            self.all_done.set()

    def drop(self, conn: Conn) -> None:
        self.conns.discard(conn)
        try:
            self.idle.remove(conn)
        except ValueError:
            pass


async def run(
    url: str, rate: float, seconds: float, key: str, body: bytes, warmup_s: float = 1.0
) -> dict[str, Any]:
    gen = LoadGen(url, key, body)
    for _ in range(8):
        await gen.open()
    warm = int(rate * warmup_s)
    n = int(rate * seconds)
    t0 = clock() + 0.05
    start = t0 + warm / rate
    gen.measure_from = start
    for i in range(-warm, n):
        t = start + i / rate
        delay = t - clock()
        if delay > 0:
            await asyncio.sleep(delay)
        gen.submit(t)
    sent_done = clock()
    gen.closing = True
    if gen.outstanding:
        try:
            await asyncio.wait_for(gen.all_done.wait(), 30)
        except TimeoutError:
            gen.errors += gen.outstanding
    elapsed = clock() - start
    for c in list(gen.conns):
        if c.transport is not None:
            c.transport.close()
    out = summary(gen)
    out.update(offered=rate, sent=n, warmup=warm, send_s=sent_done - start, elapsed_s=elapsed)
    return out


def pct(values: list[float], p: float) -> float | None:
    """The `p`-th percentile of sorted seconds, in ms (None when there are none)."""
    return values[min(len(values) - 1, int(p / 100 * len(values)))] * 1000 if values else None


def summary(gen: LoadGen) -> dict[str, Any]:
    lat, ttft = sorted(gen.lat), sorted(gen.ttft)
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "ok": len(lat),
        "answered": gen.answered,
        "errors": gen.errors,
        "p50": pct(lat, 50),
        "p99": pct(lat, 99),
        "max": lat[-1] * 1000 if lat else None,
        "ttft_p50": pct(ttft, 50),
        "ttft_p99": pct(ttft, 99),
        "cpu_s": ru.ru_utime + ru.ru_stime,
    }


async def run_closed(
    url: str, clients: int, seconds: float, key: str, body: bytes, warmup_s: float = 1.0
) -> dict[str, Any]:
    """`clients` connections, each with one request in flight at all times."""
    gen = LoadGen(url, key, body)
    gen.closed = True
    gen.measure_from = clock() + warmup_s
    gen.measure_until = gen.measure_from + seconds
    tasks = [asyncio.ensure_future(gen.open()) for _ in range(clients)]
    await asyncio.gather(*tasks)
    await asyncio.sleep(max(0.0, gen.measure_until - clock()))
    gen.closing = True
    if gen.outstanding:
        try:
            await asyncio.wait_for(gen.all_done.wait(), 30)
        except TimeoutError:
            pass  # answers after the window are not counted anyway
    for c in list(gen.conns):
        if c.transport is not None:
            c.transport.close()
    out = summary(gen)
    sent = out["ok"] + out["errors"]
    out.update(offered=None, clients=clients, sent=sent, warmup=0, send_s=seconds)
    out.update(elapsed_s=seconds, rps=out["ok"] / seconds)
    return out


def main() -> None:
    url, seconds = sys.argv[1], float(sys.argv[3])
    rate = 0.0 if sys.argv[2].startswith("closed:") else float(sys.argv[2])
    key = sys.argv[4] if len(sys.argv) > 4 else ""
    body = (sys.argv[5] if len(sys.argv) > 5 else '{"input": "hello"}').encode()
    warmup = float(sys.argv[6]) if len(sys.argv) > 6 else 1.0
    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        pass
    if sys.argv[2].startswith("closed:"):
        clients = int(sys.argv[2].removeprefix("closed:"))
        print(json.dumps(asyncio.run(run_closed(url, clients, seconds, key, body, warmup))))
        return
    print(json.dumps(asyncio.run(run(url, rate, seconds, key, body, warmup))))


if __name__ == "__main__":
    main()
