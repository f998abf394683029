"""Running the gateway: in a background thread (tests, probes, the demo) or as
`phaseone serve` (uvicorn with uvloop and httptools)."""

from __future__ import annotations

import gc
import ipaddress
import os
import socket
import sys
import threading
import time
from typing import Any

import uvicorn


class RunningServer:
    """A uvicorn server in a daemon thread; `.url`, `.stop()`, and a context manager."""

    def __init__(
        self, server: uvicorn.Server, thread: threading.Thread, host: str, port: int
    ) -> None:
        self.server = server
        self.thread = thread
        self.host = host
        self.port = port
        self.url = f"http://{host}:{port}"

    def stop(self, timeout: float = 30.0) -> None:
        """Graceful stop: finish in-flight requests, run shutdown (flushes traces)."""
        self.server.should_exit = True
        self.thread.join(timeout)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


#: uvicorn's `http` setting for the gateway: httptools with the plan's limits
#: (`gateway/protocol.py`); the import string form serves `--workers N` too.
HTTP_PROTOCOL = "phaseone.gateway.protocol:GatewayProtocol"


def _config(app: Any, host: str, port: int, **kw: Any) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        loop="uvloop",
        http=HTTP_PROTOCOL,
        ws="none",  # no WebSocket route: an upgrade request is an ordinary request
        lifespan="on",
        log_level="warning",
        access_log=False,
        proxy_headers=False,  # loopback by default; a proxy in front sets its own headers
        server_header=False,
        date_header=False,
        **kw,
    )


def serve_in_thread(
    app: Any, host: str = "127.0.0.1", port: int = 0, *, timeout: float = 20.0
) -> RunningServer:
    """Start `app` on host:port (0 = an ephemeral port) and return once it accepts requests."""
    server = uvicorn.Server(_config(app, host, port))
    thread = threading.Thread(target=server.run, name="p1-gateway", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the gateway did not start")
        time.sleep(0.01)
    bound = port
    for s in server.servers:
        for sock in s.sockets:
            bound = sock.getsockname()[1]
    return RunningServer(server, thread, host, bound)


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def tune_process() -> None:
    """Process settings for a gateway worker, applied once the app is built.

    The trace writer and kill-switch reader are threads; with the default 5 ms GIL
    switch interval a request can wait several intervals behind them (p99 spikes).
    `gc.freeze()` moves everything alive after start-up (plan, compiled patterns,
    SQLAlchemy, pydantic, jinja2: ~140k objects) out of the collector's reach: a full
    collection then scans only what requests left alive (~3 ms) instead of ~35 ms, a
    pause that every in-flight request waited out (it set p99 at 2,000 req/s).

    The youngest generation is collected every 20,000 allocations instead of 700: a
    request allocates on the order of a thousand containers, nearly all freed by reference
    counting, so the default collected once or twice a request, each time walking the
    in-flight requests' objects again; 4–5 % of a request's CPU in a closed loop (0.320 /
    0.324 → 0.309 / 0.301 ms, side by side, load average ~3.8). The older generations
    follow every 20 younger collections (400,000 and 8 million allocations: seconds at
    full load), so cyclic garbage is still found; what start-up made stays frozen.
    """
    sys.setswitchinterval(float(os.environ.get("PHASEONE_SWITCH_INTERVAL", "0.001")))
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def run_server(app: Any, sock: socket.socket, host: str, port: int) -> None:
    """Serve on the bound `sock` in the foreground until SIGINT/SIGTERM (graceful: traces
    are flushed).

    `host` and `port` are the address `sock` is bound to, read by the caller
    (`commands.listen.bound_address`: one reader, in the layer that binds; the gateway sits
    below it): uvicorn's config names them, but it listens on `sock` itself.
    """
    tune_process()
    config = _config(app, host, port, timeout_graceful_shutdown=30)
    uvicorn.Server(config).run(sockets=[sock])
