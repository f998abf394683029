"""A suite written outside the plan file (the pytest marker's case source) is checked by
the plan's schema and explained as the plan is: every issue, its field, its fix."""

from __future__ import annotations

import pytest

from phaseone.errors import PlanError
from phaseone.plan.fragment import validate_suite

DATASET = {"kind": "jsonl", "path": "/cases.jsonl"}


def test_a_valid_suite_is_the_plans_suite_model() -> None:
    suite = validate_suite(
        {"name": "smoke", "dataset": DATASET, "scorers": [{"kind": "exact"}], "threshold": 0.8},
        file="test_smoke.py",
    )
    assert (suite.name, suite.threshold, suite.repeat) == ("smoke", 0.8, 1)
    assert [s.kind for s in suite.scorers] == ["exact"]


def test_every_problem_is_named_with_its_field_line_and_fix() -> None:
    with pytest.raises(PlanError) as caught:
        validate_suite(
            {"name": "bad name", "dataset": DATASET, "scorers": [{"kind": "regexx"}], "tag": []},
            file="test_smoke.py",
            line=7,
            what="the phaseone marker",
        )
    error = caught.value
    assert error.message == "test_smoke.py: 3 problems in the phaseone marker"
    assert error.fix == "fix each problem listed in the phaseone marker"
    by_path = {issue.path: issue for issue in error.issues}
    assert set(by_path) == {"name", "scorers[0]", "tag"}
    assert by_path["scorers[0]"].message == "unknown kind `regexx`"
    assert (
        by_path["scorers[0]"].fix is not None
        and "did you mean `regex`?" in by_path["scorers[0]"].fix
    )
    assert by_path["tag"].message == "unknown key `tag`"
    assert by_path["tag"].fix is not None and "did you mean `tags`?" in by_path["tag"].fix
    assert "`name`" in by_path["name"].message
    assert all((i.file, i.line) == ("test_smoke.py", 7) for i in error.issues)
    assert "test_smoke.py:7  [scorers[0]]: unknown kind `regexx`" in error.render()
