"""The judge scorer's documentation describes the answer format the judge is really asked
for, and the parser reads the examples the documentation gives."""

from __future__ import annotations

import json
import re
from pathlib import Path

from phaseone.plan.components import JudgeScorer
from phaseone.scorers.judge import SYSTEM_PROMPT, parse_judge_answer

DOCS = Path(__file__).resolve().parents[2] / "docs" / "plan.md"


def test_rubric_field_documents_the_format_the_prompt_asks_for() -> None:
    described = JudgeScorer.model_fields["rubric"].description or ""
    # the prompt asks for a JSON object with score (0..1) and reason …
    asked = re.search(r"\{\"score\": <number from 0 to 1>, \"reason\": [^}]*\}", SYSTEM_PROMPT)
    assert asked is not None, SYSTEM_PROMPT
    # … and that is what the field says, not another format
    assert '{"score": 0..1, "reason": "…"}' in described
    assert "SCORE and REASON" not in described
    # both formats the documentation names are read by the parser
    assert parse_judge_answer(json.dumps({"score": 0.7, "reason": "close"})) == (0.7, "close")
    assert parse_judge_answer("SCORE: 4/5\nREASON: fine")[0] == 0.8
    doc = JudgeScorer.__doc__ or ""
    assert '{"score": <number from 0 to 1>, "reason": "<one or two sentences>"}' in doc
    assert '{"score": <number from 0 to 1>, "reason": "<one or two sentences>"}' in SYSTEM_PROMPT


def test_generated_plan_reference_carries_the_same_description() -> None:
    text = DOCS.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if "`suites[].scorers[].rubric`" in line)
    assert '{"score": 0..1, "reason": "…"}' in row
