"""The builtin PII engine's validators are python-stdnum's and phonenumbers' (issue #17):
the cases where they decide differently from the hand-written checks they replaced, phone
candidates checked against the plan's regions, and `regions` in the plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from phaseone.errors import PlanError
from phaseone.guard.pii import PiiStage, find_pii, iban_ok
from phaseone.guard.pii_ids import codice_fiscale_ok, nir_ok, ssn_ok
from phaseone.guard.pii_phone import DEFAULT_REGIONS, phone_ok
from phaseone.plan.loader import parse_plan
from phaseone.plan.schema import PII_REGIONS, PiiGuardrail


def found(text: str, regions: tuple[str, ...] = DEFAULT_REGIONS) -> list[tuple[str, str]]:
    return [(m.kind, text[m.start : m.end]) for m in find_pii(text, regions=regions)]


# --- python-stdnum ----------------------------------------------------------------------


def test_an_ssn_on_ssas_invalid_list_is_not_one() -> None:
    # 078-05-1120 was printed on a wallet insert in 1938 and is void; its parts are issuable.
    assert not ssn_ok("078-05-1120") and ssn_ok("536-22-1234")
    assert found("My SSN is 078-05-1120.") == []
    assert found("My SSN is 536-22-1234.") == [("national_id", "536-22-1234")]


def test_a_codice_fiscale_needs_a_real_birth_day() -> None:
    # Day 78 (women: day + 40, so at most 71) passes the check letter, not stdnum's date.
    assert codice_fiscale_ok("RSSMRA80A01H501U")
    assert not codice_fiscale_ok("QSTMIM15E78W034A")
    assert found("CF QSTMIM15E78W034A") == []


def test_an_iban_needs_its_countrys_bban_format() -> None:
    # Mod 97 holds and the length is the Dutch one, but an NL BBAN is 4 letters + 10 digits.
    assert not iban_ok("NL18334W927K581106") and iban_ok("NL91 ABNA 0417 1643 00")
    assert found("IBAN NL18334W927K581106 ok") == []
    assert found("IBAN NL91ABNA0417164300 ok") == [("iban", "NL91ABNA0417164300")]


def test_an_iban_from_a_bank_stdnums_bank_list_lacks_is_still_one() -> None:
    # stdnum's Belgian check looks the bank code (539) up in a bundled list; not used.
    assert found("IBAN: BE68 5390 0754 7034 — ok?") == [("iban", "BE68 5390 0754 7034")]


def test_a_nir_month_is_not_checked_by_stdnum() -> None:
    # The hand-written check took months 01-12, 20-42, 50-99 only; stdnum takes any
    # month with a right key: it wins (issue #17), so month 15 with its key is a NIR.
    assert nir_ok("276154607329462") and not nir_ok("276154607329463")
    assert found("NIR 2 76 15 46 073 294 62") == [("national_id", "2 76 15 46 073 294 62")]


# --- phonenumbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Totals +44 20 7946 09581 and more",  # one digit more than a UK number has
        "Δ +1 555 123 45678.",  # 11 digits after +1
        "call 0000000000 now",  # only digits, valid nowhere, even beside a phone word
    ],
)
def test_a_number_no_numbering_plan_allows_is_not_a_phone(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Call me on +44 20 7946 09581 please", "+44 20 7946 09581"),
        ("Call me on +1 555 123 45678.", "+1 555 123 45678"),
        ("+0500398654 is my mobile", "+0500398654"),  # no such country code
        ("Sie erreichen mich unter (00226) 7475713", "(00226) 7475713"),
    ],
)
def test_a_phone_word_makes_a_number_in_a_phones_form_one(text: str, value: str) -> None:
    """Written as a phone is (a country code, an area code in brackets) and called one, a
    number libphonenumber's plans do not allow is still a phone: a typo or a range it does
    not know leaves the person's number in the trace otherwise (before: not found)."""
    assert found(text) == [("phone", value)]


def test_a_number_only_of_digits_must_be_valid_in_a_plan_region() -> None:
    # A Dutch mobile without its country code: valid in NL, not in the US (no area 061).
    assert found("bel 0612345678", regions=("NL",)) == [("phone", "0612345678")]
    assert found("bel 0612345678", regions=("US",)) == []
    assert found("bel +31612345678", regions=("US",)) == [("phone", "+31612345678")]


def test_international_forms_are_read_in_their_own_country() -> None:
    assert phone_ok("+44 20 7946 0958", (), strict=True)
    assert phone_ok("0044 20 7946 0958", (), strict=True)
    assert phone_ok("011 44 20 7946 0958", (), strict=True)
    assert not phone_ok("+44 20 7946 09581", DEFAULT_REGIONS, strict=False)


def test_the_stage_uses_the_plans_regions() -> None:
    nl = PiiStage.from_plan(PiiGuardrail(regions=["NL"]))
    us = PiiStage.from_plan(PiiGuardrail(regions=["US"]))
    assert nl.apply("bel 0612345678")[0] == "bel [PHONE]"
    assert us.apply("bel 0612345678")[0] == "bel 0612345678"


# --- the plan ---------------------------------------------------------------------------

PLAN = """\
version: 1
project: {name: inbox}
owner: {name: Dana, role: Head of Support, team: Support, contact: dana@example.com}
target: {kind: http, url: "http://127.0.0.1:9/x"}
controls:
  guardrails:
    pii: PII
"""


def test_regions_default_to_the_engines_list(tmp_path: Path) -> None:
    plan = parse_plan(PLAN.replace("PII", "{action: redact}"), base_dir=tmp_path)
    assert plan.controls is not None and plan.controls.guardrails.pii is not None
    assert tuple(plan.controls.guardrails.pii.regions) == DEFAULT_REGIONS == PII_REGIONS


@pytest.mark.parametrize(
    ("regions", "says"),
    [("[NL, XX]", "unknown phone region(s) 'XX'"), ("[nl]", "'nl'"), ("[]", "is empty")],
)
def test_a_bad_region_is_a_located_plan_error(tmp_path: Path, regions: str, says: str) -> None:
    with pytest.raises(PlanError) as err:
        parse_plan(PLAN.replace("PII", f"{{regions: {regions}}}"), base_dir=tmp_path)
    issue = err.value.issues[0]
    assert issue.path == "controls.guardrails.pii.regions"
    assert says in issue.message


def test_regions_with_the_presidio_engine_is_a_located_plan_error(tmp_path: Path) -> None:
    """Presidio does not read `regions`: setting it there is refused, not silently ignored."""
    with pytest.raises(PlanError) as err:
        parse_plan(PLAN.replace("PII", "{engine: presidio, regions: [NL]}"), base_dir=tmp_path)
    issue = err.value.issues[0]
    assert issue.path == "controls.guardrails.pii.regions"
    assert "applies to `engine: builtin`" in issue.message
    # the default list (the key left out) is fine with Presidio
    plan = parse_plan(PLAN.replace("PII", "{engine: presidio}"), base_dir=tmp_path)
    assert plan.controls is not None and plan.controls.guardrails.pii is not None
