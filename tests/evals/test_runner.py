"""The runner end to end: real python and HTTP targets, a real store, real statistics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from evals_workspace import (
    PILOT_MODULE,
    costly_target,
    failing_responder,
    http_target,
    spam_cases,
    suite,
    write_workspace,
)

from phaseone.evals import CostLimitExceeded, EvalOptions, arun_suite
from phaseone.evals.summary import compute_summary
from phaseone.plan.loader import LoadedPlan
from phaseone.plan.workspace import open_workspace
from phaseone.store.database import Store
from phaseone.store.runs import count_results, iter_case_results, list_runs
from servers import JsonServer, spam_responder

PRECISION = {
    "name": "spam precision",
    "suite": "spam",
    "scorer": "classification",
    "aggregate": "precision",
    "label": "spam",
    "threshold": 0.7,
    "min_cases": 5,
}


def _open(path: Path) -> tuple[LoadedPlan, Store]:
    return open_workspace(path)


def _results(store: Store, run_id: str) -> list[Any]:
    return list(iter_case_results(store, run_id))


async def test_python_target_end_to_end(tmp_path: Path) -> None:
    plan = write_workspace(tmp_path, cases=spam_cases(40, wrong_every=8), metric=PRECISION)
    loaded, store = _open(plan)
    run = await arun_suite(loaded, store, "spam", EvalOptions(concurrency=4, progress=False))
    assert run.status == "completed"
    rows = _results(store, run.id)
    assert len(rows) == 40 == run.total_cases
    # every case carries its own tags plus the suite's
    assert all("happy" in r.tags for r in rows)
    assert sum("edge" in r.tags for r in rows) == 8
    wrong = [r for r in rows if r.passed is False]
    assert len(wrong) == 5  # ids 7, 15, 23, 31, 39 have flipped labels
    assert all(r.scores["classification"]["passed"] is False for r in wrong)
    s = run.summary
    assert s is not None
    assert s["n"] == 40 and s["scored"] == 40 and s["errors"] == 0
    assert s["pass_rate"]["passes"] == 35
    assert s["pass_rate"]["lower"] < 35 / 40 < s["pass_rate"]["upper"]
    assert s["by_tag"]["edge"]["n"] == 8
    spam = s["classification"]["classification"]["per_label"]["spam"]
    assert spam["tp"] + spam["fp"] == s["metric"]["n"]
    assert s["metric"]["aggregate"] == "precision" and s["metric"]["label"] == "spam"
    assert s["metric"]["verdict"] in ("PASS", "FAIL", "INCONCLUSIVE")
    assert s["verdict"] == s["metric"]["verdict"]
    assert s["dataset"]["rows"] == 40 and s["dataset"]["content_hash"]
    assert s["latency_ms"]["n"] == 40 and s["latency_ms"]["p50"] is not None
    # the metric was locked before the first evidence
    from phaseone.plan.lock import metric_locks

    assert len(metric_locks(store, loaded.project)) == 1


async def test_http_target_end_to_end(tmp_path: Path) -> None:
    with JsonServer(spam_responder) as server:
        plan = write_workspace(
            tmp_path,
            cases=spam_cases(30),
            target=http_target(server.url),
            suites=[suite(threshold=0.8)],
        )
        loaded, store = _open(plan)
        run = await arun_suite(loaded, store, "spam", EvalOptions(concurrency=8, progress=False))
    assert server.requests == 30
    assert run.summary is not None
    assert run.summary["pass_rate"]["passes"] == 30
    assert run.summary["threshold_verdict"]["verdict"] == "PASS"
    assert run.summary["verdict"] == "PASS"
    # token usage is not configured for this target, cost is 0, latency is measured
    assert run.summary["latency_ms"]["p95"] > 0


async def test_repeat_stores_each_repeat_and_per_case_rates(tmp_path: Path) -> None:
    plan = write_workspace(tmp_path, cases=spam_cases(10), suites=[suite(repeat=3)])
    loaded, store = _open(plan)
    run = await arun_suite(loaded, store, "spam", EvalOptions(progress=False))
    rows = _results(store, run.id)
    assert len(rows) == 30
    assert sorted({r.repeat_index for r in rows}) == [0, 1, 2]
    assert run.summary is not None
    rep = run.summary["repeats"]
    assert rep["k"] == 3 and rep["cases"] == 10 and rep["always_pass"] == 10


async def test_cache_keeps_original_latency_and_says_so(tmp_path: Path) -> None:
    target = {"kind": "python", "callable": f"{PILOT_MODULE}:sleepy"}
    plan = write_workspace(tmp_path, cases=spam_cases(12), target=target)
    loaded, store = _open(plan)
    first = await arun_suite(
        loaded, store, "spam", EvalOptions(concurrency=4, progress=False, use_cache=True)
    )
    second = await arun_suite(
        loaded, store, "spam", EvalOptions(concurrency=4, progress=False, use_cache=True)
    )
    one = {r.case_id: r for r in _results(store, first.id)}
    two = _results(store, second.id)
    assert len(two) == 12
    assert all(r.cached for r in two) and not any(r.cached for r in one.values())
    for r in two:
        assert r.latency_ms == one[r.case_id].latency_ms  # original, not ~0
        assert r.latency_ms >= 20
        assert r.output == one[r.case_id].output
    s = second.summary
    assert s is not None
    assert s["cached"] == 12
    assert (s["fresh_calls"], s["reused_answers"]) == (0, 12)
    assert (first.summary or {})["fresh_calls"] == 12
    assert s["latency_ms"]["n"] == 0 and s["latency_ms"]["p50"] is None
    assert s["latency_ms"]["excluded_cached"] == 12
    assert "cached results are excluded" in s["latency_ms"]["note"]
    assert s["cached_latency_ms"]["n"] == 12
    # --no-cache (and the default) call the target again
    third = await arun_suite(
        loaded, store, "spam", EvalOptions(concurrency=4, progress=False, use_cache=False)
    )
    assert third.summary is not None and third.summary["cached"] == 0
    fourth = await arun_suite(loaded, store, "spam", EvalOptions(concurrency=4, progress=False))
    assert fourth.summary is not None and fourth.summary["reused_answers"] == 0
    assert fourth.summary["fresh_calls"] == 12 and fourth.config["use_cache"] is False


async def test_429_backs_off_and_all_cases_succeed(tmp_path: Path) -> None:
    state = {"n": 0}

    def responder(payload: Any, request: web.Request) -> Any:
        state["n"] += 1
        if state["n"] <= 6:
            return web.json_response(
                {"error": "slow down"}, status=429, headers={"Retry-After": "0.2"}
            )
        return spam_responder(payload, request)

    concurrency = 4
    with JsonServer(responder) as server:
        plan = write_workspace(tmp_path, cases=spam_cases(24), target=http_target(server.url))
        loaded, store = _open(plan)
        opts = EvalOptions(concurrency=concurrency, progress=False, retries=0)
        run = await arun_suite(loaded, store, "spam", opts)
    assert run.summary is not None
    assert run.summary["errors"] == 0
    assert run.summary["pass_rate"]["passes"] == 24
    assert server.max_in_flight <= concurrency
    assert server.requests == 24 + 6  # each 429 retried once the pause is over
    throttle = run.summary["execution"]["throttle"]
    assert throttle["throttled"] == 6
    assert throttle["min_concurrency"] < concurrency
    assert throttle["paused_s"] >= 0.2


async def test_infra_errors_make_the_verdict_inconclusive_not_fail(tmp_path: Path) -> None:
    # Two cases in three fail (never five in a row): scattered errors are data, not a stop.
    with JsonServer(failing_responder(lambda i: i % 3 != 0, status=503)) as server:
        plan = write_workspace(
            tmp_path,
            cases=spam_cases(15),
            target=http_target(server.url, timeout_s=2),
            suites=[suite(threshold=0.9)],
            metric={**PRECISION, "threshold": 0.9},
        )
        loaded, store = _open(plan)
        opts = EvalOptions(concurrency=1, progress=False, retries=1, backoff_base_s=0.01)
        run = await arun_suite(loaded, store, "spam", opts)
    assert run.status == "completed"
    s = run.summary
    assert s is not None
    assert s["errors"] == 10 and s["infra_errors"] == 10
    assert s["error_kinds"] == {"status": 10}
    assert s["verdict"] == "INCONCLUSIVE"
    assert s["metric"]["verdict"] == "INCONCLUSIVE"
    assert "infrastructure errors" in s["metric"]["reason"]
    rows = [r for r in _results(store, run.id) if r.error_kind is not None]
    assert len(rows) == 10 and all(r.error_kind == "status" and r.passed is None for r in rows)


async def test_quality_failures_fail(tmp_path: Path) -> None:
    cases = spam_cases(60, wrong_every=2)  # half the labels flipped: 50% accuracy
    plan = write_workspace(tmp_path, cases=cases, suites=[suite(threshold=0.9)])
    loaded, store = _open(plan)
    run = await arun_suite(loaded, store, "spam", EvalOptions(progress=False))
    assert run.summary is not None and run.summary["verdict"] == "FAIL"


async def test_target_exception_is_a_recorded_error(tmp_path: Path) -> None:
    cases = spam_cases(6)
    cases[2]["input"] = "boom"
    target = {"kind": "python", "callable": f"{PILOT_MODULE}:flaky_crash"}
    plan = write_workspace(tmp_path, cases=cases, target=target)
    loaded, store = _open(plan)
    run = await arun_suite(loaded, store, "spam", EvalOptions(progress=False))
    rows = {r.case_id: r for r in _results(store, run.id)}
    assert rows["c00002"].error_kind == "exception"
    assert "cannot handle boom" in (rows["c00002"].error_message or "")
    assert run.summary is not None
    assert run.summary["errors"] == 1 and run.summary["infra_errors"] == 0
    assert run.summary["scored"] == 5


async def test_max_cost_refuses_before_starting(tmp_path: Path) -> None:
    target = {
        "kind": "python",
        "callable": f"{PILOT_MODULE}:classify",
        "price": {"per_call": 0.01},
    }
    plan = write_workspace(tmp_path, cases=spam_cases(30), target=target)
    loaded, store = _open(plan)
    said: list[str] = []
    opts = EvalOptions(progress=False, max_cost=0.1)
    with pytest.raises(CostLimitExceeded, match="exceeds --max-cost"):
        await arun_suite(loaded, store, "spam", opts, echo=said.append)
    assert said and "estimated cost: 0.30 EUR for 30 calls" in said[0]
    assert list_runs(store, loaded.project) == []  # nothing started


async def test_max_cost_stops_mid_run_when_actual_spend_would_exceed(tmp_path: Path) -> None:
    # The estimate (≤200 output tokens) is below the limit; the target really returns
    # 1,000 output tokens per call (1.0 EUR), so the runner must stop on actual spend.
    target = costly_target()
    plan = write_workspace(tmp_path, cases=spam_cases(20), target=target)
    loaded, store = _open(plan)
    opts = EvalOptions(concurrency=1, progress=False, max_cost=10.0)
    with pytest.raises(CostLimitExceeded) as info:
        await arun_suite(loaded, store, "spam", opts)
    run_id = info.value.run_id
    assert run_id is not None
    assert "spent 10 EUR; the next call would exceed --max-cost 10 EUR" in str(info.value)
    rows = _results(store, run_id)
    assert len(rows) == 10
    assert sum(r.cost for r in rows) == pytest.approx(10.0)
    (run,) = list_runs(store, loaded.project)
    assert run.status == "interrupted"
    assert run.summary is not None and run.summary["execution"]["stopped"] == "max_cost"


async def test_summary_recomputes_from_the_store(tmp_path: Path) -> None:
    plan = write_workspace(tmp_path, cases=spam_cases(20, wrong_every=5), metric=PRECISION)
    loaded, store = _open(plan)
    run = await arun_suite(loaded, store, "spam", EvalOptions(progress=False))
    again = compute_summary(store, run, loaded)
    assert run.summary is not None
    for key in ("n", "pass_rate", "scorers", "classification", "by_tag", "metric", "verdict"):
        assert again[key] == run.summary[key]
    assert count_results(store, run.id) == 20


async def test_run_cache_and_resume_state_on_each_store(tmp_path: Path, store: Store) -> None:
    """The same run on SQLite and PostgreSQL (the `store` fixture): results, cache, summary."""
    plan = write_workspace(tmp_path, cases=spam_cases(150), suites=[suite(repeat=2)])
    loaded, _ = _open(plan)
    first = await arun_suite(
        loaded, store, "spam", EvalOptions(concurrency=8, progress=False, use_cache=True)
    )
    second = await arun_suite(
        loaded, store, "spam", EvalOptions(concurrency=8, progress=False, use_cache=True)
    )
    assert count_results(store, first.id) == count_results(store, second.id) == 300
    assert first.summary is not None and second.summary is not None
    assert first.summary["cached"] == 0 and second.summary["cached"] == 300
    assert second.summary["pass_rate"] == first.summary["pass_rate"]


async def test_cost_estimate_learns_from_earlier_fresh_calls(tmp_path: Path) -> None:
    target = costly_target()
    plan = write_workspace(tmp_path, cases=spam_cases(12), target=target)
    loaded, store = _open(plan)
    said: list[str] = []
    first = await arun_suite(loaded, store, "spam", EvalOptions(progress=False), echo=said.append)
    assert "≤200 output tokens" in said[0]  # no history: the plan's price × an assumed length
    assert first.summary is not None and first.summary["cost"]["total"] == pytest.approx(12.0)
    await arun_suite(loaded, store, "spam", EvalOptions(progress=False), echo=said.append)
    assert "estimated cost: 12 EUR for 12 calls" in said[1]
    assert "mean cost of 12 earlier fresh calls" in said[1]


async def test_infra_errors_without_any_threshold_are_still_inconclusive(tmp_path: Path) -> None:
    with JsonServer(failing_responder(lambda i: i in (1, 2))) as server:
        plan = write_workspace(
            tmp_path, cases=spam_cases(4), target=http_target(server.url, timeout_s=1)
        )
        loaded, store = _open(plan)
        opts = EvalOptions(progress=False, retries=0, concurrency=1)
        run = await arun_suite(loaded, store, "spam", opts)
    assert run.summary is not None and run.summary["verdict"] == "INCONCLUSIVE"
    assert "not usable evidence" in run.summary["verdict_reason"]


async def test_repeats_are_not_counted_as_independent_evidence(tmp_path: Path) -> None:
    metric = {
        "name": "pass rate",
        "suite": "spam",
        "scorer": "classification",
        "aggregate": "pass_rate",
        "threshold": 0.5,
        "min_cases": 5,
    }
    plan = write_workspace(
        tmp_path, cases=spam_cases(20, wrong_every=4), suites=[suite(repeat=3)], metric=metric
    )
    loaded, store = _open(plan)
    run = await arun_suite(loaded, store, "spam", EvalOptions(progress=False))
    assert run.summary is not None
    m = run.summary["metric"]
    assert m["n"] == 20  # cases, not 60 results
    assert m["value"] == pytest.approx(15 / 20)
    assert "each case counts its pass rate over 3 repeats" in m["reason"]
    pooled = run.summary["pass_rate"]
    assert pooled["n"] == 60  # the descriptive pass rate still shows every result
