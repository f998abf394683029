"""The owner's dashboard, served for real: figures match the stored evidence, nothing leaks."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from builders import (
    ALL_PROBES,
    PROJECT,
    add_batch,
    add_run,
    add_trace,
    go_evidence,
    go_plan_dict,
    loaded_plan,
    metric_summary,
    summary,
)

from browser import headless_page
from phaseone.gate import decide
from phaseone.plan.loader import LoadedPlan
from phaseone.store.database import Store
from phaseone.store.probes import batch_for_gate
from phaseone.store.settings import set_kill_switch
from phaseone.ui import create_app
from phaseone.ui.server import RunningDashboard, is_loopback

XSS = "<script>window.__pwned=1</script>"
# Noon UTC today: the 24-hour window and "today" never straddle midnight during a test.
NOW = dt.datetime.now(dt.UTC).replace(hour=12, minute=0, second=0, microsecond=0)


def _trace(store: Store, **kw: Any) -> None:
    """A live trace half an hour before NOW, free unless `cost` says otherwise, whose
    input and output the dashboard must never show."""
    kw.setdefault("at", NOW - dt.timedelta(minutes=30))
    kw.setdefault("cost", 0.0)
    add_trace(store, input={"text": "SECRET-INPUT"}, output={"label": "SECRET-OUTPUT"}, **kw)


def _plan(tmp_path: Path) -> LoadedPlan:
    data = go_plan_dict()
    data["controls"]["budget"]["monthly"] = 1000
    return loaded_plan(tmp_path, data)


def _evidence(tmp_path: Path, store: Store) -> tuple[LoadedPlan, str]:
    """Runs, probes and a decision as the gate leaves them, then a day of live traffic."""
    loaded = _plan(tmp_path)
    go_evidence(store, loaded)
    outcome = decide(loaded, store).outcome
    # a newer deployed batch, one fail whose summary is hostile text: the one the gate counts
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
    add_batch(store, loaded, batch="pb_new", at=later, failing={"pii_redaction": XSS})
    # newer still, a rehearsal (`verify` without --url): shown only as a one-line note
    add_batch(store, loaded, batch="pb_rehearsal", at=later, probed="in-process")
    # live traffic: 7 ok, 2 refused, 1 error, 1 fallback in the window
    for i in range(7):
        findings = [{"kind": "pii"}, {"kind": "injection"}] if i == 0 else None
        _trace(store, latency=100.0 * (i + 1), cost=0.5, findings=findings)
    for _ in range(2):
        _trace(store, outcome="refused", status=429, latency=2.0)
    _trace(store, outcome="error", status=502, latency=800.0)
    _trace(store, outcome="fallback", latency=50.0, route="fallback")
    # not counted: probe traffic (with a hostile key name), and a trace older than 24 h
    for _ in range(3):
        _trace(store, outcome="error", status=500, cost=100.0, key=f"phaseone-probe-{XSS}")
    _trace(store, at=NOW - dt.timedelta(hours=30), latency=99999.0)
    set_kill_switch(store, PROJECT, True)
    return loaded, outcome


@pytest.fixture
def dashboard(tmp_path: Path, store: Store) -> Iterator[tuple[str, str]]:
    loaded, outcome = _evidence(tmp_path, store)
    with RunningDashboard(create_app(loaded, store, clock=lambda: NOW)) as server:
        yield server.url, outcome


def test_summary_matches_the_store(dashboard: tuple[str, str], store: Store) -> None:
    url, outcome = dashboard
    data = httpx.get(f"{url}/api/summary").json()
    assert data["project"] == PROJECT and data["empty"] is False

    d = data["decision"]
    assert d["seq"] == 1 and d["outcome"] == outcome and d["owner"] == "Dana Okafor"
    assert d["chain"] == {
        "ok": True,
        "count": 1,
        "head_hash": d["record_hash"],
        "problems": [],
    }

    q = {s["suite"]: s for s in data["quality"]}
    assert q["main"]["is_metric_suite"] and q["main"]["verdict"] == "PASS"
    assert q["main"]["value"] == pytest.approx(0.9) and q["main"]["threshold"] == 0.8
    assert q["edge"]["value"] == pytest.approx(0.9) and q["edge"]["threshold"] == 0.7

    t = data["traffic"]
    assert t["outcomes"] == {"error": 1, "fallback": 1, "ok": 7, "refused": 2}
    assert t["requests"] == 11 and t["served"] == 9 and t["errors"] == 1
    assert t["error_rate"] == pytest.approx(1 / 9)
    assert t["refusal_rate"] == pytest.approx(2 / 11)
    assert t["latency_ms"] == {"p50": pytest.approx(400.0), "p95": pytest.approx(760.0)}
    assert t["fallbacks"] == 1
    assert t["findings"] == 2 and t["traces_with_findings"] == 1
    assert t["probe_requests_excluded"] == 3
    assert t["spend"]["today"] == {"spent": 3.5, "ceiling": 50.0, "share": pytest.approx(0.07)}
    assert t["spend"]["month"]["spent"] == 3.5 and t["spend"]["month"]["ceiling"] == 1000
    assert t["kill_switch"] == {"on": True, "configured": True}

    p = data["probes"]
    assert p["batch_id"] == "pb_new" and (p["passed"], p["failed"]) == (len(ALL_PROBES) - 1, 1)
    assert p["batch_id"] == batch_for_gate(store, PROJECT).batch_id  # type: ignore[union-attr]
    assert "pb_rehearsal" in p["newer_note"] and "rehearsal" in p["newer_note"]

    assert "SECRET-INPUT" not in str(data) and "SECRET-OUTPUT" not in str(data)


def test_page_shows_the_same_figures(dashboard: tuple[str, str]) -> None:
    url, outcome = dashboard
    r = httpx.get(f"{url}/")
    assert r.status_code == 200
    assert r.headers["content-security-policy"].startswith(
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    )
    html = r.text
    assert '<meta http-equiv="refresh" content="10">' in html
    assert f'id="decision" class="badge {outcome}">{outcome}<' in html
    assert "decision log intact" in html
    assert re.search(r'id="error-rate">11\.1%<', html)
    assert re.search(r'id="requests">11<', html)
    assert "400 / 760 ms" in html
    assert re.search(r'id="outcome-refused"><td>refused</td><td class="n">2<', html)
    assert "7.0%" in html  # 3.50 of the 50.00 daily ceiling
    assert re.search(r'id="kill-switch"><span class="st-fail">ON<', html)
    # hostile text is escaped; raw trace content and key names never reach the page
    assert XSS not in html and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "SECRET-INPUT" not in html and "phaseone-probe-" not in html
    assert re.search(r'id="probes-newer">The newest batch, pb_rehearsal, is a rehearsal', html)
    assert "Batch <code>pb_new</code>" in html
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)


def test_health_report_and_host_check(dashboard: tuple[str, str]) -> None:
    url, outcome = dashboard
    assert httpx.get(f"{url}/healthz").json() == {"ok": True, "project": PROJECT}
    report = httpx.get(f"{url}/report/1")
    assert report.status_code == 200 and f">{outcome}</span>" in report.text
    assert httpx.get(f"{url}/report/9").status_code == 404
    assert httpx.post(f"{url}/api/summary").status_code == 405
    # a page on another site cannot read the dashboard by rebinding its name to 127.0.0.1
    assert httpx.get(f"{url}/", headers={"Host": "evil.example"}).status_code == 400


def test_empty_store_says_what_to_run_first(tmp_path: Path, store: Store) -> None:
    with RunningDashboard(create_app(_plan(tmp_path), store)) as server:
        r = httpx.get(f"{server.url}/")
        data = httpx.get(f"{server.url}/api/summary").json()
    assert r.status_code == 200
    assert 'id="first-steps"' in r.text and "Run <code>phaseone eval</code> first" in r.text
    assert "No decision yet" in r.text and "phaseone gate" in r.text
    assert data["empty"] is True and data["decision"] is None and data["probes"] is None
    assert data["traffic"]["requests"] == 0 and data["traffic"]["error_rate"] is None
    main = data["quality"][0]
    assert main["run_id"] is None and main["threshold"] == 0.8 and main["measure"] == "pass rate"


def test_dashboard_in_headless_chromium(dashboard: tuple[str, str]) -> None:
    url, outcome = dashboard
    requests: list[str] = []
    with headless_page(requests) as page:
        page.goto(f"{url}/")
        assert page.locator("#decision").is_visible()
        assert page.locator("#decision").inner_text() == outcome
        assert page.locator("#error-rate").inner_text() == "11.1%"
        assert page.evaluate("typeof window.__pwned") == "undefined"
        hostile = page.locator("#probe-pii_redaction td").nth(3)
        assert hostile.is_visible() and hostile.inner_text() == XSS
    assert requests, "the page was requested"
    assert all(r.startswith(f"{url}/") for r in requests), requests


def test_cli_missing_plan_exits_2(tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "phaseone.cli", "dashboard", "--plan", "missing.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )
    assert r.returncode == 2
    assert "plan file not found" in r.stderr
    assert "Traceback" not in r.stderr + r.stdout


def test_is_loopback() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_trend_of_runs_and_history_of_decisions(tmp_path: Path, store: Store) -> None:
    """The owner sees where quality is heading, not only where it is, and how the
    decision changed: runs oldest to newest, decisions newest first."""
    loaded = _plan(tmp_path)
    base = NOW - dt.timedelta(days=3)
    # four earlier runs of the metric suite; the last one falls below the threshold
    # (148/200: even the upper bound is under 0.8, a FAIL computed from its case results)
    for i, value in enumerate([0.70, 0.82, 0.88, 0.74]):
        verdict = "PASS" if value >= 0.8 else "FAIL"
        m = metric_summary(value=value, verdict=verdict)
        add_run(store, "main", summary(metric=m, verdict=verdict), at=base + dt.timedelta(hours=i))
    add_run(store, "main", summary(), role="baseline", at=base)  # another role: not in it
    first = decide(loaded, store).outcome
    go_evidence(store, loaded)  # a newer, passing run of every suite (metric value 0.9)
    second = decide(loaded, store).outcome
    with RunningDashboard(create_app(loaded, store, clock=lambda: NOW)) as server:
        data = httpx.get(f"{server.url}/api/summary").json()
        html = httpx.get(f"{server.url}/").text
    main = {q["suite"]: q for q in data["quality"]}["main"]
    assert [t["value"] for t in main["trend"]] == pytest.approx([0.70, 0.82, 0.88, 0.74, 0.9])
    assert [t["verdict"] for t in main["trend"]][3] == "FAIL"
    edge = {q["suite"]: q for q in data["quality"]}["edge"]
    assert len(edge["trend"]) == 1 and edge["trend"][0]["value"] == pytest.approx(0.9)

    svg = re.search(r'<svg id="trend-main"[^>]*>.*?</svg>', html, re.S)
    assert svg is not None
    points = re.search(r'<polyline points="([^"]+)"', svg.group(0))
    assert points is not None
    ys = [float(p.split(",")[1]) for p in points.group(1).split()]
    assert len(ys) == 5
    # SVG y grows downwards: a higher value is drawn higher up
    assert ys[2] < ys[1] < ys[0] and ys[3] > ys[2] and ys[4] < ys[3]
    assert "0.74" in svg.group(0)  # the values are in the accessible label
    assert 'id="trend-edge"' not in html  # one run: no line

    hist = data["decision"]["history"]
    assert [h["seq"] for h in hist] == [2, 1]
    assert [h["outcome"] for h in hist] == [second, first]
    assert 'id="decision-history"' in html and f"#1 {first}" in html


def test_live_traffic_per_hour(tmp_path: Path, store: Store) -> None:
    """Requests and error rate per hour of the last 24 h, oldest first, probes excluded."""
    loaded = _plan(tmp_path)
    for _ in range(3):
        _trace(store, at=NOW - dt.timedelta(hours=5, minutes=30))  # hour 18 of 24
    _trace(store, at=NOW - dt.timedelta(hours=5, minutes=20), outcome="error", status=502)
    _trace(store, at=NOW - dt.timedelta(hours=5, minutes=10), outcome="refused", status=429)
    _trace(store, at=NOW - dt.timedelta(minutes=10))  # the last hour
    _trace(store, at=NOW - dt.timedelta(minutes=5), outcome="error", key="phaseone-probe-x")
    with RunningDashboard(create_app(loaded, store, clock=lambda: NOW)) as server:
        hourly = httpx.get(f"{server.url}/api/summary").json()["traffic"]["hourly"]
        html = httpx.get(f"{server.url}/").text
    assert len(hourly["requests"]) == 24
    assert hourly["requests"][18] == 5 and hourly["requests"][23] == 1
    assert sum(hourly["requests"]) == 6
    # refusals are not served: 1 error of 4 served in hour 18; none in the last hour
    assert hourly["error_rate"][18] == pytest.approx(0.25) and hourly["error_rate"][23] == 0
    assert hourly["error_rate"][0] is None  # no traffic: no rate, and no point drawn
    points = re.search(r'<svg id="hourly-errors".*?<polyline points="([^"]+)"', html, re.S)
    assert points is not None and len(points.group(1).split()) == 2
    assert "error rate per hour:" in html and "25.0%" in html


def test_dashboard_fits_a_phone_without_sideways_scrolling(
    dashboard: tuple[str, str], tmp_path: Path
) -> None:
    url, _ = dashboard
    with headless_page([]) as page:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{url}/")
        width = page.evaluate("document.documentElement.scrollWidth")
        inner = page.evaluate("window.innerWidth")
        assert inner == 390 and width <= inner, f"the page scrolls sideways: {width} > {inner}"
        # the quality table is wider than a phone: it scrolls inside its own box
        table = page.locator("#quality table")
        assert table.evaluate("t => getComputedStyle(t).overflowX") == "auto"
        assert page.locator("#spend-today td.n").first.inner_text() == "3.50 EUR"
        page.screenshot(path=str(tmp_path / "dashboard-390.png"), full_page=True)


def test_suite_verdicts_are_the_ones_the_gate_counts(tmp_path: Path, store: Store) -> None:
    """Issue #15: the dashboard says what the gate would say. The metric suite's verdict
    counts every look since the lock; a run with reused answers is marked as no evidence;
    a newer run stopped by an outage shows its cause. `/api/summary` carries the same."""
    from phaseone.evals.stats import rate_verdict
    from phaseone.store.models import Run

    loaded = _plan(tmp_path)
    go_evidence(store, loaded)  # look 1 of the metric since the lock
    now = dt.datetime.now(dt.UTC)
    add_run(store, "main", summary(metric=metric_summary()), at=now + dt.timedelta(seconds=5))
    # look 3: 174/200 passes as a single look at 95%, not at look 3's 99.58% one-sided
    v = rate_verdict(174, 200, 0.8, "higher", 100, 0.95)
    m = {**v.as_dict(), "verdict": v.state, "aggregate": "pass_rate", "name": "pass rate"}
    assert v.state == "PASS"
    add_run(store, "main", summary(metric=m), at=now + dt.timedelta(seconds=10))
    reused = summary(n=40, passes=36)
    reused.update(cached=12, reused_answers=12, fresh_calls=28)
    add_run(store, "edge", reused, at=now + dt.timedelta(seconds=10))
    stopped_id = add_run(store, "adv", summary(n=60, passes=59), at=now + dt.timedelta(seconds=10))
    cause = "the target is unreachable: 5 connection errors in a row"
    with store.session() as s:
        row = s.get(Run, stopped_id)
        assert row is not None
        row.status = "stopped"
        row.summary = {**(row.summary or {}), "execution": {"stop_cause": cause}}

    with RunningDashboard(create_app(loaded, store, clock=lambda: NOW)) as server:
        data = httpx.get(f"{server.url}/api/summary").json()
        html = httpx.get(f"{server.url}/").text
    q = {s["suite"]: s for s in data["quality"]}
    main, edge, adv = q["main"], q["edge"], q["adv"]
    assert main["verdict"] == "INCONCLUSIVE" and main["look"] == 3
    assert main["single_look_verdict"] == "PASS"
    assert main["look_text"].startswith("look 3 since the lock: judged at 99.58%")
    assert main["evidence"] is True and main["not_evidence"] is None
    assert (edge["verdict"], edge["look"], edge["reused_answers"]) == ("PASS", None, 12)
    assert edge["evidence"] is False and edge["not_evidence"] == "not evidence (12 reused answers)"
    assert adv["verdict"] == "PASS" and adv["run_id"] != stopped_id  # the latest completed run
    assert adv["stopped"]["run_id"] == stopped_id and adv["stopped"]["cause"] == cause

    def cell(suite: str) -> str:
        found = re.search(rf'<td id="verdict-{suite}">(.*?)</td>', html, re.S)
        assert found is not None
        return re.sub(r"\s+", " ", found.group(1))

    assert ">INCONCLUSIVE<" in cell("main") and "look 3 since the lock" in cell("main")
    assert "(single look: PASS)" in cell("main")
    assert "not evidence (12 reused answers)" in cell("edge")
    assert f"newer run stopped: {cause}" in cell("adv") and stopped_id in cell("adv")
