"""Suite thresholds are judged as the plan says *now* (review #8).

The review raised the edge and adversarial thresholds from 0.5 to 0.99 after their runs
and the gate still passed both (20/20 cannot show ≥ 0.99). The gate now re-judges the
stored counts against the plan's current threshold: exact, and without a new call.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from builders import Pilot, add_run, go_evidence, go_plan_dict, loaded_plan, summary

from phaseone.gate import evaluate
from phaseone.gate.checks.evals import rejudge_suite
from phaseone.plan.loader import LoadedPlan
from phaseone.plan.schema import Plan
from phaseone.store.database import Store
from phaseone.store.run_summary import RunSummary


def _with_thresholds(loaded: LoadedPlan, edge: float, adv: float) -> LoadedPlan:
    data = copy.deepcopy(loaded.plan.model_dump(mode="json", exclude_unset=True))
    data["suites"][1]["threshold"] = edge
    data["suites"][2]["threshold"] = adv
    return LoadedPlan.from_model(Plan.model_validate(data), loaded.base_dir)


def test_thresholds_raised_after_the_real_runs_are_not_passed(pilot: Pilot) -> None:
    before = {c.id: c for c in evaluate(pilot.loaded, pilot.store).checks}
    assert before["evals.edge"].status == "pass" and before["evals.adversarial"].status == "pass"
    edge_run = pilot.runs["edge"]
    assert edge_run.summary["suite_threshold"] == 0.5

    raised = _with_thresholds(pilot.loaded, 0.99, 0.99)
    checks = {c.id: c for c in evaluate(raised, pilot.store).checks}
    for cid in ("evals.edge", "evals.adversarial"):
        assert checks[cid].status == "inconclusive", (cid, checks[cid].reason)
        assert "re-judged: the run was judged against 0.5" in checks[cid].evidence[0].summary
        assert checks[cid].data["suites"][next(iter(checks[cid].data["suites"]))]["verdict"] == (
            "INCONCLUSIVE"
        )
    assert "not shown to pass yet" in checks["evals.edge"].reason


def test_a_threshold_the_counts_cannot_reach_fails(tmp_path: Path, store: Store) -> None:
    """20 of 40 passed, judged PASS against 0.3 when the run ended; the plan now says 0.9."""
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    judged = summary(n=40, passes=20, verdict="PASS")
    judged["suite_threshold"] = 0.3
    add_run(store, "edge", judged, at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5))
    data = go_plan_dict()
    data["suites"][1]["threshold"] = 0.9
    edge = next(
        c for c in evaluate(loaded_plan(tmp_path, data), store).checks if c.id == "evals.edge"
    )
    assert edge.status == "fail" and "edge (FAIL)" in edge.reason
    assert "re-judged: the run was judged against 0.3" in edge.evidence[0].summary


def test_rejudging_counts_cases_not_repeats_and_keeps_infra_outages_inconclusive() -> None:
    # 3 repeats of 20 cases, every repeat passing: 60/60 "trials" would clear 0.95, but
    # 20 cases cannot (the exact one-sided 95% lower bound of 20/20 is 0.861).
    repeated = RunSummary.of(
        {
            "n": 60,
            "pass_rate": {"passes": 60, "n": 60},
            "repeats": {"k": 3, "cases": 20, "mean_case_pass_rate": 1.0},
        }
    )
    assert rejudge_suite(repeated, 0.95, 0.1).state == "INCONCLUSIVE"
    single = {"n": 60, "pass_rate": {"passes": 60, "n": 60}}
    assert rejudge_suite(RunSummary.of(single), 0.95, 0.1).state == "PASS"
    down = RunSummary.of({**single, "infra_errors": 12})
    v = rejudge_suite(down, 0.5, 0.1)
    assert v.state == "INCONCLUSIVE" and "gate.max_infra_error_rate" in v.reason
