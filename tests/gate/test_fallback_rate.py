"""`reliability.fallback_rate` (issue #15): an answer served by the fallback is a degraded
answer; the gate judges their share of live traffic against `gate.max_fallback_rate`."""

from __future__ import annotations

from pathlib import Path

from builders import add_trace, go_evidence, go_plan_dict, loaded_plan

from phaseone.gate import evaluate
from phaseone.gate.context import PROBE_KEY_PREFIX
from phaseone.store.database import Store


def _result(tmp_path: Path, store: Store, max_rate: float | None = None) -> tuple[str, str]:
    data = go_plan_dict()
    if max_rate is not None:
        data.setdefault("gate", {})["max_fallback_rate"] = max_rate
    rec = evaluate(loaded_plan(tmp_path, data), store)
    r = next(c for c in rec.checks if c.id == "reliability.fallback_rate")
    return r.status, r.reason


def test_without_live_traffic_there_is_nothing_to_judge(
    tmp_path: Path, sqlite_store: Store
) -> None:
    go_evidence(sqlite_store, loaded_plan(tmp_path, go_plan_dict()))
    # probe traffic (a fault injection answered by the fallback) is not live traffic
    add_trace(sqlite_store, outcome="fallback", route="fallback", key=f"{PROBE_KEY_PREFIX}-x")
    add_trace(sqlite_store, outcome="refused", status=429)
    status, reason = _result(tmp_path, sqlite_store)
    assert status == "skipped" and "no served live traffic" in reason


def test_the_bar_is_the_plans(tmp_path: Path, sqlite_store: Store) -> None:
    go_evidence(sqlite_store, loaded_plan(tmp_path, go_plan_dict()))
    for _ in range(29):
        add_trace(sqlite_store)
    add_trace(sqlite_store, outcome="fallback", route="fallback")  # 1 of 30: 3.3%
    assert _result(tmp_path, sqlite_store)[0] == "pass"  # default bar 5%
    status, reason = _result(tmp_path, sqlite_store, max_rate=0.02)
    assert status == "fail" and "fallback rate 3.3% (1 of 30" in reason


def test_one_in_three_fallbacks_is_no_go(tmp_path: Path, sqlite_store: Store) -> None:
    loaded = loaded_plan(tmp_path, go_plan_dict())
    go_evidence(sqlite_store, loaded)
    for i in range(30):  # all HTTP 200: the error rate alone says 0%
        add_trace(sqlite_store, outcome="fallback" if i % 3 == 0 else "ok")
    rec = evaluate(loaded, sqlite_store)
    assert rec.outcome == "NO-GO"
    assert any("reliability.fallback_rate" in w for w in rec.reasons), rec.reasons
