"""A redis-server of a test's own on 127.0.0.1, which the test may kill and start again.

redis-server takes only a port number, so the port is chosen free first and could be
taken by another process before redis-server binds it (the "free port now, bind it later"
race of bench/ports.py; on a busy 2-core CI machine it happens). So:

* the port is drawn from outside the kernel's ephemeral range
  (/proc/sys/net/ipv4/ip_local_port_range), where no process's `connect()` or bind to
  port 0 lands: only a process naming that very port can take it. That matters most for
  a restart, which must come back on the same port (the URL is in the test's plan);
* a first start whose port was taken (redis-server exits saying "Address already in
  use", `bench.ports.ADDRESS_IN_USE`) is tried again on another port, a restart again on
  its own port after a pause; both a bounded number of times, then a RuntimeError says
  what happened;
* the server counts as started only when the redis-server answering on the port is this
  one (its `process_id`) and has loaded its data (PING): never another process's server
  that happens to listen there.
"""

from __future__ import annotations

import random
import socket
import subprocess
import time
from pathlib import Path

import redis
from bench.ports import ADDRESS_IN_USE, free_port
from redis.backoff import NoBackoff
from redis.retry import Retry

#: Linux's default, when /proc cannot be read.
EPHEMERAL_DEFAULT = (32768, 60999)
#: Ports below this are left alone (well-known and registered services).
LOWEST = 10000
#: Ports drawn without SystemRandom would repeat across pytest-xdist workers (one seed).
_random = random.SystemRandom()


class PortTaken(RuntimeError):
    """redis-server could not bind its port: another process holds it."""


def ephemeral_range() -> tuple[int, int]:
    """The kernel's range for ephemeral ports (first, last)."""
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return EPHEMERAL_DEFAULT


def quiet_port() -> int:
    """A port nothing is bound to on 127.0.0.1 right now, outside the ephemeral range when
    there is room (else any free port: the start is still retried)."""
    low, high = ephemeral_range()
    ports = [*range(LOWEST, min(low, 65536)), *range(max(high + 1, LOWEST), 65536)]
    for _ in range(50 if ports else 0):
        port = _random.choice(ports)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    return free_port()


class OwnRedis:
    """One redis-server on 127.0.0.1 with `config` (redis-server options), its data and log
    in `workdir`; `start()` (again after `kill()`: same port, same data directory)."""

    def __init__(
        self, workdir: Path, *config: str, attempts: int = 5, timeout_s: float = 20.0
    ) -> None:
        self.workdir = workdir
        self.config = config
        self.attempts = attempts
        self.timeout_s = timeout_s
        self.port = 0  #: chosen by the first start
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def log(self) -> Path:
        return self.workdir / f"redis-{self.port}.log"

    def start(self) -> None:
        """Start it and return once it answers; on a new port the first time, on the same
        port after `kill()`."""
        assert self.proc is None, "redis-server is running"
        restart = self.port != 0
        for attempt in range(1, self.attempts + 1):
            if not restart:
                self.port = quiet_port()
            try:
                self._start_once()
                return
            except PortTaken:
                if attempt == self.attempts:
                    break
                if restart:
                    time.sleep(0.5 * attempt)  # a probe or a short-lived socket: wait it out
        if restart:
            raise RuntimeError(
                f"redis-server could not start again on port {self.port}: another process"
                f" has held it since the kill ({self.attempts} tries); the test's URL names"
                f" this port, so it cannot move (log: {self.log})"
            )
        raise RuntimeError(
            f"redis-server could not bind a port: {self.attempts} in a row were taken by other"
            f" processes before it started (last {self.port}; log: {self.log})"
        )

    def _start_once(self) -> None:
        with self.log.open("ab") as out:
            proc = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--dir", str(self.workdir), *self.config],
                stdout=out,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            self._wait_ready(proc)
        except BaseException:
            proc.kill()
            proc.wait(10)
            raise
        self.proc = proc

    def _wait_ready(self, proc: subprocess.Popen[bytes]) -> None:
        client = redis.Redis(
            host="127.0.0.1",
            port=self.port,
            socket_timeout=0.5,
            socket_connect_timeout=0.5,
            retry=Retry(NoBackoff(), 0),  # no retries with backoff: this loop polls
        )
        deadline = time.monotonic() + self.timeout_s
        try:
            while True:
                if proc.poll() is not None:
                    text = self.log.read_text(errors="replace")
                    if ADDRESS_IN_USE.search(text):
                        raise PortTaken(f"port {self.port}: address already in use")
                    raise RuntimeError(
                        f"redis-server exited ({proc.returncode}) at start: {text[-2000:]}"
                    )
                try:
                    # ours (not another server on this port), and done loading its data
                    if client.info("server")["process_id"] == proc.pid and client.ping():
                        return
                except redis.RedisError:
                    pass
                if time.monotonic() > deadline:
                    text = self.log.read_text(errors="replace")
                    raise RuntimeError(
                        f"redis-server did not answer on port {self.port} within"
                        f" {self.timeout_s:g} s: {text[-2000:]}"
                    )
                time.sleep(0.05)
        finally:
            client.close()

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=10)
            self.proc = None

    def restart(self) -> None:
        self.kill()
        self.start()
