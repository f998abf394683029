"""The four stall risks, each present or absent for the right reason."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from phaseone.plan.diagnosis import diagnose
from phaseone.plan.schema import Plan

from .conftest import GOOD_PLAN


def plan_from(**changes: Any) -> Plan:
    """The good plan, with top-level sections replaced (None removes one)."""
    data = yaml.safe_load(GOOD_PLAN)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return Plan.model_validate(data)


LIVE_SUITES = [
    {
        "name": "happy",
        "dataset": {"kind": "sql", "url": "sqlite:///inbox.db", "query": "SELECT 1"},
        "scorers": [{"kind": "classification", "name": "label"}],
    },
    {
        "name": "edge",
        "dataset": {"kind": "jsonl", "path": "cases/edge.jsonl"},
        "scorers": [{"kind": "exact"}],
    },
]


def test_a_well_scoped_plan_has_no_stall_risk() -> None:
    d = diagnose(plan_from(suites=LIVE_SUITES))
    assert d.clear, [r for r in d.risks if r.present]
    assert [r.id for r in d.risks] == ["owner", "scope", "metric", "integration"]
    assert "Dana Okafor" in d.risk("owner").why
    assert "5,000 EUR one-off" in d.risk("scope").why
    assert "precision" in d.risk("metric").why
    assert "sql" in d.risk("integration").why
    assert d.as_dict()["clear"] is True


def test_phase_two_costs_read_as_money() -> None:
    """A run-cost ceiling under one unit reads `0.40 EUR`, not `0 EUR` (humanize.money)."""
    data = yaml.safe_load(GOOD_PLAN)
    data["suites"] = LIVE_SUITES
    data["phases"]["two"]["run_cost_ceiling_monthly"] = 0.4
    data["phases"]["two"]["items"][1]["monthly"] = 868.4
    why = diagnose(Plan.model_validate(data)).risk("scope").why
    assert "run-cost ceiling 0.40 EUR/month" in why and "868.40 EUR/month" in why


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("team", "Innovation Lab"),
        ("team", "Data Science Lab"),
        ("team", "Acme AI (vendor)"),
        ("role", "PoC lead"),
        ("team", "Pilot team"),
        ("team", "AI Centre of Excellence"),
        ("team", "AI CoE"),
        ("role", "Hackathon winner"),
        ("name", "TBD"),
    ],
)
def test_owner_outside_the_line_organisation_is_a_risk(field: str, value: str) -> None:
    owner = {
        "name": "Sam Lee",
        "role": "Head of Claims Operations",
        "team": "Claims",
        "contact": "sam@example.com",
    }
    owner[field] = value
    risk = diagnose(plan_from(owner=owner, suites=LIVE_SUITES)).risk("owner")
    assert risk.present
    assert field in risk.why
    assert risk.fix


def test_line_roles_with_similar_words_are_not_flagged() -> None:
    owner = {
        "name": "Sam Lee",
        "role": "Head of Laboratory Operations",  # 'lab' only as part of a word
        "team": "Clinical Laboratory",
        "contact": "sam@example.com",
    }
    assert not diagnose(plan_from(owner=owner)).risk("owner").present


def test_no_controls_means_the_20_percent_is_not_scoped() -> None:
    risk = diagnose(plan_from(controls=None, suites=LIVE_SUITES)).risk("scope")
    assert risk.present and "controls" in risk.why


@pytest.mark.parametrize(
    ("phases", "missing"),
    [
        ({"one": {}}, "no phase two"),
        (
            {"two": {"expected_monthly_requests": 10, "run_cost_ceiling_monthly": 5}},
            "no costed items",
        ),
        (
            {"two": {"items": [{"name": "x", "one_off": 1}], "run_cost_ceiling_monthly": 5}},
            "expected_monthly_requests",
        ),
        (
            {"two": {"items": [{"name": "x", "one_off": 1}], "expected_monthly_requests": 10}},
            "run_cost_ceiling_monthly",
        ),
    ],
)
def test_phase_two_not_costed_is_a_risk(phases: dict[str, Any], missing: str) -> None:
    risk = diagnose(plan_from(phases=phases, suites=LIVE_SUITES)).risk("scope")
    assert risk.present
    assert missing in risk.why


def test_no_success_metric_is_a_risk() -> None:
    d = diagnose(plan_from(success_metric=None))
    assert d.risk("metric").present
    assert "no number" in d.risk("metric").why


def test_file_exports_only_is_faked_integration() -> None:
    risk = diagnose(plan_from()).risk("integration")
    assert risk.present
    assert "every suite reads a file export" in risk.why
    assert "target" not in (risk.fix or "")  # the target is already http


def test_python_callable_target_is_faked_integration() -> None:
    target = {"kind": "python", "callable": "pilot.app:answer"}
    risk = diagnose(plan_from(target=target, suites=LIVE_SUITES)).risk("integration")
    assert risk.present
    assert "Python callable" in risk.why
    assert "every suite" not in risk.why


def test_no_suites_is_faked_integration() -> None:
    risk = diagnose(plan_from(suites=[], success_metric=None)).risk("integration")
    assert risk.present and "no suites" in risk.why


def test_a_bad_plan_has_all_four_risks() -> None:
    d = diagnose(
        plan_from(
            owner={"name": "Ali", "role": "Analyst", "team": "Innovation Lab", "contact": "a@x"},
            controls=None,
            phases=None,
            success_metric=None,
            target={"kind": "python", "callable": "pilot.app:answer"},
        )
    )
    assert [r.id for r in d.present] == ["owner", "scope", "metric", "integration"]
    assert all(r.as_dict()["present"] for r in d.present)
