"""Serving the dashboard: `phaseone dashboard` in the foreground, or in a thread (tests)."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from typing import Any

import uvicorn
from rich.console import Console

from phaseone.errors import ExitCode
from phaseone.plan.workspace import Workspace


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _config(app: Any, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        proxy_headers=False,
        server_header=False,
        lifespan="off",
    )


class RunningDashboard:
    """A dashboard served by uvicorn in a daemon thread; `.url`, `.stop()`, context manager."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        self.server = uvicorn.Server(_config(app, host, port))
        self.thread = threading.Thread(target=self.server.run, name="p1-dashboard", daemon=True)
        self.host = host
        self.port = port
        self.url = ""

    def start(self, timeout: float = 20.0) -> RunningDashboard:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the dashboard did not start")
            time.sleep(0.01)
        for s in self.server.servers:
            for sock in s.sockets:
                self.port = sock.getsockname()[1]
        self.url = f"http://{self.host}:{self.port}"
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)

    def __enter__(self) -> RunningDashboard:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def dashboard_command(
    ws: Workspace,
    sock: socket.socket,
    err: Console,
    login: bool | None = None,
) -> int:
    """`phaseone dashboard`: serve the owner's dashboard on `sock` (bound by the command
    before the plan opened: `commands.listen.bind_address`) until Ctrl-C.

    ``login`` None means: required when bound beyond loopback, off on loopback.
    """
    from phaseone.commands.listen import bound_address
    from phaseone.store.keys import list_keys
    from phaseone.ui.app import create_app
    from phaseone.ui.login import SCOPE, Sessions

    host, port = bound_address(sock)  # the port the kernel chose, for --port 0
    loopback = is_loopback(host)
    need_login = (not loopback) if login is None else login
    if not loopback and not need_login:
        err.print(
            f"[bold yellow]WARNING:[/] binding {host}:{port} with --no-login — anyone who can"
            " reach this address sees the decision, spend and traffic figures. Put an"
            " authenticating proxy with TLS in front, or drop --no-login.",
            highlight=False,
        )
    if need_login:
        usable = [k for k in list_keys(ws.store) if k.refusal(SCOPE) is None]
        err.print(
            f"login required: a key with the {SCOPE!r} scope ({len(usable)} exist"
            f"{'' if usable else f'; create one: phaseone keys create NAME --scope {SCOPE}'})."
            + (
                ""
                if loopback
                else " Serve it behind TLS: the key and the cookie cross the network."
            ),
            highlight=False,
        )
    shown = f"[{host}]" if ":" in host else host
    err.print(
        f"phaseone dashboard for {ws.project!r} on http://{shown}:{port} (read-only;"
        " Ctrl-C to stop)",
        highlight=False,
    )
    app = create_app(
        ws.loaded,
        ws.store,
        loopback_only=loopback,
        login=Sessions(ws.store) if need_login else None,
    )
    uvicorn.Server(_config(app, host, port)).run(sockets=[sock])
    return ExitCode.OK
