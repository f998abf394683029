"""The gate observes the system when it decides (review F12).

A service is evaluated and gated GO; then the service behind the same URL starts
answering wrongly (or stops answering) and `phaseone gate` runs again with no new eval.
Stored evidence cannot show the change; the spot check re-calls the metric run's cases
and must keep the decision from being GO.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

from builders import (
    add_batch,
    add_run,
    add_trace,
    go_plan_dict,
    loaded_plan,
    lock_metric,
    summary,
)
from sqlalchemy import select

from phaseone.evals import EvalOptions, run_suite
from phaseone.gate import decide
from phaseone.gate.spot_check import SPOT_CHECK_ROLE
from phaseone.plan.loader import LoadedPlan
from phaseone.store.database import Store
from phaseone.store.models import CaseResult, Run
from servers import JsonServer, spam_responder

N = 120


def _always_ham(payload: Any, request: Any) -> Any:
    return {"label": "ham"}


def _pilot(tmp_path: Path, store: Store, service: JsonServer, cases: int = N) -> LoadedPlan:
    """A real metric run against `service` (live SQL data), the other evidence as rows."""
    db = tmp_path / "inbox.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE messages (id TEXT, body TEXT, label TEXT)")
    con.executemany(
        "INSERT INTO messages VALUES (?, ?, ?)",
        [
            (f"m{i:03d}", f"win a prize {i}", "spam")
            if i % 3 == 0
            else (f"m{i:03d}", f"notes {i}", "ham")
            for i in range(N)
        ],
    )
    con.commit()
    con.close()
    data = go_plan_dict()
    data["target"] = {
        "kind": "http",
        "url": f"{service.url}/classify",
        "body": {"input": "{{ input }}"},
        "output_path": "label",
        "price": {"per_call": 0.001},
    }
    data["suites"][0]["dataset"] = {
        "kind": "sql",
        "url": f"sqlite:///{db}",
        "query": "SELECT id, body AS input, label AS expected FROM messages",
        "mapping": {"id": "id", "tags": None},
        "live": True,  # the inbox's own store, not an export
    }
    data["gate"]["spot_check_cases"] = cases
    loaded = loaded_plan(tmp_path, data)
    lock_metric(store, loaded, at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    run = run_suite(loaded, store, "main", EvalOptions(progress=False))
    assert run.summary["verdict"] == "PASS"
    add_run(store, "edge", summary(n=40, passes=36), loaded=loaded)
    add_run(store, "adv", summary(n=60, passes=59), loaded=loaded)
    add_batch(store, loaded)
    add_trace(store)
    return loaded


def _spot(rec: Any) -> Any:
    return next(c for c in rec.checks if c.id == "integration.spot_check")


def test_a_changed_system_behind_the_same_url_is_not_go(
    tmp_path: Path, sqlite_store: Store
) -> None:
    with JsonServer(spam_responder) as service:
        loaded = _pilot(tmp_path, sqlite_store, service)
        before = service.requests
        rec = decide(loaded, sqlite_store)
        spot = _spot(rec)
        assert rec.outcome == "GO", rec.reasons
        assert spot.status == "pass" and "0 changed" in spot.reason
        assert service.requests - before == N  # every sampled case was called, now

        service.responder = _always_ham  # redeployed: same URL, same plan, wrong answers
        rec = decide(loaded, sqlite_store)
        spot = _spot(rec)
    assert rec.outcome == "INCONCLUSIVE", rec.reasons
    assert spot.status == "inconclusive"
    assert "answers differently now" in spot.reason
    assert (
        f"{N // 3} changed" in spot.reason and f"{N // 3} passed then and fail now" in spot.reason
    )
    assert "re-run `phaseone eval --suite main`" in (spot.fix or "")
    assert spot.data["changed"] and len(spot.data["changed"]) == N // 3

    # the calls are evidence: a run of role spot_check, its answers and cost stored
    with sqlite_store.session() as s:
        runs = s.scalars(select(Run).where(Run.role == SPOT_CHECK_ROLE)).all()
        assert len(runs) == 2 and all(r.status == "completed" for r in runs)
        newest = max(runs, key=lambda r: r.started_at)
        outputs = s.scalars(select(CaseResult.output).where(CaseResult.run_id == newest.id)).all()
    assert set(outputs) == {"ham"} and len(outputs) == N
    assert spot.data["spot_check_run"] == newest.id
    assert abs(spot.data["cost"] - N * 0.001) < 1e-9
    spend = next(c for c in rec.checks if c.id == "cost.phase_one_budget")
    # the metric run, both spot checks and the edge (40) and adv (60) runs: calls at 0.001
    assert abs(spend.data["evals"] - (3 * N + 100) * 0.001) < 1e-9


def test_an_unreachable_target_is_not_go(tmp_path: Path, sqlite_store: Store) -> None:
    with JsonServer(spam_responder) as service:
        loaded = _pilot(tmp_path, sqlite_store, service, cases=5)
    rec = decide(loaded, sqlite_store)  # the service is gone
    spot = _spot(rec)
    assert rec.outcome == "INCONCLUSIVE"
    assert spot.status == "inconclusive"
    assert "did not answer any of 5 spot-check calls" in spot.reason
    assert "connection" in spot.reason


def test_a_small_sample_within_tolerance_passes_and_is_random(
    tmp_path: Path, sqlite_store: Store
) -> None:
    with JsonServer(spam_responder) as service:
        loaded = _pilot(tmp_path, sqlite_store, service, cases=10)
        samples = []
        for _ in range(3):
            spot = _spot(decide(loaded, sqlite_store))
            assert spot.status == "pass" and spot.data["n"] == 10
            with sqlite_store.session() as s:
                run = s.get(Run, spot.data["spot_check_run"])
                assert run is not None
                samples.append(tuple(run.config["cases"]))
    assert len(set(samples)) > 1  # not a fixed sample a system could special-case
