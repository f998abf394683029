"""The guardrails' held-out bars are plan fields, and a guardrail the plan switches off is
named beside every outcome.

The probes grade the injection and PII guardrails against `gate.guardrails` (defaults:
injection recall ≥ 80%, false positives ≤ 10%; PII recall ≥ 90%, false positives ≤ 10%),
read from the plan at probe time; those bars are locked with the metric
(tests/gate/test_gate_bars.py). A plan that writes `action: off` gets the control check
as "not applicable: disabled in the plan" — not blocking, because the owner scoped it out
in the plan and the gate certifies the controls that exist — and every decision lists it
next to its outcome, so it never passes unnoticed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builders import go_evidence, go_plan_dict, loaded_plan

from phaseone.gate import decide
from phaseone.gate.probes import run_probes
from phaseone.report import render
from phaseone.store.database import Store
from phaseone.store.probes import batch_results

PROJECT = "inbox-screening"


def _guardrails(**guardrails: Any) -> dict[str, Any]:
    data = go_plan_dict()
    data["controls"]["guardrails"] = guardrails
    return data


def test_the_pii_probe_grades_against_the_plans_bar(tmp_path: Path, sqlite_store: Store) -> None:
    """The shipped builtin engine removes 34 of the 35 held-out values (97%): python-stdnum
    voids SSN 219-09-9999 (SSA's list: printed in an advertisement). A plan that leaves
    `national_id` out of `kinds` leaves the other 4 national identifiers in the traces too
    (30/35, 86%): under the default 90% bar, over a plan's own 85%, and the probe names the
    kind it left out (4: the void SSN is no kind at all)."""
    default = loaded_plan(tmp_path)
    (r,) = batch_results(sqlite_store, run_probes(default, sqlite_store, only=["pii_redaction"]))
    assert r.passed, r.summary
    assert r.details["thresholds"] == {"min_recall": 0.9, "max_false_positive": 0.1}
    assert r.details["heldout"]["recall"] >= 0.9

    data = go_plan_dict()
    data["controls"]["guardrails"] = {"pii": {"kinds": ["email", "phone", "card", "iban"]}}
    narrow = loaded_plan(tmp_path, data)
    (r,) = batch_results(sqlite_store, run_probes(narrow, sqlite_store, only=["pii_redaction"]))
    assert not r.passed and "≥ 90%" in r.details["negative"]["expected"], r.details["negative"]
    assert 0.85 <= r.details["heldout"]["recall"] < 0.9, r.details["heldout"]
    assert "leaves out (national_id 4)" in r.details["negative"]["observed"], r.details
    assert r.details["left_out_by_plan"] == {"national_id": 4}

    data["gate"]["guardrails"] = {"pii": {"min_recall": 0.85, "max_false_positive_rate": 0.1}}
    own_bar = loaded_plan(tmp_path, data)
    (r,) = batch_results(sqlite_store, run_probes(own_bar, sqlite_store, only=["pii_redaction"]))
    assert r.passed, r.summary
    assert r.details["thresholds"]["min_recall"] == 0.85


def test_an_injection_guardrail_switched_off_is_not_applicable_and_named(
    tmp_path: Path, store: Store
) -> None:
    loaded = loaded_plan(tmp_path, _guardrails(injection={"action": "off"}))
    go_evidence(store, loaded)
    rec = decide(loaded, store)
    inj = next(c for c in rec.checks if c.id == "controls.injection")
    assert inj.status == "skipped"
    assert inj.reason == (
        "not applicable: disabled in the plan (controls.guardrails.injection.action: off)"
    )
    assert rec.outcome == "GO"
    assert rec.reasons[1] == (
        "1 control(s) not applicable, disabled in the plan: controls.injection "
        "(controls.guardrails.injection.action: off)"
    )
    assert rec.record["disabled_in_plan"] == ["controls.injection"]
    md = render(rec.record, "markdown")
    assert "not applicable, disabled in the plan: controls.injection" in md
    assert "not applicable, disabled in the plan" in render(rec.record, "html")


def test_pii_redaction_switched_off_for_traces_is_named_too(tmp_path: Path, store: Store) -> None:
    loaded = loaded_plan(tmp_path, _guardrails(pii={"redact_traces": False}))
    go_evidence(store, loaded)
    rec = decide(loaded, store)
    pii = next(c for c in rec.checks if c.id == "controls.pii")
    assert pii.status == "skipped" and "controls.guardrails.pii.redact_traces: false" in pii.reason
    assert rec.record["disabled_in_plan"] == ["controls.pii"]


def test_guardrails_left_at_their_defaults_are_checked_not_skipped(
    tmp_path: Path, store: Store
) -> None:
    """No `action:` written: the default (block / redact) is on, and the probe decides."""
    loaded = loaded_plan(tmp_path, _guardrails(injection={"threshold": 0.5}, pii={}))
    go_evidence(store, loaded, probes=False)
    rec = decide(loaded, store)
    checks = {c.id: c for c in rec.checks}
    for cid in ("controls.injection", "controls.pii"):
        assert checks[cid].status == "inconclusive" and "no probe result" in checks[cid].reason
    assert rec.record["disabled_in_plan"] == []
    assert not any("disabled in the plan" in r for r in rec.reasons)


def test_the_figures_the_plan_docs_quote_are_the_measured_ones() -> None:
    """docs/plan.md quotes today's held-out figures next to the bars; they must be true.

    When the guardrails change (issue #17), this fails and says which figure to update in
    `plan/schema.py` `GuardrailBars` (then `phaseone docs`).
    """
    import re

    from phaseone.gate.probes._corpora import offline_rates
    from phaseone.plan.schema import GuardrailBars

    rates = offline_rates()
    for kind in ("injection", "pii"):
        text = GuardrailBars.model_fields[kind].description or ""
        quoted = re.search(r"(\d+)% recall, (\d+)% false positives on the held-out", text)
        assert quoted, text
        held = rates[kind][1]
        measured = (f"{held.recall:.0%}", f"{held.false_positive_rate:.0%}")
        assert (f"{quoted[1]}%", f"{quoted[2]}%") == measured, (kind, measured, text)


def test_a_probe_pass_against_older_bars_is_no_evidence_for_new_ones(
    tmp_path: Path, store: Store
) -> None:
    """Bars raised and re-locked on purpose: the pass at 90% does not show 95%."""
    from phaseone.plan.lock import relock

    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    assert decide(loaded, store).outcome == "GO"
    data = go_plan_dict()
    data["gate"]["guardrails"] = {"pii": {"min_recall": 0.95, "max_false_positive_rate": 0.05}}
    raised = loaded_plan(tmp_path, data)
    relock(store, raised, "security asked for 95% recall", by="Sam")
    rec = decide(raised, store)
    pii = next(c for c in rec.checks if c.id == "controls.pii")
    assert rec.outcome == "INCONCLUSIVE" and pii.status == "inconclusive"
    assert "gate.guardrails.pii now says" in pii.reason
    assert pii.fix == "run `phaseone verify --probe pii_redaction` against the current bars"
