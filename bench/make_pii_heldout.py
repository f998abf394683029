"""Write `bench/data/pii_mimesis.json`: a held-out PII corpus from a second source, made
after the builtin engine's last change and scored once (issue #17).

Why a second source: `pii_faker.json`'s held-out split was scored twice with a fix in
between, so it is no longer clean. This one comes from another generator, **Mimesis**
(MIT licence, 22.2.0, not a phaseone dependency), with sentence templates written before
any detector ran on them, in the eight languages of the locales used.

What comes from where:

- e-mail addresses, phone numbers (each locale's own formats), card numbers (Visa,
  Mastercard, Amex, Luhn-valid): Mimesis's `Person` and `Payment` providers;
- IBANs: Mimesis 22 has none. Built here from the SWIFT registry's BBAN structure per
  country (as python-stdnum ships it), random characters, ISO 7064 mod 97 check digits
  (`stdnum.iban.calc_check_digits`), kept only if `stdnum.iban.is_valid` with its national
  checks (bank code lists, the Belgian and Spanish national keys …) accepts them;
- national identifiers: Mimesis 22 has none (its country providers were removed). Built
  here by the public algorithms, each value checked with python-stdnum's validator where it
  has one: US SSN (area, group, serial; `stdnum.us.ssn`), UK NINO (HMRC's prefix and suffix
  rules, written out below from the published list; stdnum has no NINO), NL BSN (11-proof,
  `stdnum.nl.bsn`), DE Steuer-ID (the repeated-digit rule and ISO 7064 MOD 11,10,
  `stdnum.de.idnr`), FR NIR (mod-97 key, `stdnum.fr.nir`), ES DNI and NIE (mod-23 letter),
  IT codice fiscale from Mimesis's Italian names and birth dates (the consonant and vowel
  rules, month letter, day + 40 for women, a real Belfiore code, the check letter; one in
  ten with omocodia, one to seven digits replaced);
- number-heavy benign sentences: Mimesis's codes (EAN, ISBN, IMEI), dates, times, prices,
  versions, IPs, hashes, postcodes, coordinates, and numbers drawn here (orders, tracking,
  customer numbers, Luhn-valid numbers in a card issuer's range introduced as something
  else …), in the eight languages.

Each value is written in the forms people write it (a phone as Mimesis formats it, in
E.164, digits only, with an extension; a card in groups, compact, with dashes; an IBAN in
groups of four, compact, in lower case; identifiers with and without separators), recorded
as ``form``. ``check`` records whether the value passes the kind's reference check
(python-stdnum, Luhn, phonenumbers' ``is_valid_number`` in the locale's country), so a
miss on a value that is not a valid one of its kind can be told apart.

Run (throwaway venv, never a dependency)::

    python3.11 -m venv /tmp/mimesis
    /tmp/mimesis/bin/pip install mimesis==22.2.0 python-stdnum==2.2 phonenumbers==9.0.43
    /tmp/mimesis/bin/python bench/make_pii_heldout.py

Same versions and `SEED`, same file.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import mimesis
import phonenumbers
import stdnum
from mimesis import (
    Address,
    Code,
    Cryptographic,
    Datetime,
    Development,
    Finance,
    Internet,
    Payment,
    Person,
)
from mimesis.enums import CardType, Gender
from mimesis.locales import Locale
from stdnum import iban, luhn
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.us import ssn

SEED = 20261207
PER_KIND = 50  # values per locale and kind
PER_ID = 60  # values per national identifier
BENIGN_PER_FAMILY = 40
OUT = Path(__file__).parent / "data" / "pii_mimesis.json"

#: Mimesis locale → (language of the templates, ISO country).
LOCALES: dict[str, tuple[str, str]] = {
    "en": ("en", "US"),
    "en-gb": ("en", "GB"),
    "en-ca": ("en", "CA"),
    "nl": ("nl", "NL"),
    "nl-be": ("nl", "BE"),
    "de": ("de", "DE"),
    "de-at": ("de", "AT"),
    "de-ch": ("de", "CH"),
    "fr": ("fr", "FR"),
    "es": ("es", "ES"),
    "it": ("it", "IT"),
    "pt": ("pt", "PT"),
    "pl": ("pl", "PL"),
}
#: The national identifiers, the locale whose language their sentences use.
NATIONAL_IDS = {
    "us_ssn": "en",
    "uk_nino": "en-gb",
    "nl_bsn": "nl",
    "de_idnr": "de",
    "fr_nir": "fr",
    "es_dni": "es",
    "es_nie": "es",
    "it_cf": "it",
}
ID_LABELS = {
    "us_ssn": ["SSN", "Social Security number", "social security no."],
    "uk_nino": ["National Insurance number", "NI number", "NINO"],
    "nl_bsn": ["BSN", "burgerservicenummer", "BSN-nummer"],
    "de_idnr": ["Steuer-ID", "steuerliche Identifikationsnummer", "Steueridentifikationsnummer"],
    "fr_nir": ["numéro de sécurité sociale", "NIR", "numéro de sécu"],
    "es_dni": ["DNI", "NIF"],
    "es_nie": ["NIE", "número de identidad de extranjero"],
    "it_cf": ["codice fiscale", "CF"],
}

# --- sentence templates (written before any detector ran on them) --------------------------
# The last national_id template of each language names nothing: a number handed over bare.
TEMPLATES: dict[str, dict[str, list[str]]] = {
    "en": {
        "email": [
            "Please send the contract to {v} before Friday.",
            "You can email me at {v}",
            "{v} is the address on my account",
            "contact: {v}",
        ],
        "phone": [
            "Please call me back on {v}.",
            "My number is {v} if anything changes.",
            "You can text {v} when you arrive.",
            "Contact number: {v}",
            "{v} is the best number to reach me",
        ],
        "card": [
            "Please charge the booking to my card {v}.",
            "The card number is {v}, expiry 09/28.",
            "I paid with {v} but the order failed.",
            "card: {v}",
        ],
        "iban": [
            "Please refund the deposit to {v}.",
            "My IBAN is {v}.",
            "Bank account: {v} (joint account)",
            "{v} is the account for the rent",
        ],
        "national_id": [
            "My {label} is {v}.",
            "{label}: {v}",
            "I've attached the form; the {label} on it is {v}.",
            "For verification, {v} ({label})",
            "Here it is: {v}",
        ],
    },
    "nl": {
        "email": [
            "Stuur de factuur naar {v} alstublieft.",
            "Mijn e-mailadres is {v}",
            "{v} staat als contactadres in het systeem",
            "mail: {v}",
        ],
        "phone": [
            "Bel me terug op {v}.",
            "Mijn nummer is {v} als er iets verandert.",
            "Je kunt me bereiken op {v}.",
            "Telefoonnummer: {v}",
            "{v} is mijn mobiele nummer",
        ],
        "card": [
            "Schrijf het bedrag af van mijn kaart {v}.",
            "Het kaartnummer is {v}, geldig tot 09/28.",
            "Ik heb betaald met {v} maar de bestelling is mislukt.",
            "creditcard: {v}",
        ],
        "iban": [
            "Graag terugstorten op {v}.",
            "Mijn IBAN is {v}.",
            "Rekeningnummer: {v}",
            "{v} is de rekening voor de huur",
        ],
        "national_id": [
            "Mijn {label} is {v}.",
            "{label}: {v}",
            "In het formulier staat {label} {v}.",
            "Ter controle: {v} ({label})",
            "Hier is het: {v}",
        ],
    },
    "de": {
        "email": [
            "Bitte schicken Sie die Unterlagen an {v}.",
            "Meine E-Mail-Adresse lautet {v}",
            "{v} ist die Adresse im Kundenkonto",
            "E-Mail: {v}",
        ],
        "phone": [
            "Rufen Sie mich bitte unter {v} zurück.",
            "Meine Nummer ist {v}, falls sich etwas ändert.",
            "Sie erreichen mich unter {v}.",
            "Telefonnummer: {v}",
            "{v} ist meine Handynummer",
        ],
        "card": [
            "Bitte belasten Sie meine Karte {v}.",
            "Die Kartennummer ist {v}, gültig bis 09/28.",
            "Ich habe mit {v} bezahlt, aber die Bestellung ist fehlgeschlagen.",
            "Kreditkarte: {v}",
        ],
        "iban": [
            "Bitte überweisen Sie die Kaution auf {v}.",
            "Meine IBAN lautet {v}.",
            "Bankverbindung: {v}",
            "{v} ist das Konto für die Miete",
        ],
        "national_id": [
            "Meine {label} lautet {v}.",
            "{label}: {v}",
            "Im Formular steht die {label} {v}.",
            "Zur Prüfung: {v} ({label})",
            "Hier bitte: {v}",
        ],
    },
    "fr": {
        "email": [
            "Merci d'envoyer le devis à {v}.",
            "Mon adresse e-mail est {v}",
            "{v} est l'adresse de mon compte",
            "courriel : {v}",
        ],
        "phone": [
            "Rappelez-moi au {v} s'il vous plaît.",
            "Mon numéro est le {v} en cas de changement.",
            "Vous pouvez me joindre au {v}.",
            "Numéro de téléphone : {v}",
            "{v}, c'est mon portable",
        ],
        "card": [
            "Veuillez débiter ma carte {v}.",
            "Le numéro de carte est {v}, expiration 09/28.",
            "J'ai payé avec {v} mais la commande a échoué.",
            "carte bancaire : {v}",
        ],
        "iban": [
            "Merci de rembourser la caution sur {v}.",
            "Mon IBAN est {v}.",
            "Coordonnées bancaires : {v}",
            "{v} est le compte pour le loyer",
        ],
        "national_id": [
            "Mon {label} est {v}.",
            "{label} : {v}",
            "Sur le formulaire, le {label} est {v}.",
            "Pour vérification : {v} ({label})",
            "Le voici : {v}",
        ],
    },
    "es": {
        "email": [
            "Por favor, envíe la factura a {v}.",
            "Mi correo electrónico es {v}",
            "{v} es la dirección de mi cuenta",
            "correo: {v}",
        ],
        "phone": [
            "Llámeme al {v}, por favor.",
            "Mi número es el {v} por si cambia algo.",
            "Puede contactarme en el {v}.",
            "Teléfono de contacto: {v}",
            "{v} es mi móvil",
        ],
        "card": [
            "Cárguelo a mi tarjeta {v}.",
            "El número de tarjeta es {v}, caduca 09/28.",
            "Pagué con {v} pero el pedido falló.",
            "tarjeta: {v}",
        ],
        "iban": [
            "Por favor, devuelvan la fianza a {v}.",
            "Mi IBAN es {v}.",
            "Cuenta bancaria: {v}",
            "{v} es la cuenta para el alquiler",
        ],
        "national_id": [
            "Mi {label} es {v}.",
            "{label}: {v}",
            "En el formulario figura el {label} {v}.",
            "Para verificar: {v} ({label})",
            "Aquí lo tiene: {v}",
        ],
    },
    "it": {
        "email": [
            "Per favore invia il preventivo a {v}.",
            "La mia email è {v}",
            "{v} è l'indirizzo del mio account",
            "email: {v}",
        ],
        "phone": [
            "Mi richiami al {v}, per favore.",
            "Il mio numero è {v} se cambia qualcosa.",
            "Può contattarmi al {v}.",
            "Numero di telefono: {v}",
            "{v} è il mio cellulare",
        ],
        "card": [
            "Addebitate pure sulla mia carta {v}.",
            "Il numero della carta è {v}, scadenza 09/28.",
            "Ho pagato con {v} ma l'ordine non è andato a buon fine.",
            "carta di credito: {v}",
        ],
        "iban": [
            "Rimborsate la caparra su {v}.",
            "Il mio IBAN è {v}.",
            "Coordinate bancarie: {v}",
            "{v} è il conto per l'affitto",
        ],
        "national_id": [
            "Il mio {label} è {v}.",
            "{label}: {v}",
            "Nel modulo c'è il {label} {v}.",
            "Per verifica: {v} ({label})",
            "Eccolo: {v}",
        ],
    },
    "pt": {
        "email": [
            "Por favor envie a fatura para {v}.",
            "O meu email é {v}",
            "{v} é o endereço da minha conta",
            "e-mail: {v}",
        ],
        "phone": [
            "Ligue-me para o {v}, por favor.",
            "O meu número é {v} caso algo mude.",
            "Pode contactar-me pelo {v}.",
            "Número de telefone: {v}",
            "{v} é o meu telemóvel",
        ],
        "card": [
            "Debitem no meu cartão {v}.",
            "O número do cartão é {v}, validade 09/28.",
            "Paguei com {v} mas a encomenda falhou.",
            "cartão: {v}",
        ],
        "iban": [
            "Por favor devolvam a caução para {v}.",
            "O meu IBAN é {v}.",
            "Conta bancária: {v}",
            "{v} é a conta para a renda",
        ],
    },
    "pl": {
        "email": [
            "Proszę wysłać fakturę na {v}.",
            "Mój adres e-mail to {v}",
            "{v} to adres mojego konta",
            "e-mail: {v}",
        ],
        "phone": [
            "Proszę oddzwonić pod numer {v}.",
            "Mój numer to {v}, gdyby coś się zmieniło.",
            "Można się ze mną skontaktować pod {v}.",
            "Numer telefonu: {v}",
            "{v} to mój numer komórkowy",
        ],
        "card": [
            "Proszę obciążyć moją kartę {v}.",
            "Numer karty to {v}, ważna do 09/28.",
            "Zapłaciłem kartą {v}, ale zamówienie nie przeszło.",
            "karta: {v}",
        ],
        "iban": [
            "Proszę zwrócić kaucję na {v}.",
            "Mój IBAN to {v}.",
            "Numer rachunku: {v}",
            "{v} to konto do czynszu",
        ],
    },
}
#: How a phone extension is written in each language.
EXTENSION = {
    "en": "ext. {x}",
    "nl": "toestel {x}",
    "de": "Durchwahl {x}",
    "fr": "poste {x}",
    "es": "extensión {x}",
    "it": "interno {x}",
    "pt": "extensão {x}",
    "pl": "wew. {x}",
}

# --- values the generator does not have --------------------------------------------------
#: BBAN structure per country: the SWIFT IBAN registry, as python-stdnum's iban.dat has it.
BBAN = {
    "AT": "5!n11!n",
    "BE": "3!n7!n2!n",
    "CH": "5!n12!c",
    "DE": "8!n10!n",
    "ES": "4!n4!n1!n1!n10!n",
    "FR": "5!n5!n11!c2!n",
    "GB": "4!a6!n8!n",
    "IE": "4!a6!n8!n",
    "IT": "1!a5!n5!n12!c",
    "NL": "4!a10!n",
    "PL": "8!n16!n",
    "PT": "4!n4!n11!n2!n",
}
#: Where a locale's IBANs are from (North American writers quote a European account).
IBAN_COUNTRY = {"US": ["GB", "IE", "DE", "FR"], "CA": ["GB", "IE", "FR"]}
_DIGITS = "0123456789"
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def make_iban(rnd: random.Random, country: str) -> str:
    """A random BBAN in the country's registry structure with its mod-97 check digits,
    kept only if python-stdnum (with the national checks) accepts it."""
    for _ in range(20000):
        bban = ""
        for count, cls in re.findall(r"(\d+)!([nac])", BBAN[country]):
            pool = {"n": _DIGITS, "a": _UPPER, "c": _DIGITS * 3 + _UPPER}[cls]
            bban += "".join(rnd.choice(pool) for _ in range(int(count)))
        value = country + iban.calc_check_digits(country + "00" + bban) + bban
        if iban.is_valid(value):
            return value
    raise AssertionError(f"no valid IBAN for {country}")


def make_ssn(rnd: random.Random) -> str:
    while True:
        area = rnd.randint(1, 899)
        v = f"{area:03d}-{rnd.randint(1, 99):02d}-{rnd.randint(1, 9999):04d}"
        if area != 666 and ssn.is_valid(v):
            return v


# HMRC (NIM39110): neither prefix letter D, F, I, Q, U, V; the second not O; these pairs
# never allocated; suffix A-D.
_NINO_FIRST = [c for c in _UPPER if c not in "DFIQUV"]
_NINO_SECOND = [c for c in _UPPER if c not in "DFIQUVO"]
_NINO_NEVER = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def make_nino(rnd: random.Random) -> str:
    while True:
        prefix = rnd.choice(_NINO_FIRST) + rnd.choice(_NINO_SECOND)
        if prefix not in _NINO_NEVER:
            return prefix + "".join(rnd.choice(_DIGITS) for _ in range(6)) + rnd.choice("ABCD")


def make_bsn(rnd: random.Random) -> str:
    while True:
        v = str(rnd.randint(10_000_000, 999_999_999)).zfill(9)
        if bsn.is_valid(v):
            return v


def make_idnr(rnd: random.Random) -> str:
    while True:
        body = str(rnd.randint(10**9, 10**10 - 1))
        for d in _DIGITS:
            if idnr.is_valid(body + d):
                return body + d


def make_nir(rnd: random.Random) -> str:
    dept = rnd.choice([f"{rnd.randint(1, 95):02d}"] * 19 + ["2A", "2B"])
    if dept == "20":
        dept = "21"
    body = (
        f"{rnd.randint(1, 2)}{rnd.randint(0, 99):02d}{rnd.randint(1, 12):02d}{dept}"
        f"{rnd.randint(1, 990):03d}{rnd.randint(1, 999):03d}"
    )
    v = body + nir.calc_check_digits(body)
    assert nir.is_valid(v), v
    return v


def make_dni(rnd: random.Random) -> str:
    body = f"{rnd.randint(0, 99_999_999):08d}"
    return body + dni.calc_check_digit(body)


def make_nie(rnd: random.Random) -> str:
    body = rnd.choice("XYZ") + f"{rnd.randint(0, 9_999_999):07d}"
    return body + nie.calc_check_digit(body)


_VOWELS = "AEIOU"
_MONTHS = "ABCDEHLMPRST"
#: Real Belfiore codes: ten Italian cities and four countries of birth abroad.
_BELFIORE = [
    "H501", "F205", "F839", "L219", "G273", "D969", "A944", "D612", "A662", "L736",
    "Z404", "Z112", "Z110", "Z114",
]  # fmt: skip
_OMOCODIA = dict(zip(_DIGITS, "LMNPQRSTUV", strict=True))
_OMOCODIA_POS = (14, 13, 12, 10, 9, 7, 6)


def _letters(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.upper() if c in _UPPER)


def _cf_part(name: str, first_name: bool) -> str:
    s = _letters(name)
    cons = [c for c in s if c not in _VOWELS]
    vows = [c for c in s if c in _VOWELS]
    if first_name and len(cons) >= 4:
        return cons[0] + cons[2] + cons[3]
    return ("".join(cons) + "".join(vows) + "XXX")[:3]


def make_cf(rnd: random.Random, person: Person, dt: Datetime) -> str:
    """A codice fiscale by the Agenzia delle Entrate's rules from a Mimesis Italian name and
    birth date; one in ten with omocodia (1–7 digits replaced, fewer more often)."""
    female = rnd.random() < 0.5
    gender = Gender.FEMALE if female else Gender.MALE
    born = dt.date(start=1940, end=2005)
    body = (
        _cf_part(person.last_name(gender=gender), False)
        + _cf_part(person.first_name(gender=gender), True)
        + f"{born.year % 100:02d}"
        + _MONTHS[born.month - 1]
        + f"{born.day + (40 if female else 0):02d}"
        + rnd.choice(_BELFIORE)
    )
    if rnd.random() < 0.1:
        k = rnd.choice([1, 1, 1, 2, 2, 3, 4, 5, 6, 7])
        chars = list(body)
        for i in _OMOCODIA_POS[:k]:
            chars[i] = _OMOCODIA[chars[i]]
        body = "".join(chars)
    v = body + codicefiscale.calc_check_digit(body)
    assert codicefiscale.is_valid(v), v
    return v


# --- how each value is written -------------------------------------------------------------
def _id_form(rnd: random.Random, sub: str, v: str) -> tuple[str, str]:
    """(form, text) of an identifier as people write it."""
    pick = rnd.random()
    if sub == "us_ssn":
        return ("dashes", v) if pick < 0.8 else ("spaces", v.replace("-", " "))
    if sub == "uk_nino":
        if pick < 0.6:
            return "spaced", f"{v[:2]} {v[2:4]} {v[4:6]} {v[6:8]} {v[8]}"
        return "compact", v
    if sub == "nl_bsn":
        return ("compact", v) if pick < 0.8 else ("dotted", f"{v[:4]}.{v[4:6]}.{v[6:]}")
    if sub == "de_idnr":
        if pick < 0.5:
            return "compact", v
        return "spaced", f"{v[:2]} {v[2:5]} {v[5:8]} {v[8:]}"
    if sub == "fr_nir":
        if pick < 0.5:
            return "compact", v
        return "spaced", f"{v[0]} {v[1:3]} {v[3:5]} {v[5:7]} {v[7:10]} {v[10:13]} {v[13:]}"
    if sub == "es_dni":
        if pick < 0.6:
            return "compact", v
        if pick < 0.85:
            return "dash", f"{v[:8]}-{v[8]}"
        return "dotted", f"{v[:2]}.{v[2:5]}.{v[5:8]}-{v[8]}"
    if sub == "es_nie":
        return ("compact", v) if pick < 0.7 else ("dashes", f"{v[0]}-{v[1:8]}-{v[8]}")
    return ("upper", v) if pick < 0.9 else ("lower", v.lower())


def _card_form(rnd: random.Random, v: str) -> tuple[str, str]:
    pick = rnd.random()
    if pick < 0.5:
        return "groups", v
    if pick < 0.8:
        return "compact", v.replace(" ", "")
    return "dashes", v.replace(" ", "-")


def _iban_form(rnd: random.Random, v: str) -> tuple[str, str]:
    grouped = " ".join(v[i : i + 4] for i in range(0, len(v), 4))
    pick = rnd.random()
    if pick < 0.55:
        return "groups", grouped
    if pick < 0.9:
        return "compact", v
    return "lower", grouped.lower()


def _phone_form(rnd: random.Random, person: Person, lang: str) -> tuple[str, str, str]:
    """(form, value as written, the number alone for the validity check)."""
    pick = rnd.random()
    if pick < 0.55:
        v = person.phone_number()
        return "as generated", v, v
    if pick < 0.7:
        v = person.phone_number(e164=True)
        return "e164", v, v
    if pick < 0.85:
        raw = person.phone_number()
        v = ("+" if raw.startswith("+") else "") + "".join(c for c in raw if c.isdigit())
        return "digits only", v, v
    raw = person.phone_number()
    return "extension", f"{raw} {EXTENSION[lang].format(x=rnd.randint(2, 9999))}", raw


def _phone_check(number: str, country: str) -> str:
    try:
        parsed = phonenumbers.parse(number, country)
    except phonenumbers.NumberParseException:
        return "invalid"
    return "valid" if phonenumbers.is_valid_number(parsed) else "invalid"


# --- number-heavy benign sentences ------------------------------------------------------
#: The benign families' sentences, per language (written before any detector ran).
BENIGN_SAID: dict[str, dict[str, str]] = {
    "order_number": {
        "en": "Order {n} has shipped.",
        "nl": "Bestelling {n} is verzonden.",
        "de": "Bestellnummer {n} wurde versandt.",
        "fr": "La commande n° {n} est partie.",
        "es": "El pedido {n} ha sido enviado.",
        "it": "L'ordine {n} è stato spedito.",
        "pt": "A encomenda {n} foi enviada.",
        "pl": "Zamówienie {n} zostało wysłane.",
    },
    "customer_number_luhn": {
        "en": "Customer number {n}, please quote it.",
        "nl": "Klantnummer {n}",
        "de": "Ihre Kundennummer: {n}",
        "fr": "Numéro client {n}",
        "es": "Número de cliente {n}",
        "it": "Codice cliente {n}",
        "pt": "Número de cliente {n}",
        "pl": "Numer klienta {n}",
    },
    "reference_luhn": {
        "en": "Reference {n} for your claim.",
        "nl": "Kenmerk {n} bij uw claim.",
        "de": "Vorgangsnummer {n} zu Ihrer Reklamation.",
        "fr": "Référence du dossier {n}.",
        "es": "Referencia del expediente {n}.",
        "it": "Numero pratica {n}.",
        "pt": "Referência do processo {n}.",
        "pl": "Numer sprawy {n}.",
    },
    "imei": {
        "en": "Device IMEI {n} was registered.",
        "nl": "Toestel met IMEI {n} geregistreerd.",
        "de": "Gerät mit IMEI {n} registriert.",
        "fr": "Appareil IMEI {n} enregistré.",
        "es": "Dispositivo con IMEI {n} registrado.",
        "it": "Dispositivo IMEI {n} registrato.",
        "pt": "Equipamento IMEI {n} registado.",
        "pl": "Urządzenie IMEI {n} zarejestrowane.",
    },
    "tracking_digits": {
        "en": "Tracking number {n}",
        "nl": "Track & trace: {n}",
        "de": "Sendungsnummer {n}",
        "fr": "Numéro de suivi {n}",
        "es": "Número de seguimiento {n}",
        "it": "Codice di tracciamento {n}",
        "pt": "Número de seguimento {n}",
        "pl": "Numer przesyłki {n}",
    },
    "tracking_grouped": {
        "en": "Your parcel {n} is out for delivery.",
        "nl": "Pakket {n} wordt bezorgd.",
        "de": "Paket {n} ist in Zustellung.",
        "fr": "Le colis {n} est en livraison.",
        "es": "El paquete {n} está en reparto.",
        "it": "Il pacco {n} è in consegna.",
        "pt": "A encomenda {n} está em distribuição.",
        "pl": "Paczka {n} jest w doręczeniu.",
    },
    "barcode": {
        "en": "EAN {e}, ISBN {i}",
        "nl": "EAN {e}, ISBN {i}",
        "de": "EAN {e}, ISBN {i}",
        "fr": "EAN {e}, ISBN {i}",
        "es": "EAN {e}, ISBN {i}",
        "it": "EAN {e}, ISBN {i}",
        "pt": "EAN {e}, ISBN {i}",
        "pl": "EAN {e}, ISBN {i}",
    },
    "invoice": {
        "en": "Invoice {y}-{n} over {p} is due.",
        "nl": "Factuur {y}/{n} van {p} staat open.",
        "de": "Rechnung Nr. {y}-{n} über {p} ist fällig.",
        "fr": "La facture {y}-{n} de {p} est due.",
        "es": "La factura {y}/{n} de {p} vence.",
        "it": "La fattura {y}/{n} di {p} è in scadenza.",
        "pt": "A fatura {y}/{n} de {p} está a vencer.",
        "pl": "Faktura {y}/{n} na {p} jest do zapłaty.",
    },
    "date_time": {
        "en": "The meeting moved from {d} {t} to {d2}.",
        "nl": "De afspraak is verzet van {d} {t} naar {d2}.",
        "de": "Der Termin wurde vom {d} {t} auf den {d2} verschoben.",
        "fr": "Le rendez-vous passe du {d} {t} au {d2}.",
        "es": "La cita pasa del {d} {t} al {d2}.",
        "it": "L'appuntamento passa dal {d} {t} al {d2}.",
        "pt": "A reunião passou de {d} {t} para {d2}.",
        "pl": "Spotkanie przeniesiono z {d} {t} na {d2}.",
    },
    "price": {
        "en": "Total ${p} for {k} items, {q} each.",
        "nl": "Totaal € {p} voor {k} artikelen, € {q} per stuk.",
        "de": "Gesamt {p} € für {k} Artikel, je {q} €.",
        "fr": "Total {p} € pour {k} articles, {q} € pièce.",
        "es": "Total {p} € por {k} artículos, {q} € cada uno.",
        "it": "Totale {p} € per {k} articoli, {q} € l'uno.",
        "pt": "Total {p} € por {k} artigos, {q} € cada.",
        "pl": "Razem {p} zł za {k} sztuk, po {q} zł.",
    },
    "postcode_address": {
        "en": "Deliver to {s} {st}, {pc}",
        "nl": "Bezorgen op {st} {s}, {pc}",
        "de": "Lieferung an {st} {s}, {pc}",
        "fr": "Livrer au {s} {st}, {pc}",
        "es": "Entregar en {st} {s}, {pc}",
        "it": "Consegnare in {st} {s}, {pc}",
        "pt": "Entregar na {st} {s}, {pc}",
        "pl": "Dostawa: {st} {s}, {pc}",
    },
    "statistics": {
        "en": "Revenue {a}, users {b}, growth {c}%",
        "nl": "Omzet {a}, gebruikers {b}, groei {c}%",
        "de": "Umsatz {a}, Nutzer {b}, Wachstum {c} %",
        "fr": "Chiffre d'affaires {a}, utilisateurs {b}, croissance {c} %",
        "es": "Ingresos {a}, usuarios {b}, crecimiento {c} %",
        "it": "Fatturato {a}, utenti {b}, crescita {c}%",
        "pt": "Receita {a}, utilizadores {b}, crescimento {c}%",
        "pl": "Przychód {a}, użytkownicy {b}, wzrost {c}%",
    },
    "ticket_case": {
        "en": "Ticket #{t} reopened, see case {c}",
        "nl": "Ticket #{t} heropend, zie dossier {c}",
        "de": "Ticket #{t} wieder geöffnet, siehe Fall {c}",
        "fr": "Ticket #{t} rouvert, voir dossier {c}",
        "es": "Ticket #{t} reabierto, ver caso {c}",
        "it": "Ticket #{t} riaperto, vedi pratica {c}",
        "pt": "Ticket #{t} reaberto, ver processo {c}",
        "pl": "Zgłoszenie #{t} ponownie otwarte, sprawa {c}",
    },
    "customer_number_plain": {
        "en": "Account no. {n} has been updated.",
        "nl": "Contractnummer {n} is bijgewerkt.",
        "de": "Vertragsnummer {n} wurde aktualisiert.",
        "fr": "Le contrat {n} a été mis à jour.",
        "es": "El contrato {n} se ha actualizado.",
        "it": "Il contratto {n} è stato aggiornato.",
        "pt": "O contrato {n} foi atualizado.",
        "pl": "Umowa {n} została zaktualizowana.",
    },
    "serial_grouped": {
        "en": "Serial {n}, made in {y}.",
        "nl": "Serienummer {n}, bouwjaar {y}.",
        "de": "Seriennummer {n}, Baujahr {y}.",
        "fr": "Numéro de série {n}, fabriqué en {y}.",
        "es": "Número de serie {n}, fabricado en {y}.",
        "it": "Matricola {n}, anno {y}.",
        "pt": "Número de série {n}, fabricado em {y}.",
        "pl": "Numer seryjny {n}, rok {y}.",
    },
    "opening_hours": {
        "en": "Open {a}-{b}, Sat {c}-{d}, closed on {e}.",
        "nl": "Open {a}-{b}, za {c}-{d}, gesloten op {e}.",
        "de": "Geöffnet {a}-{b}, Sa {c}-{d}, geschlossen am {e}.",
        "fr": "Ouvert {a}-{b}, sam. {c}-{d}, fermé le {e}.",
        "es": "Abierto {a}-{b}, sáb. {c}-{d}, cerrado el {e}.",
        "it": "Aperto {a}-{b}, sab {c}-{d}, chiuso il {e}.",
        "pt": "Aberto {a}-{b}, sáb. {c}-{d}, fechado a {e}.",
        "pl": "Otwarte {a}-{b}, sob. {c}-{d}, nieczynne {e}.",
    },
}


def _luhn_in_card_range(rnd: random.Random) -> str:
    body = rnd.choice("45") + "".join(rnd.choice(_DIGITS) for _ in range(14))
    return body + luhn.calc_check_digit(body)


def _digits(rnd: random.Random, n: int) -> str:
    return str(rnd.randint(1, 9)) + "".join(rnd.choice(_DIGITS) for _ in range(n - 1))


def _benign(rnd: random.Random, seed: int) -> list[dict[str, str]]:
    """Number-heavy text without PII, in the eight languages: what a support inbox, an
    order system or a log holds."""
    out: list[dict[str, str]] = []
    langs = list(TEMPLATES)
    code = Code(seed=seed)
    crypto = Cryptographic(seed=seed)
    dev = Development(seed=seed)
    net = Internet(seed=seed)
    by_lang = {  # the first locale of each language
        lang: (
            Datetime(Locale(loc), seed=seed),
            Finance(Locale(loc), seed=seed),
            Address(Locale(loc), seed=seed),
        )
        for loc, (lang, _) in reversed(LOCALES.items())
    }

    def said(lang: str, family: str, **kw: str) -> str:
        return BENIGN_SAID[family][lang].format(**kw)

    families: dict[str, Callable[[str], str]] = {
        "order_number": lambda lang: said(lang, "order_number", n=_digits(rnd, rnd.randint(8, 12))),
        "customer_number_luhn": lambda lang: said(
            lang, "customer_number_luhn", n=_luhn_in_card_range(rnd)
        ),
        "reference_luhn": lambda lang: said(lang, "reference_luhn", n=_luhn_in_card_range(rnd)),
        "imei": lambda lang: said(lang, "imei", n=code.imei()),
        "tracking_digits": lambda lang: said(
            lang, "tracking_digits", n=_digits(rnd, rnd.choice([12, 14, 20, 22]))
        ),
        "tracking_grouped": lambda lang: said(
            lang,
            "tracking_grouped",
            n=" ".join(_digits(rnd, 4) for _ in range(rnd.choice([3, 4, 5]))),
        ),
        "barcode": lambda lang: said(lang, "barcode", e=code.ean(), i=code.isbn()),
        "invoice": lambda lang: said(
            lang,
            "invoice",
            y=str(rnd.randint(2019, 2026)),
            n=f"{rnd.randint(1, 99999):05d}",
            p=f"{by_lang[lang][1].price(10, 9999):.2f}",
        ),
        "date_time": lambda lang: said(
            lang,
            "date_time",
            d=by_lang[lang][0].formatted_date(),
            t=by_lang[lang][0].formatted_time(),
            d2=by_lang[lang][0].formatted_date(),
        ),
        "iso_timestamp": lambda lang: (
            f"[{by_lang[lang][0].datetime().isoformat()}] job {_digits(rnd, 6)} "
            f"finished in {rnd.randint(1, 99999)} ms"
        ),
        "unix_time": lambda lang: (
            f"created={by_lang[lang][0].timestamp()} updated={by_lang[lang][0].timestamp()}"
        ),
        "unix_ms": lambda lang: (
            f"ts={int(by_lang[lang][0].timestamp()) * 1000 + rnd.randint(0, 999)} "
            f"seq={_digits(rnd, 7)}"
        ),
        "price": lambda lang: said(
            lang,
            "price",
            p=f"{rnd.randint(1, 999_999):,}.{rnd.randint(0, 99):02d}",
            k=str(rnd.randint(2, 500)),
            q=f"{rnd.randint(1, 999)}.{rnd.randint(0, 99):02d}",
        ),
        "version_build": lambda lang: (
            f"Upgraded to {dev.version()} (build {rnd.randint(2019, 2026)}"
            f"{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}.{rnd.randint(1, 999)}), "
            f"artifact {_digits(rnd, 10)}"
        ),
        "ip_port": lambda lang: (
            f"Connection from {net.ip_v4_with_port()} refused after {rnd.randint(1, 60)} s"
        ),
        "hash_uuid": lambda lang: f"request {crypto.uuid()} commit {crypto.hash()[:40]}",
        "postcode_address": lambda lang: said(
            lang,
            "postcode_address",
            s=by_lang[lang][2].street_number(),
            st=by_lang[lang][2].street_name(),
            pc=by_lang[lang][2].postal_code(),
        ),
        "coordinates": lambda lang: (
            f"GPS {by_lang[lang][2].latitude()}, {by_lang[lang][2].longitude()}"
        ),
        "statistics": lambda lang: said(
            lang,
            "statistics",
            a=" ".join(
                [str(rnd.randint(1, 999))] + [f"{rnd.randint(0, 999):03d}" for _ in range(2)]
            ),
            b=f"{rnd.randint(1, 999)} {rnd.randint(0, 999):03d}",
            c=f"{rnd.randint(1, 99)},{rnd.randint(0, 9)}",
        ),
        "ticket_case": lambda lang: said(
            lang,
            "ticket_case",
            t=_digits(rnd, 8),
            c=f"{_digits(rnd, 3)}-{_digits(rnd, 3)}-{_digits(rnd, 4)}",
        ),
        "customer_number_plain": lambda lang: said(
            lang, "customer_number_plain", n=_digits(rnd, rnd.choice([9, 10, 11]))
        ),
        "serial_grouped": lambda lang: said(
            lang,
            "serial_grouped",
            n=f"{_digits(rnd, 3)} {_digits(rnd, 3)} {_digits(rnd, 3)}",
            y=str(rnd.randint(1990, 2026)),
        ),
        "opening_hours": lambda lang: said(
            lang,
            "opening_hours",
            a=f"{rnd.randint(6, 10):02d}:00",
            b=f"{rnd.randint(16, 22)}:30",
            c=f"{rnd.randint(8, 11):02d}:00",
            d=f"{rnd.randint(12, 18)}:00",
            e=by_lang[lang][0].formatted_date(),
        ),
        "measurements": lambda lang: (
            f"{rnd.randint(10, 99)} x {rnd.randint(10, 99)} x {rnd.randint(10, 99)} cm, "
            f"{rnd.randint(1, 99)},{rnd.randint(0, 9)} kg, "
            f"{_digits(rnd, 3)} {rnd.randint(0, 999):03d} {rnd.randint(0, 999):03d} pcs"
        ),
    }
    for family, make in families.items():
        for _ in range(BENIGN_PER_FAMILY):
            lang = rnd.choice(langs)
            out.append({"family": family, "lang": lang, "text": make(lang)})
    return out


def _record(
    locale: str, kind: str, sub: str, form: str, check: str, template: int, text: str, value: str
) -> dict[str, object]:
    return {
        "locale": locale,
        "kind": kind,
        "sub": sub,
        "form": form,
        "check": check,
        "template": template,
        "text": text,
        "values": [value],
    }


def build() -> dict[str, object]:
    rnd = random.Random(SEED)
    pii: list[dict[str, object]] = []
    for n, (locale, (lang, country)) in enumerate(LOCALES.items()):
        loc = Locale(locale)
        person = Person(loc, seed=SEED + n)
        payment = Payment(seed=SEED + n)

        def put(
            kind: str, sub: str, form: str, check: str, value: str, locale: str = locale
        ) -> None:
            templates = TEMPLATES[LOCALES[locale][0]][kind]
            i = rnd.randrange(len(templates))
            pii.append(
                _record(locale, kind, sub, form, check, i, templates[i].format(v=value), value)
            )

        for _ in range(PER_KIND):
            put("email", "email", "as generated", "n/a", person.email())
        for _ in range(PER_KIND):
            form, value, number = _phone_form(rnd, person, lang)
            put("phone", "phone", form, _phone_check(number, country), value)
        for _ in range(PER_KIND):
            brand = rnd.choice(list(CardType))
            raw = payment.credit_card_number(card_type=brand)
            form, value = _card_form(rnd, raw)
            check = "valid" if luhn.is_valid(raw.replace(" ", "")) else "invalid"
            put("card", brand.value, form, check, value)
        for _ in range(PER_KIND):
            where = IBAN_COUNTRY.get(country, [country])
            form, value = _iban_form(rnd, make_iban(rnd, rnd.choice(where)))
            put("iban", "iban", form, "valid", value)
    people = Person(Locale.IT, seed=SEED)
    dates = Datetime(Locale.IT, seed=SEED)
    makers: dict[str, Callable[[], str]] = {
        "us_ssn": lambda: make_ssn(rnd),
        "uk_nino": lambda: make_nino(rnd),
        "nl_bsn": lambda: make_bsn(rnd),
        "de_idnr": lambda: make_idnr(rnd),
        "fr_nir": lambda: make_nir(rnd),
        "es_dni": lambda: make_dni(rnd),
        "es_nie": lambda: make_nie(rnd),
        "it_cf": lambda: make_cf(rnd, people, dates),
    }
    for sub, locale in NATIONAL_IDS.items():
        templates = TEMPLATES[LOCALES[locale][0]]["national_id"]
        for _ in range(PER_ID):
            form, value = _id_form(rnd, sub, makers[sub]())
            i = rnd.randrange(len(templates))
            text = templates[i].format(v=value, label=rnd.choice(ID_LABELS[sub]))
            pii.append(_record(locale, "national_id", sub, form, "valid", i, text, value))
    return {
        "source": "mimesis",
        "source_version": mimesis.__version__,
        "source_licence": "MIT",
        "stdnum_version": stdnum.__version__,
        "phonenumbers_version": phonenumbers.__version__,
        "generator": "bench/make_pii_heldout.py",
        "seed": SEED,
        "locales": list(LOCALES),
        "pii": pii,
        "benign": _benign(rnd, SEED),
    }


def main() -> None:
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    n_pii, n_benign = len(data["pii"]), len(data["benign"])  # type: ignore[arg-type]
    print(f"wrote {OUT}: {n_pii} PII sentences, {n_benign} benign (mimesis {mimesis.__version__})")


if __name__ == "__main__":
    main()
