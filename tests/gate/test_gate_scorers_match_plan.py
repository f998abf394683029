"""A run counts only as scored and tagged the way the plan scores and tags its suite now
(review 2: a scorer swapped for the run and put back, a python scorer rewritten after the
run, a suite retagged after its run).

The workspace is the end-to-end one of `test_gate_evidence_matches_plan`: the real CLI
against a classifier served over HTTP; `always_ham` is the broken system.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from builders import PROJECT
from test_gate_evidence_matches_plan import Workspace, always_ham, classify, ws

from phaseone.plan.lock import SCORERS_UNLOCKED
from phaseone.plan.workspace import open_workspace
from phaseone.store.models import MetricLock
from servers import JsonServer

__all__ = ["ws"]  # the fixture, imported for pytest

#: Whether the served classifier is broken: flipped as the review flipped its server's mode,
#: so that the target (its URL, its configuration) stays the plan's throughout.
BROKEN = {"now": False}


def _switchable(payload: Any, request: Any) -> Any:
    return always_ham(payload, request) if BROKEN["now"] else classify(payload, request)


@pytest.fixture
def servers() -> Iterator[tuple[JsonServer, JsonServer]]:
    """The plan's classifier service (switchable to broken), and an always-broken one."""
    BROKEN["now"] = False
    try:
        with JsonServer(_switchable) as good, JsonServer(always_ham) as bad:
            yield good, bad
    finally:
        BROKEN["now"] = False


def _on_the_broken_system(ws: Workspace, *suites: str) -> None:
    """Run `suites` while the plan's service answers ham to everything, then mend it."""
    BROKEN["now"] = True
    try:
        code, err = ws.eval(*suites)
    finally:
        BROKEN["now"] = False
    assert code == 0, err  # the permissive scorer passes the broken system


def test_a_scorer_swapped_for_the_run_and_put_back_is_not_go(ws: Workspace) -> None:
    original = copy.deepcopy(ws.data)
    # Same scorer NAME as the metric's, accepting anything.
    ws.data["suites"][0]["scorers"] = [{"kind": "regex", "name": "exact", "pattern": ".*"}]
    ws.write()
    _on_the_broken_system(ws, "main")
    ws.data = original
    ws.write()
    code, checks = ws.gate()
    assert code == 3 and checks["outcome"] == "INCONCLUSIVE"
    metric = checks["evals.metric"]
    assert metric["status"] == "inconclusive"
    assert "was scored with regex scorer 'exact' (pattern='.*')" in metric["reason"]
    assert "the plan now says exact scorer 'exact'" in metric["reason"]
    assert metric["fix"] == "re-run `phaseone eval --suite main`"
    # Running the plan's scorer is what settles it.
    code, _ = ws.eval("main")
    assert code == 0
    code, checks = ws.gate()
    assert checks["evals.metric"]["status"] == "pass"


def test_edge_and_adversarial_scorers_swapped_and_put_back_are_not_go(ws: Workspace) -> None:
    original = copy.deepcopy(ws.data)
    for i in (1, 2):
        ws.data["suites"][i]["scorers"] = [{"kind": "regex", "pattern": ".*"}]
    ws.write()
    _on_the_broken_system(ws, "edge", "adv")
    ws.data = original
    ws.write()
    code, checks = ws.gate()
    assert code == 3
    for cid in ("evals.edge", "evals.adversarial"):
        assert checks[cid]["status"] == "inconclusive", checks[cid]
        assert "was scored with regex scorer 'regex'" in checks[cid]["reason"]


def test_a_metric_scorer_changed_after_evidence_is_drift(ws: Workspace) -> None:
    ws.data["suites"][0]["scorers"] = [{"kind": "regex", "name": "exact", "pattern": ".*"}]
    ws.write()
    code, checks = ws.gate()
    assert code != 0
    locked = checks["metric.locked"]
    assert locked["status"] != "pass"
    assert "scorers:" in locked["reason"] and "regex" in locked["reason"]


def test_a_lock_from_before_scorers_were_locked_asks_to_record_them(ws: Workspace) -> None:
    _, store = open_workspace(ws.plan)
    try:
        with store.session() as s:
            for lock in s.query(MetricLock).filter(MetricLock.project == PROJECT).all():
                metric = dict(lock.metric)
                metric.pop("scorers", None)
                lock.metric = metric
    finally:
        store.close()
    code, checks = ws.gate()
    assert code != 0
    assert SCORERS_UNLOCKED in checks["metric.locked"]["reason"]
    assert ws.cli("lock", "--reason", "record the scorers") == 0
    ws.capsys.readouterr()
    code, checks = ws.gate()
    assert checks["metric.locked"]["status"] == "pass", checks["metric.locked"]


@pytest.fixture
def python_scored(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> tuple[Workspace, str]:
    """Every suite scored by a python function from the plan's directory (its own module
    name per test, so no other test's import is reused)."""
    module = f"myscore_{ws.root.name.replace('-', '_')}"
    (ws.root / f"{module}.py").write_text(
        "def score(output, case):\n    return True\n"  # accepts anything
    )
    monkeypatch.delitem(sys.modules, module, raising=False)
    for suite in ws.data["suites"]:
        suite["scorers"] = [{"kind": "python", "name": "exact", "callable": f"{module}:score"}]
    ws.write()
    return ws, module


def test_a_python_scorer_rewritten_after_the_run_is_not_go(
    python_scored: tuple[Workspace, str],
) -> None:
    ws, module = python_scored
    assert ws.cli("lock", "--reason", "python scorer") == 0
    _on_the_broken_system(ws, "main", "edge", "adv")
    run_config = _latest_config(ws, "main")
    assert run_config["scorers"][0]["code_fingerprint"]["module_file"]
    # Now the strict scorer; the plan's text is identical.
    (ws.root / f"{module}.py").write_text(
        "def score(output, case):\n    return output == case.expected\n"
    )
    code, checks = ws.gate()
    assert code == 3 and checks["outcome"] == "INCONCLUSIVE"
    for cid in ("evals.metric", "evals.edge", "evals.adversarial"):
        reason = checks[cid]["reason"]
        assert checks[cid]["status"] == "inconclusive", (cid, reason)
        assert "python scorer 'exact'" in reason and "the function changed" in reason


def test_an_unchanged_python_scorer_matches(
    python_scored: tuple[Workspace, str],
) -> None:
    ws, _ = python_scored
    assert ws.cli("lock", "--reason", "python scorer") == 0
    code, err = ws.eval("main", "edge", "adv")
    assert code == 0, err
    code, checks = ws.gate()
    assert code == 0 and checks["outcome"] == "GO", checks["evals.metric"]["reason"]


def _latest_config(ws: Workspace, suite: str) -> dict[str, object]:
    from phaseone.store.runs import latest_run

    _, store = open_workspace(ws.plan)
    try:
        run = latest_run(store, PROJECT, suite)
        assert run is not None
        return dict(run.config or {})
    finally:
        store.close()


def test_a_suite_retagged_after_its_run_is_not_adversarial_evidence(ws: Workspace) -> None:
    # The edge suite is now also "adversarial", and the adversarial suite is gone.
    ws.data["suites"][1]["tags"] = ["edge", "adversarial"]
    del ws.data["suites"][2]
    ws.write()
    code, checks = ws.gate()
    assert code == 3 and checks["outcome"] == "INCONCLUSIVE"
    adv = checks["evals.adversarial"]
    assert adv["status"] == "inconclusive"
    assert "suite tags ['edge']" in adv["reason"]
    assert "suite tags ['adversarial', 'edge']" in adv["reason"]
    assert adv["fix"] == "re-run `phaseone eval --suite edge`"


def test_a_suite_gone_since_the_last_go_is_named(ws: Workspace) -> None:
    ws.data["suites"][1]["tags"] = ["edge", "adversarial"]
    del ws.data["suites"][2]
    ws.write()
    code, err = ws.eval("edge")  # now a run that IS recorded as adversarial evidence
    assert code == 0, err
    code, checks = ws.gate()
    adv = checks["evals.adversarial"]
    assert adv["status"] == "pass", adv
    assert "adversarial suite(s) pass their thresholds: edge" in adv["reason"]
    assert "tagged 'adversarial' in the last GO (decision 1): adv (run " in adv["reason"]
    assert "no longer in the plan" not in checks["evals.edge"]["reason"]
