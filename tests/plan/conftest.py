"""Plan fixtures: a valid plan as text, and a writer that puts plans on disk with cases."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

GOOD_PLAN = """\
version: 1
project:
  name: inbox-screening
  currency: EUR
owner:
  name: Dana Okafor
  role: Head of Customer Support Operations
  team: Customer Support
  contact: dana.okafor@example.com
success_metric:
  name: spam precision
  suite: happy
  scorer: label
  aggregate: precision
  label: spam
  threshold: 0.9
  confidence: 0.95
  min_cases: 50
target:
  kind: http
  url: http://127.0.0.1:9/classify
  timeout_s: 5
  price:
    per_call: 0.001
suites:
  - name: happy
    dataset:
      kind: jsonl
      path: cases/happy.jsonl
    scorers:
      - kind: classification
        name: label
  - name: edge
    dataset:
      kind: jsonl
      path: cases/edge.jsonl
    scorers:
      - kind: exact
    tags: [edge]
controls:
  budget:
    daily: 20
phases:
  two:
    items:
      - name: integration
        one_off: 5000
      - name: operations
        monthly: 400
    expected_monthly_requests: 50000
    run_cost_ceiling_monthly: 300
"""

CASES = '{"id": "1", "input": "win a prize", "expected": "spam"}\n'

WritePlan = Callable[..., Path]


@pytest.fixture
def good_plan_text() -> str:
    return GOOD_PLAN


@pytest.fixture
def write_plan(tmp_path: Path) -> WritePlan:
    """Write plan text (dedented) as tmp/phaseone.yaml beside the example case files."""

    def write(text: str = GOOD_PLAN, name: str = "phaseone.yaml") -> Path:
        (tmp_path / "cases").mkdir(exist_ok=True)
        for case_file in ("happy.jsonl", "edge.jsonl"):
            (tmp_path / "cases" / case_file).write_text(CASES, encoding="utf-8")
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing `needle` (tests name lines by content)."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == nth:
                return number
    raise AssertionError(f"{needle!r} not in the plan text")
