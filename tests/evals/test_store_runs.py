"""Run and cache repositories on SQLite and PostgreSQL: no duplicates, upserts, lookups."""

from __future__ import annotations

from typing import Any

import pytest

from phaseone.errors import RunNotFound
from phaseone.store import cache as cache_store
from phaseone.store import runs as run_store
from phaseone.store.database import Store
from phaseone.store.models import utcnow


def _row(run_id: str, case: str, rep: int = 0, output: str = "a") -> dict[str, Any]:
    return {
        "run_id": run_id,
        "case_id": case,
        "repeat_index": rep,
        "input": {"text": case},
        "expected": None,
        "output": output,
        "tags": ["t"],
        "scores": {},
        "passed": True,
        "error_kind": None,
        "error_message": None,
        "latency_ms": 1.0,
        "input_tokens": None,
        "output_tokens": None,
        "cost": None,
        "cached": False,
        "created_at": utcnow(),
    }


def _new_run(store: Store) -> str:
    return run_store.create_run(
        store,
        project="p",
        suite="s",
        role="pilot",
        target_fingerprint="fp",
        target_label="t",
        dataset_identity={},
        config={},
        plan_hash=None,
        total_cases=3,
    ).id


def test_results_are_stored_once_per_case_and_repeat(store: Store) -> None:
    run_id = _new_run(store)
    with store.engine.begin() as conn:
        run_store.insert_results(conn, [_row(run_id, "a"), _row(run_id, "a", 1)])
    with store.engine.begin() as conn:
        # a resumed run re-sending a stored case: ignored, the first answer stays
        run_store.insert_results(conn, [_row(run_id, "a", 0, output="b"), _row(run_id, "c")])
    rows = list(run_store.iter_case_results(store, run_id))
    assert [(r.case_id, r.repeat_index, r.output) for r in rows] == [
        ("a", 0, "a"),
        ("a", 1, "a"),
        ("c", 0, "a"),
    ]
    with store.engine.connect() as conn:
        assert run_store.stored_keys(conn, run_id, ["a", "b", "c"]) == {
            ("a", 0),
            ("a", 1),
            ("c", 0),
        }
    assert run_store.count_results(store, run_id) == 3


def test_get_run_by_prefix_and_unknown(store: Store) -> None:
    run_id = _new_run(store)
    assert run_store.get_run(store, run_id).id == run_id
    assert run_store.get_run(store, run_id[:-2]).id == run_id  # a unique prefix
    with pytest.raises(RunNotFound):
        run_store.get_run(store, "nope-nope")
    run_store.finish_run(store, run_id, status="completed", summary={"n": 0})
    assert run_store.latest_run(store, "p", "s").id == run_id  # type: ignore[union-attr]
    assert run_store.latest_run(store, "p", "s", role="baseline") is None


def test_cache_upsert_and_batch_lookup(store: Store) -> None:
    k1 = cache_store.cache_key("fp", {"b": 1, "a": [1, 2]}, 0)
    assert k1 == cache_store.cache_key("fp", {"a": [1, 2], "b": 1}, 0)  # canonical JSON
    assert k1 != cache_store.cache_key("fp", {"a": [1, 2], "b": 1}, 1)  # repeat index
    assert k1 != cache_store.cache_key("fp2", {"a": [1, 2], "b": 1}, 0)  # fingerprint
    cache = cache_store.ResponseCache(store)
    cache.put(k1, "first", latency_ms=120.0, cost=0.5)
    cache.put(k1, "second", latency_ms=80.0, cost=0.25)  # replaces
    got = cache.get(k1)
    assert got is not None and got.output == "second" and got.latency_ms == 80.0
    many = cache.get_many([k1, "missing"])
    assert set(many) == {k1}
    assert cache_store.ResponseCache(store, "judge").get(k1) is not None  # key is global
    assert cache.clear() == 1 and cache.get(k1) is None
