"""The labels before a number (`guard/pii_words.py`): a customer, case or reference number
in the languages the builtin PII engine serves is neither a card nor a phone, the nearest
label decides, and phone words in those languages let a number written only as digits
count. The sentences are written here from the languages, not taken from a corpus. Most
negatives were redacted and most positives missed by the engine before `pii_words`
(checked against that commit); the rest pin the rule's edges, each failing under a variant
measured while writing it: a label read across the whole 40-character window lost "the
customer read out 4111 ..." (Faker held-out cards 94.8% -> 69.6%), a label with no content
word after it redacted "Order shipped: 4111 ...", and without the idiom "in case of
emergency: +44 ..." was no phone."""

from __future__ import annotations

import pytest

from phaseone.guard.pii import find_pii, luhn_ok
from phaseone.guard.pii_words import is_card_word, is_other_word, is_phone_word, nearest_labels


def found(text: str) -> list[tuple[str, str]]:
    return [(m.kind, text[m.start : m.end]) for m in find_pii(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Kd.-Nr. 4539 1488 0343 6467",
        "n° client : 4539148803436467",
        "núm. de cliente 4539148803436467",
        "nº cliente 4539148803436467",
        "klantnummer 4539148803436467",
        "numer klienta 4539148803436467",
        "Aktenzeichen 4539 1488 0343 6467",
        "Il suo codice cliente è 5105105105105100",
        "Mitgliedsnummer 5105105105105100",
        "Rechnungsnr. 5555 5555 5555 4444",
        "numéro de dossier 4012888888881881",
        "polizza n. 4012888888881881",
        "sprawa nr 4012888888881881",
        # one content word may stand between a thing's label and its number
        "Order shipped: 4111111111111111",
        "Bestellung bestätigt: 4111111111111111",
        "Référence client à rappeler : 4111111111111111",
        "Customer number, please quote it: 4111111111111111",
    ],
)
def test_a_luhn_valid_customer_or_case_number_is_not_a_card(text: str) -> None:
    digits = "".join(c for c in text if c.isdigit())
    assert luhn_ok(digits[-16:])  # a card's checksum and range: only the label says no
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "card"),
    [
        ("card 4111 1111 1111 1111 (ref 123)", "4111 1111 1111 1111"),  # label after
        ("Order 5521: paid by card 4111111111111111", "4111111111111111"),  # card nearer
        ("Kundennummer 12345, Kreditkarte 4111 1111 1111 1111", "4111 1111 1111 1111"),
        ("Referencia 77, tarjeta 4111111111111111", "4111111111111111"),
        # the order word names "placed", not the number: other words end a label
        ("Order placed yesterday and paid with 4111111111111111", "4111111111111111"),
        # seen in the Faker held-out split when a label reached 40 characters back
        ("The customer read out 4111 1111 1111 1111 over the phone.", "4111 1111 1111 1111"),
        ("The client paid with 4111 1111 1111 1111", "4111 1111 1111 1111"),  # a person
        ("Tarjeta del cliente: 4111 1111 1111 1111", "4111 1111 1111 1111"),
        ("Karte des Kunden: 4111 1111 1111 1111", "4111 1111 1111 1111"),
        ("Invoice paid with 4111 1111 1111 1111", "4111 1111 1111 1111"),  # two words on
        # "file", "transaction": company a card keeps (the first was lost to "file", a
        # word this change had added, in the gate's held-out PII corpus)
        ("Amex on file: 3782 822463 10005", "3782 822463 10005"),
        ("Transaction declined for 4111 1111 1111 1111", "4111 1111 1111 1111"),
    ],
)
def test_a_card_word_nearer_than_a_reference_word_keeps_the_card(text: str, card: str) -> None:
    assert found(text) == [("card", card)]


@pytest.mark.parametrize(
    "text",
    [
        "Aktenzeichen 352-231-4115",
        "numer sprawy 937-481-3077",
        "Sygn. akt 123-456-7890",
        "Vorgangsnummer 030 1234 5678",
        "Chiamata relativa alla pratica 02 1234 5678",  # a phone word, the case word nearer
        "Llámenos sobre el pedido 612345678",
        "Referenz für Ihre Anfrage: 030 1234 5678",
        "Vedi il caso 352-231-4115 per i dettagli",  # "caso" right before: a case
    ],
)
def test_a_case_or_reference_number_is_not_a_phone(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Sie erreichen mich unter 015123456789", "015123456789"),
        ("Rappelez-moi au 0612345678", "0612345678"),
        ("Je kunt me bereiken op 0612345678", "0612345678"),
        ("Mi número es el 612 345 678", "612 345 678"),  # "my number" names a phone
        ("Mój numer: 512 345 678", "512 345 678"),
        ("Puede llamarme al 612-345-678", "612-345-678"),  # Spanish 3-3-3 with dashes
        ("Telefonnummer: 030123456789", "030123456789"),  # a compound phone word
        ("Please call 0113 496 0000", "0113 496 0000"),  # Leeds 0113 is not US 011
        ("Bel me op +32-471-23-45-6", "+32-471-23-45-6"),  # a last group of one digit
        ("Call me on +0612345678", "+0612345678"),  # no such country code: the word says
        ("Mobiel 0032 470 12 34 5", "0032 470 12 34 5"),  # 00 as written in Europe
        ("Llámeme al 912 345 678 extensión 204", "912 345 678 extensión 204"),
        ("Chiamare 02 1234 5678 interno 45", "02 1234 5678 interno 45"),
        ("zadzwoń 22 123 45 67 wewn. 12", "22 123 45 67 wewn. 12"),
        ("Call our customer service on 0800 123 4567", "0800 123 4567"),
        ("In case of emergency: +44 20 7946 0958", "+44 20 7946 0958"),
        ("En caso de urgencia: +34 612 345 678", "+34 612 345 678"),
        ("In that case, use 020 7946 0958", "020 7946 0958"),
        ("Ligue-me caso precise: 912 345 678", "912 345 678"),  # "caso": "if"
        ("Tempe, AZ 602-555-0143", "602-555-0143"),  # a state, not "Az." (Aktenzeichen)
        ("Zadzwoń po południu: 512 345 678", "512 345 678"),  # "po": "after", not P.O.
        # a customer service's number: the customer word is the service's, not a label
        ("Servicio al cliente: 900 123 456", "900 123 456"),
        ("obsługa klienta: 22 123 45 67", "22 123 45 67"),
    ],
)
def test_phone_words_and_forms_in_the_served_languages(text: str, phone: str) -> None:
    assert found(text) == [("phone", phone)]


@pytest.mark.parametrize(
    "text",
    [
        "+0612345678 points",  # no phone word: a `+` with no country code is nothing
        "Bestand 0612345678 Stück",  # trunk-0 digits, no phone word
        "Mi número de pedido es 612345678",  # "my number" of an order
    ],
)
def test_the_relaxed_phone_rules_need_a_phone_word(text: str) -> None:
    assert found(text) == []


def test_the_nearest_label_is_the_one_just_before_the_number() -> None:
    text = "card on file; invoice 4111"
    label, other = nearest_labels(text, text.index("4111"), is_card_word)
    assert 0 <= label < other
    text = "invoice 7, card 4111"
    label, other = nearest_labels(text, text.index("4111"), is_card_word)
    assert label > other == -1  # "7" ends the invoice's label


def test_word_lists_read_compounds_and_keep_apart() -> None:
    for w in (
        "kundennummer",
        "kdnr",
        "klantnr",
        "zamówienia",
        "sprawy",
        "rechnungsnummer",
        "artikelnummer",
        "seriennummer",
        "paketnummer",
        "referentienummer",
        "trackingnummer",
        "ticketnummer",
        "lidmaatschapsnummer",
        "referência",
    ):
        assert is_other_word(w), w
    for w in ("kreditkarte", "tarjeta", "cartão", "karta"):
        assert is_card_word(w) and not is_other_word(w), w
    for w in ("telefonnummer", "llámeme", "bereiken", "zadzwoń", "rappelez"):
        assert is_phone_word(w) and not is_other_word(w), w
    for w in ("account", "number", "nummer", "numer", "service", "file", "kunst"):  # not labels
        assert not (is_other_word(w) or is_card_word(w) or is_phone_word(w)), w


# Issue #17, the classes of numbers that are nobody's card or phone (gift cards, vouchers,
# coupons, loyalty and member cards, tickets, seats, rooms, meters, serials, one-time
# codes), one label per class and language. Each is checked with a Luhn-valid number in a
# card network's range and with a phone-shaped one; the controls below show the same
# numbers are found when a card or phone word names them.
_CARD_NUMBERS = ("6011 0009 9013 9424", "4111111111111111")
_PHONE_SHAPED = "0657 119 1303"
_CLASS_LABELS = (
    # en
    "Gift card", "Voucher code", "Coupon", "Promo code", "Loyalty card", "Store card",
    "Boarding pass", "Seat", "Room", "Queue number", "Meter number", "MPAN", "VIN",
    "Support ticket", "Service request",
    # de
    "Gutscheincode", "Geschenkkarte", "Kundenkarte", "Treuekarte", "Bonuskarte",
    "Eintrittskarte", "Fahrkarte", "Zählernummer", "Platz", "Zimmer", "Rabattcode",
    # fr
    "Carte cadeau", "Bon d'achat", "Carte de fidélité", "Chèque cadeau", "Code promo",
    "Numéro de compteur", "Billet", "Chambre", "Carte de membre", "Carte client",
    # es
    "Tarjeta regalo", "Vale regalo", "Cupón", "Tarjeta de fidelización", "Tarjeta de socio",
    "Número de contador", "Billete", "Entrada", "Habitación", "Tarjeta de puntos",
    # it
    "Carta regalo", "Buono regalo", "Buono sconto", "Carta fedeltà", "Tessera",
    "Numero contatore", "Biglietto", "Codice sconto",
    # nl
    "Cadeaukaart", "Cadeaubon", "Tegoedbon", "Kortingscode", "Klantenkaart", "Bonuskaart",
    "Spaarkaart", "Kaartje", "Kamer", "Meternummer",
    # pt
    "Cartão presente", "Cheque-oferta", "Vale de compras", "Cupão", "Cartão de cliente",
    "Número do contador", "Senha", "Quarto",
    # pl
    "Karta podarunkowa", "Bon podarunkowy", "Kupon", "Karta lojalnościowa",
    "Karta stałego klienta", "Numer licznika", "Bilet", "Pokój", "Kod rabatowy",
)  # fmt: skip


@pytest.mark.parametrize("label", _CLASS_LABELS)
def test_numbers_of_other_classes_are_not_cards_or_phones(label: str) -> None:
    for number in (*_CARD_NUMBERS, _PHONE_SHAPED):
        assert found(f"{label} {number}, merci.") == [], (label, number)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        # the same numbers, named by a card or phone word, or by nothing, are found
        ("Carte bancaire 6011 0009 9013 9424, merci.", "card", "6011 0009 9013 9424"),
        ("Tarjeta 4111111111111111, merci.", "card", "4111111111111111"),
        ("Kreditkarte 4111111111111111", "card", "4111111111111111"),
        ("Karta 4111111111111111", "card", "4111111111111111"),
        ("Paid with 4111111111111111 today", "card", "4111111111111111"),
        ("Tarjeta del cliente: 4111111111111111", "card", "4111111111111111"),  # owner
        ("Call me on 0657 119 1303, merci.", "phone", "0657 119 1303"),
        ("Service client : 0657 119 1303", "phone", "0657 119 1303"),
        ("Customer service 0657 119 1303", "phone", "0657 119 1303"),
        # a class word further back, another word between: not the number's name
        ("Gift card sold out, call 0657 119 1303", "phone", "0657 119 1303"),
        # a name, not the word "job"
        ("Werknemer Job van Beek, 1924.84.588, start maandag", "national_id", "1924.84.588"),
    ],
)
def test_class_words_leave_cards_phones_and_names_alone(text: str, kind: str, value: str) -> None:
    assert found(text) == [(kind, value)]


def test_class_word_lists_keep_card_words_apart() -> None:
    for w in ("cadeaukaart", "gutscheincode", "geschenkkarte", "kaartje", "podarunkowa"):
        assert is_other_word(w) and not is_card_word(w), w
    for w in ("kaart", "kreditkarte", "carte", "tarjeta"):
        assert is_card_word(w) and not is_other_word(w), w
