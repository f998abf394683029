"""The plan's `models:` (the gateway's public OpenAI model names): valid entries load, and
each mistake is reported at its line with the field's path."""

from __future__ import annotations

from phaseone.plan import load_plan

from .conftest import GOOD_PLAN, WritePlan, line_of
from .test_errors import one_issue

MODELS = """
models:
  - name: support
    upstreams:
      - {kind: openai, base_url: "http://127.0.0.1:8000/v1", model: small}
      - {kind: python, callable: "my_pilot.app:answer"}
    timeout_s: 20
    price: {per_1k_input_tokens: 0.001, per_1k_output_tokens: 0.002}
    max_tokens: 300
  - name: embedder
    upstreams:
      - {kind: openai, base_url: "http://127.0.0.1:8000/v1", model: embed}
"""


def test_models_load_with_their_upstreams_in_order(write_plan: WritePlan) -> None:
    plan = load_plan(write_plan(GOOD_PLAN + MODELS)).plan
    assert [m.name for m in plan.models] == ["support", "embedder"]
    support = plan.models[0]
    assert [u.kind for u in support.upstreams] == ["openai", "python"]
    assert support.price is not None and support.price.per_1k_output_tokens == 0.002
    assert (support.max_tokens, support.max_tokens_limit) == (300, 32768)
    assert plan.models[1].timeout_s is None and plan.models[1].price is None
    assert load_plan(write_plan(GOOD_PLAN)).plan.models == []  # optional


def test_a_model_name_used_twice_is_located(write_plan: WritePlan) -> None:
    text = GOOD_PLAN + MODELS.replace("name: embedder", "name: support")
    issue = one_issue(write_plan(text), "models[1].name")
    assert issue.line == line_of(text, "- name: support", nth=2)
    assert "used twice" in issue.message and "first at line" in issue.message


def test_a_model_without_upstreams_is_located(write_plan: WritePlan) -> None:
    embed = '      - {kind: openai, base_url: "http://127.0.0.1:8000/v1", model: embed}'
    text = GOOD_PLAN + MODELS.replace("    upstreams:\n" + embed, "    upstreams: []")
    issue = one_issue(write_plan(text), "models[1].upstreams")
    assert issue.line == line_of(text, "upstreams: []")


def test_a_default_above_the_limit_and_a_bad_upstream_are_located(write_plan: WritePlan) -> None:
    text = GOOD_PLAN + MODELS.replace(
        "max_tokens: 300", "max_tokens: 300\n    max_tokens_limit: 100"
    )
    issue = one_issue(write_plan(text), "models[0]")
    assert "max_tokens (300) is above max_tokens_limit (100)" in issue.message
    text = GOOD_PLAN + MODELS.replace("model: small}", "modle: small}")
    issue = one_issue(write_plan(text), "models[0].upstreams[0].modle")
    assert issue.line == line_of(text, "modle: small")
