"""Issue #17, the classes the eleventh corpus found missing, each written as a class in the
languages served, not as the corpus's sentences: a card dotted in American Express's 4-6-5
groups, a card number given "for the booking" (the thing paid for, not the number's name),
a telephone number with a slash between every group, a nine-digit number called an
identity, tax or social security number in any of the languages, a nine-digit identifier
given as "mine", and Brazil's numbers (a default region now, read only with a word or a
name). Each rule has cases it must find and cases it must leave."""

from __future__ import annotations

import pytest
from piikit import found, kinds

from phaseone.guard.pii import luhn_ok
from phaseone.guard.pii_ids import bsn_ok, ssn_ok

# --- cards dotted in 4-6-5 (and 4-6-4) groups -------------------------------------------


@pytest.mark.parametrize("card", ["3782.822463.10005", "3714.496353.98431", "3056.930902.5904"])
@pytest.mark.parametrize(
    "template",
    [
        "Für die Skipässe bitte meine Kartennummer {} belasten.",
        "Numer karty płatniczej to {}.",
        "ok here it is {} don't tell anyone",
    ],
)
def test_a_card_dotted_in_six_digit_groups(card: str, template: str) -> None:
    assert luhn_ok(card.replace(".", ""))
    text = template.format(card)
    assert found(text) == [("card", card)]


@pytest.mark.parametrize(
    "text",
    [
        "Stock moved: 1.234.567.890.123 units this year",  # thousands: first group of three
        "Build 3782.822463.10006 deployed",  # the Luhn check fails
        "Order 3782.822463.10005 shipped",  # an order word names it
    ],
)
def test_dotted_numbers_that_are_no_card(text: str) -> None:
    assert "card" not in kinds(text)


# --- a card given for the thing it pays -------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "here it is for the booking {}",
        "hier nochmal für die Bestellung: {}",
        "hier is ie voor de boeking {}",
        "voilà pour la réservation {}",
        "aqui vai para a reserva: {}",
        "te lo paso para el pedido: {}",
        "eccolo per la prenotazione: {}",
        "proszę, to do rezerwacji: {}",
    ],
)
@pytest.mark.parametrize("card", ["4111 1111 1111 1111", "6011-0009-9013-9424", "378282246310005"])
def test_a_card_given_for_the_booking_or_order(template: str, card: str) -> None:
    text = template.format(card)
    assert found(text) == [("card", card)]


@pytest.mark.parametrize(
    "text",
    [
        "Refund for order 4111 1111 1111 1111 is on its way.",  # no article: that order's number
        "Here is the order number for the booking: 4111111111111111",  # named before the phrase
        "For the order number 4111111111111111 see the portal.",  # a number word after it
        "Sendungsnummer für das Paket 4111 1111 1111 1111",  # the label before still holds
        "número do pedido 4111 1111 1111 1111",  # Portuguese "do": the order's number
    ],
)
def test_an_order_or_booking_number_stays_one(text: str) -> None:
    assert "card" not in kinds(text)


def test_a_phone_after_a_purpose_phrase_is_still_the_orders_number() -> None:
    # "per" is also "about": card mode only, so the order word still names the number.
    assert "phone" not in kinds("Chiamami per l'ordine 06573220")


# --- a telephone number with a slash between every group ------------------------------


@pytest.mark.parametrize(
    "text, number",
    [
        (
            "Livraison pour Thibault Faure, téléphone 0492/00/27/76, sonner deux fois.",
            "0492/00/27/76",
        ),
        (
            "Installateur : le technicien vous joindra depuis le numéro 0479/30/36/62.",
            "0479/30/36/62",
        ),
        ("Parish newsletter: ring Maggie Lockhart on 0131/729/7290.", "0131/729/7290"),
        ("Maggie Ashdown (landlord) — 020/8011/8767 — boiler again", "020/8011/8767"),
        ("Consegna per Ilaria Cavalli, cellulare 356/707/1771, citofono rotto.", "356/707/1771"),
        ("Właściciel mieszkania Jadwiga Wiśniewska: 883/995/173 w sprawie pieca", "883/995/173"),
    ],
)
def test_a_phone_slashed_between_every_group(text: str, number: str) -> None:
    assert ("phone", number) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Rückruf am 05/06/2025 erbeten",  # a date: eight digits
        "Akte 12/05/2024/113 liegt bei Gericht",  # a date and a file number after it
        "Release 2024/05/113 is out",  # a year first
    ],
)
def test_slashed_dates_and_file_numbers_are_no_phone(text: str) -> None:
    assert kinds(text) == []


# --- a nine-digit number called an identity, tax or social security number -------------

_BSN = "702406405"  # passes the 11-proof (and the SSN's rules)
_SSN = "467403767"


@pytest.mark.parametrize(
    "template",
    [
        "New starter at the firm, payroll needs his tax ID: {}.",
        "Hospice volunteer check: identity number {}.",
        "Inschrijving dojo, fiscaal nummer {}.",
        "Iscrizione al dojo, numero identificativo {}.",
        "Inscrição no dojo, número de segurança social {}.",
        "Inscripción, número de identificación fiscal {}.",
        "Formulaire, numéro d'identification {}.",
        "Do umowy potrzebuję numeru twojego dokumentu tożsamości: {}",
        "Wir brauchen die Steuer-ID {} für die Abrechnung.",
    ],
)
@pytest.mark.parametrize("value", [_BSN, _SSN])
def test_an_identifier_named_by_an_identity_or_tax_word(template: str, value: str) -> None:
    assert bsn_ok(_BSN) and ssn_ok(_SSN)
    text = template.format(value)
    assert found(text) == [("national_id", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Order 467403767 shipped today, tax ID on the invoice.",  # an order word names it
        "identity number 966666661 (a test value)",  # neither the SSN's rules nor the 11-proof
        "Tracking number 702406405, your tax number is on the letter.",
    ],
)
def test_identity_words_do_not_name_other_numbers(text: str) -> None:
    assert "national_id" not in kinds(text)


# --- a nine-digit identifier given as "mine" ------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("sent you my 310161905 as asked, lmk if you need anything else", "310161905"),
        ("je t'envoie le mien : 411025478", "411025478"),
        ("stuur je die van mij: 475207889", "475207889"),
        ("wysyłam ci swój: 104173667", "104173667"),
        ("ahí va el mío: 310161905", "310161905"),
    ],
)
def test_an_identifier_given_as_mine(text: str, value: str) -> None:
    assert ("national_id", value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "sent you my order 310161905 as asked",  # a word between: that names it
        "my, 310161905 items were counted",  # not right after "my"
        "je t'envoie le mien : 966666661",  # neither check passes
    ],
)
def test_mine_needs_the_number_right_after_and_a_check(text: str) -> None:
    assert "national_id" not in kinds(text)


# --- Brazil's numbers, with a word or a name --------------------------------------------


@pytest.mark.parametrize(
    "text, number",
    [
        (
            "Entrega da farmácia para Tiago Figueiredo, telemóvel/celular 51982933173.",
            "51982933173",
        ),
        ("Entrega para Mafalda Moura, celular 41.96051.2690.", "41.96051.2690"),
        ("Senhorio Tiago Albuquerque: 21 90484-1874 por causa do esquentador", "21 90484-1874"),
        ("Correio de voz: olá, é a Inês do dojo, liga-me para o 61/90262/5345.", "61/90262/5345"),
        ("Correio de voz: olá, é o Rui do dojo, liga-me para o 227718358.", "227718358"),
    ],
)
def test_brazilian_and_portuguese_numbers_with_a_word_or_a_name(text: str, number: str) -> None:
    assert ("phone", number) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bovin boucle FR 61 7773 4839, né le 15/09/2021, 641 kg.",  # 2-4-4 alone: an ear tag
        "Lote 51982933173 recebido no armazém",  # eleven digits, no word
        "A liga 2024 começa com 227718358 espectadores",  # "liga" alone is a league
    ],
)
def test_brazilian_groupings_alone_are_no_phone(text: str) -> None:
    assert "phone" not in kinds(text)
