"""How the plan's validators are built (start-up, issue #19) changes no result: the
environment is left as it was, each default list is the plan's own, and `controls` and
`slos` (validated by their own models, built when a plan has them) give the same values,
errors at the same places, and the same JSON Schema as any other section."""

from __future__ import annotations

import json
import os

import pytest

from phaseone.errors import PlanError
from phaseone.plan import Plan, load_plan
from phaseone.plan.cli import plan_json_schema
from phaseone.plan.schema import Controls
from phaseone.plan.slo_schema import Slos

from .conftest import GOOD_PLAN, WritePlan, line_of
from .test_errors import one_issue


@pytest.mark.parametrize("users", [None, "logfire"])
def test_loading_a_plan_leaves_the_plugin_setting_as_it_was(
    write_plan: WritePlan, monkeypatch: pytest.MonkeyPatch, users: str | None
) -> None:
    if users is None:
        monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    else:
        monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", users)
    load_plan(write_plan(GOOD_PLAN))
    with pytest.raises(PlanError):
        load_plan(write_plan(GOOD_PLAN.replace("project:", "projekt:")))
    assert os.environ.get("PYDANTIC_DISABLE_PLUGINS") == users


def test_each_default_list_is_the_plans_own(write_plan: WritePlan) -> None:
    first = load_plan(write_plan(GOOD_PLAN)).plan
    second = load_plan(write_plan(GOOD_PLAN)).plan
    assert first.models == [] and second.models == []
    first.models.append(None)  # type: ignore[arg-type]
    assert second.models == []


NO_CONTROLS = GOOD_PLAN.replace("controls:\n  budget:\n    daily: 20\n", "")
SECTIONS = """
controls:
  limits: {max_input_chars: 4000}
slos:
  availability: {target: 0.995}
"""


def test_sections_built_when_present_are_their_models(write_plan: WritePlan) -> None:
    assert "controls:" not in NO_CONTROLS
    plan = load_plan(write_plan(NO_CONTROLS + SECTIONS)).plan
    assert isinstance(plan.controls, Controls) and isinstance(plan.slos, Slos)
    assert plan.controls.limits.max_input_chars == 4000
    assert plan.slos.availability is not None and plan.slos.availability.target == 0.995
    dumped = plan.model_dump(mode="json", by_alias=True)
    assert dumped["controls"] == plan.controls.model_dump(mode="json", by_alias=True)
    assert Plan.model_validate(dumped) == plan  # the round trip the loader relies on
    bare = load_plan(write_plan(NO_CONTROLS)).plan
    assert bare.controls is None and bare.slos is None
    assert load_plan(write_plan(NO_CONTROLS + "controls: null\n")).plan.controls is None


@pytest.mark.parametrize(
    ("text", "path", "needle"),
    [
        ("controls:\n  limits: {max_input_chars: -1}\n", "controls.limits.max_input_chars", "-1"),
        ("controls:\n  limitz: {}\n", "controls.limitz", "limitz"),
        ("controls: 5\n", "controls", "controls: 5"),
        ("slos:\n  availability: {target: 2}\n", "slos.availability.target", "2}"),
    ],
)
def test_a_section_built_when_present_reports_its_errors_in_place(
    write_plan: WritePlan, text: str, path: str, needle: str
) -> None:
    full = NO_CONTROLS + text
    issue = one_issue(write_plan(full), path)
    assert issue.line == line_of(full, needle)


def test_the_json_schema_of_such_a_section_is_a_models() -> None:
    props = json.loads(plan_json_schema())["properties"]
    for name, model in (("controls", "Controls"), ("slos", "Slos")):
        assert props[name]["anyOf"] == [{"$ref": f"#/$defs/{model}"}, {"type": "null"}]
        assert "title" not in props[name]  # as pydantic writes a model-typed field
