"""`slos.online` and `slos.quality.source: online` in the plan: located errors for a suite
that is missing or cannot score live answers (no reference-free scorer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from phaseone.errors import PlanError
from phaseone.plan.components import (
    ContainsScorer,
    ExactScorer,
    JsonFieldScorer,
    JudgeScorer,
    RegexScorer,
)
from phaseone.plan.loader import parse_plan
from phaseone.plan.slo_schema import reference_free

BASE = """\
version: 1
project: {name: inbox}
owner: {name: Dana, role: Head of Support, team: Support, contact: dana@example.com}
target: {kind: http, url: "http://127.0.0.1:9/x"}
suites:
  - name: happy
    dataset: {kind: jsonl, path: cases.jsonl}
    scorers: SCORERS
slos:
SLOS
"""


def plan_text(scorers: str, slos: str) -> str:
    return BASE.replace("SCORERS", scorers).replace("SLOS", slos)


def parse(tmp_path: Path, text: str) -> object:
    (tmp_path / "cases.jsonl").write_text('{"id": "a", "input": "x"}\n', encoding="utf-8")
    return parse_plan(text, base_dir=tmp_path)


def test_an_online_suite_with_a_reference_free_scorer_validates(tmp_path: Path) -> None:
    plan = parse(
        tmp_path,
        plan_text(
            '[{kind: exact}, {kind: regex, pattern: "^(spam|ham)$"}]',
            "  quality: {target: 0.9, source: online}\n  online: {suite: happy, sample_rate: 0.05}",
        ),
    )
    slos = plan.slos  # type: ignore[attr-defined]
    assert slos.online.suite == "happy" and slos.online.min_drop == 0.1
    assert slos.quality.source == "online"


def test_an_unknown_online_suite_is_a_located_error(tmp_path: Path) -> None:
    text = plan_text("[{kind: regex, pattern: x}]", "  online: {suite: hapy, sample_rate: 0.05}")
    with pytest.raises(PlanError) as err:
        parse(tmp_path, text)
    issue = err.value.issues[0]
    assert "slos.online.suite `hapy` is not a suite" in issue.message
    assert "happy" in issue.message
    # located at the plan's `slos:` section (its first line), with the file
    assert issue.file == "phaseone.yaml" and issue.path == "slos"
    assert issue.line == text.splitlines().index("slos:") + 2


def test_a_suite_of_reference_scorers_only_is_refused(tmp_path: Path) -> None:
    text = plan_text(
        "[{kind: exact}, {kind: classification}, {kind: contains}]",
        "  online: {suite: happy, sample_rate: 0.05}",
    )
    with pytest.raises(PlanError) as err:
        parse(tmp_path, text)
    message = err.value.issues[0].message
    assert "no scorer that can judge a live answer" in message
    assert "exact, classification, contains" in message


def test_quality_from_online_needs_online_evals(tmp_path: Path) -> None:
    text = plan_text("[{kind: regex, pattern: x}]", "  quality: {target: 0.9, source: online}")
    with pytest.raises(PlanError) as err:
        parse(tmp_path, text)
    assert "slos.online is not set" in err.value.issues[0].message


def test_which_scorers_are_reference_free() -> None:
    assert reference_free(RegexScorer(pattern="x"))
    assert reference_free(JudgeScorer(base_url="http://j", model="m", rubric="polite"))
    assert reference_free(ContainsScorer(value="thanks"))
    assert reference_free(JsonFieldScorer(path="label", value="spam"))
    assert not reference_free(ContainsScorer())  # compares with the expected output
    assert not reference_free(JsonFieldScorer(path="label"))
    assert not reference_free(ExactScorer())
