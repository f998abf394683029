"""Probe traffic is never live traffic, whoever's key it carried.

The probes' own keys are named `phaseone-probe-…`, but the missing-key probe sends no key,
and `phaseone verify --key KEY` sends the general probes with a caller's key: their traces
looked like anyone's, so a verify alone made "live traffic" that nobody sent. The batch
notes the id of every request it sent (`probe_requests`), and every live-traffic figure
leaves those traces out.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from builders import PROJECT, add_trace, go_plan_dict, loaded_plan
from sqlalchemy import select

from phaseone.gate import evaluate
from phaseone.gate.probes.runner import run_probes
from phaseone.store.dashboard_queries import probe_request_count
from phaseone.store.database import Store
from phaseone.store.gate_queries import live_traces
from phaseone.store.keys import create_key
from phaseone.store.models import Trace
from phaseone.store.probes import record_probe_requests


def _window() -> tuple[dt.datetime, dt.datetime]:
    now = dt.datetime.now(dt.UTC)
    return now - dt.timedelta(hours=1), now + dt.timedelta(hours=1)


def _traces(store: Store) -> list[Trace]:
    with store.session() as s:
        return list(s.scalars(select(Trace).where(Trace.project == PROJECT)))


def _live_check(tmp_path: Path, store: Store) -> str:
    rec = evaluate(loaded_plan(tmp_path, go_plan_dict()), store)
    return next(c.status for c in rec.checks if c.id == "reliability.live_traffic")


def test_a_verify_with_a_callers_key_makes_no_live_traffic(
    tmp_path: Path, sqlite_store: Store
) -> None:
    loaded = loaded_plan(tmp_path, go_plan_dict())
    assert loaded.plan.project.name == PROJECT
    key = create_key(sqlite_store, "app")  # as `phaseone verify --key KEY`
    run_probes(loaded, sqlite_store, api_key=key)
    deadline = time.monotonic() + 10
    while not _traces(sqlite_store) and time.monotonic() < deadline:
        time.sleep(0.1)
    sent = {t.key_name for t in _traces(sqlite_store)}
    # the probes really sent requests with the caller's key and without any key ...
    assert "app" in sent and None in sent
    # ... and none of them is live traffic: not for the gate, not for the dashboard
    assert live_traces(sqlite_store, PROJECT, *_window()) == []
    assert _live_check(tmp_path, sqlite_store) == "inconclusive"
    since = _window()[0]
    assert probe_request_count(sqlite_store, PROJECT, since) == len(_traces(sqlite_store))

    # negative control: a request the probes did not send, with the same key, is live
    add_trace(sqlite_store, key="app")
    (live,) = live_traces(sqlite_store, PROJECT, *_window())
    assert live.key_name == "app"
    assert _live_check(tmp_path, sqlite_store) != "inconclusive"


def test_noting_a_request_twice_keeps_one_row(tmp_path: Path, sqlite_store: Store) -> None:
    add_trace(sqlite_store, key="app")
    (trace,) = _traces(sqlite_store)
    assert len(live_traces(sqlite_store, PROJECT, *_window())) == 1
    for _ in range(2):  # a resumed batch may note the same id again
        record_probe_requests(
            sqlite_store, batch_id="pb_x", project=PROJECT, request_ids=[trace.id]
        )
    assert live_traces(sqlite_store, PROJECT, *_window()) == []
    record_probe_requests(sqlite_store, batch_id="pb_x", project=PROJECT, request_ids=[])
