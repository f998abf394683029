"""Issue #17, the classes the thirteenth corpus found, each written as a class in the languages
served, not as the corpus's sentences. Recall first: a number's groups set apart by irregular
whitespace (two or three spaces, a tab, a no-break, narrow no-break, thin or figure space),
for every kind written in groups, in the whole answer and in a stream; being at a number ("estoy
en el", "sono al", "tô no" …); a number after a ``00`` prefix as long as after ``+``; a last
group of one digit. Then precision: an insurance claim's number, a barcode named in the
eight languages. Each rule has cases it must find and cases it must leave."""

from __future__ import annotations

import random

import pytest
from piikit import found, kinds, luhn_completed
from streamkit import stream_in

from phaseone.guard.holdback import OutputGuard
from phaseone.guard.pii import PiiStage, card_brand_ok, luhn_ok
from phaseone.guard.pii_gaps import MAX_GAP, close_gaps
from phaseone.plan.schema import Guardrails

# --- a number's groups set apart by irregular whitespace --------------------------------

GAPS = ["  ", "   ", "\t", "\u00a0", "\u202f", "\u2009", "\u2007", " \u00a0"]
# Groups as each network prints them: Visa, Mastercard (5- and 2-series), Discover, JCB in
# fours; American Express 4-6-5 and in fours (4-4-4-3); Maestro's 19 digits 4-4-4-4-3.
MAESTRO_19 = luhn_completed("675939835215367599")
CARDS = [
    ["4111", "1111", "1111", "1111"],
    ["5555", "5555", "5555", "4444"],
    ["2223", "0031", "2200", "3222"],
    ["6011", "1111", "1111", "1117"],
    ["3530", "1113", "3330", "0000"],
    ["3782", "822463", "10005"],
    ["3782", "8224", "6310", "005"],
    [MAESTRO_19[:4], MAESTRO_19[4:8], MAESTRO_19[8:12], MAESTRO_19[12:16], MAESTRO_19[16:]],
]
CARD_SENTENCES = [
    "Card number: {} exp 09/27",
    "Kartennr. {}",
    "N° carte de crédit : {}",
    "Cárguelo en mi tarjeta {}, por favor",
    "Numero carta: {}",
    "Graag afschrijven van mijn creditcard {}",
    "o cartão {} foi recusado na compra",
    "Numer karty: {}",
    "Joana Almeida; {}",  # a record's fields: no word at all
]


@pytest.mark.parametrize("groups", CARDS, ids=lambda g: "".join(g)[:6])
@pytest.mark.parametrize("gap", GAPS, ids=repr)
def test_a_card_with_irregular_gaps_is_found_whole(groups: list[str], gap: str) -> None:
    digits = "".join(groups)
    assert luhn_ok(digits) and card_brand_ok(digits)
    card = gap.join(groups)
    for sentence in CARD_SENTENCES:
        assert found(sentence.format(card)) == [("card", card)], sentence


@pytest.mark.parametrize("gap", GAPS, ids=repr)
def test_a_gap_does_not_make_a_card_of_a_number_that_fails_its_checks(gap: str) -> None:
    assert not luhn_ok("4111111111111112")
    assert found(f"Card number: {gap.join(['4111', '1111', '1111', '1112'])}") == []
    # an order's number in a card's shape stays an order's
    order = gap.join(["4111", "1111", "1111", "1111"])
    assert "card" not in kinds(f"Order number {order}")


def test_a_gap_wider_than_a_number_has_is_a_column() -> None:
    wide = " " * (MAX_GAP + 1)
    assert found(f"rows: {wide.join(['4111', '1111', '1111', '1111'])}") == []
    assert close_gaps(f"a{wide}1") is None


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # two numbers a double separator sets apart stay two (pii._PIECES)
        ("card 4111 1111 1111 1111  5 units", ["4111 1111 1111 1111"]),
        ("call 020 7946 0958  06 1234 5678", ["020 7946 0958", "06 1234 5678"]),
        ("Zeile 4111111111111111\t12\t2027", ["4111111111111111"]),
    ],
)
def test_numbers_a_gap_sets_apart_are_still_read_apart(text: str, values: list[str]) -> None:
    assert [v for _, v in found(text)] == values


@pytest.mark.parametrize(
    "text",
    [
        "Total TTC : 9\u202f361,87 €",  # French thousands, a narrow no-break space
        "prix barré 5\u202f485,89 €, soldé à 875,44 €",
        "Bestand:  12  Stück,  3400  Kartons",
        "Tabelle\t2024\t1.234\t5.678\t9.012",
        "Version 3.2.1  build 4471  (2026-01-05)",
    ],
)
def test_gaps_in_benign_figures_alter_nothing(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize("gap", GAPS, ids=repr)
@pytest.mark.parametrize(
    ("kind", "groups", "sentence"),
    [
        ("iban", ["DE89", "3704", "0044", "0532", "0130", "00"], "IBAN {}"),
        ("iban", ["GB82", "WEST", "1234", "5698", "7654", "32"], "Bitte überweisen auf {}"),
        ("iban", ["NL91", "ABNA", "0417", "1643", "00"], "rekening {} t.n.v. Sanne"),
        ("phone", ["+33", "6", "12", "34", "56", "78"], "Tél. {} merci"),
        ("phone", ["06", "12", "34", "56", "78"], "rappelez-moi au {}"),
        ("phone", ["+49", "30", "1234", "5678"], "Rufen Sie {} an"),
        ("phone", ["020", "7946", "0958"], "call me on {}"),
        ("national_id", ["123", "456", "782"], "BSN {}"),
        ("national_id", ["AB", "12", "34", "56", "C"], "NI number {}"),
        ("national_id", ["536", "22", "1234"], "SSN {}"),
        ("national_id", ["81", "072", "345", "610"], "Steuer-ID {}"),
        ("national_id", ["X", "1234567", "L"], "NIE {}"),
        ("national_id", ["1", "85", "05", "78", "006", "084", "91"], "n° de sécu {}"),
    ],
)
def test_every_kind_written_in_groups_takes_a_gap(
    gap: str, kind: str, groups: list[str], sentence: str
) -> None:
    assert found(sentence.format(" ".join(groups))) == [(kind, " ".join(groups))]  # as ever
    value = gap.join(groups)
    assert found(sentence.format(value)) == [(kind, value)]


STREAM_TEXTS = [
    "Kartennr. 5555{g}5555{g}5555{g}4444 bitte",
    "tél. 06{g}12{g}34{g}56{g}78 merci",
    "0612{g}345{g}678 is my mobile",  # decided by the words after it
    "IBAN GB82{g}WEST{g}1234{g}5698{g}7654{g}32 thanks",
    "NI number AB{g}12{g}34{g}56{g}C ok",
    "BSN 123{g}456{g}782 ok",
    "NIE X{g}1234567{g}L ok",
    "Total 9{g}361,87 € and 12{g}items",
]


@pytest.mark.parametrize("gap", GAPS, ids=repr)
def test_a_stream_sends_what_the_whole_answer_scan_sends_across_gaps(gap: str) -> None:
    g = Guardrails()
    guard = OutputGuard.from_plan(g, PiiStage.from_plan(g.pii))
    for template in STREAM_TEXTS:
        text = template.format(g=gap)
        want = guard.scan(text).text
        assert stream_in(guard, [*text])[0] == want, text  # one character at a time
        rng = random.Random(text)
        for _ in range(3):
            pieces, i = [], 0
            while i < len(text):
                k = rng.randint(1, 12)
                pieces.append(text[i : i + k])
                i += k
            assert stream_in(guard, pieces)[0] == want, (text, pieces)


# --- being at a number ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("estoy en el 718387081 toda la tarde", "718387081"),
        ("estaré en el 912 949 773 desde las 9", "912 949 773"),
        ("sono al 0118801086 fino alle 19", "0118801086"),
        ("siamo al 347 145 8567 tutto il giorno", "347 145 8567"),
        ("tô no 92 256 92 40 o dia todo", "92 256 92 40"),
        ("estou no 912345678 até às 18h", "912345678"),
        ("je suis au 0612345678 ce soir", "0612345678"),
        ("dispo au 0612345678 demain", "0612345678"),
        ("ik ben op 0612345678 bereikbaar na vijven", "0612345678"),
        ("ich bin unter 0711 7194646 zu Hause", "0711 7194646"),
        ("I'm on 2025550143 all afternoon", "2025550143"),
        ("jestem pod 517 679 255 cały dzień", "517 679 255"),
    ],
)
def test_being_at_a_number_names_a_phone(text: str, number: str) -> None:
    assert found(text) == [("phone", number)]


@pytest.mark.parametrize(
    "text",
    [
        "el pedido llegó en el 718387081",  # "en el" without being there
        "ordine arrivato al 0118801086",
        "based on 0612345678",
        "I'm at 2025 in the plan",  # being at a year
        "estoy en el 3",  # too short for any phone
    ],
)
def test_a_preposition_alone_names_no_phone(text: str) -> None:
    assert found(text) == []


# --- after a 00 prefix, as long as after + ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Sabine Seidel | 0043 660 658931428", "0043 660 658931428"),
        ("Jonas Zimmermann | 0049 1579 037306667", "0049 1579 037306667"),
        ("Ruf mich an: 0043 660 658931428", "0043 660 658931428"),
        ("Sabine Seidel | +43 660 658931428", "+43 660 658931428"),
    ],
)
def test_a_long_number_after_00_is_a_phone(text: str, number: str) -> None:
    assert found(text) == [("phone", number)]


def test_more_digits_after_00_than_any_phone_has_are_none() -> None:
    assert found("Ruf mich an: 0043 660 6589314281234") == []


# --- a last group of one digit ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Handy: 0711 719 46 4 (ab 18 Uhr)", "0711 719 46 4"),
        ("Mobil 0711 891 66 3 · Büro nur vormittags", "0711 891 66 3"),
        ("Anna Weber, 0711 719 46 4", "0711 719 46 4"),
    ],
)
def test_a_last_group_of_one_digit_beside_a_phone_word_or_name(text: str, number: str) -> None:
    assert found(text) == [("phone", number)]


def test_a_last_group_of_one_digit_alone_may_be_a_count() -> None:
    assert found("Lagerplatz 0711 719 46 4 Stück") == []
    assert found("Stand 0711 719 46 4 Stück") == []


# --- an insurance claim's number --------------------------------------------------------

CLAIM = "72/3960362"  # a slashed area code and number, valid in a region


@pytest.mark.parametrize(
    "label",
    [
        "claim", "Claim no.", "Schaden", "Schadensfall", "sinistre", "siniestro",
        "n.º de siniestro", "sinistro", "schade", "schadegeval", "szkoda nr", "numer szkody",
        "polisa", "póliza",
    ],
)  # fmt: skip
def test_an_insurance_claim_is_no_phone(label: str) -> None:
    assert found(f"Tel. {CLAIM}") == [("phone", CLAIM)]  # the form alone is a phone's
    assert found(f"{label} {CLAIM}") == []


# --- a barcode named in the eight languages ---------------------------------------------

EAN = "5609387940425"  # an EAN-13 in Maestro's range that passes Luhn


@pytest.mark.parametrize(
    "label",
    [
        "código de barras", "codigo de barras", "codice a barre", "code-barres",
        "code barre", "streepjescode", "kod kreskowy", "Strichcode", "barcode", "EAN",
    ],
)  # fmt: skip
def test_a_barcode_named_is_no_card(label: str) -> None:
    assert luhn_ok(EAN) and card_brand_ok(EAN)
    assert found(f"tarjeta {EAN}") == [("card", EAN)]  # a card word: a Maestro card
    assert found(f"{label} {EAN}, cantidad 46") == []


@pytest.mark.parametrize(
    "label", ["código de barras", "codice a barre", "code-barres", "streepjescode", "kod kreskowy"]
)
def test_a_barcode_word_hides_no_card_of_a_length_no_barcode_has(label: str) -> None:
    card = "4111 1111 1111 1111"  # 16 digits: no EAN, UPC or GTIN is
    assert found(f"{label} {EAN}; Visa {card}") == [("card", card)]
