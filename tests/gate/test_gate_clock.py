"""Evidence dated in the future is not evidence (review 2, N13).

A machine whose clock runs 80 days ahead records runs and probes "observed in 3 months".
The gate must not take them as fresh, and such a run must not be the "latest" run that
hides the honest runs made since on a correct clock.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from builders import (
    add_batch,
    add_run,
    add_trace,
    go_evidence,
    loaded_plan,
    metric_summary,
    summary,
)

from phaseone.gate import evaluate
from phaseone.gate.context import CLOCK_SKEW
from phaseone.store.database import Store
from phaseone.store.runs import latest_run

AHEAD = dt.timedelta(days=80)


def test_runs_and_probes_dated_in_the_future_are_not_evidence(tmp_path: Path, store: Store) -> None:
    add_trace(store)
    loaded = loaded_plan(tmp_path)
    ids = go_evidence(store, loaded, at=dt.datetime.now(dt.UTC) + AHEAD)
    rec = evaluate(loaded, store)
    r = {c.id: c for c in rec.checks}
    assert rec.outcome == "INCONCLUSIVE"
    metric = r["evals.metric"]
    assert metric.status == "inconclusive"
    assert f"run {ids['main']} is dated" in metric.reason and "from now" in metric.reason
    assert "a clock is wrong" in metric.reason and "fix the clock" in (metric.fix or "")
    probed = [c for c in rec.checks if any(e.source.startswith("probe ") for e in c.evidence)]
    assert probed and all(c.status == "inconclusive" for c in probed)
    assert all("a clock is wrong" in c.reason for c in probed)
    assert any("are dated up to" in line and "clock is wrong" in line for line in rec.reasons)


def test_a_future_dated_run_does_not_hide_an_honest_failing_run(
    tmp_path: Path, store: Store
) -> None:
    """N13b: GO evidence from the future, then an honest run now that fails the metric:
    the gate judges the honest run (NO-GO) and names the future-dated one."""
    add_trace(store)
    loaded = loaded_plan(tmp_path)
    future = go_evidence(store, loaded, at=dt.datetime.now(dt.UTC) + AHEAD, probes=False)
    add_batch(store, loaded)
    bad = {f"c{i:03d}": i % 2 == 0 for i in range(200)}
    honest = add_run(
        store,
        "main",
        summary(metric=metric_summary(value=0.5, lower=0.43, upper=0.57)),
        cases=bad,
        loaded=loaded,
    )
    # the store's own "latest" ranks the future run first unless told where now is
    assert latest_run(store, "inbox-screening", "main").id == future["main"]
    limit = dt.datetime.now(dt.UTC) + CLOCK_SKEW
    assert latest_run(store, "inbox-screening", "main", not_after=limit).id == honest
    rec = evaluate(loaded, store)
    r = {c.id: c for c in rec.checks}
    assert rec.outcome == "NO-GO"
    assert r["evals.metric"].status == "fail"
    assert any(e.refs == [honest] for e in r["evals.metric"].evidence)
    assert any(future["main"] in line for line in rec.reasons)


def test_a_few_seconds_of_skew_is_not_a_wrong_clock(tmp_path: Path, store: Store) -> None:
    add_trace(store)
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded, at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30))
    assert evaluate(loaded, store).outcome == "GO"
