"""The dashboard's login, served for real: keys with the dashboard scope, signed session
cookies, revocation on the next request, bearer keys for scripts, and a real browser."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from bench.ports import named_port
from builders import PROJECT, go_evidence, go_plan_dict, loaded_plan

from browser import headless_page
from phaseone.gate import decide
from phaseone.store.database import Store
from phaseone.store.keys import create_key, revoke_key
from phaseone.ui import create_app
from phaseone.ui.login import COOKIE, FailedLogins, Sessions
from phaseone.ui.server import RunningDashboard


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def site(tmp_path: Path, store: Store) -> Iterator[dict[str, Any]]:
    loaded = loaded_plan(tmp_path, go_plan_dict())
    go_evidence(store, loaded)
    outcome = decide(loaded, store).outcome
    keys = {
        "owner": create_key(store, "dana", scopes=["dashboard"]),
        "service": create_key(store, "checkout"),  # default scopes: the gateway's only
        "gone": create_key(store, "former-owner", scopes=["dashboard"]),
        "old": create_key(
            store,
            "expired-owner",
            scopes=["dashboard"],
            expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1),
        ),
    }
    revoke_key(store, "former-owner")
    clock = Clock()
    sessions = Sessions(store, ttl_s=3600, clock=clock)
    with RunningDashboard(create_app(loaded, store, login=sessions)) as server:
        yield {"url": server.url, "keys": keys, "clock": clock, "outcome": outcome, "store": store}


def _login(url: str, key: str) -> httpx.Response:
    return httpx.post(f"{url}/login", data={"key": key})


def test_everything_but_health_needs_a_login(site: dict[str, Any]) -> None:
    url = site["url"]
    for path in ("/", "/report/1"):
        r = httpx.get(url + path)
        assert r.status_code == 303 and r.headers["location"] == "/login"
    api = httpx.get(f"{url}/api/summary")
    assert api.status_code == 401 and api.headers["www-authenticate"] == "Bearer"
    assert api.headers["cache-control"] == "no-store"  # refusals carry the headers too
    assert httpx.get(f"{url}/").headers["x-frame-options"] == "DENY"
    assert "SECRET" not in api.text and PROJECT not in api.text
    assert httpx.get(f"{url}/healthz").status_code == 200
    form = httpx.get(f"{url}/login")
    assert form.status_code == 200 and 'name="key"' in form.text
    assert "form-action 'self'" in form.headers["content-security-policy"]


def test_only_a_live_key_with_the_dashboard_scope_logs_in(site: dict[str, Any]) -> None:
    url, keys = site["url"], site["keys"]
    wrong = _login(url, "p1_00000000_" + "x" * 40)
    assert wrong.status_code == 401 and "not valid" in wrong.text
    service = _login(url, keys["service"])
    assert service.status_code == 403 and "lacks the scope &#39;dashboard&#39;" in service.text
    assert _login(url, keys["gone"]).status_code == 401
    assert "expired" in _login(url, keys["old"]).text
    assert COOKIE not in _login(url, keys["service"]).cookies

    ok = _login(url, keys["owner"])
    assert ok.status_code == 303 and ok.headers["location"] == "/"
    set_cookie = ok.headers["set-cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=strict" in set_cookie
    token = ok.cookies[COOKIE]
    assert keys["owner"] not in token and "p1_" not in token  # the key itself never travels back
    page = httpx.get(f"{url}/", cookies={COOKIE: token})
    assert page.status_code == 200
    assert f'id="decision" class="badge {site["outcome"]}"' in page.text
    assert 'id="logout"' in page.text


def test_sessions_end_on_revocation_expiry_tampering_and_logout(site: dict[str, Any]) -> None:
    url, keys, store = site["url"], site["keys"], site["store"]
    token = _login(url, keys["owner"]).cookies[COOKIE]
    assert httpx.get(f"{url}/", cookies={COOKIE: token}).status_code == 200

    name, expires, sig = token.split(".")
    forged = f"{name}.{int(expires) + 86400}.{sig}"  # a longer session, same signature
    assert httpx.get(f"{url}/", cookies={COOKIE: forged}).status_code == 303
    other = create_key(store, "eve", scopes=["dashboard"])
    eve = _login(url, other).cookies[COOKIE]
    spliced = f"{eve.split('.')[0]}.{expires}.{sig}"  # another name under dana's signature
    assert httpx.get(f"{url}/", cookies={COOKIE: spliced}).status_code == 303

    site["clock"].now += 3601  # past the session's lifetime
    assert httpx.get(f"{url}/", cookies={COOKIE: token}).status_code == 303
    site["clock"].now -= 3601

    assert revoke_key(store, "dana")
    assert httpx.get(f"{url}/", cookies={COOKIE: token}).status_code == 303  # at once

    out = httpx.post(f"{url}/logout", cookies={COOKIE: eve})
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert f'{COOKIE}=""' in out.headers["set-cookie"] and "Max-Age=0" in out.headers["set-cookie"]


def test_scripts_use_a_bearer_key_and_big_forms_are_refused(site: dict[str, Any]) -> None:
    url, keys = site["url"], site["keys"]
    ok = httpx.get(f"{url}/api/summary", headers={"Authorization": f"Bearer {keys['owner']}"})
    assert ok.status_code == 200 and ok.json()["project"] == PROJECT
    no = httpx.get(f"{url}/api/summary", headers={"Authorization": f"Bearer {keys['service']}"})
    assert no.status_code == 401
    big = httpx.post(f"{url}/login", data={"key": "p1_" + "a" * 5000})
    assert big.status_code == 413


def test_login_in_headless_chromium(site: dict[str, Any]) -> None:
    url, keys = site["url"], site["keys"]
    requests: list[str] = []
    with headless_page(requests) as page:
        page.goto(f"{url}/")
        assert page.url == f"{url}/login"
        page.fill("#key", keys["service"])
        page.click("button[type=submit]")
        assert "lacks" in page.locator("#login-error").inner_text()
        page.fill("#key", keys["owner"])
        page.click("button[type=submit]")
        page.wait_for_selector("#decision")
        assert page.url == f"{url}/"
        assert page.locator("#decision").inner_text() == site["outcome"]
        page.click("#logout button")
        page.wait_for_selector("#login")
        assert page.url == f"{url}/login"
        page.goto(f"{url}/")
        assert page.url == f"{url}/login"
    assert all(r.startswith(f"{url}/") for r in requests), requests


def test_cli_requires_a_login_beyond_loopback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PHASEONE_DB_URL"}
    cli = [sys.executable, "-m", "phaseone.cli"]
    subprocess.run([*cli, "init", str(tmp_path / "ws")], env=env, check=True, capture_output=True)
    cmd = [*cli, "dashboard", "--plan", str(tmp_path / "ws" / "phaseone.yaml")]
    log = tmp_path / "dashboard.log"
    with log.open("wb") as out:  # --port 0: it binds any free port and names it
        proc = subprocess.Popen(
            [*cmd, "--host", "0.0.0.0", "--port", "0"], stderr=out, stdout=out, env=env
        )
    try:
        port = named_port(proc, log)
        assert port != 0
        line = log.read_text().splitlines()[0]
        assert "login required" in line and "--scope dashboard" in line, line
        r = httpx.get(f"http://127.0.0.1:{port}/")  # it listens before it names the port
        assert r.status_code == 303 and r.headers["location"] == "/login"
    finally:
        proc.terminate()
        proc.wait(20)


def test_cli_dashboard_says_why_it_cannot_listen(tmp_path: Path) -> None:
    """A port in use fails before the plan opens, with a fix naming `--port 0`."""
    env = {k: v for k, v in os.environ.items() if k != "PHASEONE_DB_URL"}
    cli = [sys.executable, "-m", "phaseone.cli", "dashboard", "--plan", str(tmp_path / "none")]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([*cli, "--port", str(port)], capture_output=True, text=True, env=env)
    assert done.returncode == 2 and "cannot listen" in done.stderr, done.stderr
    assert "--port (0 takes any free one)" in done.stderr


def test_failed_logins_are_throttled_per_address() -> None:
    clock = Clock()
    throttle = FailedLogins(max_failures=3, window_s=60, clock=clock, max_addresses=2)
    for _ in range(2):
        throttle.failed("10.0.0.1")
    assert throttle.retry_after("10.0.0.1") is None  # two failures: still allowed
    throttle.failed("10.0.0.1")
    wait = throttle.retry_after("10.0.0.1")
    assert wait is not None and 59 <= wait <= 60
    assert throttle.retry_after("10.0.0.2") is None  # other addresses are not affected
    clock.now += 30
    assert throttle.retry_after("10.0.0.1") == pytest.approx(30, abs=1)
    clock.now += 31  # the oldest failure left the window
    assert throttle.retry_after("10.0.0.1") is None
    throttle.failed("10.0.0.1")
    throttle.succeeded("10.0.0.1")  # a success forgets the address's failures
    assert throttle.retry_after("10.0.0.1") is None
    # memory is bounded: a third address pushes out the one that failed longest ago
    for address in ("a", "b", "a", "c"):
        for _ in range(3):
            throttle.failed(address)
    assert throttle.retry_after("b") is None and throttle.retry_after("a") is not None


def test_repeated_failures_get_429_on_the_form_and_for_bearer_keys(
    tmp_path: Path, store: Store
) -> None:
    loaded = loaded_plan(tmp_path, go_plan_dict())
    owner = create_key(store, "dana", scopes=["dashboard"])
    clock = Clock()
    sessions = Sessions(store, throttle=FailedLogins(max_failures=3, window_s=60, clock=clock))
    with RunningDashboard(create_app(loaded, store, login=sessions)) as server:
        url = server.url
        for _ in range(2):
            assert _login(url, "p1_00000000_" + "x" * 40).status_code == 401
        bad = {"Authorization": "Bearer p1_nope"}
        assert httpx.get(f"{url}/api/summary", headers=bad).status_code == 401
        # the third failure reached the limit: even the right key waits now
        blocked = _login(url, owner)
        assert blocked.status_code == 429 and COOKIE not in blocked.cookies
        assert "Too many failed logins" in blocked.text
        assert 1 <= int(blocked.headers["retry-after"]) <= 60
        api = httpx.get(f"{url}/api/summary", headers={"Authorization": f"Bearer {owner}"})
        assert api.status_code == 429 and "try again" in api.json()["error"]
        assert api.headers["cache-control"] == "no-store"
        clock.now += 61
        assert _login(url, owner).status_code == 303  # the window passed
        ok = httpx.get(f"{url}/api/summary", headers={"Authorization": f"Bearer {owner}"})
        assert ok.status_code == 200
