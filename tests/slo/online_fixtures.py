"""A plan with online evals, live traces with stored answers, and a pilot run: for the
online-eval, quality-from-online and drift tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from phaseone.plan.loader import LoadedPlan, load_plan
from phaseone.store import Store
from phaseone.store import runs as run_store
from phaseone.store.case_rows import CaseRow, store_case_rows
from phaseone.store.trace_row import TraceRow
from phaseone.store.traces import write_batch

PROJECT = "inbox"
T0 = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)

PLAN = """\
version: 1
project: {name: inbox}
owner: {name: Dana, role: Head of Support, team: Support, contact: dana@example.com}
target: {kind: http, url: "http://127.0.0.1:9/x"}
suites:
  - name: happy
    dataset: {kind: jsonl, path: cases.jsonl}
    scorers:
      - {kind: exact}
      - {kind: regex, name: polite, pattern: "^(spam|ham)$", full_match: true}
slos:
  window_days: 30
SLOS
"""


def write_plan(root: Path, slos: str) -> LoadedPlan:
    (root / "cases.jsonl").write_text('{"id": "a", "input": "x", "expected": "ham"}\n')
    path = root / "phaseone.yaml"
    path.write_text(PLAN.replace("SLOS", slos), encoding="utf-8")
    return load_plan(path)


def live(
    store: Store,
    start: dt.datetime,
    n: int,
    *,
    bad_every: int = 0,
    tag: str = "t",
    spacing_s: float = 1.0,
    text: str = "message {k}",
    **extra: Any,
) -> list[str]:
    """n live traces with a stored input and answer, one every `spacing_s`; with
    `bad_every=k`, every k-th answer fails the regex scorer. The inputs are `text` with
    ``k = i % 20``: by default as long as the pilot run's (`pilot_run`)."""
    rows = []
    for i in range(n):
        bad = bad_every and i % bad_every == bad_every - 1
        fields: dict[str, Any] = {
            "key_name": "app",
            "started_at": start + dt.timedelta(seconds=i * spacing_s),
            "latency_ms": 80.0,
            "input": text.format(k=i % 20),
            "output": "nah" if bad else "ham",  # as long as "ham": only the pass rate moves
            **extra,
        }
        rows.append(TraceRow(f"{tag}-{i:06d}", PROJECT, **fields))
    write_batch(store, rows)
    return [r.id for r in rows]


def pilot_run(store: Store, n: int, passed: int) -> str:
    """A completed pilot run of suite `happy`: `passed` of n cases pass the regex scorer
    (`exact` fails them all, so the run's own pass rate is 0: not what drift compares)."""
    run = run_store.create_run(
        store,
        project=PROJECT,
        suite="happy",
        role="pilot",
        target_fingerprint="f",
        target_label="pilot",
        dataset_identity={"kind": "jsonl"},
        config={},
        plan_hash=None,
        total_cases=n,
    )
    rows = [
        CaseRow(
            run_id=run.id,
            case_id=f"c{i}",
            input=f"message {i % 20}",
            expected="nope",
            output="ham",
            scores={
                "exact": {"value": 0.0, "passed": False},
                "polite": {"value": float(i < passed), "passed": i < passed},
            },
            passed=False,
        )
        for i in range(n)
    ]
    store_case_rows(store, rows)
    run_store.finish_run(store, run.id, status="completed", summary={"n": n, "marker": "pilot"})
    return run.id
