"""The builtin PII engine's national identifiers, phone forms and the number families it
must leave alone. Each false-positive text here was redacted by the engine before the
change that added it (bench/bench_pii_quality.py's development split)."""

from __future__ import annotations

import pytest

from phaseone.guard.pii import card_brand_ok, find_pii
from phaseone.guard.pii_ids import codice_fiscale_ok, de_idnr_ok, dni_ok, nino_ok, nir_ok


def found(text: str) -> list[tuple[str, str, str]]:
    return [(m.kind, m.detail, text[m.start : m.end]) for m in find_pii(text)]


@pytest.mark.parametrize(
    ("text", "rule", "value"),
    [
        ("Meine Steuer-ID ist 36 574 261 809.", "de_idnr", "36 574 261 809"),
        ("tax id 36574261809 for the payroll", "de_idnr", "36574261809"),
        ("NIR 2 95 10 99 126 111 93 sur la carte vitale", "fr_nir", "2 95 10 99 126 111 93"),
        ("numéro 295109912611193", "fr_nir", "295109912611193"),
        ("Corse: 226102A00473834 ok", "fr_nir", "226102A00473834"),
        ("Mi DNI es 54362315K.", "es_dni", "54362315K"),
        ("DNI 54362315-K", "es_dni", "54362315-K"),
        ("NIE X2482300W, pasaporte aparte", "es_nie", "X2482300W"),
        ("codice fiscale RSSMRA85T10A562S grazie", "it_cf", "RSSMRA85T10A562S"),
        ("CF: rssmra80a01h501u", "it_cf", "rssmra80a01h501u"),
        ("Mijn BSN is 111222333.", "nl_bsn", "111222333"),
        ("BSN 1112.22.333", "nl_bsn", "1112.22.333"),  # the authorities' 4.2.3 notation
        ("Mijn burgerservicenummer is 1112.22.333.", "nl_bsn", "1112.22.333"),
        # 11 digits alone: the Steuer-ID's own check is strong enough (1 in ~270)
        ("Hier ist sie: 36574261809", "de_idnr", "36574261809"),
        ("Hier bitte: 36 574 261 809", "de_idnr", "36 574 261 809"),
        ("111222333 is my burgerservicenummer", "nl_bsn", "111222333"),
        ("DNI 54.362.315-K, caduca en 2030", "es_dni", "54.362.315-K"),
        ("my SSN is 536 22 1234", "us_ssn", "536 22 1234"),
        ("Social Security number 536221234.", "us_ssn", "536221234"),
        ("Order 7 shipped; SSN 536221234 on file", "us_ssn", "536221234"),  # SSN word nearer
        ("NINO ab 12 34 56 c", "uk_nino", "ab 12 34 56 c"),
        ("NI number JG103759A on the payslip", "uk_nino", "JG103759A"),
    ],
)
def test_national_ids_are_found(text: str, rule: str, value: str) -> None:
    assert ("national_id", rule, value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Steuer-ID 36 574 261 808",  # check digit off by one
        "order 36574261809 shipped",  # valid Steuer-ID digits, an order word names them
        "Kundennummer 36574261809",
        "Hier ist sie: 36574261808",  # check digit off by one, alone
        "+36574261809",  # a country code: not an identifier
        "build 1112.22.333",  # the BSN's dotted form and 11-proof, no BSN word
        "BSN 1112.22.334",  # fails the 11-proof
        "NIR 2 95 10 99 126 111 94",  # wrong key
        "295139912611193",  # month 13 does not exist
        "Mi DNI es 54362315Z.",  # wrong letter
        "NIE X2482300A",
        "codice fiscale RSSMRA85T10A562T",  # wrong check letter
        "Order 386756508 shipped on 2000-10-01.",  # passes the 11-proof, no BSN word
        "created_at=790074655 updated_at=1359879254",
        "Routing (ABA) 115039636 for wires.",
        "commit 423863095ee55487593de851080ed685ebba84a0 on 1983-11-15",
        "DNI 54.362.315-Z",  # wrong letter, dotted
        "Order 536 22 1234 shipped on Monday.",  # SSN-shaped, nothing names it
        "ts 536221234 seq 12",
        "SSN 078 05 1120",  # SSA's void list, spaced
        "SSN on file; invoice 536221234 paid",
        "NINO QQ 12 34 56 C",  # Q is never a first letter (HMRC's example prefix)
        "NINO AO 12 34 56 C",  # O is never a second letter
        "NINO TN 12 34 56 C",  # never-allocated pair
        "NINO AB 12 34 56 E",  # suffix beyond D
    ],
)
def test_national_id_look_alikes_are_left(text: str) -> None:
    assert [f for f in found(text) if f[0] == "national_id"] == []


def test_an_order_number_after_an_ssn_is_the_orders() -> None:
    """Nine loose digits count as an SSN only when the nearest label before them is an SSN
    word (seen in the PII benchmark's mixed text: the order number was redacted)."""
    ids = [f for f in found("SSN 329-53-7128 Order 542654153 shipped") if f[0] == "national_id"]
    assert ids == [("national_id", "us_ssn", "329-53-7128")]


def test_checksums_of_the_new_identifiers() -> None:
    assert de_idnr_ok("36574261809") and not de_idnr_ok("36574261808")
    assert not de_idnr_ok("12345678903")  # no digit repeated: never issued
    assert nir_ok("295109912611193") and not nir_ok("295109912611194")
    assert dni_ok("54362315K") and dni_ok("X2482300W") and not dni_ok("X2482300K")
    assert codice_fiscale_ok("RSSMRA80A01H501U") and not codice_fiscale_ok("RSSMRA80A01H501V")


def test_nino_prefix_and_suffix_rules() -> None:
    assert nino_ok("AB123456C") and nino_ok("ab 12 34 56 d") and nino_ok("JG103759A")
    for first in "DFIQUV":
        assert not nino_ok(f"{first}A123456C")
    for second in "DFIOQUV":
        assert not nino_ok(f"A{second}123456C")
    for prefix in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
        assert not nino_ok(f"{prefix}123456C")
    assert not nino_ok("AB123456E") and not nino_ok("AB12345C") and not nino_ok("AB1234567C")


# Omocodia: when two people would get the same code, digits are replaced by letters from
# the right (0→L … 9→V), up to all seven; the check letter is recomputed.
_OMOCODIA = [
    "RSSMRA85T10A56NH",  # one digit replaced
    "RSSMRA85T1LARSNR",  # four
    "RSSMRA85TMLARSNC",  # five: only the year's two digits are left
    "RSSMRA8RTMLARSNO",  # six: one digit left
]


@pytest.mark.parametrize("value", _OMOCODIA)
def test_a_codice_fiscale_with_omocodia_is_found(value: str) -> None:
    assert codice_fiscale_ok(value)
    assert found(f"Il mio CF è {value}.") == [("national_id", "it_cf", value)]


def test_a_codice_fiscale_without_any_digit_is_found_where_named() -> None:
    value = "RSSMRAURTMLARSNL"  # seven: every digit replaced
    assert codice_fiscale_ok(value)
    assert found(f"codice fiscale {value} grazie") == [("national_id", "it_cf", value)]
    assert found(f"Tax code: {value.lower()}") == [("national_id", "it_cf", value.lower())]
    # 16 capitals with a valid check letter but no word naming a codice fiscale: not looked for
    assert found(f"ref {value}") == []
    assert found("codice fiscale RSSMRAURTMLARSNM") == []  # wrong check letter


def test_a_codice_fiscale_is_found_without_six_digits_in_a_row() -> None:
    # its digits are split by letters, so the engine's digit pre-check finds nothing
    assert found("CF RSSMRA85T10A562S") == [("national_id", "it_cf", "RSSMRA85T10A562S")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Call me on +44(0)115 4960914 after six.", "+44(0)115 4960914"),
        ("phone: (01632)960012", "(01632)960012"),
        ("Telefon (09560) 42304", "(09560) 42304"),
        ("You can reach the office at 08683 873806.", "08683 873806"),
        ("reach me at 075-7710465", "075-7710465"),
        # the extension's digits do not count towards the 15 a number may have
        ("at 001-459-329-2244x696.", "001-459-329-2244x696"),
        ("Call me on 6414144269 after six.", "6414144269"),  # only digits: a phone word
        ("Llámame al 612 345 678", "612 345 678"),
        ("+351231706690 is my mobile", "+351231706690"),
        ("Call 1-202-555-0143 for the desk", "1-202-555-0143"),  # North American trunk 1
        ("the desk is 202 555 0143 ext. 12", "202 555 0143 ext. 12"),  # an extension: no word
        ("Ligue para 212 345 678", "212 345 678"),  # Portuguese landline, 3-3-3
        ("telefone 912345678", "912345678"),  # nine digits, no separator
        ("Llámame al 612 34 56 78", "612 34 56 78"),  # Spanish 3-2-2-2
        ("Teléfono: 91 234 56 78", "91 234 56 78"),  # Spanish 2-3-2-2
        ("zadzwoń 22 123 45 67", "22 123 45 67"),  # Polish landline
    ],
)
def test_phone_forms(text: str, value: str) -> None:
    assert ("phone", "phone", value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Your order number is 0361481100.",  # only digits, an order word
        "Upgraded from 1.95.293 to build 0324013906.",
        "Ticket #05249643 reopened, see case 457-447-3334",  # 3-3-4, but a case number
        "Box 95 x 82 x 95 cm, 10,9 kg, 049 511 442 units shipped",  # 9 digits, no phone word
        "Company EIN 02-5381754, registered 2012.",
        "USPS tracking 1988 8224 0130 0601 0008 55",  # a trunk-0 look-alike inside a run
        "Meeting on 05.03.2024 10:30 in room 4",
        "612 345 678 units in stock",  # only digits, no phone word
        "212 345 678 units in stock",
        "Order 91 234 56 78 was split",  # a Spanish landline's shape, an order word
        "912345678 rows scanned",
        "created_at=1634483483 updated_at=1184358103",
    ],
)
def test_numbers_that_are_not_phones(text: str) -> None:
    assert find_pii(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "ISBN 978-1-78344-924-8 (paperback)",  # Luhn-valid, 97 is no card network's
        "Barcode 5483442485812 scanned at till 11.",  # Luhn-valid, Mastercard has 16 digits
        "ts 1285445484112 seq 8588098",  # Luhn-valid millisecond time
        "USPS tracking 8455 6755 5678 0524 2492 82",  # 22 digits hold Luhn-valid 16s
    ],
)
def test_luhn_valid_numbers_that_are_not_cards(text: str) -> None:
    assert find_pii(text) == []


def test_card_networks() -> None:
    assert card_brand_ok("4111111111111111") and card_brand_ok("378282246310005")
    assert card_brand_ok("5105105105105100") and card_brand_ok("2221000000000009")
    assert card_brand_ok("6011111111111117") and card_brand_ok("3566002020360505")
    assert card_brand_ok("501234567896")  # Maestro, 12 digits
    assert not card_brand_ok("5105105105105")  # Mastercard is 16 digits
    assert not card_brand_ok("9781783449248") and not card_brand_ok("1285445484112")
    assert [m.kind for m in find_pii("Visa 4539 1488 0343 6467 exp 12/27")] == ["card"]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # one run of digits holding two numbers: each is found
        ("card 4111 1111 1111 1111  5 units", ["4111 1111 1111 1111"]),
        ("call 020 7946 0958  06 1234 5678", ["020 7946 0958", "06 1234 5678"]),
        ("call +44 20 7946 0958/+31 20 794 6095", ["+44 20 7946 0958", "+31 20 794 6095"]),
        # full-width digits are digits (not ASCII: the digit pre-check must not skip them)
        ("card ４１１１ １１１１ １１１１ １１１１", ["４１１１ １１１１ １１１１ １１１１"]),
    ],
)
def test_runs_of_digits_are_split_where_a_person_would(text: str, values: list[str]) -> None:
    assert [text[m.start : m.end] for m in find_pii(text)] == values


# A record's fields set apart by " / " (the fourth corpus: `Name / 94081724462 / date`): the
# run of digit groups spans the id and the date, so each field is read on its own.
_IDNR_OK = "81072345610"  # MOD 11,10 and one repeated digit (checked below)
_IDNR_BAD = "81072345611"  # the same with a wrong check digit


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (f"Stammdaten geändert: Anna Berg / {_IDNR_OK} / 18.02.2026", [_IDNR_OK]),
        ("Stammdaten geändert: Anna Berg / 81 072 345 610 / 18.02.2026", ["81 072 345 610"]),
        (f"Lager 12 / {_IDNR_OK}", [_IDNR_OK]),
        # controls: the check digit still decides, and a label still names the number
        (f"Stammdaten geändert: Anna Berg / {_IDNR_BAD} / 18.02.2026", []),
        (f"Bestellung / {_IDNR_OK} / 18.02.2026", []),
        ("Stand 12 / 3 / 18.02.2026", []),
    ],
)
def test_an_id_among_slash_separated_fields(text: str, want: list[str]) -> None:
    assert de_idnr_ok(_IDNR_OK) and not de_idnr_ok(_IDNR_BAD)
    assert [v for k, _, v in found(text) if k == "national_id"] == want
