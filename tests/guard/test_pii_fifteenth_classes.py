"""Issue #17, round 11: the classes the fourteenth and fifteenth corpora left, each written
as a class in the languages served, not as the corpora's sentences. Precision: a company's
registration number with a qualifier ("of the company") between its word and the number; a
serial number's abbreviations. Recall: a phone word followed by where the number was read
("laut Ticket"); Portuguese "retornar para"; Spanish "localizar". Each rule has cases it
must find and cases it must leave."""

from __future__ import annotations

import pytest
from piikit import kinds

from phaseone.guard.pii import luhn_ok

# A 14-digit SIRET-like number that passes Luhn and starts in a card range: a card without
# a company word before it.
SIRET = "59844677759814"


def test_the_siret_passes_luhn_so_a_card_word_finds_it() -> None:
    assert luhn_ok(SIRET)
    assert kinds(f"Carte : {SIRET}") == ["card"]


@pytest.mark.parametrize(
    "text",
    [
        f"SIRET de l'entreprise : {SIRET}",
        f"SIREN de la société : {SIRET}",
        f"Handelsregisternummer der Firma: {SIRET}",
        f"Handelsregister des Unternehmens: {SIRET}",
        f"Partita IVA dell'azienda: {SIRET}",
        f"CIF de la empresa: {SIRET}",
        f"KvK-nummer van het bedrijf: {SIRET}",
        f"CNPJ da empresa: {SIRET}",
        f"VAT number of the company: {SIRET}",
    ],
)
def test_a_registration_word_then_of_the_company_names_no_card(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        f"Carte de l'entreprise : {SIRET}",  # the company's card is still a card
        f"Firmenkreditkarte der Firma: {SIRET}",
        f"Tarjeta de la empresa: {SIRET}",
    ],
)
def test_a_card_word_then_of_the_company_is_still_a_card(text: str) -> None:
    assert kinds(text) == ["card"]


SERIAL = "0594-5609-5711"  # a valid dashed German number's digits


def test_the_serial_is_a_phone_beside_a_phone_word() -> None:
    assert kinds(f"Telefon {SERIAL}") == ["phone"]


@pytest.mark.parametrize(
    "text",
    [
        f"Gerät mit Ser.-Nr. {SERIAL} defekt.",
        f"Gerät mit Serien-Nr. {SERIAL} defekt.",
        f"Seriennr. {SERIAL}",
        f"Device S/N {SERIAL} faulty",
        f"SN: {SERIAL}",
        f"Ser. No. {SERIAL}",
        f"n° de série {SERIAL}",
        f"núm. de serie {SERIAL}",
        f"matricola {SERIAL}",
        f"serienr. {SERIAL}",
        f"n.º de série {SERIAL}",
        f"numer seryjny {SERIAL}",
    ],
)
def test_a_serial_abbreviation_names_no_phone(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The funeral director needs the deceased's ID number, 343-89-4991, for the form.",
        "Tem de ser 912345678, é o meu telemóvel",  # "ser" (to be), no number word
    ],
)
def test_an_s_or_ser_alone_names_nothing(text: str) -> None:
    assert kinds(text) != []


@pytest.mark.parametrize(
    "text",
    [
        "Rückrufnummer laut Ticket: 069 7512937",
        "Rückrufnummer laut Ticket: 0043 650 1350832",
        "Rückrufnummer laut Ticket: +43 (0)1 4287441",
        "Telefon gemäß Vertrag: 069 7512937",
        "Phone according to the ticket: 0612345678",
        "Numéro de rappel selon le dossier : 06 12 34 56 78",
        "Teléfono según el pedido: 612 345 678",
        "Telefono secondo la pratica: 333 123 4567",
        "Telefoon volgens het dossier: 06 12345678",
        "Telefone segundo o processo: 912 345 678",
        "Telefon zgodnie z zamówieniem: 601 234 567",
    ],
)
def test_where_a_phone_was_read_does_not_make_it_that_document_s_number(text: str) -> None:
    assert kinds(text) == ["phone"]


@pytest.mark.parametrize(
    "text",
    [
        "laut Ticket: 069 7512937",  # no label before: the ticket's own number
        "Ticket laut Vertrag: 069 7512937",
        "Chiamami per l'ordine 06573220",  # "per" is "for": the order's number
    ],
)
def test_according_to_a_document_alone_names_that_document_s_number(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Beatriz Papke ligou, retornar para 226 580 348",
        "Golda ligou, retornar para 920078841",
        "Thiago Sousa ligou, retornar para 21-3286-5097",
        "Por favor retorne no 912 345 678",
        "Me puede localizar en el 81 9796 0338 por las mañanas.",
        "Puede localizarme en el 612345678",
        "Nos puede localizar al 612 345 678",
    ],
)
def test_returning_a_call_and_being_found_name_a_phone(text: str) -> None:
    assert kinds(text) == ["phone"]


@pytest.mark.parametrize(
    "text",
    [
        "retornar o pedido 920078841",
        "retornar para o pedido 920078841",
        "No pudimos localizar el pedido 938322118",
        "localizar 938322118",
        "Vuelo con localizador 612345678",
    ],
)
def test_returning_or_finding_a_thing_names_no_phone(text: str) -> None:
    assert kinds(text) == []
