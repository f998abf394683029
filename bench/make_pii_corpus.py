"""Write `bench/data/pii_faker.json`: PII values from an outside source nobody here tuned
the detectors on (the `Faker` package's locale providers), set in sentences, and number-heavy
benign sentences; read by `bench_pii_quality.py`, which needs no Faker.

Two splits, fixed before the detectors were changed against either:

- **development** (seed 1, the `DEV_TEMPLATES`, locales en_US en_GB nl_NL de_DE fr_FR): what
  guard/pii.py may be tuned on;
- **held-out** (seed 2, the `HELD_TEMPLATES`, every locale, including es_ES it_IT pt_PT en_IE
  nl_BE de_AT fr_CH en_CA pl_PL that development never sees): reported, never tuned on.

Faker is not a phaseone dependency: run this with a throwaway venv
(``python3.11 -m venv /tmp/v && /tmp/v/bin/pip install faker==40.63.0 pyyaml``,
``/tmp/v/bin/python bench/make_pii_corpus.py``). The Faker version is recorded in the file.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import faker
from faker import Faker

DEV_LOCALES = ("en_US", "en_GB", "nl_NL", "de_DE", "fr_FR")
HELD_LOCALES = ("es_ES", "it_IT", "pt_PT", "en_IE", "nl_BE", "de_AT", "fr_CH", "en_CA", "pl_PL")
SEEDS = {"development": 1, "heldout": 2}
PER_KIND = {"development": 40, "heldout": 60}
BENIGN_PER_FAMILY = {"development": 40, "heldout": 60}

#: The national identifiers the builtin engine supports, by locale: Faker's provider for
#: each. (en_GB's `ssn` is left out: Faker writes NINOs with the never-allocated ZZ prefix
#: and suffixes outside A-D, so they are not NINOs; de_DE, pt_PT fall back to US SSNs.)
NATIONAL_IDS: dict[str, list[tuple[str, str]]] = {
    "en_US": [("us_ssn", "ssn")],
    "nl_NL": [("nl_bsn", "ssn")],
    "fr_FR": [("fr_nir", "ssn")],
    "es_ES": [("es_dni", "nif"), ("es_nie", "nie")],
    "it_IT": [("it_cf", "ssn")],
}
ID_LABEL = {
    "us_ssn": ["SSN", "social security number"],
    "nl_bsn": ["BSN", "burgerservicenummer"],
    "fr_nir": ["numéro de sécurité sociale", "NIR"],
    "es_dni": ["DNI", "NIF"],
    "es_nie": ["NIE", "número de extranjero"],
    "it_cf": ["codice fiscale", "CF"],
}

DEV_TEMPLATES = {
    "email": ["Please write to {v} about the refund.", "my mail is {v}", "cc {v}, thanks"],
    "phone": ["Call me on {v} after six.", "phone: {v}", "You can reach the office at {v}."],
    "card": ["My card number is {v}.", "charge {v} please", "Card: {v}, expiry next year"],
    "iban": ["Please transfer it to {v}.", "IBAN {v}", "account {v} (joint)"],
    "national_id": ["My {label} is {v}.", "{label}: {v}", "here is the {label} {v} you asked"],
}
HELD_TEMPLATES = {
    "email": [
        "Forwarding to {v} now.",
        "Reply-To: {v}",
        "Could you add {v} to the mailing list?",
        "{v} wrote yesterday asking for an update",
    ],
    "phone": [
        "Ring {v} if the courier is late.",
        "Mobile {v} (evenings only)",
        "The number on the form was {v}, is it still right?",
        "tel {v} / fax none",
    ],
    "card": [
        "Payment failed on {v} again.",
        "Use the card ending… actually the full one is {v}",
        "{v} was charged twice this month",
        "The customer read out {v} over the phone.",
    ],
    "iban": [
        "Refunds go to {v} as usual.",
        "Bank details: {v}, BIC on the letter.",
        "{v} is my new account",
        "Wire the deposit to {v} by Friday.",
    ],
    "national_id": [
        "The form asks for the {label}; mine is {v}.",
        "{label} {v}",
        "Attached the scan, {label} number {v}, please file it.",
        "For the record, {v} is my {label}.",
    ],
}


def _luhn_complete(body: str) -> str:
    """`body` plus the digit that makes it pass Luhn (what a card checksum looks like)."""
    for d in "0123456789":
        s = body + d
        total = 0
        for i, ch in enumerate(reversed(s)):
            n = int(ch) * (2 if i % 2 else 1)
            total += n - 9 if n > 9 else n
        if total % 10 == 0:
            return s
    raise AssertionError


def _benign_families(f: Faker, rnd: random.Random) -> dict[str, Callable[[], str]]:
    """Number-heavy text without PII: what a support inbox or a log line holds."""
    return {
        "order_id": lambda: f"Order {f.numerify('#########')} shipped on {f.date()}.",
        "order_id_long": lambda: f"Your order number is {f.numerify('##########')}.",
        "invoice": lambda: f"Invoice {f.numerify('INV-####-#####')} over {f.pricetag()} is due.",
        "tracking_ups": lambda: f"Tracking: 1Z{f.bothify('???######?#######').upper()}",
        "tracking_usps": lambda: (
            "USPS tracking "
            + " ".join(f.numerify("####") for _ in range(5))
            + f" {f.numerify('##')}"
        ),
        "tracking_digits": lambda: f"Parcel {f.numerify('############')} is out for delivery.",
        "luhn_serial": lambda: (
            "Serial number "
            + _luhn_complete(f.numerify("4###############")[:-1])
            + " is under warranty."
        ),
        "luhn_order": lambda: (
            "order no. " + _luhn_complete(f.numerify("5###############")[:-1]) + " was cancelled"
        ),
        "ean13": lambda: f"Barcode {f.ean13()} scanned at till {rnd.randint(1, 12)}.",
        "upc": lambda: f"UPC {f.upc_a()} is out of stock.",
        "isbn": lambda: f"ISBN {f.isbn13()} (paperback), {f.isbn10()} (hardback).",
        "timestamp": lambda: (
            f"[{f.iso8601()}] job {f.numerify('######')} finished in {rnd.randint(1, 9999)} ms"
        ),
        "unix_time": lambda: f"created_at={int(f.unix_time())} updated_at={int(f.unix_time())}",
        "unix_ms": lambda: f"ts {int(f.unix_time() * 1000)} seq {f.numerify('#######')}",
        "date_time": lambda: f"Meeting moved from {f.date()} {f.time()} to {f.date()}.",
        "price": lambda: (
            f"Total {f.pricetag()} incl. VAT, {rnd.randint(2, 40)} items at "
            f"{rnd.randint(1, 999)}.{rnd.randint(0, 99):02d} each"
        ),
        "version": lambda: (
            f"Upgraded from {rnd.randint(0, 20)}.{rnd.randint(0, 99)}."
            f"{rnd.randint(0, 999)} to build {f.numerify('##########')}."
        ),
        "ip_port": lambda: f"Connection from {f.ipv4()}:{f.port_number()} refused",
        "uuid": lambda: f"request {f.uuid4()} took {rnd.randint(1, 900)} ms",
        "hash": lambda: f"commit {f.sha1()} on {f.date()}",
        "aba_routing": lambda: f"Routing (ABA) {f.aba()} for wires.",
        "ein": lambda: f"Company EIN {f.ein()}, registered {f.year()}.",
        "measurements": lambda: (
            f"Box {rnd.randint(10, 99)} x {rnd.randint(10, 99)} x "
            f"{rnd.randint(10, 99)} cm, {rnd.randint(1, 30)},{rnd.randint(0, 9)} kg, "
            f"{f.numerify('### ### ###')} units shipped"
        ),
        "stats": lambda: (
            f"Q{rnd.randint(1, 4)} revenue {f.numerify('#,###,###')}, users "
            f"{f.numerify('### ###')}, growth {rnd.randint(1, 99)}.{rnd.randint(0, 9)}%"
        ),
        "coordinates": lambda: f"Pickup at {f.latitude()}, {f.longitude()}",
        "postcode_address": lambda: (
            f"Deliver to {f.building_number()} {f.street_name()}, {f.postcode()}"
        ),
        "big_numbers": lambda: (
            f"Population {f.numerify('## ### ###')} in {f.year()}, area {f.numerify('######')} km2"
        ),
        "ticket": lambda: (
            f"Ticket #{f.numerify('########')} reopened, see case {f.numerify('###-###-####')}"
        ),
    }


def _pii_values(f: Faker, locale: str) -> dict[str, Callable[[], list[tuple[str, str]]]]:
    """kind → a function returning [(sub-kind, value)]: one value per call."""
    out: dict[str, Callable[[], list[tuple[str, str]]]] = {
        "email": lambda: [("email", f.email())],
        "phone": lambda: [("phone", f.phone_number())],
        "card": lambda: [("card", f.credit_card_number())],
        "iban": lambda: [("iban", f.iban())],
    }
    ids = NATIONAL_IDS.get(locale)
    if ids:
        out["national_id"] = lambda: [
            (sub, str(getattr(f, method)())) for sub, method in [f.random_element(ids)]
        ]
    return out


def build(split: str) -> dict[str, object]:
    seed = SEEDS[split]
    templates = DEV_TEMPLATES if split == "development" else HELD_TEMPLATES
    locales = DEV_LOCALES if split == "development" else DEV_LOCALES + HELD_LOCALES
    rnd = random.Random(seed)
    pii: list[dict[str, object]] = []
    for locale in locales:
        f = Faker(locale)
        f.seed_instance(seed)
        for kind, gen in _pii_values(f, locale).items():
            for _ in range(PER_KIND[split]):
                [(sub, value)] = gen()
                label = rnd.choice(ID_LABEL.get(sub, [""]))
                text = rnd.choice(templates[kind]).format(v=value, label=label)
                pii.append(
                    {"locale": locale, "kind": kind, "sub": sub, "text": text, "values": [value]}
                )
    f = Faker("en_US")
    f.seed_instance(seed)
    benign = [
        {"family": fam, "text": make()}
        for fam, make in _benign_families(f, rnd).items()
        for _ in range(BENIGN_PER_FAMILY[split])
    ]
    return {"seed": seed, "locales": list(locales), "pii": pii, "benign": benign}


def main() -> None:
    data = {
        "source": "Faker",
        "faker_version": faker.VERSION,
        "generator": "bench/make_pii_corpus.py",
        "development": build("development"),
        "heldout": build("heldout"),
    }
    out = Path(__file__).parent / "data" / "pii_faker.json"
    out.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {out} (Faker {faker.VERSION})")


if __name__ == "__main__":
    main()
