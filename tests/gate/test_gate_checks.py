"""Every check of the rubric, made to pass and made to fail, on evidence in a real store."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from builders import (
    ALL_PROBES,
    PROJECT,
    add_batch,
    add_run,
    add_trace,
    age_run,
    go_evidence,
    go_plan_dict,
    loaded_plan,
    metric_summary,
    summary,
)

from phaseone.gate import CHECKS, CheckResult, decide, evaluate
from phaseone.store.database import Store
from phaseone.store.slo_queries import open_incident

PlanMut = Callable[[dict[str, Any]], None]
StoreMut = Callable[[Store, dict[str, str]], None]


def results(
    tmp_path: Path,
    store: Store,
    plan_mut: PlanMut | None = None,
    store_mut: StoreMut | None = None,
    evidence_plan_mut: PlanMut | None = None,
) -> dict[str, CheckResult]:
    """Gate results for the GO plan after `plan_mut`, with GO evidence then `store_mut`.

    `evidence_plan_mut` changes the plan the evidence (metric lock) was produced under,
    to make drift: evidence under one plan, decision under another.
    """
    data = go_plan_dict()
    ev_data = copy.deepcopy(data)
    if evidence_plan_mut:
        evidence_plan_mut(ev_data)
    ids = go_evidence(store, loaded_plan(tmp_path, ev_data))
    add_trace(store)
    if plan_mut:
        plan_mut(data)
    if store_mut:
        store_mut(store, ids)
    rec = evaluate(loaded_plan(tmp_path, data), store)
    return {c.id: c for c in rec.checks}


def _set(path: str, value: Any) -> PlanMut:
    def mut(d: dict[str, Any]) -> None:
        keys = path.split(".")
        cur: Any = d
        for k in keys[:-1]:
            cur = cur[int(k)] if isinstance(cur, list) else cur[k]
        cur[keys[-1]] = value

    return mut


def _replace_run(suite: str, summ: dict[str, Any]) -> StoreMut:
    def mut(store: Store, ids: dict[str, str]) -> None:
        add_run(store, suite, summ, at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5))

    return mut


def _probe_fails(name: str) -> StoreMut:
    def mut(store: Store, ids: dict[str, str]) -> None:
        add_batch(
            store,
            loaded_plan(Path("."), go_plan_dict()),
            batch="pb_later",
            at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5),
            failing={name: "HTTP 200, expected 401"},
        )

    return mut


def _probe_stale(name: str) -> StoreMut:
    def mut(store: Store, ids: dict[str, str]) -> None:
        from phaseone.store.models import ProbeResult

        with store.session() as s:
            for row in s.query(ProbeResult).filter(ProbeResult.probe == name):
                row.created_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)

    return mut


def _age_runs(days: float) -> StoreMut:
    def mut(store: Store, ids: dict[str, str]) -> None:
        for run_id in ids.values():
            age_run(store, run_id, dt.datetime.now(dt.UTC) - dt.timedelta(days=days))

    return mut


def _traces(outcome: str, status: int, n: int = 20) -> StoreMut:
    def mut(store: Store, ids: dict[str, str]) -> None:
        for _ in range(n):
            add_trace(store, outcome=outcome, status=status)

    return mut


PROBE_FOR = {
    "controls.auth": "auth_revoked_key",
    "controls.limits": "input_size_limit",
    "controls.rate_limit": "rate_limit",
    "controls.budget": "budget_ceiling",
    "controls.pii": "pii_redaction",
    "controls.injection": "prompt_injection",
    "controls.resilience": "fault_injection",
    "controls.monitoring": "traces_recorded",
    "rollout.kill_switch": "kill_switch_drill",
}


# check id, plan mutation, store mutation, expected status, words the reason must contain
def _page_open(store: Store, ids: dict[str, str]) -> None:
    """`phaseone watch` fired a page on the live system after the evidence was gathered."""
    open_incident(
        store,
        PROJECT,
        "PhaseoneAvailabilityBudgetBurnPage1h",
        "availability",
        "page",
        dt.datetime.now(dt.UTC),
        {"long_bad_share": 0.1},
    )


def _drift_open(store: Store, ids: dict[str, str]) -> None:
    """`phaseone watch`'s drift monitor raised a ticket on the live answers' pass rate."""
    open_incident(
        store,
        PROJECT,
        "PhaseoneOnlineQualityDrift",
        "drift",
        "ticket",
        dt.datetime.now(dt.UTC),
        {"alarms": 1},
    )


FAILING: list[tuple[str, PlanMut | None, StoreMut | None, str, str]] = [
    ("ownership.owner", _set("owner.contact", "TBD"), None, "fail", "placeholder"),
    ("ownership.owner", _set("owner.contact", "dana"), None, "fail", "not an e-mail"),
    ("ownership.line_team", _set("owner.team", "Innovation Lab"), None, "fail", "innovation"),
    ("ownership.line_team", _set("owner.team", "Acme Vendor Services"), None, "fail", "vendor"),
    ("metric.defined", _set("success_metric", None), None, "fail", "no success_metric"),
    ("metric.locked", _set("success_metric.threshold", 0.7), None, "fail", "threshold"),
    (
        "evals.metric",
        None,
        _replace_run(
            "main", summary(metric=metric_summary("FAIL", value=0.7, lower=0.64, upper=0.75))
        ),
        "fail",
        "below the threshold",
    ),
    (
        "evals.metric",
        None,
        _replace_run(
            "main",
            summary(
                metric=metric_summary("INCONCLUSIVE", value=0.82, lower=0.77, upper=0.86, more=540)
            ),
        ),
        "inconclusive",
        "(the next run is look 3",
    ),
    ("evals.metric", None, _age_runs(30), "fail", "stale"),
    (
        "evals.edge",
        None,
        _replace_run("edge", summary(n=40, passes=20, verdict="FAIL")),
        "fail",
        "edge",
    ),
    ("evals.edge", _set("suites.1.tags", ["happy"]), None, "fail", "no suite is tagged 'edge'"),
    (
        "evals.edge",
        None,
        _replace_run(
            "edge",
            {
                **summary(n=40, passes=31, verdict="INCONCLUSIVE"),
                "threshold_verdict": {"verdict": "INCONCLUSIVE", "more_cases_needed": 75},
            },
        ),
        "inconclusive",
        "about 75 more cases",
    ),
    (
        "evals.adversarial",
        None,
        _replace_run("adv", summary(n=60, passes=30, verdict="FAIL")),
        "fail",
        "adversarial",
    ),
    (
        "integration.live_target",
        _set("target", {"kind": "python", "callable": "os:getcwd"}),
        None,
        "fail",
        "in-process",
    ),
    (
        "integration.live_dataset",
        _set("suites.0.dataset", {"kind": "jsonl", "path": "a.jsonl"}),
        None,
        "fail",
        "exported file",
    ),
    (
        "integration.latency_errors",
        None,
        _replace_run("main", summary(p95=5000, metric=metric_summary())),
        "fail",
        "p95 latency 5000 ms",
    ),
    ("controls.configured", _set("controls", None), None, "fail", "no `controls`"),
    ("controls.configured", _set("controls.rate_limit", None), None, "fail", "rate limit"),
    *[(cid, None, _probe_fails(p), "fail", "probe failed") for cid, p in PROBE_FOR.items()],
    ("controls.pii", None, _probe_stale("pii_redaction"), "fail", "stale"),
    (
        "controls.auth",
        None,
        lambda s, i: _delete_probe(s, "auth_missing_key"),
        "inconclusive",
        "incomplete: missing auth_missing_key",
    ),
    (
        "reliability.runs",
        None,
        _replace_run("edge", summary(n=40, passes=36, error_rate=0.2)),
        "fail",
        "error rate 20.0%",
    ),
    ("reliability.live_traffic", None, _traces("error", 502), "fail", "live traffic"),
    (
        "reliability.slo_alerts",
        _set("slos", {"availability": {"target": 0.995}}),
        _page_open,
        "fail",
        "1 SLO page alert(s) firing: PhaseoneAvailabilityBudgetBurnPage1h",
    ),
    (
        "reliability.slo_tickets",
        _set("slos", {"availability": {"target": 0.995}}),
        _drift_open,
        "fail",
        "1 ticket alert(s) or drift alarm(s) open: PhaseoneOnlineQualityDrift",
    ),
    (
        "reliability.fallback_rate",
        None,
        _traces("fallback", 200),  # 200 OK, but 20 of 21 answers are the fallback's
        "fail",
        "fallback rate 95.2%",
    ),
    ("cost.phase_two_costed", _set("phases.two", None), None, "fail", "no phases.two"),
    (
        "cost.phase_two_costed",
        _set("phases.two.run_cost_ceiling_monthly", None),
        None,
        "fail",
        "run_cost_ceiling_monthly",
    ),
    (
        "cost.run_cost",
        _set("phases.two.run_cost_ceiling_monthly", 100),
        None,
        "fail",
        "projected 400 EUR/month",
    ),
    ("cost.phase_one_budget", _set("phases.one.budget", 0.01), None, "fail", "spent"),
    (
        "rollout.kill_switch",
        _set("controls.resilience.fallback", None),
        None,
        "fail",
        "no controls.resilience.fallback",
    ),
    (
        "rollout.kill_switch",
        _set("controls.rollout", {"kill_switch": False}),
        None,
        "fail",
        "kill_switch is off",
    ),
]


def _delete_probe(store: Store, name: str) -> None:
    from phaseone.store.models import ProbeResult

    with store.session() as s:
        s.query(ProbeResult).filter(ProbeResult.probe == name).delete()


@pytest.mark.parametrize(
    ("check_id", "plan_mut", "store_mut", "status", "words"),
    FAILING,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(FAILING)],
)
def test_check_does_not_pass(
    tmp_path: Path,
    sqlite_store: Store,
    check_id: str,
    plan_mut: PlanMut | None,
    store_mut: StoreMut | None,
    status: str,
    words: str,
) -> None:
    r = results(tmp_path, sqlite_store, plan_mut, store_mut)[check_id]
    assert r.status == status, r.reason
    assert words.lower() in r.reason.lower()
    assert r.fix, "a check that does not pass must say what to do"


def add_baseline_run(store: Store, passes: int, suite: str = "main") -> None:
    """Baseline run `r_base` on the pilot's 200 cases (of the GO plan's main suite)."""
    add_run(
        store,
        suite,
        summary(n=200, passes=passes),
        role="baseline",
        at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5),
        cases={f"c{i:03d}": i < passes for i in range(200)},
        run_id="r_base",
    )


def test_every_check_passes_on_go_evidence_and_is_covered(
    tmp_path: Path, sqlite_store: Store
) -> None:
    def with_baseline(d: dict[str, Any]) -> None:
        d["success_metric"]["baseline"] = {"run": "r_base", "margin": 0.1}

    def baseline_run(store: Store, ids: dict[str, str]) -> None:
        add_baseline_run(store, passes=176)

    res = results(tmp_path, sqlite_store, with_baseline, baseline_run, with_baseline)
    not_passing = {
        k: (v.status, v.reason)
        for k, v in res.items()
        if v.status != "pass"
        and k
        not in (
            "evals.no_regression",
            "integration.spot_check",
            "reliability.slo_alerts",
            "reliability.slo_tickets",
        )
    }
    assert not_passing == {}
    assert res["evals.no_regression"].status == "skipped"  # no earlier GO yet
    # these rows came from no live target: the builders' plan turns the spot check off
    # (tests/gate/test_spot_check.py runs it against a real service)
    assert res["integration.spot_check"].status == "skipped"
    assert "turned off" in res["integration.spot_check"].reason
    # before GO nothing runs in production to watch: a plan without `slos:` skips it
    assert res["reliability.slo_alerts"].status == "skipped"
    assert res["reliability.slo_tickets"].status == "skipped"
    covered = {c[0] for c in FAILING} | {
        "evals.baseline",
        "evals.no_regression",
        "metric.locked",
        "integration.spot_check",
    }
    assert set(CHECKS.names()) <= covered
    for r in (r for r in res.values() if r.status == "pass"):
        assert r.evidence and all(e.kind == "verified" for e in r.evidence), r.id


def test_baseline_inferior_fails(tmp_path: Path, sqlite_store: Store) -> None:
    def plan(d: dict[str, Any]) -> None:
        d["success_metric"]["baseline"] = {"run": "r_base", "margin": 0.02}

    def base(store: Store, ids: dict[str, str]) -> None:
        add_baseline_run(store, passes=199)

    r = results(tmp_path, sqlite_store, plan, base, plan)["evals.baseline"]
    assert r.status == "fail"
    assert "worse than the baseline" in r.reason


def test_metric_locked_after_evidence_fails(tmp_path: Path, sqlite_store: Store) -> None:
    from phaseone.store.models import MetricLock

    def late_lock(store: Store, ids: dict[str, str]) -> None:
        with store.session() as s:
            for lock in s.query(MetricLock):
                lock.locked_at = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)

    r = results(tmp_path, sqlite_store, None, late_lock)["metric.locked"]
    assert r.status == "fail"
    assert "after the first run" in r.reason


def test_metric_relocked_with_reason_passes(tmp_path: Path, sqlite_store: Store) -> None:
    from phaseone.plan.lock import relock

    def relocked(store: Store, ids: dict[str, str]) -> None:
        d = go_plan_dict()
        d["success_metric"]["threshold"] = 0.75
        relock(store, loaded_plan(tmp_path, d), "owner agreed 75% after the cost review", "Dana")

    r = results(tmp_path, sqlite_store, _set("success_metric.threshold", 0.75), relocked)
    assert r["metric.locked"].status == "pass"
    assert "owner agreed 75%" in r["metric.locked"].reason


def test_regression_since_last_go_fails(tmp_path: Path, sqlite_store: Store) -> None:
    loaded = loaded_plan(tmp_path)
    go_evidence(sqlite_store, loaded)
    first = decide(loaded, sqlite_store)
    assert first.outcome == "GO"
    assert first.record["runs"]["metric"]
    # the same 200 cases; 40 that passed now fail, none fixed
    cases = {f"c{i:03d}": (i % 10 != 0 and i >= 40) for i in range(200)}
    add_run(
        sqlite_store,
        "main",
        summary(metric=metric_summary()),
        cases=cases,
        at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5),
    )
    res = {c.id: c for c in evaluate(loaded, sqlite_store).checks}
    r = res["evals.no_regression"]
    assert r.status == "fail", r.reason
    assert r.data["regressed"] == 36 and r.data["fixed"] == 0
    assert r.data["p_value"] < 0.05


def test_no_regression_passes_when_the_new_run_only_fixes(
    tmp_path: Path, sqlite_store: Store
) -> None:
    loaded = loaded_plan(tmp_path)
    go_evidence(sqlite_store, loaded)
    decide(loaded, sqlite_store)
    add_run(
        sqlite_store,
        "main",
        summary(metric=metric_summary()),
        cases={f"c{i:03d}": True for i in range(200)},
        at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5),
    )
    r = {c.id: c for c in evaluate(loaded, sqlite_store).checks}["evals.no_regression"]
    assert r.status == "pass", r.reason
    assert r.data["fixed"] == 20


def test_check_registry_describes_each_check() -> None:
    for name, c in CHECKS.items():
        assert c.id == name and c.area and c.title and c.verified_by and c.cites and c.fix
    assert len(ALL_PROBES) == 11


def _undecided_adv(passes: int, n: int, threshold: float) -> StoreMut:
    """The adversarial suite's run as the runner would summarise it (real verdict)."""
    from phaseone.evals.stats import rate_verdict

    v = rate_verdict(passes, n, threshold)
    summ = {
        **summary(n=n, passes=passes, verdict=v.state),
        "suite_threshold": threshold,
        "threshold_verdict": {
            "verdict": v.state,
            "reason": v.reason,
            "more_cases_needed": v.more_cases_needed,
        },
    }
    return _replace_run("adv", summ)


def test_unreachable_sample_size_reads_as_advice_not_a_number(
    tmp_path: Path, sqlite_store: Store
) -> None:
    """The demo's adversarial suite: 38/54 against 70%. The statistics say ~41,574 more
    cases; the gate says that it is out of reach, and what to do instead."""

    def plan(d: dict[str, Any]) -> None:
        d["suites"][2]["threshold"] = 0.7

    r = results(tmp_path, sqlite_store, plan, _undecided_adv(38, 54, 0.7), plan)
    adv = r["evals.adversarial"]
    assert adv.status == "inconclusive"
    assert "at the observed 70.4%, showing ≥ 70% would take over 10× the 54" in adv.reason
    assert "improve the system or revisit the threshold" in adv.reason
    assert "41" not in adv.reason and "more cases needed" not in adv.reason
    assert adv.fix is not None and "improve the system" in adv.fix


def test_reachable_sample_size_is_a_rounded_number(tmp_path: Path, sqlite_store: Store) -> None:
    def plan(d: dict[str, Any]) -> None:
        d["suites"][2]["threshold"] = 0.8

    r = results(tmp_path, sqlite_store, plan, _undecided_adv(52, 60, 0.8), plan)
    adv = r["evals.adversarial"]
    assert adv.status == "inconclusive"
    # within reach of the 60 cases so far: said as a round number
    assert "more cases at the observed 87% would settle it" in adv.reason
    more = int(adv.reason.split("about ")[1].split(" more")[0].replace(",", ""))
    assert 0 < more <= 600 and more % 5 == 0
    assert adv.fix is not None and "add cases to adv" in adv.fix


def test_live_traffic_with_nothing_served_does_not_pass(
    tmp_path: Path, sqlite_store: Store
) -> None:
    loaded = loaded_plan(tmp_path)
    for _ in range(3):
        add_trace(sqlite_store, outcome="refused", status=401, latency=1.0)
    live = next(
        c for c in evaluate(loaded, sqlite_store).checks if c.id == "reliability.live_traffic"
    )
    assert live.status == "inconclusive"
    assert "0 served requests among 3 live trace(s)" in live.reason
