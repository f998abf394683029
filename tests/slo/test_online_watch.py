"""`phaseone watch` with `slos.online`: each evaluation scores the newly sampled live
answers first, and `phaseone runs list` shows them as an `online` run."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from online_fixtures import live, pilot_run, write_plan
from rich.console import Console

from phaseone.commands.watch import watch
from phaseone.evals.commands import runs_list_command
from phaseone.plan.workspace import workspace


def test_watch_scores_sampled_answers_each_evaluation(tmp_path: Path) -> None:
    store_url = f"sqlite:///{tmp_path / 'store.db'}"
    write_plan(tmp_path, "  online: {suite: happy, sample_rate: 1.0}")
    path = tmp_path / "phaseone.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("suites:", f'store: {{url: "{store_url}"}}\nsuites:'))
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None)
    with workspace(path) as ws:
        pilot_run(ws.store, 20, 19)
        now = dt.datetime.now(dt.UTC)
        start = now - dt.timedelta(minutes=30)
        if start.date() != (start + dt.timedelta(seconds=40)).date():
            # online runs are one per UTC day: keep the 40 s of traffic on one side of
            # midnight, or the listing shows two runs (this failed in a run at 00:29 UTC)
            start -= dt.timedelta(seconds=60)
        live(ws.store, start, 40, bad_every=4)
        assert watch(ws.loaded, ws.store, console, once=True, interval_s=60) is False
        assert "online: scored 40 sampled answer(s) of suite happy (10 failed)" in out.getvalue()
        assert "store_io is off" not in out.getvalue()
        # the next evaluation has nothing new to score, and says nothing about it
        before = out.getvalue().count("online: scored")
        watch(ws.loaded, ws.store, console, once=True, interval_s=60)
        assert out.getvalue().count("online: scored") == before
        listing = io.StringIO()
        runs_list_command(
            ws.loaded,
            ws.store,
            role="online",
            console=Console(file=listing, width=120, color_system=None),
        )
    table = listing.getvalue()
    assert "online" in table and "happy" in table and "40" in table
    assert "75.0%" in table  # 30 of 40 passed the reference-free scorer


def test_watch_says_when_the_gateway_keeps_no_answers_to_score(tmp_path: Path) -> None:
    store_url = f"sqlite:///{tmp_path / 'store.db'}"
    write_plan(tmp_path, "  online: {suite: happy, sample_rate: 1.0}")
    path = tmp_path / "phaseone.yaml"
    text = path.read_text(encoding="utf-8")
    head = f'store: {{url: "{store_url}"}}\ncontrols: {{monitoring: {{store_io: false}}}}\n'
    path.write_text(text.replace("suites:", head + "suites:"))
    out = io.StringIO()
    with workspace(path) as ws:
        watch(ws.loaded, ws.store, Console(file=out, width=300), once=True, interval_s=60)
    assert "controls.monitoring.store_io is off" in out.getvalue()
