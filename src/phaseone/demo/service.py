"""The pilot as a small HTTP JSON service: the AI system phaseone evaluates and guards.

A real pilot usually is a service someone else wrote; phaseone talks to it over HTTP
like any client (`kind: http` in the plan). This one runs on a loopback port in a
background thread of the demo process:

    POST /classify            {"text": "..."} -> {"label": "spam"|"ham", "score": p, "model": ...}
    POST /baseline/classify   the same, answered by the naive Bayes baseline
    GET  /healthz             {"ok": true}
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from aiohttp import web

from phaseone.demo.model import Prediction


class Classifier(Protocol):
    name: str

    def classify(self, texts: list[str]) -> list[Prediction]: ...


MAX_TEXT_CHARS = 100_000


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": {"code": status, "message": message}}, status=status)


def create_service(pilot: Classifier | None, baseline: Classifier | None) -> web.Application:
    """The aiohttp application; routes for the models that exist.

    Models run on one worker thread, so the event loop keeps accepting requests while
    a message is embedded (onnxruntime releases the GIL while it computes). Each request
    is embedded on its own: batching concurrent requests was measured and did not pay
    for short messages on a 2-core CPU (padding costs what batching saves).
    """
    worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-model")

    def route(model: Classifier) -> Any:
        async def handle(request: web.Request) -> web.Response:
            try:
                body = await request.json()
            except ValueError:
                return _error(400, 'the body must be JSON: {"text": "..."}')
            text = body.get("text") if isinstance(body, dict) else None
            if not isinstance(text, str):
                return _error(422, "`text` must be a string")
            if len(text) > MAX_TEXT_CHARS:
                return _error(413, f"`text` is longer than {MAX_TEXT_CHARS} characters")
            loop = asyncio.get_running_loop()
            [pred] = await loop.run_in_executor(worker, model.classify, [text])
            return web.json_response(
                {"label": pred.label, "score": round(pred.score, 6), "model": model.name}
            )

        return handle

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def shutdown(_app: web.Application) -> None:
        worker.shutdown(wait=False, cancel_futures=True)

    app = web.Application(client_max_size=2 * MAX_TEXT_CHARS * 4)
    app.router.add_get("/healthz", healthz)
    if pilot is not None:
        app.router.add_post("/classify", route(pilot))
    if baseline is not None:
        app.router.add_post("/baseline/classify", route(baseline))
    app.on_cleanup.append(shutdown)
    return app


@dataclass
class RunningService:
    """A service running in a background thread; `stop()` (or `with`) shuts it down."""

    url: str
    port: int
    _loop: asyncio.AbstractEventLoop
    _thread: threading.Thread
    _runner: web.AppRunner

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        fut = asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop)
        with contextlib.suppress(Exception):
            fut.result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def __enter__(self) -> RunningService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_service(app: web.Application, host: str = "127.0.0.1", port: int = 0) -> RunningService:
    """Start `app` on `host:port` (0: any free port) in a daemon thread; return when it listens."""
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app, access_log=None)
    started = threading.Event()
    failure: list[BaseException] = []
    bound: list[int] = []

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, host, port)
            loop.run_until_complete(site.start())
            server = site._server
            sockets = getattr(server, "sockets", None) or []
            bound.append(int(sockets[0].getsockname()[1]))
        except BaseException as exc:
            failure.append(exc)
            started.set()
            return
        started.set()
        loop.run_forever()
        loop.close()

    thread = threading.Thread(target=run, name="demo-pilot-service", daemon=True)
    thread.start()
    started.wait(timeout=30)
    if failure:
        raise failure[0]
    if not bound:
        raise RuntimeError("the pilot service did not start within 30 s")
    return RunningService(f"http://{host}:{bound[0]}", bound[0], loop, thread, runner)
