"""The dashboard's web app: server-rendered HTML, no JavaScript, nothing loaded from elsewhere.

Routes: `/` (the page, refreshed every 10 s), `/api/summary` (the same figures as JSON),
`/report/{seq}` (a stored decision's full HTML report, rendered from the store) and
`/healthz`. With a login (`ui/login.py`), also `/login` and `/logout`, and every other
route but `/healthz` needs a session or a bearer key. Every response carries a CSP that
allows nothing but inline styles, `data:` images and forms posted to itself; the app
never writes to the store.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.middleware.trustedhost import TrustedHostMiddleware

from phaseone.errors import PhaseoneError
from phaseone.humanize import DASH, ago, money
from phaseone.plan.loader import LoadedPlan
from phaseone.report.render import _num, _pct, _when
from phaseone.store.dashboard_queries import DatabaseFailure
from phaseone.store.database import Store
from phaseone.store.decisions import CANARY_PREFIX
from phaseone.ui.login import COOKIE, MAX_FORM_BYTES, Denied, Sessions
from phaseone.ui.summary import build_summary

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
REFRESH_SECONDS = 10
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
#: Host names a loopback-bound dashboard answers to (a guard against DNS rebinding).
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]


def _money(value: Any, currency: str = "") -> str:
    return money(value, currency)


def _ago(value: Any, now: Any = None) -> str:
    """An ISO time stamp as words relative to `now` (the page's own time): `3 hours ago`."""
    if not value:
        return DASH
    try:
        when = dt.datetime.fromisoformat(str(value))
        ref = dt.datetime.fromisoformat(str(now)) if now else None
    except ValueError:
        return str(value)
    return ago(when, ref)


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("phaseone.ui", "templates"),
        autoescape=select_autoescape(["html", "jinja"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(pct=_pct, num=_num, when=_when, money=_money, ago=_ago)
    return env


def create_app(
    loaded: LoadedPlan,
    store: Store,
    *,
    loopback_only: bool = True,
    clock: Callable[[], dt.datetime] | None = None,
    login: Sessions | None = None,
) -> FastAPI:
    """The dashboard for one plan and its store.

    Args:
        loopback_only: answer only requests addressed to 127.0.0.1 / localhost / ::1,
            so a web page elsewhere cannot read the dashboard through DNS rebinding.
        clock: "now" for the live-traffic window (tests pin it); default the wall clock.
        login: require a key with the ``dashboard`` scope (a session cookie after the
            login form, or a bearer header) on every route but ``/healthz``.
    """
    env = _env()
    now = clock or (lambda: dt.datetime.now(dt.UTC))
    app = FastAPI(
        title=f"phaseone dashboard — {loaded.project}",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    if loopback_only:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK_HOSTS)

    def page(template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        html = env.get_template(template).render(
            refresh=REFRESH_SECONDS, login=login is not None, **ctx
        )
        return HTMLResponse(html, status_code=status)

    if login is not None:
        _add_login(app, login, page, loaded.project)

    # Added last, so it is the outermost middleware: the login's redirects and 401s,
    # and the host check's 400s, carry the security headers too.
    @app.middleware("http")
    async def headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    def unavailable(exc: Exception) -> HTMLResponse:
        msg = exc.message if isinstance(exc, PhaseoneError) else f"{type(exc).__name__}: {exc}"
        return page("unavailable.html.jinja", 503, project=loaded.project, message=msg)

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        return {"ok": True, "project": loaded.project}

    @app.get("/api/summary")
    def api_summary() -> JSONResponse:
        try:
            return JSONResponse(build_summary(loaded, store, now=now()))
        except (DatabaseFailure, PhaseoneError) as exc:
            return JSONResponse({"ok": False, "error": str(exc)}, status_code=503)

    @app.get("/", response_class=HTMLResponse)
    def index() -> HTMLResponse:
        try:
            data = build_summary(loaded, store, now=now())
        except (DatabaseFailure, PhaseoneError) as exc:
            return unavailable(exc)
        return page("dashboard.html.jinja", s=data)

    @app.get("/report/{seq}", response_class=HTMLResponse)
    def report(seq: int) -> HTMLResponse:
        from phaseone.gate.decision import record_from_row
        from phaseone.report import render
        from phaseone.store.decisions import get_decision

        try:
            row = get_decision(store, loaded.project, seq)
        except PhaseoneError as exc:
            return page("unavailable.html.jinja", 404, project=loaded.project, message=exc.message)
        if row.outcome.startswith(CANARY_PREFIX):  # a canary step has no gate report
            message = f"decision {seq} is a canary step: `phaseone decisions show {seq}`"
            return page("unavailable.html.jinja", 404, project=loaded.project, message=message)
        return HTMLResponse(render(record_from_row(row), "html"))

    return app


def _add_login(
    app: FastAPI, sessions: Sessions, page: Callable[..., HTMLResponse], project: str
) -> None:
    """The login form, logout, and the check in front of every other route."""
    open_paths = {"/login", "/healthz"}

    @app.middleware("http")
    async def require_login(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.url.path in open_paths:
            return await call_next(request)
        cookie = request.cookies.get(COOKIE)
        auth = request.headers.get("authorization")
        who = await run_in_threadpool(sessions.check, cookie) if cookie else None
        if who is None and auth:
            address = _client(request)
            wait = sessions.throttle.retry_after(address)
            if wait is not None:
                return too_many(request, wait)
            who = await run_in_threadpool(sessions.bearer, auth)
            if who is None:
                sessions.throttle.failed(address)
        if who is None:
            if request.url.path.startswith("/api/"):
                return JSONResponse(
                    {"ok": False, "error": "log in: a key with the dashboard scope"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
            return RedirectResponse("/login", status_code=303)
        return await call_next(request)

    def login_page(status: int = 200, message: str | None = None) -> HTMLResponse:
        return page("login.html.jinja", status, project=project, message=message)

    def too_many(request: Request, wait: float) -> Response:
        seconds = max(1, math.ceil(wait))
        message = f"Too many failed logins from this address; try again in {seconds} s."
        response: Response
        if request.url.path.startswith("/api/"):
            response = JSONResponse({"ok": False, "error": message}, status_code=429)
        else:
            response = login_page(429, message)
        response.headers["retry-after"] = str(seconds)
        return response

    @app.get("/login", response_class=HTMLResponse)
    def login_form() -> HTMLResponse:
        return login_page()

    @app.post("/login", response_class=HTMLResponse)
    async def login_submit(request: Request) -> Response:
        address = _client(request)
        wait = sessions.throttle.retry_after(address)
        if wait is not None:
            return too_many(request, wait)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM_BYTES:
                return login_page(413, "That is not a key: the form is too large.")
        from urllib.parse import parse_qs

        key = (parse_qs(body.decode("utf-8", "replace")).get("key") or [""])[0]
        found = await run_in_threadpool(sessions.login, key)
        if isinstance(found, Denied):
            sessions.throttle.failed(address)
            return login_page(found.status, found.message)
        sessions.throttle.succeeded(address)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            COOKIE,
            sessions.issue(found),
            max_age=int(sessions.ttl_s),
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
        return response

    @app.post("/logout")
    def logout() -> Response:
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE, httponly=True, samesite="strict")
        return response


def _client(request: Request) -> str:
    """The address failed logins are counted against (the peer, as uvicorn reports it)."""
    return request.client.host if request.client else "unknown"
