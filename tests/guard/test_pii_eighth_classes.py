"""Issue #17, the classes the eighth corpus found missing, each as a class in the eight
languages served, not as the corpus's sentences: IBANs copied with dashes, the ``00``
international prefix set apart from the country code, a possessive before "number" and the
call-back compounds (Rückrufnummer, Festnetznummer), eight-digit trunk-0 landlines and
3-7 mobiles beside a phone word, and luggage labels (bag tags, Gepäckschein …) naming
another number. Each rule has cases it must find and cases it must leave."""

from __future__ import annotations

import pytest
from piikit import found
from stdnum import iban

# --- IBANs with dashes ----------------------------------------------------------------

_IBANS = [  # the registry's own examples, grouped as printed
    "GB82 WEST 1234 5698 7654 32",
    "NL91 ABNA 0417 1643 00",
    "DE89 3704 0044 0532 0130 00",
    "FR14 2004 1010 0505 0001 3M02 606",
    "ES91 2100 0418 4502 0005 1332",
    "IT60 X054 2811 1010 0000 0123 456",
    "PT50 0002 0123 1234 5678 9015 4",
    "PL61 1090 1014 0000 0712 1981 2874",
]


@pytest.mark.parametrize("printed", _IBANS)
@pytest.mark.parametrize(
    "template",
    ["Please transfer to IBAN {} by Friday.", "Roof fund → {} (ref: ROOF24)", "{}"],
)
def test_an_iban_written_with_dashes(printed: str, template: str) -> None:
    dashed = printed.replace(" ", "-")
    assert iban.is_valid(dashed.replace("-", ""))  # the case itself is a real IBAN
    text = template.format(dashed)
    assert found(text) == [("iban", dashed)]


def test_a_dashed_iban_ends_at_its_registry_length() -> None:
    text = "IBAN NL91-ABNA-0417-1643-00-thanks"
    assert found(text) == [("iban", "NL91-ABNA-0417-1643-00")]


@pytest.mark.parametrize(
    "text",
    [
        "Part GB83-WEST-1234-5698-7654-32 is back in stock",  # one check digit off
        "Licence key AB12-CDEF-3456-7890-1234 activated",
        "Serial DE12-3456-7890-1234-5678-90 on the label",
    ],
)
def test_dashed_codes_failing_mod97_are_no_iban(text: str) -> None:
    assert [k for k, _ in found(text) if k == "iban"] == []


# --- 00 set apart --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("vicino del piano di sopra (Davide Caruso): 00 39 06 6982 1234", "00 39 06 6982 1234"),
        ("número de contacto 00 34 912 345 678.", "00 34 912 345 678"),
        ("Rückruf bitte unter 00 49 30 901820", "00 49 30 901820"),
        ("appelez le chef de groupe au 00 33 1 42 68 53 00", "00 33 1 42 68 53 00"),
        ("proszę dzwonić na numer 00 48 723 535 783.", "00 48 723 535 783"),
        ("00 44 20 7946 0958 — call back after five", "00 44 20 7946 0958"),
        ("Neighbour: 00-31-20-555-1234", "00-31-20-555-1234"),
    ],
)
def test_the_00_prefix_set_apart(text: str, value: str) -> None:
    assert found(text) == [("phone", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Kick-off 00 15, score 00 12 at the break",  # too few digits
        "Batch 00 99 123 456 789 released",  # an other-number word names it
        "Lot codes: 00 00 1234 5678 in the drawer",  # 00 then 0: no country code
    ],
)
def test_00_groups_that_are_no_phone(text: str) -> None:
    assert found(text) == []


# --- possessives before "number", call-back compounds -------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("Caller on line three, his number is 0612345678.", "0612345678"),
        ("Her number: 612345678", "612345678"),
        ("Seine Nummer ist 015123456789, bitte zurückmelden.", "015123456789"),
        ("Voici son numéro : 0612345678", "0612345678"),
        ("Su número es 612345678, llámale mañana.", "612345678"),
        ("Il suo numero è 3471234567.", "3471234567"),
        ("Zijn nummer is 0612345678.", "0612345678"),
        ("O seu número é 912345678.", "912345678"),
        ("Jego numer to 512345678.", "512345678"),
        ("Hörer in der Leitung, Rückrufnummer 05116494428.", "05116494428"),
        ("Festnetznummer 0301234567, tagsüber", "0301234567"),
        ("0612345678 — na 17u terugbellen", "0612345678"),
        ("3471234567 — richiamare dopo le 17", "3471234567"),
    ],
)
def test_a_persons_number_and_call_back_words(text: str, value: str) -> None:
    assert found(text) == [("phone", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Su número de pedido es 612345678.",
        "Seine Kundennummer ist 0612345678.",
        "His number of steps today: 612345678",
        "Zijn nummer van de bestelling is 612345678.",
        "Il suo numero di pratica è 3471234567.",
    ],
)
def test_a_possessive_before_another_number(text: str) -> None:
    assert found(text) == []


# --- eight-digit trunk-0 landlines and 3-7 mobiles beside a phone word ---------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("La bici è pronta, mi chiami pure al numero 06573220.", "06573220"),
        ("mi chiami al numero 02 850003", "02 850003"),
        ("vicino del piano di sopra (Ottavio Vitale): 06-743602", "06-743602"),
        ("reperibile al cellulare 347-1458567.", "347-1458567"),
        ("reperibilità, tel. 321 2714850", "321 2714850"),
    ],
)
def test_short_landlines_and_dashed_mobiles_beside_a_phone_word(text: str, value: str) -> None:
    assert found(text) == [("phone", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Bitte um Rückruf am 06.07.2024.",  # a date: three groups
        "Chiamami per l'ordine 06573220",  # an order named nearer
        "Pratica 06573220 archiviata",  # no phone word
        "Batch 347-1458567 shipped",
    ],
)
def test_eight_digits_and_dashed_groups_without_a_phone(text: str) -> None:
    assert found(text) == []


# --- luggage labels ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Gepäckermittlung: Vorgang HAMLH17419, Gepäckschein 0220 150622, Reihe 3C.",
        "Gepäckabschnitt 0220 150622 am Schalter abgeben",
        "File reference MADEI61253, bag tag 0074049772, flight KL3195.",
        "Luggage tag 0612345678 attached",
        "Étiquette bagage 0612345678, vol AF1234",
        "Etiqueta de equipaje 612345678 en el mostrador",
        "Talloncino bagaglio 3471234567 allo sportello",
        "Bagagelabel 0612345678 bij de balie",
        "Etiqueta de bagagem 912345678 no balcão",
        "Kwit bagażowy 512345678 przy stanowisku",
    ],
)
def test_luggage_labels_name_another_number(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Gepäck verloren, ruf mich an: 0612345678", "0612345678"),
        ("Lost my baggage, call me on 0612345678", "0612345678"),
    ],
)
def test_a_phone_word_nearer_than_the_luggage_word(text: str, value: str) -> None:
    assert found(text) == [("phone", value)]


# --- a NIE in brackets after a name ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Fernando Iglesias (X5166700A) – reconocimiento médico apto", "X5166700A"),
        ("Titular: Óscar Echeverría [Y8327956S]", "Y8327956S"),
    ],
)
def test_a_nie_in_brackets(text: str, value: str) -> None:
    assert found(text) == [("national_id", value)]


def test_a_nie_in_brackets_with_the_wrong_letter() -> None:
    assert found("Fernando Iglesias (X5166700B) – apto") == []


# --- a BSN copied from the Dutch passport or identity card ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ik neem het over van mijn paspoort: 123 456 782",
        "Staat op mijn identiteitskaart: 123456782",
    ],
)
def test_a_bsn_copied_from_the_passport(text: str) -> None:
    assert [k for k, _ in found(text)] == ["national_id"]


@pytest.mark.parametrize(
    "text",
    [
        "ik neem het over van mijn paspoort: 123 456 783",  # fails the 11-proof
        "Paspoortnummer NW1234567 verloopt in 2030",  # the document's own number
    ],
)
def test_what_the_passport_word_does_not_make_a_bsn(text: str) -> None:
    assert found(text) == []
