"""Issue #17, the classes the twelfth corpus found, each written as a class in the languages
served, not as the corpus's sentences. Precision first: a company's registration or tax
number named as such (a SIRET passes Luhn by design), a meeting's id and passcode, a document
number slashed with its series or its month and year. Then recall: being reachable at a
number, asking for a person at it, a chat app's short name, digits read out one by one, a
3-2-4 phone, a card's expiry written MM-YY, a Steuer-ID in threes, a record's fields set
apart by spaced dashes. Each rule has cases it must find and cases it must leave."""

from __future__ import annotations

import phonenumbers
import pytest
from piikit import found, kinds

from phaseone.guard.pii import card_brand_ok, luhn_ok
from phaseone.guard.pii_ids import de_idnr_ok, ssn_ok

# --- a company's registration and tax numbers, named as such ----------------------------

# 14 digits in a network's range passing Luhn, as every SIRET does (SIREN + NIC, Luhn).
SIRETS = ["679 542 205 87917", "61289161433615", "643 645 030 60678"]


@pytest.mark.parametrize("siret", SIRETS)
@pytest.mark.parametrize(
    "template",
    [
        "SIRET : {} - APE 88.50Y",
        "French supplier onboarded, SIRET {}.",
        "Fornitore francese, numero SIRET {}.",
        "Leverancier uit Frankrijk (Siret {})",
        "Proveedor francés, SIRET n.º {}",
    ],
)
def test_a_siret_is_no_card(siret: str, template: str) -> None:
    digits = siret.replace(" ", "")
    assert luhn_ok(digits) and card_brand_ok(digits)  # a card's shape: only the word decides
    assert "card" not in kinds(template.format(siret))
    assert found(f"numéro de carte {siret}") == [("card", siret)]


@pytest.mark.parametrize(
    "template",
    [
        "Partita IVA {}",
        "P.IVA {} - sede legale Milano",
        "VAT number {}",
        "Numéro de TVA {}",
        "BTW-nummer {}",
        "ABN {}",
        "numero di registrazione dell'azienda (company number) {}",
    ],
)
@pytest.mark.parametrize("idnr", ["61572384019", "110 849 562 73"])
def test_a_company_tax_number_is_no_steuer_id(template: str, idnr: str) -> None:
    assert de_idnr_ok(idnr.replace(" ", ""))
    assert kinds(template.format(idnr)) == []
    assert found(f"Steuer-ID {idnr}") == [("national_id", idnr)]


# --- a meeting's id and passcode ----------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "Zoom-Meeting beitreten: Meeting-ID {}, Kenncode 513203",
        "Join the call - Meeting ID: {} Passcode: 556222",
        "ID riunione {}, passcode 556222",
        "ID da reunião: {} Senha: 178787",
        "ID de réunion : {} Code secret : 4411",
        "ID de la reunión: {} Código de acceso: 5522",
        "Vergader-ID {} toegangscode 8812",
        "ID spotkania: {}, hasło 778812",
        "Webinar-ID {} (Einwahl über den Browser)",
        "Zoom ID {}",
        "Conference ID: {}#",
    ],
)
@pytest.mark.parametrize("meeting", ["724 370 9295", "810 695 7249", "212 777 5555"])
def test_a_meeting_id_is_no_phone(template: str, meeting: str) -> None:
    assert phonenumbers.is_valid_number(phonenumbers.parse(meeting, "US"))
    assert "phone" not in kinds(template.format(meeting))
    assert found(f"Call me on {meeting}") == [("phone", meeting)]


@pytest.mark.parametrize(
    "text",
    [
        "Call me after the meeting: 0612345678",
        "Nach dem Meeting bitte unter 0171 2345678 zurückrufen",
        "Dopo la riunione chiamami al 347 145 8567",
    ],
)
def test_a_meeting_alone_names_no_number(text: str) -> None:
    assert kinds(text) == ["phone"]


# --- a document's number, slashed ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Faktura VAT nr FV/633/12/2025 na kwotę 2314,77 zł.",
        "Faktura korygująca KOR/872/07/2026 wystawiona",
        "Rechnung RE/4711/03/2026 noch offen",
        "Nota de encomenda NE/613/04/2025, pago",
        "dokument WZ/1234/05/2026 podpisany",
        "nr 633/12/2025 zapłacono",
        "Protokoll 4711/3/2026 abgelegt",
    ],
)
def test_a_slashed_document_number_is_no_phone(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text,phone",
    [
        ("Tel. 0492/00/27/76", "0492/00/27/76"),
        ("komórka 790/750236", "790/750236"),
        ("Bitte rufen Sie 020/8011/8767 an", "020/8011/8767"),
        ("Festnetz 06/4833 7152", "06/4833 7152"),
    ],
)
def test_slashed_phones_stay_phones(text: str, phone: str) -> None:
    assert found(text) == [("phone", phone)]


# --- reachable, asking for someone, a chat app ----------------------------------------------


@pytest.mark.parametrize(
    "text,phone",
    [
        ("W razie czego jestem pod 517 679 255 do 17:00", "517 679 255"),
        ("Jestem dostępny pod 517679255 po południu", "517679255"),
        ("Per urgenze sono reperibile al 342-5803768", "342-5803768"),
        ("I'm reachable on 0208350922 all week", "0208350922"),
        ("Localizable en el 735 989 063 hasta las 8", "735 989 063"),
        ("Vraag naar Ilse op 0208350922 als het dringend is", "0208350922"),
        ("Si no estoy, pregunta por Javier en el 735 989 063", "735 989 063"),
        ("qualquer coisa fala com o Fernanda: 227 776 798", "227 776 798"),
        ("Ask for Niven on 0208350922 if it's urgent", "0208350922"),
        ("Chiedi di Marco al 342-5803768", "342-5803768"),
        ("Bei Fragen gerne unter 0662365018 melden", "0662365018"),
        ("Meld je op 0208350922 als er iets is", "0208350922"),
        ("whats 969136059 me chama lá", "969136059"),
        ("me manda um wpp 969136059", "969136059"),
        ("Cliente pediu retorno no número 215 782 702 sobre o pedido FA-209784", "215 782 702"),
    ],
)
def test_reachable_and_ask_for_are_phone_words(text: str, phone: str) -> None:
    assert found(text) == [("phone", phone)]


@pytest.mark.parametrize(
    "text",
    [
        "Schaden melden, Vorgangsnummer 0662365018",  # the label nearer names it
        "pregunta por el pedido 735989063",
        "Votre demande 0608638104 a été reçue",  # "demande" is a request too
        "no número do pedido 215782702 falta um item",  # "the number of the order"
        "Jestem pod wrażeniem: 517 679 255 sztuk",  # "pod" not right before, a count
    ],
)
def test_no_phone_without_the_phrase(text: str) -> None:
    assert "phone" not in kinds(text)


# --- digits read out one by one -----------------------------------------------------------


@pytest.mark.parametrize(
    "text,spoken",
    [
        (
            "Rappeler Mathieu Benali au 0 6 0 8 6 3 8 1 0 4 concernant le dossier",
            "0 6 0 8 6 3 8 1 0 4",
        ),
        (
            "Telefonisch erreichbar unter 0 4 0 3 3 0 4 2 8 1 (Mo-Fr 8-16 Uhr).",
            "0 4 0 3 3 0 4 2 8 1",
        ),
        ("Tel: 3 6 6 7 7 8 2 0 7 3 - Fax: non disponibile", "3 6 6 7 7 8 2 0 7 3"),
        ("Vraag naar Thijs op 0 2 0 8 3 5 0 9 2 2 als het dringend is", "0 2 0 8 3 5 0 9 2 2"),
        ("my number is 2 1 2 7 7 7 5 5 5 5", "2 1 2 7 7 7 5 5 5 5"),
        ("bel me op 0-2-0-8-3-5-0-9-2-2", "0-2-0-8-3-5-0-9-2-2"),
        ("Chiamami al 3.4.2.5.8.0.3.7.6.8", "3.4.2.5.8.0.3.7.6.8"),
    ],
)
def test_spoken_digits_beside_a_phone_word(text: str, spoken: str) -> None:
    assert found(text) == [("phone", spoken)]


@pytest.mark.parametrize(
    "text",
    [
        "Lotto: 0 6 0 8 6 3 8 1 0 4",  # no phone word
        "Ziehung vom Samstag 3 6 6 7 7 8 2 0 7 3",
        "Kundennummer 0 6 0 8 6 3 8 1 0 4, bitte anrufen",  # named otherwise
        "Version 3.4.2.5.8.0.3.7.6.8 released, call us with questions",
    ],
)
def test_spoken_digits_that_are_no_phone(text: str) -> None:
    assert "phone" not in kinds(text)


# --- a 3-2-4 phone beside a phone word ---------------------------------------------------


def test_a_three_two_four_phone_with_its_word() -> None:
    text = "Il cliente chiede di essere richiamato al numero 366 58 7603, ordine #284332"
    assert found(text) == [("phone", "366 58 7603")]
    assert kinds("Part no. 366 58 7603") == []  # a part's number


# --- a card with its expiry written MM-YY ------------------------------------------------


@pytest.mark.parametrize("card", ["5501 2808 1978 3615", "4631-9229-0048-9240"])
@pytest.mark.parametrize("expiry", ["03-30", "12-27", "08-2029"])
def test_a_card_then_a_dashed_expiry(card: str, expiry: str) -> None:
    assert luhn_ok(card.replace(" ", "").replace("-", ""))
    assert found(f"here you go: {card} {expiry} (billing address same)") == [("card", card)]
    assert "card" not in kinds(f"Order {card} {expiry}")  # an order word names it


def test_no_card_when_the_luhn_check_fails_before_a_dashed_expiry() -> None:
    assert kinds("ref: 5501 2808 1978 3616 03-30") == []


# --- a Steuer-ID in threes, a record's fields after spaced dashes ------------------------


@pytest.mark.parametrize(
    "text,value",
    [
        ("Il mio Steuer-ID è 615 723 840 19", "615 723 840 19"),
        ("Steuer-ID: 110 849 562 73 (bitte für die Lohnabrechnung übernehmen)", "110 849 562 73"),
        ("Claudia Wagner; 16.01.1994; 421 468 957 08", "421 468 957 08"),
    ],
)
def test_a_steuer_id_in_threes(text: str, value: str) -> None:
    assert de_idnr_ok(value.replace(" ", ""))
    assert found(text) == [("national_id", value)]


@pytest.mark.parametrize(
    "text",
    ["Kundennummer 421 468 957 08", "Bestand 123 456 789 12 Stück", "Lager 421 468 957 08 9"],
)
def test_threes_that_are_no_steuer_id(text: str) -> None:
    assert "national_id" not in kinds(text)


def test_an_ssn_in_a_record_line_after_spaced_dashes() -> None:
    assert ssn_ok("796362826")
    text = "Selle Jeddy - 28/10/1948 - 796 36 2826"
    assert found(text) == [("national_id", "796 36 2826")]
    assert kinds("Art. - 28/10/1948 - 900 36 2826") == []  # an area no SSN has


# --- left by design: a reference word and nothing naming the identity ---------------------


@pytest.mark.parametrize(
    "text",
    [
        "kopie zit in de bijlage, kenmerk 256423350",
        "ref. 220-90-1839 - scan attached, let me know if it's unreadable",
        "allego copia del documento, rif. 85 720 417 634",
    ],
)
def test_a_reference_word_still_names_the_number(text: str) -> None:
    """A careful reader cannot tell a document's reference from the identity number it
    copies without a word naming the identity: the label before it decides (docs)."""
    assert kinds(text) == []
