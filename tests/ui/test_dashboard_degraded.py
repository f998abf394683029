"""The dashboard counts an answer served by the fallback as degraded (issue #15): a day
where 1 request in 3 got the fallback's answer showed 0% errors, and nothing else."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import httpx
import pytest
from builders import add_trace, go_plan_dict, loaded_plan

from phaseone.store.database import Store
from phaseone.ui import create_app
from phaseone.ui.server import RunningDashboard

NOW = dt.datetime.now(dt.UTC).replace(hour=12, minute=0, second=0, microsecond=0)


def test_fallback_answers_count_in_the_degraded_rate(tmp_path: Path, store: Store) -> None:
    at = NOW - dt.timedelta(minutes=30)
    for i in range(9):  # every one HTTP 200
        if i % 3 == 0:
            add_trace(store, outcome="fallback", route="fallback", at=at)
        else:
            add_trace(store, at=at)
    add_trace(store, outcome="error", status=502, at=at)
    add_trace(store, outcome="refused", status=429, at=at)  # not served: not in the rate
    loaded = loaded_plan(tmp_path, go_plan_dict())
    with RunningDashboard(create_app(loaded, store, clock=lambda: NOW)) as server:
        t = httpx.get(f"{server.url}/api/summary").json()["traffic"]
        html = httpx.get(f"{server.url}/").text
    assert (t["served"], t["errors"], t["fallbacks"], t["degraded"]) == (10, 1, 3, 4)
    assert t["error_rate"] == pytest.approx(0.1)
    assert t["degraded_rate"] == pytest.approx(0.4)
    assert re.search(r'id="degraded-rate">40\.0%<', html)
