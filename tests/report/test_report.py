"""The report: what the owner reads, escaped, self-contained, and shown in a real browser."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from builders import (
    add_run,
    go_evidence,
    go_plan_dict,
    loaded_plan,
    metric_summary,
    people_check,
    summary,
)

from browser import headless_page
from phaseone.gate import decide
from phaseone.report import render, write_reports
from phaseone.store.attestations import add_attestation
from phaseone.store.database import Store

XSS = "<script>window.__pwned=1</script>"


def _record(tmp_path: Path, store: Store, *, drift: bool = False) -> dict[str, Any]:
    """A decision with a failing case whose output is a script tag, and one attestation."""
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    # 164 of 200 pass (c000, with the script tag, fails): INCONCLUSIVE against 0.8
    cases = {f"c{i:03d}": i >= 36 for i in range(200)}
    add_run(
        store,
        "main",
        summary(
            metric=metric_summary("INCONCLUSIVE", value=0.82, lower=0.77, upper=0.86, more=540)
        ),
        cases=cases,
        outputs={"c000": XSS},
        at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5),
    )
    with people_check() as people:  # attestations count on people-and-process checks only
        add_attestation(
            store,
            "inbox-screening",
            people,
            by="Dana Okafor",
            note="runbook rehearsed with the on-call team",
        )
        if drift:
            data = go_plan_dict()
            data["success_metric"]["threshold"] = 0.7
            loaded = loaded_plan(tmp_path, data)
        return decide(loaded, store).record


def test_html_is_self_contained_and_escapes_model_output(
    tmp_path: Path, sqlite_store: Store
) -> None:
    html = render(_record(tmp_path, sqlite_store), "html")
    assert XSS not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "no network resources"
    assert "<script" not in html.lower()
    assert "<svg" in html and 'class="threshold"' in html
    assert "INCONCLUSIVE" in html and "920" in html
    assert "attested" in html and "Dana Okafor" in html


def test_markdown_and_json(tmp_path: Path, sqlite_store: Store) -> None:
    rec = _record(tmp_path, sqlite_store, drift=True)
    md = render(rec, "markdown")
    assert md.startswith("## phaseone decision 1: **NO-GO**")
    assert "metric changed after evidence existed" in md
    assert "threshold: 0.8 → 0.7" in md
    assert "(attested)" in md
    data = json.loads(render(rec, "json"))
    assert data["outcome"] == "NO-GO" and data["record_hash"] == rec["record_hash"]
    assert data["metric_drift"]["changes"][0]["field"] == "threshold"
    paths = write_reports(rec, tmp_path / "reports")
    assert {p.name for p in paths.values()} == {
        "decision-1.html",
        "decision-1.md",
        "decision-1.json",
    }
    assert (tmp_path / "reports" / "latest.html").read_text() == paths["html"].read_text()


def test_html_in_headless_chromium(tmp_path: Path, sqlite_store: Store) -> None:
    path = tmp_path / "report.html"
    path.write_text(render(_record(tmp_path, sqlite_store, drift=True), "html"), encoding="utf-8")
    requests: list[str] = []
    with headless_page(requests) as page:
        page.goto(path.as_uri())
        assert page.locator("#decision").is_visible()
        assert page.locator("#decision").inner_text() == "NO-GO"
        chart = page.locator("#metric-chart svg")
        assert chart.is_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 50
        assert page.locator("#metric-chart .threshold").count() == 1
        assert page.locator("#metric-drift").is_visible()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        output = page.locator("#failures pre.output").first
        assert output.is_visible()
        assert output.inner_text() == XSS
    assert requests == [path.as_uri()], "the report must load nothing else"


#: An iPhone-sized viewport: the owner opens the report from a chat message.
PHONE = {"width": 390, "height": 844}


def test_html_fits_a_phone_without_sideways_scrolling(tmp_path: Path, sqlite_store: Store) -> None:
    path = tmp_path / "report.html"
    path.write_text(render(_record(tmp_path, sqlite_store, drift=True), "html"), encoding="utf-8")
    with headless_page([]) as page:
        page.set_viewport_size(PHONE)
        page.goto(path.as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
        inner = page.evaluate("window.innerWidth")
        assert inner == 390 and width <= inner, f"the page scrolls sideways: {width} > {inner}"
        chart = page.locator("#metric-chart svg").bounding_box()
        assert chart is not None and 200 < chart["width"] <= 390 - 24 + 1
        # a wide table scrolls inside its own box, not the page
        wide = page.evaluate(
            """[...document.querySelectorAll('table')].filter(t => t.scrollWidth > t.clientWidth)
                 .every(t => getComputedStyle(t).overflowX === 'auto')"""
        )
        assert wide
        page.screenshot(path=str(tmp_path / "report-390.png"), full_page=True)


def test_a_failed_conversation_case_shows_its_whole_exchange(tmp_path: Path, store: Store) -> None:
    """The case view reads the stored conversation, not only its last user turn."""
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    talk = [
        {"role": "system", "content": "You are WeatherBot."},
        {"role": "user", "content": "Weather in Paris?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "weather", "arguments": '{"city": "Paris"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "18 C and sunny"},
    ]
    cases = {f"c{i:03d}": i >= 36 for i in range(200)}
    add_run(
        store,
        "main",
        summary(
            metric=metric_summary("INCONCLUSIVE", value=0.82, lower=0.77, upper=0.86, more=540)
        ),
        cases=cases,
        conversations={"c000": talk},
        at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5),
    )
    record = decide(loaded, store).record
    failures = {f["case_id"]: f for f in record["failures"]}
    assert failures["c000"]["conversation"] == talk
    assert failures["c001"]["conversation"] is None
    page = render(record, "html")
    cell = re.search(r"<td>c000</td>\s*<td data-label=\"Input\"><pre>(.*?)</pre>", page, re.S)
    assert cell is not None
    shown = cell.group(1)
    assert "[system] You are WeatherBot." in shown
    assert "[user] Weather in Paris?" in shown
    assert "calls weather({&#34;city&#34;: &#34;Paris&#34;}) as call_1" in shown
    assert "[tool → call call_1] 18 C and sunny" in shown
    # a single-input case still shows its input
    assert re.search(r"<td>c001</td>\s*<td data-label=\"Input\"><pre>in c001</pre>", page)
