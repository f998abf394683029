"""How the plan's validators are built (start-up, issue #19) changes no result: the
environment is left as it was, and each default list is the plan's own."""

from __future__ import annotations

import os

import pytest

from phaseone.errors import PlanError
from phaseone.plan import load_plan

from .conftest import GOOD_PLAN, WritePlan


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
