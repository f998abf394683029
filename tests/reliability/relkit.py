"""Helpers of the reliability suite: a TCP proxy that can cut a service off, and
`phaseone serve` / `phaseone eval` as subprocesses whose output goes to a file."""

from __future__ import annotations

import asyncio
import contextlib
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import guardkit
from guardkit import Serving as Served

# --- a TCP proxy that can cut a service off ---------------------------------------------


class TcpProxy:
    """Forwards 127.0.0.1:<port> to `upstream`, in a thread with its own event loop.

    `cut()` makes the service unreachable the way a crashed or partitioned one is: every
    open connection is reset and the port stops listening, so a new connection is
    refused. `restore()` listens on the same port again. This stands between the gateway
    and PostgreSQL or Redis so a test can take them away without stopping the shared
    servers other tests use."""

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.port = 0
        self.accepted = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.AbstractServer | None = None
        self._open: set[asyncio.StreamWriter] = set()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def __enter__(self) -> TcpProxy:
        self._thread.start()
        self._call(self._listen())
        return self

    def __exit__(self, *exc: Any) -> None:
        self._call(self._close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _call(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(30)

    @property
    def up(self) -> bool:
        return self._server is not None

    def cut(self) -> None:
        """Reset every connection and refuse new ones."""
        self._call(self._close())

    def restore(self) -> None:
        self._call(self._listen())

    async def _listen(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(
                self._handle, "127.0.0.1", self.port, reuse_address=True
            )
            self.port = self._server.sockets[0].getsockname()[1]

    async def _close(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for writer in list(self._open):
            writer.transport.abort()
        self._open.clear()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._server is None:
            writer.transport.abort()
            return
        self.accepted += 1
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            writer.transport.abort()
            return
        self._open.update((writer, up_writer))

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError, asyncio.CancelledError):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            dst.transport.abort() if self._server is None else dst.close()

        try:
            await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        finally:
            self._open.discard(writer)
            self._open.discard(up_writer)


def pg_through(url: str, proxy: TcpProxy) -> str:
    """A SQLAlchemy URL with its host and port the proxy's."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(host="127.0.0.1", port=proxy.port).render_as_string(False)


def pg_address(url: str) -> tuple[str, int]:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return u.host or "127.0.0.1", u.port or 5432


def redis_through(url: str, proxy: TcpProxy) -> str:
    """A redis:// URL with its host and port the proxy's."""
    from urllib.parse import urlsplit, urlunsplit

    u = urlsplit(url)
    auth = u.netloc.rpartition("@")[0]
    netloc = (auth + "@" if auth else "") + f"127.0.0.1:{proxy.port}"
    return urlunsplit(u._replace(netloc=netloc))


def redis_address(url: str) -> tuple[str, int]:
    from urllib.parse import urlsplit

    u = urlsplit(url)
    return u.hostname or "127.0.0.1", u.port or 6379


# --- phaseone as a subprocess -----------------------------------------------------------


def start_serve(plan: Path, log: Path, *, workers: int = 1, port: int = 0) -> Served:
    """`phaseone serve` with its output in `log`, returned once `/healthz` answers on the
    port it bound (any free one unless `port` names one: a restart on the same port)."""
    return guardkit.start_serve(plan, log, workers=workers, port=port)


def stop(served: Served) -> None:
    """SIGTERM, and SIGKILL if it does not end within 30 s."""
    if served.proc.poll() is None:
        served.proc.terminate()
        try:
            served.proc.wait(30)
        except subprocess.TimeoutExpired:
            served.proc.kill()
            served.proc.wait(10)


@contextlib.contextmanager
def serving(plan: Path, log: Path, *, workers: int = 1, port: int = 0) -> Iterator[Served]:
    served = start_serve(plan, log, workers=workers, port=port)
    try:
        yield served
    finally:
        stop(served)


def wait_for(check: Any, timeout: float = 60.0, interval: float = 0.1) -> Any:
    """`check()`'s first truthy value within `timeout` seconds, else AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        got = check()
        if got:
            return got
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s")
        time.sleep(interval)


def metric_samples(text: str, name: str) -> dict[str, float]:
    """Samples of one Prometheus metric: label text (``reason="x"``) → value."""
    out = {}
    for m in re.finditer(rf"^{name}(?:{{([^}}]*)}})? ([0-9.e+-]+)$", text, re.M):
        out[m.group(1) or ""] = float(m.group(2))
    return out


# --- load: concurrent clients that remember every answer --------------------------------


@dataclass
class Answer:
    """One answer a client got: its status, error code and request id, and when."""

    status: int
    code: str | None
    request_id: str | None
    at: float  #: time.monotonic() when the answer arrived
    route: str | None = None


class Load:
    """`clients` concurrent clients posting to `/v1/invoke` until `stop()`, each waiting
    `pace_s` between requests; every answer (or connection failure, status 0) is kept."""

    def __init__(self, url: str, key: str, *, clients: int = 8, pace_s: float = 0.02) -> None:
        self.url = url + "/v1/invoke"
        self.key = key
        self.clients = clients
        self.pace_s = pace_s
        self.answers: list[Answer] = []
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._session: Any = None

    async def __aenter__(self) -> Load:
        import aiohttp

        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0),
            timeout=aiohttp.ClientTimeout(total=60),
        )
        self._tasks = [asyncio.create_task(self._client(i)) for i in range(self.clients)]
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.stop()

    async def stop(self) -> None:
        self._stop.set()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _client(self, i: int) -> None:
        import aiohttp

        n = 0
        while not self._stop.is_set():
            n += 1
            try:
                async with self._session.post(
                    self.url,
                    json={"input": f"c{i}-{n}"},
                    headers={"authorization": f"Bearer {self.key}"},
                ) as resp:
                    body = await resp.json(content_type=None)
                    err = body.get("error") if isinstance(body, dict) else None
                    self.answers.append(
                        Answer(
                            resp.status,
                            err["code"] if err else None,
                            (err or body)["request_id"],
                            time.monotonic(),
                            None if err else body.get("route"),
                        )
                    )
            except (aiohttp.ClientError, ValueError, TimeoutError):
                self.answers.append(Answer(0, None, None, time.monotonic()))
            await asyncio.sleep(self.pace_s)

    def count(self, status: int) -> int:
        return sum(1 for a in self.answers if a.status == status)

    def ids(self, status: int = 200) -> set[str]:
        return {a.request_id for a in self.answers if a.status == status and a.request_id}

    async def until(self, cond: Any, timeout: float) -> bool:
        """Wait (bounded) until `cond()` holds; False if it never did."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if cond():
                return True
            await asyncio.sleep(0.1)
        return bool(cond())

    def exhausted(self) -> bool:
        """The last answer of every client was a 402: the budget is used up."""
        last = self.answers[-2 * self.clients :]
        return len(last) == 2 * self.clients and all(a.status == 402 for a in last)
