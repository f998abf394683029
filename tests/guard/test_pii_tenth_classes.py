"""Issue #17, the classes the tenth corpus found missing, each as a class in the languages
served, not as the corpus's sentences: a card number quoted as the reference of a payment
made ("deposit paid — ref …"), a French NIR with a dash before its key, a compact BSN in a
Dutch form or letter, a telephone number set apart between spaced dashes, an area code and
a compact subscriber number split by a slash, and the number someone is told to try. Each
rule has cases it must find and cases it must leave (the other corpora's benign numbers
after "reference", "customer number", order and parcel words stay another number's)."""

from __future__ import annotations

import pytest
from piikit import found, kinds

from phaseone.guard.pii import luhn_ok


def nir_with_key(body: str) -> str:
    """The 13 digits of `body` (spaces kept) and the NIR's mod-97 key, after a dash."""
    return f"{body}-{97 - int(body.replace(' ', '')) % 97:02d}"


# --- a card number as a paid payment's reference ----------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "Second-hand bike sold, deposit paid — ref {} — collect Sunday.",
        "Eigen bijdrage betaald, kenmerk {}.",
        "Physio: Zuzahlung beglichen, Beleg: {}.",
        "Acompte réglé, réf. {}.",
        "Consulta: copago pagado, referencia {}.",
        "Ticket saldato, rif. {}.",
        "Consulta paga, ref. {}.",
        "Dopłata uregulowana, referencja {}.",
    ],
)
@pytest.mark.parametrize("card", ["4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005"])
def test_a_card_quoted_as_a_paid_payments_reference(template: str, card: str) -> None:
    assert luhn_ok(card.replace(" ", "").replace("-", ""))
    text = template.format(card)
    assert found(text) == [("card", card)]


@pytest.mark.parametrize(
    "text",
    [
        # a reference with no payment said: another number, as before
        "Parcel reference 4111111111111111 (not a payment card) is at the depot.",
        "Your ref 5555 5555 5555 4444, please quote it.",
        "Payment reference 4111 1111 1111 1111 for the transfer.",  # "payment" is no payment made
        # a payment made, but an order, customer or gift-card word names the number
        "Invoice paid, customer number 4111111111111111.",
        "Bestellung bezahlt, Bestellnummer 5555 5555 5555 4444.",
        "Commande payée, carte cadeau 4111 1111 1111 1111 utilisée.",
        "Deposit paid, order 378282246310005 ships Monday.",
    ],
)
def test_other_numbers_after_a_payment_stay(text: str) -> None:
    assert "card" not in kinds(text)


# --- a NIR with a dash before its key ---------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "D'après le courrier : {} — à classer.",
        "Numéro de sécurité sociale {}.",
        "NIR : {}",
        "Fiche crèche, parent 1, ligne 3 : {}.",
    ],
)
def test_a_nir_with_a_dash_before_its_key(template: str) -> None:
    nir = nir_with_key("1 80 01 39 900 089")
    assert nir.endswith("-11")
    assert found(template.format(nir)) == [("national_id", nir)]


def test_a_dashed_nir_with_a_wrong_key_is_left() -> None:
    assert kinds("Lot 1 80 01 39 900 089-12 shipped.") == []
    assert kinds("NIR : 1 80 01 39 900 089-12") == []


# --- a compact BSN in a Dutch form or letter ---------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "Volgens de brief van de gemeente: {} — opbergen.",
        "Inschrijfformulier kinderopvang, ouder 1, regel 3: {}.",
        "Voor de huurovereenkomst: {}",
    ],
)
def test_a_compact_bsn_in_a_dutch_form(template: str) -> None:
    assert found(template.format("123456782")) == [("national_id", "123456782")]


@pytest.mark.parametrize(
    "text",
    [
        "Volgens de brief van de gemeente: 123456789 — opbergen.",  # fails the 11-proof
        "Volgens de gemeente: 123 456 782 inwoners geteld.",  # groups of three: a count
        "Según la carta: 123456782 — archivar.",  # not Dutch
    ],
)
def test_nine_digits_that_are_no_bsn(text: str) -> None:
    assert "national_id" not in kinds(text)


# --- a phone set apart by dashes, a slash, "try" ---------------------------------------


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Carro usado, revisão feita — 226123456 — só dinheiro vivo.", "226123456"),
        ("Coche de segunda mano, ITV pasada — 915 172 136 — solo en efectivo.", "915 172 136"),
        ("Auto usata, revisione fatta – 3471234567 – no perditempo.", "3471234567"),
        ("Serralheiro de serviço, telemóvel 213/460162, deslocação incluída.", "213/460162"),
        ("Para cambiar la cita llama al tel. 915/172136.", "915/172136"),
        ("Ślusarz dyżurny, komórka 790/750236, dojazd w cenie.", "790/750236"),
        ("Si la remorque bloque la cale, essayez 0142685300.", "0142685300"),
        ("Si el remolque tapa la rampa, prueba con 612345678.", "612345678"),
        ("Jeśli przyczepa blokuje slip, spróbuj 600 461 746.", "600 461 746"),
        ("If the trailer blocks the ramp, try 0301234567 after six.", "0301234567"),
        ("Se o reboque bloquear a rampa, tenta 226-123-456.", "226-123-456"),
    ],
)
def test_a_phone_set_apart_slashed_or_to_try(text: str, phone: str) -> None:
    assert found(text) == [("phone", phone)]


@pytest.mark.parametrize(
    "text",
    [
        "Sorteo del jueves: 03 - 10 - 20 - 23 - 26 - 35, complementario 33.",  # a draw
        "Periodo de facturación: 2026-09-14 - 2027-06-11.",  # dates between dashes
        "Lote — 000123456 — sin abrir.",  # no region's number
        "Akte 2024/567890 liegt vor.",  # a year before the slash: a file number
        "Expediente 915/172136 archivado.",  # a file word names it
        "Try the code 612345678 at the door.",  # a code to try, not a number to ring
        "Zustellung verzögert (Versuch 3/5), erneut 2025.",  # the noun, an attempt
        "Prueba con 612 unidades.",  # a count
    ],
)
def test_numbers_between_dashes_slashes_or_tried_that_are_no_phone(text: str) -> None:
    assert "phone" not in kinds(text)
