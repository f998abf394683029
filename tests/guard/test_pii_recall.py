"""Issue #17, recall of identifiers and phones: the written forms of each identifier that
are real (IdNr in slashed fields, a codice fiscale spaced as copied from the card, a BSN
in the 4.2.3 notation), the context that makes a checksum-valid bare number a person's (a
name beside it in a record line, the generic names forms give it, a phone verb), the
international dialling prefixes, and what still stays benign (a Unix time, a routing
number, a count, an IPv4 address). Sentences written here, in several languages; each
rule has a case it must find and one it must leave."""

from __future__ import annotations

import pytest

from phaseone.guard.pii import find_pii
from phaseone.guard.pii_words import owner_after, person_beside


def found(text: str) -> list[tuple[str, str]]:
    return [(m.kind, text[m.start : m.end]) for m in find_pii(text)]


def values(text: str) -> list[str]:
    return [v for _, v in found(text)]


# --- a person's name beside the number ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Nieuwe collega Anna de Jong – 123456708 – begint maandag", "123456708"),
        ("Payroll sheet: Tom Baker; 123456721; night shift", "123456721"),
        ("copied from the folder: 123 456 733 (Mia Janssen)", "123 456 733"),
        ("Mitarbeiterin Lena Vogel, 36574261809, Eintritt 1. Mai", "36574261809"),
        ("Werknemer Pieter van den Berg, geboren 02-03-1990, 123456721", "123456721"),
    ],
)
def test_an_id_beside_a_name_in_a_record_line(text: str, value: str) -> None:
    assert values(text) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "created_at=123456708 updated_at=1712345678",  # a Unix time
        "Routing (ABA) 123456721 for wires.",
        "Box 17 x 41 x 48 cm, 123 456 733 units shipped",  # a count
        "The FTSE closed at 7001.20, volume 123456708.",
        "Case No. 747/2022, court file 123456721, hearing adjourned.",
        "Order 123456708 (Mia Janssen) shipped today",  # the order label names it
    ],
)
def test_a_checksum_valid_nine_digit_number_without_a_person_stays(text: str) -> None:
    assert [k for k, _ in found(text) if k == "national_id"] == []


def test_a_name_after_the_number_beats_a_file_label() -> None:
    assert values("overgenomen uit het dossier: 123456708 (Sanne Visser)") == ["123456708"]
    assert owner_after("123456708 (Sanne Visser)", 9)
    assert not owner_after("123456708 (ref 12)", 9)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Fred Mulder – 1", True),
        ("La señora Andres - 1", True),  # an honorific and one name
        ("Frau Weber: 1", True),
        ("Kerem van der Linden Sr. 1", True),
        ("Routing (ABA) 1", False),  # an acronym is no name
        ("Case No. 1", False),  # words naming a number are no name
        ("Koe met oormerk NL 1", False),
        ("Call Center 1", False),
    ],
)
def test_what_a_name_is(text: str, named: bool) -> None:
    assert person_beside(text, len(text) - 1, len(text)) is named


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Kamer 12, late aankomst Sanne Visser: 0612345678", "0612345678"),
        ("Zimmer 5, Anreise Jonas Berg: 0301234567", "0301234567"),
        ("Habitación 3, llegada de Lucía Gómez: 612-345-678", "612-345-678"),
        ("Marco Bruni (3123456789) cerca una stanza.", "3123456789"),
        ("Ola Nowak · Dział obsługi · 512345678", "512345678"),
    ],
)
def test_a_phone_beside_a_name(text: str, value: str) -> None:
    assert values(text) == [value]


def test_a_name_does_not_make_a_number_no_country_has_a_phone() -> None:
    assert found("Sanne Visser: 0000000000") == []
    assert found("Kamer 12: 0612345678") == []  # a room, no person, no phone word


# --- the identifiers' written forms --------------------------------------------------


def test_a_steuer_id_in_slashed_fields() -> None:
    assert found("Steuer-ID laut Formular: 36/574/261/809") == [("national_id", "36/574/261/809")]
    assert found("aus der Akte: 36/574/261/809 (Lena Vogel)") == [("national_id", "36/574/261/809")]
    assert found("Seite 36/574/261/808 gedruckt") == []  # the check digit fails
    assert found("Rechnung 36/574/261/809 bezahlt") == []  # a label names it


def test_a_codice_fiscale_spaced_as_on_the_card() -> None:
    assert found("codice fiscale RSS MRA 85T10 A562S, grazie") == [
        ("national_id", "RSS MRA 85T10 A562S")
    ]
    assert found("CF: RSSMRA 85T10 A562S") == [("national_id", "RSSMRA 85T10 A562S")]
    assert found("codice fiscale RSS MRA 85T10 A562T") == []  # the check letter fails


def test_a_bsn_in_the_dotted_notation_stands_alone() -> None:
    assert found("hier: 1234.56.708") == [("national_id", "1234.56.708")]
    assert found("hier: 1234.56.709") == []  # the 11-proof fails
    assert found("Factuur 1234.56.708 betaald") == []  # a label names it


@pytest.mark.parametrize(
    "text",
    [
        "Payroll recorded her social insurance number as 123456708.",
        "Patient intake: government ID number 123456721, no allergies.",
        "The adviser needs the taxpayer identification number 123456733.",
    ],
)
def test_generic_names_of_a_state_number(text: str) -> None:
    assert [k for k, _ in found(text)] == ["national_id"]


def test_an_ssn_in_brackets() -> None:
    assert found("enter your Social Security number (536-22-1234) here") == [
        ("national_id", "536-22-1234")
    ]


def test_a_nino_opening_the_text() -> None:
    assert found("AB123456C is mine") == [("national_id", "AB123456C")]


# --- phones ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ring 0011 61 2 9374 4000 from abroad", "0011 61 2 9374 4000"),
        ("Emergency: 0011 61 491 570 156 ext. 12", "0011 61 491 570 156 ext. 12"),
        ("from the US dial 011 44 20 7946 0958", "011 44 20 7946 0958"),
        ("Contact (0044 20 7946 0958) after six", "0044 20 7946 0958"),
    ],
)
def test_international_dialling_prefixes(text: str, value: str) -> None:
    assert found(text) == [("phone", value)]


def test_a_turin_number_is_not_read_as_a_us_dialling_prefix() -> None:
    assert found("Il mio numero di telefono è 011 962 7101.") == [("phone", "011 962 7101")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Si nadie contesta, prueba al 612345678 después.", "612345678"),
        ("Falls keiner abnimmt, probier es unter 0301234567.", "0301234567"),
        ("Si personne ne répond, essayez le 0612345678.", "0612345678"),
        ("Bei Nichtantreffen bitte 0301234567 klingeln lassen.", "0301234567"),
        ("avisar al tlf. 612 345 678 cuando llegue", "612 345 678"),
        ("Asks for a callback on 2025550143 after 5pm.", "2025550143"),
        ("La naviera informa en el número 612345678.", "612345678"),
        ("De veerdienst meldt vertragingen op het nummer 0470123456.", "0470123456"),
        ("Przewoźnik informuje pod numerem 512 345 678.", "512 345 678"),
    ],
)
def test_phone_verbs_and_the_number_named_by_its_article(text: str, value: str) -> None:
    assert values(text) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "The projector answers on 10.106.26.10 port 41228.",  # an IPv4 address
        "The number of units shipped was 612345678.",  # a count
        "The order number 0612345678 is on the invoice.",  # an order's number
        "El número de pedido 612345678 ya salió.",
    ],
)
def test_what_a_phone_verb_or_number_word_does_not_name(text: str) -> None:
    assert [k for k, _ in found(text) if k == "phone"] == []
