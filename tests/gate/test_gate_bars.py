"""The gate's own bars cannot be moved without a trace (review #9).

The review aged all evidence 400 days (NO-GO, stale), then set
`gate.evidence_max_age_days: 100000` and got GO. Now the plan refuses bars outside sane
bounds, and the `gate:` block is locked with the metric: a bar changed after the lock
fails `metric.locked` until an intentional `phaseone lock --reason`, which every
decision then names.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from builders import add_run, go_evidence, go_plan_dict, loaded_plan, metric_summary, summary
from test_gate_cli import run

from phaseone.errors import PlanError
from phaseone.gate import decide
from phaseone.plan.loader import load_plan
from phaseone.plan.lock import relock
from phaseone.report import render
from phaseone.store.database import Store

DAYS_AGO_60 = dt.datetime.now(dt.UTC) - dt.timedelta(days=60)


def _plan_with(**gate: Any) -> dict[str, Any]:
    data = go_plan_dict()
    data["gate"] = {**data["gate"], **gate}
    return data


@pytest.mark.parametrize(
    ("field", "value", "bound"),
    [
        ("evidence_max_age_days", 100000, "90"),
        ("max_error_rate", 0.9, "0.5"),
        ("max_infra_error_rate", 0.75, "0.5"),
        ("max_p95_latency_ms", 10_000_000, "300000"),
        ("guardrails", {"injection": {"min_recall": 0.2, "max_false_positive_rate": 0.1}}, "0.5"),
        ("guardrails", {"pii": {"min_recall": 0.9, "max_false_positive_rate": 0.6}}, "0.25"),
    ],
)
def test_bars_outside_their_bounds_are_refused_with_the_field_named(
    tmp_path: Path, field: str, value: Any, bound: str
) -> None:
    for name in ("edge.jsonl", "adv.jsonl"):
        (tmp_path / name).write_text('{"input": "x", "expected": "y"}\n')
    plan = tmp_path / "phaseone.yaml"
    plan.write_text(yaml.safe_dump(_plan_with(**{field: value}), sort_keys=False))
    with pytest.raises(PlanError) as info:
        load_plan(plan)
    text = str(info.value) + " ".join(str(i) for i in info.value.issues)
    assert f"gate.{field}" in text and bound in text, text


def test_a_widened_evidence_age_after_a_stale_no_go_is_drift_until_relocked(
    tmp_path: Path, store: Store
) -> None:
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded, at=DAYS_AGO_60)
    rec = decide(loaded, store)
    assert rec.outcome == "NO-GO" and any("stale" in r for r in rec.reasons)

    widened = loaded_plan(tmp_path, _plan_with(evidence_max_age_days=90))
    rec = decide(widened, store)
    locked = next(c for c in rec.checks if c.id == "metric.locked")
    assert rec.outcome == "NO-GO" and locked.status == "fail"
    assert locked.reason == (
        "gate bars changed after evidence existed: gate.evidence_max_age_days: 14.0 → 90.0"
    )
    md = render(rec.record, "markdown")
    assert "gate bars changed after evidence existed" in md and "14.0 → 90.0" in md

    relock(store, widened, "the owner accepts quarterly evidence (ticket OPS-7)", by="Dana")
    rec = decide(widened, store)
    assert rec.outcome == "GO", rec.reasons
    assert rec.reasons[-1].startswith(
        "the metric and gate bars were re-locked 1 time(s) after the first lock;"
    )
    assert "by Dana: 'the owner accepts quarterly evidence (ticket OPS-7)'" in rec.reasons[-1]
    assert "re-locked 1 time(s)" in render(rec.record, "html")


def test_a_loosened_error_rate_after_a_no_go_is_drift(tmp_path: Path, store: Store) -> None:
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    add_run(
        store,
        "main",
        summary(error_rate=0.2, metric=metric_summary()),
        at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5),
    )
    assert decide(loaded, store).outcome == "NO-GO"
    loose = loaded_plan(tmp_path, _plan_with(max_error_rate=0.25, max_p95_latency_ms=9000))
    rec = decide(loose, store)
    locked = next(c for c in rec.checks if c.id == "metric.locked")
    assert rec.outcome == "NO-GO" and locked.status == "fail"
    assert "gate.max_error_rate: 0.05 → 0.25" in locked.reason
    assert "gate.max_p95_latency_ms: 2000.0 → 9000.0" in locked.reason


def test_a_lowered_guardrail_bar_is_drift(tmp_path: Path, store: Store) -> None:
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    lowered = _plan_with(
        guardrails={"injection": {"min_recall": 0.5, "max_false_positive_rate": 0.1}}
    )
    rec = decide(loaded_plan(tmp_path, lowered), store)
    locked = next(c for c in rec.checks if c.id == "metric.locked")
    assert locked.status == "fail"
    assert "gate.guardrails.injection.min_recall: 0.8 → 0.5" in locked.reason


def test_the_cli_lock_records_the_bars_and_plan_shows_the_drift(tmp_path: Path) -> None:
    for name in ("edge.jsonl", "adv.jsonl"):
        (tmp_path / name).write_text('{"input": "x", "expected": "y"}\n')
    plan = tmp_path / "phaseone.yaml"
    data = go_plan_dict()
    data["suites"][0]["dataset"] = {"kind": "jsonl", "path": "edge.jsonl"}
    plan.write_text(yaml.safe_dump(data, sort_keys=False))
    res = run("lock", "--plan", plan, cwd=tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "evidence_max_age_days" in res.stdout
    changed = copy.deepcopy(data)
    changed["gate"]["evidence_max_age_days"] = 60
    plan.write_text(yaml.safe_dump(changed, sort_keys=False))
    res = run("plan", "--plan", plan, cwd=tmp_path)
    assert "gate.evidence_max_age_days: 14.0 → 60.0" in " ".join(res.stdout.split()), res.stdout
    res = run("lock", "--plan", plan, cwd=tmp_path)
    assert res.returncode == 2 and "needs a reason" in res.stderr
    res = run("lock", "--reason", "agreed with the owner", "--plan", plan, cwd=tmp_path)
    assert res.returncode == 0 and "re-locked" in res.stdout
