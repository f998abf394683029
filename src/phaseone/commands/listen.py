"""Binding a server's listening socket before the server starts (`serve`, `dashboard`).

The command binds the address itself and hands the bound socket to uvicorn: a bad
`--host` or a port in use fails at once with a fix (uvicorn would log and exit 3), no
other process can take the port between the check and the server starting, and
`--port 0` (any free port) is possible: the start-up line names the port the kernel
chose, read from the socket.
"""

from __future__ import annotations

import socket

from phaseone.errors import UsageError


def bind_address(host: str, port: int) -> socket.socket:
    """A socket bound to `host:port` (port 0: any free one) and listening, or a UsageError
    with a fix."""
    if not 0 <= port <= 65535:
        raise UsageError(f"--port must be from 0 to 65535, got {port}", fix="0 takes any free port")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UsageError(
            f"--host {host!r} is not an address of this machine ({exc})",
            fix="use 127.0.0.1 (the default), 0.0.0.0 for every interface, or an address"
            " this machine has",
        ) from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
    try:
        sock.bind(address)
        # Listening at once: a client that read the port from the start-up line is queued
        # until the server accepts, not refused while the plan and the app load.
        sock.listen(2048)  # uvicorn's default backlog; it listens again with its own
    except OSError as exc:
        sock.close()
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            fix="choose another --port (0 takes any free one), or stop what listens there",
        ) from None
    return sock


def bound_address(sock: socket.socket) -> tuple[str, int]:
    """The host and port `sock` is bound to (the port the kernel chose for port 0)."""
    host, port = sock.getsockname()[:2]
    return str(host), int(port)
