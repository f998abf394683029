"""Numbers no word names (issue #17): structure alone (a card's expiry beside it), and the
labels that say a number is something else (a customer number before a phone word after,
``…nummer`` compounds, a part number in an SSN's shape, a loyalty card). Sentences written
here, not taken from a corpus; each rule has a case it must find and one it must leave."""

from __future__ import annotations

import pytest

from phaseone.guard.pii import find_pii


def found(text: str) -> list[tuple[str, str]]:
    return [(m.kind, text[m.start : m.end]) for m in find_pii(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Zahlung Inga Meier: 5105105105105100 04/29", "5105105105105100"),
        ("Betaling J. de Vries: 4111 1111 1111 1111 12/2027", "4111 1111 1111 1111"),
        ("Pago: 3782-822463-10005, 09/28", "3782-822463-10005"),
        ("exp 04/29 4012 8888 8888 1881 on file", "4012 8888 8888 1881"),
    ],
)
def test_a_card_with_its_expiry_in_the_same_run(text: str, value: str) -> None:
    assert found(text) == [("card", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Zahlung 5105105105105101 04/29",  # Luhn fails
        "Lot 5105105105105100 13/29",  # no month 13: not an expiry, and 18 digits no card
        "Kundennummer 5105105105105100 04/29",  # a label names it
        "Zahlung 9105105105105104 04/29",  # Luhn-valid, no network's range
    ],
)
def test_a_number_and_a_date_that_are_no_card(text: str) -> None:
    assert [k for k, _ in found(text)] == []


def test_a_label_before_beats_a_phone_word_after() -> None:
    assert found("Customer number 3812223560 - please quote it when you call.") == []
    # control: without the label the phone word after still counts
    assert found("3812223560 - please call me back on it.") == [("phone", "3812223560")]


@pytest.mark.parametrize(
    "text",
    [
        "Meterserienummer 5455597805039512",
        "Zählernummer 4492274634177263",
        "Vertragsnr. 4111111111111111",
    ],
)
def test_nummer_compounds_name_other_numbers(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Kreditkartennummer 4111111111111111", "card"),
        ("Het kaartnummer is 4111 1111 1111 1111.", "card"),
        ("Telefonnummer 030 1234567", "phone"),
        ("Steueridentifikationsnummer 86095742719", "national_id"),
    ],
)
def test_nummer_compounds_of_personal_numbers_still_count(text: str, kind: str) -> None:
    assert [k for k, _ in found(text)] == [kind]


def test_a_part_number_in_an_ssn_shape() -> None:
    assert found("Part no. 830-89-6887 fits the 2019 model.") == []
    assert found("Art.-Nr. 238-10-9375") == []
    assert found("SKU 519-34-1918 back in stock") == []
    assert found("My SSN is 830-89-6887.") == [("national_id", "830-89-6887")]
    assert found("Form filed: 830-89-6887") == [("national_id", "830-89-6887")]


def test_a_loyalty_or_gift_card_is_not_a_payment_card() -> None:
    assert found("Loyalty card number 5714739341080 now has 1659 points.") == []
    assert found("Gift card 4111111111111111 balance: 20 EUR") == []
    assert found("Credit card 4111111111111111 declined") == [("card", "4111111111111111")]
    assert found("card 4111111111111111, loyalty 12") == [("card", "4111111111111111")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Jak nikt nie odbierze, spróbuj pod 14 928 31 68 po szóstej.", "14 928 31 68"),
        ("Si nadie contesta, prueba al 958 45 61 78 mañana.", "958 45 61 78"),
        ("Oumou Langosh, 056 79 78 57, demander le service.", "056 79 78 57"),
        ("Try 202 555 0143 after six.", "202 555 0143"),
        ("Tel. 83-250-72-74 (office hours)", "83-250-72-74"),
    ],
)
def test_a_phone_in_its_countrys_own_grouping_needs_no_word(text: str, value: str) -> None:
    assert found(text) == [("phone", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Box 17 x 41 x 48 cm, 235 521 134 units shipped",  # a count in thousands
        "Umsatz 643 136 159, Nutzer 763 368",
        "Spróbuj pod 14 92 83 16 8 po szóstej.",  # not Poland's grouping
        "Order 14 928 31 68 shipped",  # a label names it
        # digits alone: every 10-digit 0… is valid somewhere ("Try 0800489138" is told to
        # ring it since the tenth corpus: test_pii_tenth_classes)
        "Noted 0800489138 after six.",
        "Pallets 0800489138 after six.",
    ],
)
def test_grouped_numbers_that_are_no_phone(text: str) -> None:
    assert found(text) == []


def test_a_bsn_read_out_in_threes_beside_its_word() -> None:
    assert found("Mijn BSN is 292 799 093.") == [("national_id", "292 799 093")]
    assert found("Mijn BSN is 292 799 094.") == []  # the 11-proof fails
    assert found("Omzet 292 799 093, groei 5%") == []  # no BSN word: a count


def test_a_bsn_in_dutch_text_needs_no_word() -> None:
    assert found("Werknemer Eva van der Linden, 644732969, start maandag") == [
        ("national_id", "644732969")
    ]
    assert found("Hier is het: 1445.41.531") == [("national_id", "1445.41.531")]
    # The 11-proof fails, area 000 is never issued, no country has the number: none.
    assert found("Werknemer Eva, 000732968, start maandag") == []
    assert found("Hij schreef 644732968 op het formulier") == []
    assert found("Klantnummer 644732969, graag vermelden bij betaling.") == []  # labelled


def test_an_imei_is_no_nir() -> None:
    assert found("Numéro IMEI de l'appareil : 350759766268178") == []
    assert found("N° INSEE : 350759766268178") == [("national_id", "350759766268178")]


def test_an_ssn_in_its_own_3_2_4_groups_needs_no_word() -> None:
    assert found("For the payroll file: Rickie Flatley 453 54 3212") == [
        ("national_id", "453 54 3212")
    ]
    assert found("Applicant Helen Koss, 666 33 9232, born 1984") == []  # area 666: never issued
    assert found("Order 453 54 3212 shipped") == []  # a label names it
    assert found("Tel. 089 12 3456 (Munich)") != [("national_id", "089 12 3456")]
    # 9 loose digits: only beside an SSN word or a person's name (test_pii_recall.py).
    assert found("Shipment 376339232 left the depot, born 1984") == []


def test_compounds_naming_a_phone_are_no_other_label() -> None:
    assert found("Faxnummer: 030 12345678") == [("phone", "030 12345678")]
    assert found("Auftragsnr. 030 12345678") == []
