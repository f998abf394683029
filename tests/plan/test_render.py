"""`phaseone plan` output shows what a person needs and nothing secret."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from phaseone.plan import load_plan
from phaseone.plan.diagnosis import diagnose
from phaseone.plan.render import render_plan, safe_url

from .conftest import GOOD_PLAN, WritePlan


def test_safe_url_hides_passwords_only() -> None:
    assert safe_url("postgresql+psycopg://app:hunter2@db:5432/x") == (
        "postgresql+psycopg://app:***@db:5432/x"
    )
    assert safe_url("http://127.0.0.1:8080/a?b=1") == "http://127.0.0.1:8080/a?b=1"
    assert safe_url("sqlite:///rel.db") == "sqlite:///rel.db"


def test_plan_output_has_no_secrets(write_plan: WritePlan, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHASEONE_TEST_DB_PASSWORD", "pw-7c1e")
    monkeypatch.setenv("PHASEONE_TEST_TOKEN", "tok-91ab")
    text = GOOD_PLAN.replace(
        "      kind: jsonl\n      path: cases/happy.jsonl\n",
        "      kind: sql\n"
        "      url: postgresql+psycopg://app:${PHASEONE_TEST_DB_PASSWORD}@db/inbox\n"
        "      query: SELECT 1\n",
    ).replace(
        "  timeout_s: 5\n",
        "  timeout_s: 5\n  headers:\n    Authorization: Bearer ${PHASEONE_TEST_TOKEN}\n",
    )
    loaded = load_plan(write_plan(text))
    buf = io.StringIO()
    render_plan(Console(file=buf, width=200), loaded, diagnose(loaded.plan))
    out = buf.getvalue()
    assert "pw-7c1e" not in out and "tok-91ab" not in out
    assert "sql postgresql+psycopg://app:***@db/inbox" in out
    assert "✓ real integration" in out  # a live SQL suite and an HTTP target
    assert "plan is valid; no stall risk found" in out


def test_controls_line_names_the_pii_engine() -> None:
    from phaseone.plan.render import _pii_scope
    from phaseone.plan.schema import PiiGuardrail

    assert _pii_scope(PiiGuardrail()) == "email, phone, card, iban, national_id"
    presidio = PiiGuardrail(
        engine="presidio", presidio_entities=["EMAIL_ADDRESS", "PERSON"], presidio_model="xx_sm"
    )
    assert _pii_scope(presidio) == "Presidio: EMAIL_ADDRESS, PERSON, model xx_sm"
    assert _pii_scope(PiiGuardrail(engine="presidio")) == "Presidio: its default entities"


def test_the_plans_own_text_is_shown_as_written(write_plan: WritePlan) -> None:
    """Names and tags are the user's text: `[...]` is not rich markup, `:x:` not an emoji."""
    text = GOOD_PLAN.replace("      - name: integration\n", "      - name: 'GPU [/] :rocket:'\n")
    text = text.replace("    tags: [edge]\n", "    tags: ['[bold]edge']\n")
    assert text != GOOD_PLAN
    loaded = load_plan(write_plan(text))
    buf = io.StringIO()
    render_plan(Console(file=buf, width=200, emoji=False), loaded, diagnose(loaded.plan))
    out = buf.getvalue()
    assert "GPU [/] :rocket:" in out
    assert "[bold]edge" in out
