"""Ports for the benchmarks' servers, without a "free port now, bind it later" race.

A port found free and handed to a server to bind later can be taken in between by any
other process (a client's ephemeral port; on a busy 2-core CI machine it happens), and
the benchmark then fails or, worse, measures whatever listens there. So:

* our own servers (`echo_target`, `openai_upstream`, the bare proxy) get a socket this
  process bound and listens on, passed to them (`--fd`): the port is known and held
  before they start (`start_on_socket`);
* `phaseone serve` binds port 0 itself and names the port in its start-up line
  (`named_port`);
* a peer that only takes a port number (LiteLLM's proxy) gets `free_port()` and is
  started again, once, on a new port when it says the address is in use
  (`ADDRESS_IN_USE`).
"""

from __future__ import annotations

import re
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

#: What a server that lost its port to another process prints (uvicorn: errno 98).
ADDRESS_IN_USE = re.compile(r"address already in use|errno 98", re.IGNORECASE)

#: The start-up line of `phaseone serve` and `phaseone dashboard` once their socket is bound
#: (commands/serve.py, ui/server.py): the one pattern benches and tests read the port with.
STARTED = re.compile(r"phaseone (?:gateway|dashboard) for .* on http://\S+?:(\d+)")


def free_port() -> int:
    """A port nothing listens on right now: for a peer that only takes a port number
    (start it again on "address in use"), never for a server we can hand a socket to."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_on_socket(cmd: list[str], **popen: Any) -> tuple[subprocess.Popen[bytes], int]:
    """Start `cmd --fd N`, N a socket listening on 127.0.0.1 at a port the kernel chose;
    return the process and that port.

    The socket is bound and listening before the child starts, so no other process can
    take the port, and a client may connect at once (it waits in the backlog). This
    process closes its copy once the child holds one: if the child dies, connections
    are refused rather than left queued where nobody answers.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(4096)
        port = int(sock.getsockname()[1])
        fd = sock.fileno()
        proc = subprocess.Popen([*cmd, "--fd", str(fd)], pass_fds=(fd,), **popen)
    return proc, port


def start_serve(
    cmd: list[str], log: Path, timeout: float = 120.0, **popen: Any
) -> tuple[subprocess.Popen[bytes], int]:
    """Start `phaseone serve` (`cmd`) on port 0, its output in `log` (a file, never a pipe
    nobody reads); return it and the port it bound, once it has named it."""
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [*cmd, "--port", "0"], stdout=out, stderr=subprocess.STDOUT, **popen
        )
    try:
        return proc, named_port(proc, log, timeout)
    except BaseException:
        proc.kill()
        proc.wait(10)
        raise


def named_port(proc: subprocess.Popen[bytes], log: Path, timeout: float = 120.0) -> int:
    """The port `proc` (`phaseone serve` or `dashboard` on port 0, its output in `log`) names
    in its start-up line; fails, with its output, if it exits or names none in `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        text = log.read_text(errors="replace") if log.exists() else ""
        if m := STARTED.search(text):
            return int(m.group(1))
        if proc.poll() is not None:
            raise RuntimeError(f"exited ({proc.returncode}) before naming its port: {text[-3000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"named no port within {timeout:g} s: {text[-3000:]}")
        time.sleep(0.05)


def listening_socket(fd: int) -> socket.socket:
    """The listening socket a parent passed as `--fd` (family and type read from it)."""
    return socket.socket(fileno=fd)
