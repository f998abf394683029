"""A stored summary that its case results do not support is no evidence (issue #15, 11).

A real run of a bad bot (it answers `ham` to everything: 2/3 right, FAIL against 0.85)
is stored by the runner; then the store is edited the way anyone with the database file
can (``UPDATE runs SET summary …``, ``UPDATE case_results …``). Before the fix the gate
said GO on the edited summary.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from builders import go_plan_dict

from phaseone.evals import EvalOptions, arun_suite
from phaseone.evals.integrity import verify_run
from phaseone.evals.summary import compute_summary
from phaseone.gate import CheckResult, evaluate
from phaseone.plan.loader import LoadedPlan
from phaseone.plan.schema import Plan
from phaseone.store.database import Store
from phaseone.store.models import CaseResult, Run
from phaseone.store.runs import RESULT_FACTS, ResultsDigest, get_run, iter_result_rows

EDITED = "stored summary does not match its case results (edited?)"


def _workspace(tmp_path: Path, answer: str) -> LoadedPlan:
    """The GO plan with a python bot on 150 cases (1 in 3 spam) in a JSONL `main` suite."""
    module = f"bot_{uuid.uuid4().hex[:8]}"
    body = (
        "return 'spam' if 'win' in str(text).lower() else 'ham'"
        if answer == "good"
        else f"return {answer!r}"
    )
    (tmp_path / f"{module}.py").write_text(f"def label(text):\n    {body}\n")
    with (tmp_path / "main.jsonl").open("w") as f:
        for i in range(150):
            spam = i % 3 == 0
            text = f"WIN a prize {i}" if spam else f"notes {i}"
            row = {"id": f"m{i:03d}", "input": text, "expected": "spam" if spam else "ham"}
            f.write(json.dumps(row) + "\n")
    data = go_plan_dict()
    data["target"] = {"kind": "python", "callable": f"{module}:label"}
    data["success_metric"]["threshold"] = 0.85
    data["suites"] = [
        {
            "name": "main",
            "dataset": {"kind": "jsonl", "path": "main.jsonl"},
            "scorers": [{"kind": "exact"}],
            "tags": ["happy"],
        }
    ]
    return LoadedPlan.from_model(Plan.model_validate(data), tmp_path)


async def _run(tmp_path: Path, store: Store, answer: str) -> tuple[LoadedPlan, str]:
    loaded = _workspace(tmp_path, answer)
    run = await arun_suite(loaded, store, "main", EvalOptions(progress=False))
    return loaded, run.id


def _metric_check(loaded: LoadedPlan, store: Store) -> CheckResult:
    return {c.id: c for c in evaluate(loaded, store).checks}["evals.metric"]


def _set_summary(store: Store, run_id: str, summary: dict[str, Any]) -> None:
    """UPDATE runs SET summary = … (what an edit of the database file does)."""
    with store.engine.begin() as conn:
        conn.execute(sa.update(Run).where(Run.id == run_id).values(summary=summary))


async def test_an_edited_summary_fails_the_check_that_cites_it(
    tmp_path: Path, store: Store
) -> None:
    loaded, run_id = await _run(tmp_path, store, "ham")
    before = _metric_check(loaded, store)
    assert before.status == "fail" and "below the threshold" in before.reason

    summary = dict(get_run(store, run_id).summary or {})
    summary["verdict"] = "PASS"
    summary["metric"] = {**summary["metric"], "verdict": "PASS", "value": 0.95, "lower": 0.9}
    _set_summary(store, run_id, summary)

    r = _metric_check(loaded, store)
    assert r.status == "fail", r.reason
    assert f"run {run_id}'s {EDITED}" in r.reason
    assert 'summary.verdict is stored as "PASS", the case results give "FAIL"' in r.reason
    assert r.fix is not None and "phaseone eval" in r.fix
    # every other check citing the run says so too, whatever it reads from the summary
    checks = {c.id: c for c in evaluate(loaded, store).checks}
    for cid in ("cost.run_cost", "reliability.runs"):
        assert checks[cid].status == "fail" and EDITED in checks[cid].reason, cid


async def test_edited_case_results_with_a_recomputed_summary_break_the_seal(
    tmp_path: Path, store: Store
) -> None:
    """Every wrong answer rewritten as right and the summary recomputed from them: the
    summary matches the results, but the results are not the ones the run stored."""
    loaded, run_id = await _run(tmp_path, store, "ham")
    with store.session() as s:
        for cr in s.query(CaseResult).filter(CaseResult.run_id == run_id):
            if cr.passed is False:
                cr.output = cr.expected
                cr.passed = True
                cr.scores = {"exact": {"value": 1.0, "passed": True}}
    run = get_run(store, run_id)
    forged = compute_summary(store, run, loaded, notes=(run.summary or {}).get("execution"))
    forged["integrity"] = (run.summary or {})["integrity"]
    _set_summary(store, run_id, forged)
    assert forged["metric"]["verdict"] == "PASS"

    r = _metric_check(loaded, store)
    assert r.status == "fail", r.reason
    assert EDITED in r.reason and "not the ones it was sealed with" in r.reason


async def test_a_run_without_a_seal_is_not_evidence(tmp_path: Path, store: Store) -> None:
    loaded, run_id = await _run(tmp_path, store, "good")
    assert _metric_check(loaded, store).status == "pass"
    summary = dict(get_run(store, run_id).summary or {})
    summary.pop("integrity")
    _set_summary(store, run_id, summary)
    r = _metric_check(loaded, store)
    assert r.status == "inconclusive", r.reason
    assert "no integrity seal" in r.reason and r.fix is not None


async def test_a_threshold_agreed_after_the_run_is_not_an_edit(
    tmp_path: Path, sqlite_store: Store
) -> None:
    """The summary is recomputed from the inputs recorded with the run, not today's plan:
    a changed threshold is the metric check's business (re-run), never "edited"."""
    loaded, run_id = await _run(tmp_path, sqlite_store, "good")
    # exclude_unset keeps the dataset mapping as written (a dropped `tags: null` would
    # name another dataset configuration, which the gate rightly reports as such)
    data = loaded.plan.model_dump(mode="json", by_alias=True, exclude_unset=True)
    data["success_metric"]["threshold"] = 0.6
    relaxed = LoadedPlan.from_model(Plan.model_validate(data), tmp_path)
    assert verify_run(sqlite_store, get_run(sqlite_store, run_id)).intact
    r = _metric_check(relaxed, sqlite_store)
    assert "edited" not in r.reason
    assert r.status == "inconclusive" and "threshold 0.85, the plan says 0.6" in r.reason


def test_verifying_a_large_run_is_one_pass(tmp_path: Path, sqlite_store: Store) -> None:
    """The gate recomputes each cited run once; for a large run that is one streamed pass
    (the same work as finishing it). Bounded loosely: the CPU is shared with other tests."""
    from phaseone.evals.integrity import seal
    from phaseone.evals.summary import SummaryInputs, summarise

    n = 20_000
    now = dt.datetime.now(dt.UTC)
    with sqlite_store.session() as s:
        s.add(
            Run(
                id="big",
                project="p",
                suite="main",
                target_fingerprint="f",
                target_label="t",
                dataset_identity={},
                config={"scorers": [{"kind": "exact"}], "suite_threshold": 0.5},
                status="completed",
            )
        )
    rows = [
        {
            "run_id": "big",
            "case_id": f"c{i:06d}",
            "repeat_index": 0,
            "input": "x",
            "expected": "ham",
            "output": "ham" if i % 7 else "spam",
            "tags": ["happy"],
            "scores": {"exact": {"value": float(bool(i % 7)), "passed": bool(i % 7)}},
            "passed": bool(i % 7),
            "latency_ms": float(i % 300),
            "cost": 0.001,
            "cached": False,
            "created_at": now,
        }
        for i in range(n)
    ]
    with sqlite_store.engine.begin() as conn:
        conn.execute(sa.insert(CaseResult), rows)
    run = get_run(sqlite_store, "big")
    inputs = SummaryInputs.of(run, None)
    digest = ResultsDigest()
    summary = summarise(sqlite_store, run, inputs, digest=digest)
    _set_summary(sqlite_store, "big", seal(summary, inputs, digest))
    t0 = time.perf_counter()
    result = verify_run(sqlite_store, get_run(sqlite_store, "big"))
    elapsed = time.perf_counter() - t0
    assert result.intact and result.rows == n
    assert elapsed < 30, elapsed
    # the digest hashes exactly the columns the summary reads, in their order
    first = next(iter_result_rows(sqlite_store, "big", RESULT_FACTS))
    assert len(first) == len(RESULT_FACTS)


@pytest.mark.parametrize("field", ["created_at", "output"])
async def test_the_results_digest_sees_facts_the_figures_do_not_show(
    tmp_path: Path, sqlite_store: Store, field: str
) -> None:
    """An answer observed a day earlier, or a different answer that scores the same: the
    summary's figures do not move, the results digest does."""
    _, run_id = await _run(tmp_path, sqlite_store, "good")
    with sqlite_store.session() as s:
        cr = s.query(CaseResult).filter(CaseResult.run_id == run_id).first()
        assert cr is not None
        if field == "created_at":
            cr.created_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
        else:
            cr.output = f"{cr.output} (edited)"
    result = verify_run(sqlite_store, get_run(sqlite_store, run_id))
    assert result.state == "edited" and "not the ones it was sealed with" in result.reason
