"""Comparing runs: paired regressions/fixes, exact McNemar, paired bootstrap, non-inferiority.

Runs are written straight into the store (SQLite and, when configured, PostgreSQL) with
known pass/fail patterns, so the expected statistics can be computed by hand.
"""

from __future__ import annotations

from math import comb
from typing import Any

import pytest

from phaseone.evals.compare import compare_runs
from phaseone.evals.summary import compute_summary
from phaseone.store import runs as run_store
from phaseone.store.database import Store
from phaseone.store.models import utcnow


def _run(store: Store, outcomes: list[bool | None], *, role: str = "pilot", values=None) -> str:  # type: ignore[no-untyped-def]
    run = run_store.create_run(
        store,
        project="p",
        suite="s",
        role=role,
        target_fingerprint="f" + role,
        target_label=role,
        dataset_identity={"source": "t", "content_hash": "h", "rows": len(outcomes)},
        config={"scorers": [{"kind": "exact"}]},
        plan_hash=None,
        total_cases=len(outcomes),
    )
    rows: list[dict[str, Any]] = []
    for i, ok in enumerate(outcomes):
        value = values[i] if values is not None else (1.0 if ok else 0.0)
        rows.append(
            {
                "run_id": run.id,
                "case_id": f"case{i:03d}",
                "repeat_index": 0,
                "input": f"in {i}",
                "expected": "x",
                "output": "x" if ok else "y",
                "tags": [],
                "scores": {} if ok is None else {"exact": {"value": value, "passed": bool(ok)}},
                "passed": ok,
                "error_kind": "timeout" if ok is None else None,
                "error_message": None,
                "latency_ms": 10.0,
                "input_tokens": None,
                "output_tokens": None,
                "cost": 0.0,
                "cached": False,
                "created_at": utcnow(),
            }
        )
    with store.engine.begin() as conn:
        run_store.insert_results(conn, rows)
    summary = compute_summary(store, run_store.get_run(store, run.id))
    run_store.finish_run(store, run.id, status="completed", summary=summary)
    return run.id


def test_regressions_fixes_and_exact_mcnemar(store: Store) -> None:
    # 40 cases: 25 pass in both, 5 fail in both, 8 regressions (A pass, B fail), 2 fixes.
    a = [True] * 25 + [False] * 5 + [True] * 8 + [False] * 2
    b = [True] * 25 + [False] * 5 + [False] * 8 + [True] * 2
    ra, rb = _run(store, a, role="baseline"), _run(store, b)
    c = compare_runs(store, ra, rb)
    assert c.paired == 40
    assert c.both_pass == 25 and c.both_fail == 5
    assert c.regressions.count == 8 and c.fixes.count == 2
    assert [x.case_id for x in c.regressions.cases] == [f"case{i:03d}" for i in range(30, 38)]
    # exact two-sided McNemar: 2 · P(X ≤ 2), X ~ Bin(10, ½) = 2 · (1 + 10 + 45) / 1024
    expected_p = 2 * sum(comb(10, k) for k in range(3)) / 2**10
    assert c.mcnemar.p_value == pytest.approx(expected_p) == pytest.approx(0.109375)
    assert c.mcnemar.significant is False
    d = c.scorers["exact"]
    assert d.diff == pytest.approx((2 - 8) / 40)  # B − A
    assert d.lower < d.diff < d.upper
    assert c.warnings == ()


def test_errored_and_unpaired_cases_are_left_out_and_reported(store: Store) -> None:
    ra = _run(store, [True, True, None, True], role="baseline")
    rb = _run(store, [True, False, True])
    c = compare_runs(store, ra, rb)
    assert c.paired == 2 and c.regressions.count == 1
    assert any("only in A" in w for w in c.warnings)
    assert any("errored" in w for w in c.warnings)


def test_non_inferiority_with_margin(store: Store) -> None:
    base = _run(store, [True] * 180 + [False] * 20, role="baseline")  # 90 %
    same = _run(store, [True] * 182 + [False] * 18)  # 91 %
    worse = _run(store, [True] * 130 + [False] * 70)  # 65 %
    ok = compare_runs(store, base, same, margin=0.1).non_inferiority
    assert ok is not None and ok.result is not None
    assert ok.verdict in ("non-inferior", "superior") and ok.on == "pass rate"
    assert ok.result.diff == pytest.approx(0.01)
    bad = compare_runs(store, base, worse, margin=0.1).non_inferiority
    assert bad is not None and bad.result is not None
    assert bad.verdict == "inferior"
    # the runs score the same 200 cases, none errored: the paired interval is used
    assert ok.result.method == bad.result.method == "newcombe-paired"


def test_non_inferiority_falls_back_to_independent_samples_when_cases_differ(
    store: Store,
) -> None:
    base = _run(store, [True] * 180 + [False] * 20, role="baseline")
    # one case errored in the pilot run: its pass rate is over 199 cases, the pairs over 199
    # too, but the baseline's rate is over 200 — not the paired table's margins
    pilot = _run(store, [True] * 181 + [False] * 18 + [None])
    ni = compare_runs(store, base, pilot, margin=0.1).non_inferiority
    assert ni is not None and ni.result is not None
    assert ni.result.method == "newcombe-wilson"
