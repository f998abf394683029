"""Issue #17, the classes the ninth corpus found missing, each as a class in the languages
served, not as the corpus's sentences: cards read out with dots between the groups, a
number set apart in a sentence by a spaced dash (after an hour: "after 3 - …"), ten digits
with a trunk 0 given as such an aside, the area code set apart by a slash or brackets,
Australia's ``0011`` prefix before a full number, an IMEI or barcode named before a number
of its length, "persönliche Kennnummer" before a Steuer-ID, and "tax ID number" before an
SSN. Each rule has cases it must find and cases it must leave."""

from __future__ import annotations

import pytest
from piikit import found, luhn_completed

from phaseone.guard.pii import luhn_ok

# --- cards with dots -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "card"),
    [
        ("Numéro de carte 5438.3134.5558.1551.", None),
        ("Merci de régler avec ma carte {}.", "4111.1111.1111.1111"),
        ("Bitte über meine Kartennummer {} abrechnen.", "5555.5555.5555.4444"),
        ("Addebitate sul mio numero di carta {}.", "4222.222.222.222"),  # Visa 13, 4-3-3-3
        ("Para o sinal, o Tiago ditou {} ao telefone.", "4111.1111.1111.1111"),  # no word
        ("Wpłata opłacona kartą {}, ważna do 09/27.", "5555.5555.5555.4444"),
    ],
)
def test_a_card_written_with_dots(template: str, card: str | None) -> None:
    card = card or "5438.3134.5558.1551"
    assert luhn_ok(card.replace(".", ""))
    text = template.format(card)
    assert found(text) == [("card", card)]


@pytest.mark.parametrize(
    "text",
    [
        "Stock moved: 1.234.567.890.123 units this year",  # thousands: first group of three
        "Build 4111.1111.1111.1112 released",  # the Luhn check fails
        "Total 411.111.111.111.111 points",
        "Versie 2024.1106.0915.33 staat klaar",  # no network starts 20…; dates and versions
    ],
)
def test_dotted_numbers_that_are_no_card(text: str) -> None:
    assert [k for k, _ in found(text) if k == "card"] == []


# --- a number set apart by a dash ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Plumber said he'd be round after 3 - (020) 7946 0958 if you're stuck.",
         "(020) 7946 0958"),
        ("L'idraulico passa dopo le 15 - 06/4833 7152 se serve.", "06/4833 7152"),
        ("Hydraulik będzie po 15 - 12.398.88.25 w razie czego.", "12.398.88.25"),
        ("Plumber said he'd be round after 3 - 0011 353 86 622 1434 if you're stuck.",
         "0011 353 86 622 1434"),
    ],
)  # fmt: skip
def test_a_phone_after_an_hour_and_a_dash(text: str, phone: str) -> None:
    assert found(text) == [("phone", phone)]


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Klempner kommt nach 15 Uhr - 0301234567, falls was ist.", "0301234567"),
        ("Le plombier passe après 15 h - 0142685300 si besoin.", "0142685300"),
        ("L'idraulico passa dopo le 15 - 0612345678 se serve.", "0612345678"),
        ("De loodgieter komt na 3 uur - 0201234567 als er iets is.", "0201234567"),
        ("Frau Carta hat sich gemeldet – 0229531166 – und möchte verschieben.", "0229531166"),
    ],
)
def test_ten_trunk_digits_set_apart_by_a_dash(text: str, phone: str) -> None:
    assert found(text) == [("phone", phone)]


@pytest.mark.parametrize(
    "text",
    [
        "Kamer 12: 0612345678",  # no dash, no word, no person
        "Bestellung - 0301234567",  # an order's number
        "Vorgang 17 - 00301234567 erledigt",  # zero-padded, not a trunk 0
        "Stapel 3 - 030123456789 Blatt",  # twelve digits: no such aside
    ],
)
def test_compact_digits_not_set_apart_as_a_phone(text: str) -> None:
    assert [k for k, _ in found(text) if k == "phone"] == []


# --- the area code set apart by a slash or brackets ------------------------------------


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Car-share group: Kevin drives on Tuesdays, 415/850 3786.", "415/850 3786"),
        ("Grupo de coche compartido: conduce los martes, 93/939 26 30.", "93/939 26 30"),
        ("Per il funerale telefonate alla famiglia al 386/843 6876.", "386/843 6876"),
        ("El fontanero viene después de las 15 h - (675) 221 313 si hay algún problema.",
         "(675) 221 313"),
        ("O canalizador passa depois das 15h - (226) 153 474 se precisarem.", "(226) 153 474"),
        ("Le plombier passe après 15 h - (04) 17 16 24 19 si besoin.", "(04) 17 16 24 19"),
    ],
)  # fmt: skip
def test_an_area_code_set_apart(text: str, phone: str) -> None:
    assert found(text) == [("phone", phone)]


@pytest.mark.parametrize(
    "text",
    [
        "Stand 12/2024 3456 Stück",  # a month and a year, then a count
        "Seite 12/345 678",  # valid nowhere
        "Rechnung 415/850 3786 bezahlt",  # an invoice's number
    ],
)
def test_slashed_numbers_that_are_no_phone(text: str) -> None:
    assert [k for k, _ in found(text) if k == "phone"] == []


def test_0011_counts_its_two_extra_digits_only_for_a_full_number() -> None:
    text = "The electrician left his mobile number, 0011 44 20 8471 5245, in case."
    assert found(text) == [("phone", "0011 44 20 8471 5245")]
    # Turin's 011 with a 0 before it: ten digits, read as they are.
    assert found("Mobile 0011-653551 (evenings only)") == [("phone", "0011-653551")]


# --- IMEIs and barcodes ----------------------------------------------------------------

_IMEI = luhn_completed("66168777267521")  # 15 digits, Luhn-valid, in Maestro's range
_EAN = luhn_completed("400133796227")  # 13 digits starting 4: a Visa length


@pytest.mark.parametrize(
    "template",
    [
        "Le numéro IMEI du téléphone retrouvé est {}.",
        "The IMEI of the lost handset is {}; it was reported to the insurer.",
        "El IMEI del móvil averiado es {}, garantía de 1 año.",
        "IMEI-Nummer des gestohlenen Handys: {}",
        "Il codice IMEI del cellulare smarrito è {}.",
    ],
)
def test_an_imei_is_no_card_and_no_phone(template: str) -> None:
    assert found(f"Carte bancaire {_IMEI}") == [("card", _IMEI)]  # the digits alone: a card
    assert found(template.format(_IMEI)) == []
    assert found(template.format("00" + _IMEI[2:])) == []  # nor a ``00`` phone


@pytest.mark.parametrize(
    "template",
    [
        "EAN-Code der Honiggläser: {}, Inhalt 274 g.",
        "Barcode on the jar label: {}",
        "Code EAN du pot de miel : {}",
    ],
)
def test_a_barcode_is_no_card(template: str) -> None:
    assert found(f"Visa {_EAN}") == [("card", _EAN)]
    assert found(template.format(_EAN)) == []


def test_a_card_after_an_imei_word_is_still_a_card() -> None:
    text = "IMEI gesperrt, zahle mit Karte 4111 1111 1111 1111"  # 16 digits: no IMEI
    assert found(text) == [("card", "4111 1111 1111 1111")]


# --- identifiers ------------------------------------------------------------------------


@pytest.mark.parametrize("idnr", ["36574261809", "36 574 261 809"])
def test_a_steuer_id_after_persoenliche_kennnummer(idnr: str) -> None:
    text = f"Anmeldeformular Fahrschule, Feld 7 (persönliche Kennnummer): {idnr}."
    assert found(text) == [("national_id", idnr)]
    assert found(f"Ihre Kundenkennnummer: {idnr}") == []  # a customer's number


def test_an_ssn_after_tax_id_number() -> None:
    text = "New hire at the removal company - payroll wants his tax ID number: 536221234."
    assert found(text) == [("national_id", "536221234")]
    assert found("Please quote the order number 536221234 when you call.") == []
    assert found("payroll wants his tax ID number: 000221234.") == []  # never issued
