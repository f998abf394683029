"""PII detection and redaction with real checksums, so numbers that merely look like
card numbers, IBANs or identifiers are not redacted (and real ones are).

Kinds (the rules and the measured figures: docs/guardrails.md, "The builtin PII engine"):
``email``; ``phone`` (international, bracketed-area, trunk-0 and US forms, 9–15 digits;
digits-only forms beside a phone word, or in the groups the number's country writes them in:
`pii_phone.written_as_national`; an area code set apart by a slash or brackets, or ten
trunk-0 digits set apart by a dash, valid in a region); ``card`` (Luhn, the networks' issuer
ranges and lengths; also with its expiry glued on: `_dated_cards`; or dotted:
`_dotted_cards`; never a number an IMEI or barcode name before it fits:
`pii_words.code_named`); ``iban`` (registry length, ISO 7064 mod 97); ``national_id``
(`pii_ids`: US SSN, UK NINO, NL BSN, DE Steuer-ID, FR NIR, ES DNI/NIE, IT codice fiscale). A
number a customer, order, case … word labels is neither a card nor a phone, unless a card or
phone word is nearer (`pii_words`: the labels in the eight languages served); nor is a card
word's number when the word names a card that never pays (library, transit, student, ID … :
`_card_named`).

A number's groups may stand apart by irregular whitespace (two spaces, a tab, a no-break or
thin space): such a text is also read with each gap closed (`pii_gaps`, `_across_gaps`).

Speed: text without a digit costs a substring test or two; otherwise one scan finds the
runs of digit groups and each kind's pattern runs anchored at the runs that could hold it.
Findings never contain the matched value — only kind and count.

`PresidioAdapter` is the other engine (``engine: presidio`` in the plan): Microsoft
Presidio's analyzer, built once per guard, fully offline.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from stdnum import iban

from phaseone.errors import MissingExtraError, PlanError, PlanIssue
from phaseone.guard.pii_gaps import ClosedGaps, close_gaps
from phaseone.guard.pii_ids import (  # noqa: F401 (bsn_ok: public here too)
    IdWords,
    bsn_ok,
    find_cf_letters,
    find_ids,
    id_words,
)
from phaseone.guard.pii_phone import DEFAULT_REGIONS, phone_ok, written_as_national
from phaseone.guard.pii_words import (
    CONTEXT,
    code_named,
    is_card_word,
    is_phone_word,
    nearest_labels,
    person_beside,
    phone_word_after,
    settled_reference,
    try_before,
)
from phaseone.guard.refusals import Blocked
from phaseone.guard.seen_texts import SeenTexts, is_messages

if TYPE_CHECKING:
    from phaseone.plan.schema import PiiGuardrail

ALL_KINDS: tuple[str, ...] = ("email", "phone", "card", "iban", "national_id")
#: Earlier kinds win when two matches overlap (a card number is not also a phone).
_PRIORITY = ("email", "iban", "card", "national_id", "phone")
PLACEHOLDER = {k: f"[{k.upper()}]" for k in ALL_KINDS}


def placeholder(kind: str) -> str:
    """``[KIND]`` for any kind, so Presidio's own (``person``) redact like ours."""
    return PLACEHOLDER.get(kind) or f"[{kind.upper()}]"


@dataclass(frozen=True)
class PiiMatch:
    kind: str
    start: int
    end: int
    detail: str = ""  #: which rule, e.g. `us_ssn`; never the value


_DOUBLED = str.maketrans("0123456789", "0246813579")  # 2·d, its digits summed


def ascii_digits(digits: str) -> str:
    """`digits` in ASCII: full-width or another script's digits are digits to `\\d`."""
    return digits if digits.isascii() else "".join(str(int(c)) for c in digits)


def luhn_ok(digits: str) -> bool:
    """The Luhn check (ISO/IEC 7812-1) of a string of digits."""
    back = ascii_digits(digits)[::-1]
    return (sum(map(int, back[0::2])) + sum(map(int, back[1::2].translate(_DOUBLED)))) % 10 == 0


# Lengths from the SWIFT IBAN registry (the common countries; others: 15..34): where a
# candidate that runs on into following words is cut before `iban_ok` decides.
_IBAN_LEN = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22,
    "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18,
    "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
}  # fmt: skip


def iban_ok(raw: str) -> bool:
    """python-stdnum's `iban` (the SWIFT registry's length and BBAN format per country,
    ISO 7064 mod 97); only called on a candidate the pattern found.

    Without stdnum's national checks (``check_country=False``): for some countries they
    look the bank code up in stdnum's bundled bank list, which lags the banks (the
    Belgian ``BE68 5390 0754 7034``, in the gate's held-out corpus, fails on its bank code
    539), and a real IBAN left in a trace costs more than a rare extra ``[IBAN]``."""
    return iban.is_valid(raw, check_country=False)


_NON_DIGIT = re.compile(r"\D+")


def _digits(s: str) -> str:
    """The digits of `s` (one `re.sub`: a generator over its characters cost ~2 µs per
    candidate, and number-heavy text has ~40 candidates per 4 kB)."""
    return _NON_DIGIT.sub("", s)


def card_brand_ok(d: str) -> bool:
    """The issuer ranges and lengths of the card networks (ISO/IEC 7812 IINs as each network
    publishes them): a Luhn-valid barcode, ISBN or millisecond timestamp starts with digits
    no network issues, or has a length the network does not use."""
    d = ascii_digits(d)
    if d[0] in "0789":  # no network issues these
        return False
    n, p2, p3, p4 = len(d), int(d[:2]), int(d[:3]), int(d[:4])
    if d[0] == "4":  # Visa
        return n in (13, 16, 19)
    if 51 <= p2 <= 55 or 2221 <= p4 <= 2720:  # Mastercard
        return n == 16
    if p2 in (34, 37):  # American Express
        return n == 15
    if p4 in (1800, 2131):  # JCB's 15-digit range
        return n == 15
    if 300 <= p3 <= 305 or p4 == 3095 or p2 in (36, 38, 39):  # Diners Club
        return 14 <= n <= 19
    if p4 == 6011 or 644 <= p3 <= 649 or p2 in (62, 65) or 3528 <= p4 <= 3589 or 2200 <= p4 <= 2204:
        return 16 <= n <= 19  # Discover, UnionPay, JCB, Mir
    if p2 == 50 or 56 <= p2 <= 69:  # Maestro
        return 12 <= n <= 19
    return False


_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# A whole run of digit groups (never the tail of a longer one: a 22-digit tracking number
# holds many Luhn-valid 16-digit stretches).
_CARD = re.compile(r"(?<![\d-])(?<!\d[ -])\d(?:[ -]?\d){11,18}(?![ -]?\d)")
# Country code and check digits, then the BBAN, in any case (typed in lower case, the
# registry length, BBAN format and mod 97 still hold one time in thousands by chance).
# Between the characters a space (the paper format ISO 13616-1 prescribes and banks
# print: groups of four) or a dash (how people copy it into forms and messages,
# ``GB42-LOYD-7923-0083-6941-75``; the eighth corpus held 66). Not a dot: no bank prints
# one, and dotted digits are dates, versions and the BSN's 4.2.3 notation.
_IBAN = re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){11,30}\b")
_IBAN_SEPARATORS = frozenset(" -")
# Extension words: en, es, pt (extensão, ramal), it (interno), nl, de, fr, pl (wewn.).
_EXT = (
    r"(?P<ext>\s*,?\s*(?:ext\.?|x|extension|extensi[oó]n|extens[aã]o|ramal|interno|int\.|"
    r"toestel|durchwahl|dw\.?|poste|wewn\.?)\s*\d{1,6})?"
)
# Telephone numbers that carry their own evidence (a `+`/`00` prefix, an area code in
# brackets, a trunk 0 and groups (a last group of one digit only beside a phone word or a
# name: `one`), US 3-3-4; slashes between every group, ``0479/30/36/62``,
# ``020/8011/8767``: how Belgians, Germans and form-fillers copy a number, issue #17's
# eleventh corpus, never 8 digits, a date's length) and, as the `bare` group, forms that are only
# digits (0612345678, 2025550143, 612 345 678, Italy's 347-1458567) and the area code set
# apart by a slash without a trunk 0 (``93/939 26 30``, ``415/850 3786``): those count only
# beside a phone word, or where `_phones` finds their form evidence enough.
_PHONE = re.compile(
    r"(?<![\w+])(?<!\d[ .-])(?P<num>"
    r"(?:\+|\b0011[ .-]|\b00[ .-]?(?=[1-9])|\b011[ .-]|\b810[ .-])"
    r"\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}"
    r"(?:[ .-]?\d{2,8}){1,4}(?:[ .-]\d)?"
    r"|\(0?\d{2,5}\)[ .-]?\d{2,8}(?:[ .-]?\d{2,4}){0,3}"
    r"|0[1-9]\d{0,4}[ ./-]\d{2,8}(?:[ .-]\d{2,5}){0,3}(?P<one>[ .-]\d)?"
    r"|0[1-9]\d{0,4}/\d{2,8}(?:/\d{2,5}){1,3}"
    r"|(?:\b1[ .-])?\d{3}[.-]\d{3}[.-]\d{4}"
    r"|(?P<bare>0\d{7,12}|[2-9]\d{8,9}|[2-9]\d{2}[ .-]\d{6,7}"
    r"|[2-9]\d{2}(?P<sep>[ .-])\d{3}(?P=sep)\d{3}"
    r"|[2-9]\d{2} \d{3} \d{4}|[2-9]\d{2}(?P<s2>[ .-])\d{2}(?P=s2)\d{2}(?P=s2)\d{2}"
    r"|(?P<s324>[2-9]\d{2} \d{2} \d{4})"
    r"|[1-9]\d(?P<s3>[ .-])\d{3}(?P=s3)\d{2}(?P=s3)\d{2}"
    r"|[1-9]\d[ .-]\d{4,5}[ .-]\d{4}|[1-9][1-9]9\d{8}"
    r"|(?P<slash>[1-9]\d{1,3}/\d{2,5}(?:[ .-]\d{2,5}){1,3}|[1-9]\d{1,3}/\d{6,7}"
    r"|[1-9]\d{1,3}/\d{2,5}(?:/\d{2,5}){1,3}))"
    rf"){_EXT}(?![\w+])(?![ .:/-]?\d)",
    re.IGNORECASE,
)


def _said(text: str, start: int, end: int) -> tuple[int, int]:
    """Which words before `start` are the nearest phone word and the nearest other-number
    word (order, case …), -1 for none (`pii_words.nearest_labels`: the later one names the
    number); a phone word after the number counts as right beside it, unless an
    other-number word before already names it."""
    phone, other = nearest_labels(text, start, is_phone_word, phone=True)
    # Not over a label before the number: "Customer number 3812223560, quote it when
    # you call" names a customer number.
    if phone < 0 and other < 0 and phone_word_after(text, end):
        phone = CONTEXT  # beyond any word before
    return phone, other


def _emails(text: str) -> list[PiiMatch]:
    """Around each ``@`` only: a local part is at most 64 characters (RFC 5321)."""
    out: list[PiiMatch] = []
    done = 0  # where the last address ended: the next one starts after it
    at = text.find("@")
    while at >= 0:
        m = _EMAIL.search(text, max(done, at - 64), min(len(text), at + 256))
        if m is not None and m.start() <= at:
            out.append(PiiMatch("email", m.start(), m.end(), "email"))
            done = m.end()
        at = text.find("@", max(at + 1, done))
    return out


def _glued(text: str, a: int, b: int) -> bool:
    """Letters written onto the digits (``1ZPMR6189277014523``, ``…361DE``): one token of
    letters and digits (a tracking or part number), never how a card number is written."""
    return (a > 0 and text[a - 1].isalpha()) or (b < len(text) and text[b].isalpha())


def _card_named(text: str, a: int, b: int) -> bool:
    """A Luhn-valid number in a network's range at `text[a:b]` is a card unless it is
    glued to letters or the nearest label calls it another number
    (`pii_words.nearest_labels`, card mode: a library or transit card is another),
    except a reference word after a word saying a payment was made
    (`pii_words.settled_reference`)."""
    if _glued(text, a, b) or code_named(text, a, len(_digits(text[a:b]))):
        return False
    label, other = nearest_labels(text, a, is_card_word, card=True)
    # "deposit paid — ref 4111 …": a paid payment's reference is the card that paid it.
    return other <= label or settled_reference(text, a, other)


def _cards(text: str, s: int, hi: int) -> list[PiiMatch]:
    """Luhn-valid 12-19 digits in an issuer's range and length; not when the nearest label
    before it calls it a customer, order, case … number (a card word nearer wins):
    `_card_named`."""
    out = []
    for m in _CARD.finditer(text, s, hi):
        d = _digits(m.group())
        if card_brand_ok(d) and luhn_ok(d) and _card_named(text, m.start(), m.end()):
            out.append(PiiMatch("card", m.start(), m.end(), "luhn"))
    return out


# A card's expiry written right beside its number, in the same run of digit groups
# (``4111 1111 1111 1111 04/29``, ``04/2029 4111…``): the card pattern alone reads the
# month as more digits of the card and the Luhn check then fails. MM/YY or MM/YYYY, the
# month 01-12, separated from the card by spaces or a comma only. Or MM-YY (issue #17, the
# twelfth corpus: "here you go: 5421-3840-3788-5967 03-30", as Spanish and Portuguese
# writers date it: "vto. 08-29", "venc. 02-28").
_EXPIRY = r"(?:0[1-9]|1[0-2])(?: ?/ ?|-)(?:20)?\d{2}"
_CARD_DIGITS = r"\d(?:[ -]?\d){11,18}"
_CARD_THEN_EXPIRY = re.compile(
    rf"(?<![\d-])(?<!\d[ -])(?P<card>{_CARD_DIGITS})[ ,]+{_EXPIRY}(?![\d/])"
)
_EXPIRY_THEN_CARD = re.compile(rf"(?<![\d/]){_EXPIRY}[ ,]+(?P<card>{_CARD_DIGITS})(?![ -]?\d)")


# A card number read out or typed with dots between its groups (issue #17, the ninth corpus:
# "numéro de carte 5438.3134.5558.1551", "Kartennummer 6759.901.846.175", 24 of its cards):
# a first group of four (the network's IIN starts it, as the printed card does), then
# groups of one to six. Never a first group of one to three: ``1.234.567.890.123`` is a
# count with thousands dots, and no card is printed so. The checks are `_cards`' own.
# Six: American Express and Diners print 4-6-5 and 4-6-4, and a writer who dots one card
# dots those too (the eleventh corpus: "Kartennummer 3402.024667.68604", 19 of its cards).
_DOTTED_CARD = re.compile(r"(?<![\d.])\d{4}(?:\.\d{1,6}){2,4}(?!\.?\d)")


def _dotted_cards(text: str, s: int, e: int) -> list[PiiMatch]:
    """Cards written with dots in the run `text[s:e]` (`_DOTTED_CARD`)."""
    out = []
    for m in _DOTTED_CARD.finditer(text, s, e):
        d = _digits(m.group())
        ok = 12 <= len(d) <= 19 and card_brand_ok(d) and luhn_ok(d)
        if ok and _card_named(text, m.start(), m.end()):
            out.append(PiiMatch("card", m.start(), m.end(), "luhn_dots"))
    return out


def _dated_cards(text: str, s: int, hi: int) -> list[PiiMatch]:
    """A card number with its expiry beside it in one run (`_EXPIRY`), no word needed: a
    Luhn-valid number in a network's range and length next to a valid month is what a
    payment line is. Not when a customer, order … word names it (as `_cards`)."""
    out = []
    for pattern in (_CARD_THEN_EXPIRY, _EXPIRY_THEN_CARD):
        m = pattern.match(text, s, hi)
        if m is None:
            continue
        a, b = m.span("card")
        d = _digits(m.group("card"))
        if card_brand_ok(d) and luhn_ok(d) and _card_named(text, a, b):
            out.append(PiiMatch("card", a, b, "luhn_expiry"))
    return out


def _ibans(text: str, s: int) -> list[PiiMatch]:
    """The IBAN starting at `s`, if any."""
    out = []
    first = _IBAN.match(text, s)
    for m in () if first is None else (first,):
        # The pattern may run on into following words ("… 7654 32 thanks"): try the
        # registry length for the country (else every length, longest first).
        spots = [i for i in range(m.start(), m.end()) if text[i] not in _IBAN_SEPARATORS]
        compact = "".join(text[i] for i in spots).upper()
        want = _IBAN_LEN.get(compact[:2])
        lengths = [want] if want else range(min(34, len(compact)), 14, -1)
        for n in lengths:
            if n <= len(compact) and iban_ok(compact[:n]):
                out.append(PiiMatch("iban", m.start(), spots[n - 1] + 1, "mod97"))
                break
    return out


def _phones(text: str, s: int, hi: int, anchored: bool, regions: Sequence[str]) -> list[PiiMatch]:
    """The phone numbers starting at `s` (`anchored`), else anywhere in `text[s:hi]`:
    the pattern and the words around find a candidate, `pii_phone.phone_ok` (phonenumbers,
    the plan's `regions`) decides."""
    out = []
    if anchored:
        first = _PHONE.match(text, s, hi)
        if first is None and text[s] == "(":  # "(0612453805)", "(0044 23 9608 3981)"
            first = _PHONE.match(text, s + 1, hi)
        found: Iterable[re.Match[str]] = () if first is None else (first,)
    else:
        found = _PHONE.finditer(text, s, hi)
    for m in found:
        num = m.group("num")
        n = _idd_digits(num, len(_digits(num)))
        short = n == 8 and _SHORT_TRUNK.fullmatch(num) is not None
        if not (9 <= n <= 15 or short) or _IPV4.fullmatch(num):
            continue
        if code_named(text, m.start(), n):  # "IMEI du téléphone : 001324533533124"
            continue
        if "/" in num and (_SLASH_DATE.match(num) or _document_number(text, m.start(), num)):
            continue  # "05/06/2025/113": a date, then more; "FV/633/12/2025": a document's
        phone, other = _said(text, m.start(), m.end())
        # 9 digits without a country code is also a count, a date or an EIN: only beside
        # a phone word, like the forms that are only digits.
        # An extension (`x204`, `ext. 12`) is a phone's own mark, as a phone word is.
        # A last group of one digit ("Handy: 0711 719 46 4", issue #17, the thirteenth
        # corpus: German writers group from the left) may be a count after the number.
        weak = short or (
            (m.group("bare") or m.group("one") or (n == 9 and num[0] != "+")) and not m.group("ext")
        )
        if other > phone or (phone < 0 and m.group("s324")):
            # 3-2-4 is the SSN's own grouping: a phone so written ("richiamato al numero
            # 366 58 7603", issue #17, the twelfth corpus) only beside a phone word.
            continue
        if weak and phone < 0:
            # Without a phone word: only written in groups as its own country writes it.
            if other < 0 and not short and num[0] != "(" and written_as_national(num, regions):
                out.append(PiiMatch("phone", m.start(), m.end(), "phone_national"))
            elif (
                other < 0
                and text[max(0, m.start() - 2) : m.start()] in _DASHES
                and _TRUNK_COMPACT.fullmatch(num)
                and phone_ok(num, regions, True)
            ):  # set apart by a dash: "Klempner kommt nach 15 Uhr - 0408683042, falls …"
                out.append(PiiMatch("phone", m.start(), m.end(), "phone_aside"))
            elif (
                other < 0
                and (_set_apart(text, m.start(), m.end()) or try_before(text, m.start()))
                and phone_ok(num, regions, True)
            ):  # a field of its own between dashes ("Carro usado — 227805322 — só
                # dinheiro"), or the number someone is told to try ("essayez 0776388362")
                out.append(PiiMatch("phone", m.start(), m.end(), "phone_aside"))
            elif (
                other < 0
                and (
                    num[0] == "("
                    or (m.group("slash") and not _MONTH_YEAR.match(num) and not _YEAR.match(num))
                )
                and phone_ok(num, regions, True)
            ):
                # The area code set apart, in brackets or by a slash ("(675) 221 313",
                # "623/840 438", "06/4833 7152"): how a telephone number is written, and
                # valid in a region. Nine digits so written are no count or date.
                out.append(PiiMatch("phone", m.start(), m.end(), "phone_area"))
            elif (
                other < 0
                and person_beside(text, m.start(), m.end())
                and phone_ok(num, regions, strict=True)
            ):  # a person's own field in a record line ("Sarah Bos: 0706473034")
                out.append(PiiMatch("phone", m.start(), m.end(), "phone_person"))
            continue
        bare = m.group("bare") is not None or short or m.group("one") is not None
        if not (
            phone_ok(num, regions, strict=bare) or (phone >= 0 and not bare and _said_phone_ok(num))
        ):
            continue
        out.append(PiiMatch("phone", m.start(), m.end(), "phone"))
    return out


# Ten digits with a trunk 0, set apart from the sentence by a dash with spaces (issue #17:
# "Klempner kommt nach 15 Uhr - 0408683042, falls was ist", "Plumber said he'd be round
# after 3 - 0386485252 if you're stuck", "Frau Carta hat sich gemeldet - 0229531166 - und
# …"): a chat line's aside giving the number to ring, valid in a region and named nothing
# else. Compact ten digits starting 0[1-9] are how France, the Netherlands, Belgium's
# mobiles, Germany, Italy's landlines, Ireland, Switzerland and Australia write a national
# number; a reference padded with zeros starts 00. Only after the dash: the same digits
# after "Kamer 12:" may be anything. The nine development corpora's benign sentences hold
# 51 such ten-digit numbers, none set apart by a dash; allowing them anywhere altered one
# ("Contrat d'assurance n° 08420609874" at eleven digits), so: ten, and the dash.
# A month and year before more digits ("Stand 12/2024 3456 Stück"): a date, not an area code.
_MONTH_YEAR = re.compile(r"(?:0?[1-9]|1[0-2])/(?:19|20)\d\d(?!\d)")
_TRUNK_COMPACT = re.compile(r"0[1-9]\d{8}")
_DASHES = frozenset({"- ", "– ", "— "})
_DASHES_AFTER = frozenset({" -", " –", " —"})
# A day, a month and a year written with slashes, at the start of a slashed run: a date
# with more digits after it (a file number), never a phone's area code and groups.
_SLASH_DATE = re.compile(r"(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])/(?:19|20)\d\d")
# A year before a slash (``2024/567890``, a file number): not an area code.
_YEAR = re.compile(r"(?:19|20)\d\d/")
# A document's number, slashed (issue #17, the twelfth corpus: Polish invoices "Faktura VAT
# nr FV/633/12/2025", read as a slashed phone): a running number then the month and year
# it was issued in (``633/12/2025``, ``17/03/2026``), or a series' capitals written onto
# the digits by a slash or dash (``FV/633/…``, ``INV-2025/0042``, ``RE/4711/…``, ``WZ/…``).
# No telephone number ends in a month and a four-digit year or follows capitals so.
_MONTH_YEAR_END = re.compile(r"/(?:0?[1-9]|1[0-2])/(?:19|20)\d\d$")
_SERIES = re.compile(r"(?<![\w/-])[A-Z]{1,5}[/-]$")


def _document_number(text: str, a: int, num: str) -> bool:
    """The slashed candidate `num` at `text[a:]` is a document's number (`_SERIES`,
    `_MONTH_YEAR_END`), not a telephone number."""
    return _MONTH_YEAR_END.search(num) is not None or (
        _SERIES.search(text, max(0, a - 6), a) is not None
    )


def _set_apart(text: str, a: int, b: int) -> bool:
    """`text[a:b]` stands between two spaced dashes, a field of its own in a line
    (issue #17, the tenth corpus's small ads: "Carro usado, revisão feita — 227805322 — só
    dinheiro vivo", "ITV pasada — 915 039 939 — solo en efectivo"). Any grouping then,
    not only `_TRUNK_COMPACT`: a number so set apart and valid in a region is the one to
    ring (the ten corpora's benign sentences hold no 9-15 digits so, only dates and
    lottery draws, whose runs hold several numbers)."""
    return text[max(0, a - 2) : a] in _DASHES and text[b : b + 2] in _DASHES_AFTER


# Eight digits with a trunk 0, compact or in two groups (``06573220``, ``02 850003``,
# ``06-743602``): how Italy, Austria, Germany and Ireland write some landlines. Only beside
# a phone word or a person's name, and valid in a region (as the forms only of digits);
# never three groups (``06.07.2024``, a date, is one even after "Rückruf am").
_SHORT_TRUNK = re.compile(r"0[1-9]\d{0,4}[ -]?\d{3,7}")


# A dotted quad (10.106.26.10) is an IPv4 address, whatever words stand around it ("the
# projector answers on 10.106.26.10"): never a phone, though its digits may fall in a
# country's groups.
_IPV4 = re.compile(
    r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
)


def _said_phone_ok(num: str) -> bool:
    """A candidate the nearest label calls a phone number, written with an international
    prefix (``+``, or ``00`` then a digit: Europe's written form) or an area code in
    brackets: a phone number even where libphonenumber knows no such number (a typo, a
    range it does not know; the text says what it is, and the form is a phone's). Digits
    alone must still be valid in a plan region: a count or a time has their form, and the
    regions say whose numbers are read. (An ID with leading zeros after a phone word,
    "call id 0012345678", is redacted by this: a rare phrase, the price of ``00``.)"""
    return num[0] in "+(" or (num.startswith("00") and num[2:].lstrip(" .-")[:1] != "0")


# Runs of digit groups, as a person writes a number: `+44 (0)20 7946-0958`, `4111 1111 …`,
# `536-22-1234`, `1.234.567`. Every digit-based kind lies inside one run (its separators
# are among these), so each kind's pattern runs only at the runs with digits enough for
# it, never over the whole text: one scan of the text instead of ten.
# A run is ``[+(]?\d[\d ./()-]*``, written for speed: the lookahead gives `re` a set of
# first characters to skip to (the optional ``[+(]`` hides it), and for ASCII text ``\d``
# is ``[0-9]``, a set `re` tests quicker than the Unicode digit class (~4 → ~2 µs over a
# 100-character message).
_RUN_ASCII = re.compile(r"(?=[+(0-9])[+(]?[0-9][0-9 ./()-]*")
#: Public: what a run of digit groups is (`holdback.py` reads one more widely, with gaps).
NUMBER_RUN = re.compile(r"(?=[+(\d])[+(]?\d[\d ./()-]*")
_NOT_DIGIT = str.maketrans("", "", " ./-()+")
_DIGIT_KINDS = frozenset({"card", "iban", "national_id", "phone"})
_NO_WORDS: IdWords = (False, False, False)
_RANK = {k: i for i, k in enumerate(_PRIORITY)}
_US_ONE = ("1-", "1 ", "1.")  # 1-202-555-0143: the North American trunk prefix
# An international prefix is no digit of the number: a full number after Europe's 00
# (``0043 660 658931428``, ``0049 1579 037306667``: Austrian and German mobiles of 12 and
# 13 digits, issue #17, the thirteenth corpus) has up to 17 digits with it, 15 without; after
# Australia's 0011 (``0011 353 86 622 1434``), two more than after 00 (16 with the prefix).
_IDD4 = ("0011 ", "0011-", "0011.")


def _idd_digits(num: str, n: int) -> int:
    """`n`, the digits of `num`, without the two of a ``00`` prefix (or the two its
    ``0011`` prefix has beyond ``00``'s) when that takes it back to a phone's length
    (``0011-653551`` is a Turin number, 10 digits: counted as it is; ``0033 6 12 34 56 78``
    too, within a phone's length with its prefix)."""
    return n - 2 if n > 15 and (num.startswith(_IDD4) or num.startswith("00")) else n


def _phone_run(raw: str, n: int) -> bool:
    """Whether a run of `n` digits (its international prefix's extra digits not counted)
    may start a phone at its first character: only a ``+``, ``(``, trunk ``0`` or North
    American ``1-`` form starts a phone at another length than 9 or 10 (2025550143,
    612 345 678, 415-555-2671); a run longer than a phone may hold two."""
    return n <= 15 and (
        n <= 10
        or raw[0] in "+(0"
        or (n == 11 and (raw[:2] in _US_ONE or _BR_MOBILE.match(raw) is not None))
    )


# Brazil's mobiles, an area code then 9 and eight digits (``51982933173``, ``21 99048-1874``,
# ``11.91795.0338``): eleven digits without a trunk 0, read only as the bare forms are.
_BR_MOBILE = re.compile(r"[1-9][1-9][ ./-]?9")


# Where one run may hold two numbers: `4111 1111 1111 1111/12`, `0958  06 1234 5678`.
_PIECES = re.compile(r"[./()]|[ -]{2,}")
_ONE_NUMBER = re.compile(r"\d+(?:[ -]\d+)*")


def _one_number(raw: str) -> bool:
    """A run that is one number in groups (digits, single spaces or dashes between)."""
    return _ONE_NUMBER.fullmatch(raw) is not None


def _card_in(raw: str, d: str) -> bool:
    """Whether a run (`d`: its digits) could hold a card: checked on the digits alone, so
    the card pattern runs only where the checksum already holds."""
    if _one_number(raw):  # the whole run or nothing
        return 12 <= len(d) <= 19 and card_brand_ok(d) and luhn_ok(d)
    for piece in _PIECES.split(raw):  # each part
        p = piece.translate(_NOT_DIGIT)
        if 12 <= len(p) <= 19 and card_brand_ok(p) and luhn_ok(p):
            return True
    return False


_FIELD = re.compile(r"(?:[^/ -]|[/-](?! )|(?<! )[/-]| (?![/-] ))+")


def _ids_in_fields(text: str, s: int, raw: str, words: IdWords) -> list[tuple[str, int, int]]:
    """The identifiers in a run that is a record's fields set apart by `` / `` or `` - ``
    (``Name / 94081724462 / 18.02.2026``, ``Name / 206 37 0165 / 04/27/2025``, ``Name -
    28/10/1948 - 796 36 2826``): each field
    read as its own run, as the identifier's own checks (`find_ids`) still decide. Only for
    identifiers: a German phone is written ``030 / 1234567``, one number across the slash."""
    found: list[tuple[str, int, int]] = []
    for f in _FIELD.finditer(raw):
        piece = f.group()
        a = s + f.start() + (len(piece) - len(piece.lstrip()))
        piece = piece.strip()
        if piece and piece[0].isdigit() and piece[-1].isdigit():
            pn = len(piece.translate(_NOT_DIGIT))
            found += find_ids(text, a, a + len(piece), pn, words)
    return found


def _digit_kinds(text: str, wanted: set[str], regions: Sequence[str]) -> list[PiiMatch]:
    """Each kind's pattern, anchored at the runs of digits that could hold it."""
    cards, ibans, ids, phones = ("card" in wanted, "iban" in wanted, "national_id" in wanted,
                                 "phone" in wanted)  # fmt: skip
    words: IdWords | None = None  # `id_words`, read once a run needs them
    out: list[PiiMatch] = []
    end = len(text)
    for run in (_RUN_ASCII if text.isascii() else NUMBER_RUN).finditer(text):
        s, e = run.span()
        raw = run.group()
        if not raw[-1].isdigit():  # `2024-07-18. ` ends at its last digit
            raw = raw.rstrip(" ./()-")
            e = s + len(raw)
        d = raw.translate(_NOT_DIGIT)
        n = len(d)
        if n < 2:
            if ids and s >= 6 and text[s - 6 : s].isalpha():  # omocodia: RSSMRA|8|RTMLARSNO
                out += [PiiMatch("national_id", a, b, r) for r, a, b in find_ids(text, s, e, n)]
            continue
        if ibans and s >= 2 and text[s - 2 : s].isalpha():  # GB|82 WEST 1234 …
            out += _ibans(text, s - 2)
        if ids:
            if n >= 9 and words is None:  # `find_ids` reads them for 9 digits or more
                words = id_words(text)
            # A number in brackets ("(342-04-9172)"): read from its first digit.
            a = s + 1 if raw[0] == "(" else s
            found = find_ids(text, a, e, n, words or _NO_WORDS)
            if not found and (" / " in raw or " - " in raw):
                found = _ids_in_fields(text, s, raw, words or _NO_WORDS)
            out += [PiiMatch("national_id", a, b, r) for r, a, b in found]
        if n < 9 and not (n == 8 and phones and raw[0] == "0"):  # `_SHORT_TRUNK`
            continue
        if cards and n >= 12:
            if _card_in(raw, d):
                out += _cards(text, s, e + 1)
            elif n >= 15 and ("/" in raw or "-" in raw[-5:]):  # `4111 … 04/29`, `… 03-30`
                out += _dated_cards(text, s, e)
            if "." in raw:  # `4745.1602.6293.8511`
                out += _dotted_cards(text, s, e)
        if not phones:
            continue
        if n >= 9 and _SPOKEN.fullmatch(raw):  # "0 6 0 8 6 3 8 1 0 4"
            out += _spoken_phone(text, s, e, d, regions)
            continue
        # Only a `+`, `(`, trunk `0` or North American `1-` form starts a phone at another
        # length than 9 or 10 (2025550143, 612 345 678, 415-555-2671); a run longer than a
        # phone may hold two.
        if _phone_run(raw, _idd_digits(raw, n)):
            out += _phones(text, s, min(end, e + 24), anchored=True, regions=regions)
        elif n > 15 and not _one_number(raw):
            out += _phones(text, s, min(end, e + 24), anchored=False, regions=regions)
        # A dash with spaces around sets a number apart in a sentence ("after 3 - 0386 …",
        # "dopo le 15 - 06/4833 7152", "po 15 - 12.398.88.25"): the run then starts at the
        # hour before it. The number after the dash is read as its own run too.
        at = raw.find(" - ")
        while at >= 0:
            piece = raw[at + 3 :]
            pn = len(piece.translate(_NOT_DIGIT))
            if pn >= 8 and piece[0] in "+(0123456789" and _phone_run(piece, pn):
                ps = s + at + 3
                out += _phones(text, ps, min(end, e + 24), anchored=True, regions=regions)
            at = raw.find(" - ", at + 3)
    return out


# A telephone number read out digit by digit (issue #17, the twelfth corpus: "Rappeler
# Mathieu Benali au 0 6 0 8 6 3 8 1 0 4", "Tel: 3 6 6 7 7 8 2 0 7 3", "Telefonisch
# erreichbar unter 0 4 0 3 3 0 4 2 8 1"): single digits, one space (or the same dash or
# dot) between, 9-13 of them. Lottery draws and scores are written so too, so only beside a
# phone word, and the digits must be a valid number in a region.
_SPOKEN = re.compile(r"\d([ .-])\d(?:\1\d){7,11}")


def _spoken_phone(text: str, s: int, e: int, digits: str, regions: Sequence[str]) -> list[PiiMatch]:
    """The run `text[s:e]` of spoken digits (`_SPOKEN`) as a phone: a phone word names
    it (`_said`) and `digits` are valid in a region."""
    phone, other = _said(text, s, e)
    if phone < 0 or other > phone or not phone_ok(digits, regions, strict=True):
        return []
    return [PiiMatch("phone", s, e, "phone_spoken")]


_ANY_DIGIT = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    """Ten substring tests (C speed, ~1 µs per 4 kB); a regex only for non-ASCII text, whose
    digits may be other scripts' (`\\d` is Unicode-aware, like every pattern here)."""
    if text.isascii():
        return any(d in text for d in "0123456789")
    return _ANY_DIGIT.search(text) is not None


def find_pii(
    text: str, kinds: Iterable[str] = ALL_KINDS, regions: Sequence[str] = DEFAULT_REGIONS
) -> list[PiiMatch]:
    """Non-overlapping PII matches in `text`, in order of position; where two overlap, the
    kind earlier in `_PRIORITY` wins (a card number is not also a phone). `regions`: where
    a phone number without a country code is read (``controls.guardrails.pii.regions``)."""
    wanted = set(kinds)
    found = _emails(text) if "email" in wanted and "@" in text else []
    if wanted & _DIGIT_KINDS and _has_digit(text):
        gaps = close_gaps(text)
        if gaps is not None:  # "5567 0623  2336  6546": read once more, its gaps closed
            found += _across_gaps(gaps, wanted, regions)
        found += _digit_kinds(text, wanted, regions)
    if "national_id" in wanted:  # a codice fiscale may have no digit left (omocodia)
        found += [PiiMatch("national_id", a, b, r) for r, a, b in find_cf_letters(text)]
    if not found:
        return found
    found.sort(key=lambda m: (_RANK[m.kind], m.start))
    return _without_overlaps(found)


def _across_gaps(gaps: ClosedGaps, wanted: set[str], regions: Sequence[str]) -> list[PiiMatch]:
    """The digit kinds found in the text with its gaps closed (`pii_gaps`) that span a
    gap, as spans of the original text. Listed before the text's own reading: where both
    find one kind from the same start, the one across the gap wins."""
    return [
        PiiMatch(m.kind, *gaps.span(m.start, m.end), m.detail)
        for m in _digit_kinds(gaps.text, wanted, regions)
        if gaps.spans_gap(m.start, m.end)
    ]


def _without_overlaps(ranked: list[PiiMatch]) -> list[PiiMatch]:
    """Each match in `ranked` order that overlaps none taken before it, in order of
    position.

    The matches taken so far are kept sorted by start; being disjoint and not empty,
    their ends are in order too, so the one taken match that can overlap a new one is
    the last starting before the new one ends: one binary search per match, where
    comparing with every match taken cost ~0.4-1 ms on 4 kB dense with PII (~100-170
    matches). An empty match (none of the builtin patterns gives one) is compared with
    every match taken, as before."""
    if any(m.start >= m.end for m in ranked):
        taken: list[PiiMatch] = []
        for m in ranked:
            if all(m.end <= t.start or m.start >= t.end for t in taken):
                taken.append(m)
        taken.sort(key=lambda m: m.start)
        return taken
    starts: list[int] = []
    kept: list[PiiMatch] = []
    for m in ranked:
        i = bisect.bisect_left(starts, m.end)  # kept[:i] start before m ends
        if i and kept[i - 1].end > m.start:
            continue
        # No other taken match starts where m does (it would overlap m): insert after
        # those starting before m.
        j = bisect.bisect_left(starts, m.start)
        starts.insert(j, m.start)
        kept.insert(j, m)
    return kept


#: Finds PII in one string: the builtin detectors or Presidio's analyzer.
Finder = Callable[[str], list[PiiMatch]]


def redact(text: str, kinds: Iterable[str] = ALL_KINDS) -> tuple[str, list[PiiMatch]]:
    """`text` with every match replaced by ``[KIND]``, and the matches found."""
    return redact_with(text, partial(find_pii, kinds=tuple(kinds)))


def redact_with(text: str, find: Finder) -> tuple[str, list[PiiMatch]]:
    """`redact` with any finder; its matches must not overlap."""
    matches = find(text)
    if not matches:
        return text, matches
    parts: list[str] = []
    pos = 0
    for m in matches:
        parts.append(text[pos : m.start])
        parts.append(placeholder(m.kind))
        pos = m.end
    parts.append(text[pos:])
    return "".join(parts), matches


def redact_value(value: Any, kinds: Iterable[str]) -> tuple[Any, list[PiiMatch]]:
    """Redact every string inside a JSON-like value (dict keys are left as they are)."""
    return redact_value_with(value, partial(find_pii, kinds=tuple(kinds)))


def redact_value_with(value: Any, find: Finder) -> tuple[Any, list[PiiMatch]]:
    """`redact_value` with any finder (the Presidio engine uses this too)."""
    if isinstance(value, str):
        return redact_with(value, find)
    if isinstance(value, dict):
        found: list[PiiMatch] = []
        out: dict[Any, Any] = {}
        for k, v in value.items():
            if isinstance(k, str):  # a key can hold PII too: `{"jane@example.com": …}`
                k, f = redact_with(k, find)
                found += f
                while k in out:  # two keys redacted alike: keep both
                    k += "'"
            out[k], f = redact_value_with(v, find)
            found += f
        return out, found
    if isinstance(value, list | tuple):
        found = []
        items = []
        for v in value:
            r, f = redact_value_with(v, find)
            items.append(r)
            found += f
        return items, found
    return value, []


def summarize(matches: Iterable[PiiMatch]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in matches:
        counts[m.kind] = counts.get(m.kind, 0) + 1
    return counts


# --- Presidio -------------------------------------------------------------------------

_PLAN_PATH = "controls.guardrails.pii"
#: State-issued personal numbers: phaseone's `national_id`, whatever the country.
_NATIONAL_IDS = frozenset({
    "US_SSN", "US_ITIN", "UK_NHS", "UK_NINO", "CA_SIN", "ES_NIF", "ES_NIE", "IT_FISCAL_CODE",
    "PL_PESEL", "FI_PERSONAL_IDENTITY_CODE", "SE_PERSONNUMMER", "SG_NRIC_FIN", "AU_TFN",
    "IN_AADHAAR", "IN_PAN", "KR_RRN", "KR_FRN", "NG_NIN", "TH_TNIN", "TR_NATIONAL_ID",
    "ZA_ID_NUMBER", "DE_TAX_ID", "DE_SOCIAL_SECURITY", "PH_UMID",
})  # fmt: skip
_PRESIDIO_KINDS = {
    "EMAIL_ADDRESS": "email",
    "EMAIL": "email",
    "PHONE_NUMBER": "phone",
    "ZA_MOBILE_NUMBER": "phone",
    "ZA_TELEPHONE_NUMBER": "phone",
    "CREDIT_CARD": "card",
    "IBAN_CODE": "iban",
    **dict.fromkeys(_NATIONAL_IDS, "national_id"),
}
# Presidio's own NER settings (presidio_analyzer/conf/default.yaml), which its default
# engine would have used: spaCy's labels mapped to Presidio's types, the rest ignored
# (ORGANIZATION only unless asked for by name: Presidio finds it has many false positives).
_NER_MAPPING = {
    "PER": "PERSON", "PERSON": "PERSON", "NORP": "NRP", "FAC": "LOCATION", "LOC": "LOCATION",
    "GPE": "LOCATION", "LOCATION": "LOCATION", "ORG": "ORGANIZATION",
    "ORGANIZATION": "ORGANIZATION", "DATE": "DATE_TIME", "TIME": "DATE_TIME",
}  # fmt: skip
_NER_IGNORE = (
    "ORGANIZATION", "CARDINAL", "EVENT", "LANGUAGE", "LAW", "MONEY", "ORDINAL", "PERCENT",
    "PRODUCT", "QUANTITY", "WORK_OF_ART",
)  # fmt: skip
_LEMMA_SHIM = "phaseone_lowercase_lemma"


def presidio_kind(entity_type: str) -> str:
    """phaseone's kind for a Presidio entity type, else the type in lower case."""
    return _PRESIDIO_KINDS.get(entity_type, entity_type.lower())


def _plan_error(field: str, message: str, fix: str) -> Exception:
    return PlanError([PlanIssue(message, path=f"{_PLAN_PATH}.{field}", fix=fix)])


def _import_presidio() -> None:
    """Fail when the guard is built, not on the first request, if the extra is missing."""
    feature = f"the Presidio PII engine ({_PLAN_PATH}.engine: presidio)"
    try:
        import presidio_analyzer  # noqa: F401
        import spacy  # noqa: F401
        import tldextract  # noqa: F401
    except ImportError as exc:
        raise MissingExtraError(feature, "presidio", exc.name or "presidio_analyzer") from exc


def _lowercase_lemmas(doc: Any) -> Any:
    for token in doc:
        if not token.lemma_:
            token.lemma_ = token.lower_
    return doc


def _load_nlp(model: str | None) -> Any:
    """The spaCy pipeline, never downloaded: Presidio's default engine would fetch
    ``en_core_web_lg`` when it is missing, so phaseone loads the pipeline itself.

    Without a lemmatizer (a blank pipeline) every lemma is empty and Presidio's context
    words ("phone", "card") never match; lower-cased words stand in for lemmas.
    """
    import spacy
    from spacy.language import Language

    if model is None:
        nlp = spacy.blank("en")
    else:
        try:
            nlp = spacy.load(model)  # an installed package or a directory; no network
        except (OSError, ImportError, ValueError) as exc:
            raise _plan_error(
                "presidio_model",
                f"the spaCy model {model!r} cannot be loaded: {exc}",
                f"install it first (e.g. `pip install` its wheel, or `python -m spacy download"
                f" {model}` on a machine with network access; phaseone never downloads a"
                " model), or remove `presidio_model` to use pattern recognizers only",
            ) from None
    if "lemmatizer" not in nlp.pipe_names:
        if not Language.has_factory(_LEMMA_SHIM):
            Language.component(_LEMMA_SHIM, func=_lowercase_lemmas)
        nlp.add_pipe(_LEMMA_SHIM, last=True)
    return nlp


def _offline_email_recognizer() -> Any:
    """Presidio's e-mail recognizer, checking domains against tldextract's bundled
    public-suffix snapshot: its default `tldextract.extract` fetches the list from the
    internet on first use (and waits for it). No URL and no disk cache: never a request.
    """
    import tldextract
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    extract = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)
    extract("example.com")  # parse the snapshot now, not on the first request

    class OfflineEmailRecognizer(EmailRecognizer):
        def validate_result(self, pattern_text: str) -> bool:
            return bool(extract(pattern_text).fqdn)

    return OfflineEmailRecognizer()


def _close(word: str, options: Iterable[str]) -> str:
    by_upper = {o.upper(): o for o in options}
    found = difflib.get_close_matches(word.upper(), list(by_upper), n=1, cutoff=0.6)
    return f"did you mean `{by_upper[found[0]]}`? " if found else ""


class PresidioAdapter:
    """Microsoft Presidio's analyzer as a `Finder` (``engine: presidio``).

    Built once per guard; English only. Offline always: the spaCy pipeline is loaded by
    phaseone (`_load_nlp`), and the e-mail recognizer checks domains without the network.
    `entities` None means every type Presidio's English recognizers detect.
    """

    def __init__(
        self, entities: Sequence[str] | None = None, model: str | None = None, score: float = 0.4
    ) -> None:
        _import_presidio()
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

        wanted = set(entities or ())
        ner = NerModelConfiguration(
            model_to_presidio_entity_mapping=dict(_NER_MAPPING),
            labels_to_ignore=[label for label in _NER_IGNORE if label not in wanted],
        )
        nlp_engine = SpacyNlpEngine(
            models=[{"lang_code": "en", "model_name": model or "blank:en"}],
            ner_model_configuration=ner,
        )
        # Already loaded, so AnalyzerEngine never calls load() (which may download a model).
        nlp_engine.nlp = {"en": _load_nlp(model)}  # type: ignore[assignment]
        self._engine = AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])
        self._engine.registry.remove_recognizer("EmailRecognizer")
        self._engine.registry.add_recognizer(_offline_email_recognizer())
        self.entities = list(entities) if entities is not None else None
        self.score = score
        self._check_entities(model is not None)
        self.find("warm up: a@example.com")  # recognizers load lazily; do it now

    def _check_entities(self, has_model: bool) -> None:
        """Presidio ignores unknown entity types with a log line; a plan must not."""
        from presidio_analyzer.predefined_recognizers import SpacyRecognizer

        if not self.entities:
            return
        recognizers = self._engine.registry.recognizers
        supported = set(self._engine.get_supported_entities("en"))
        patterns = {
            e
            for r in recognizers
            if not isinstance(r, SpacyRecognizer)
            for e in r.get_supported_entities()
        }
        for entity in self.entities:
            if entity not in supported:
                raise _plan_error(
                    "presidio_entities",
                    f"Presidio has no English recognizer for {entity!r}",
                    f"{_close(entity, supported)}supported: {', '.join(sorted(supported))}",
                )
            if entity not in patterns and not has_model:
                raise _plan_error(
                    "presidio_entities",
                    f"{entity} is found by a spaCy NER model, and `presidio_model` is not set",
                    "set `presidio_model` to an installed spaCy pipeline (e.g. en_core_web_lg),"
                    f" or drop {entity}",
                )

    def find(self, text: str) -> list[PiiMatch]:
        """Non-overlapping matches in order of position (kind: see `presidio_kind`)."""
        if self.entities == [] or not text.strip():
            return []  # Presidio reads `entities=[]` as "every entity"
        results = self._engine.analyze(
            text=text, language="en", entities=self.entities, score_threshold=self.score
        )
        scored = [
            (r.score, PiiMatch(presidio_kind(r.entity_type), r.start, r.end, r.entity_type.lower()))
            for r in results
        ]
        return _non_overlapping(scored)


def _non_overlapping(scored: Iterable[tuple[float, PiiMatch]]) -> list[PiiMatch]:
    """Higher score first, then the longer span: a URL inside an address loses to it."""
    taken: list[PiiMatch] = []
    ranked = sorted(scored, key=lambda sm: (-sm[0], sm[1].start - sm[1].end, sm[1].start))
    for _, m in ranked:
        if all(m.end <= t.start or m.start >= t.end for t in taken):
            taken.append(m)
    taken.sort(key=lambda m: m.start)
    return taken


# --- the stage ------------------------------------------------------------------------


class PiiStage:
    """The plan's PII guardrail: what the target sees and what a trace stores.

    ``redact``: both get the redacted input. ``block``: 422 ``pii_blocked`` (the trace
    stores the redacted input). ``flag``: the target sees the input as sent, the finding
    is recorded, and the trace stores it redacted unless `redact_traces` is false.
    `finder` replaces the builtin detectors (and `kinds`), e.g. `PresidioAdapter.find`.
    """

    def __init__(
        self,
        action: str,
        kinds: Iterable[str],
        redact_traces: bool = True,
        *,
        finder: Finder | None = None,
        regions: Sequence[str] = DEFAULT_REGIONS,
    ) -> None:
        self.action = action
        self.kinds = tuple(kinds)
        self.redact_traces = redact_traces
        #: True when detection is slow enough (Presidio: 0.3–3 ms) that the guard runs it
        #: on a worker thread rather than stall every other request on the event loop.
        self.offload = finder is not None
        if finder is None and self.kinds:
            finder = partial(find_pii, kinds=self.kinds, regions=tuple(regions))
        self._find = finder
        #: Messages already read, per key: (the redacted text or None, the matches).
        self.seen: SeenTexts[tuple[str | None, tuple[PiiMatch, ...]]] = SeenTexts()

    @property
    def finder(self) -> Finder | None:
        """What finds PII for this plan (builtin kinds or Presidio), whatever the input
        `action`: the output guardrail scans answers with the same engine."""
        return self._find

    @classmethod
    def from_plan(cls, cfg: PiiGuardrail) -> PiiStage:
        """The stage for ``controls.guardrails.pii``; builds Presidio's analyzer once, here,
        so a missing extra or model fails `phaseone serve` at startup."""
        if cfg.engine != "presidio" or cfg.action == "off":
            return cls(cfg.action, cfg.kinds, cfg.redact_traces, regions=cfg.regions)
        adapter = PresidioAdapter(cfg.presidio_entities, cfg.presidio_model, cfg.presidio_score)
        return cls(cfg.action, (), cfg.redact_traces, finder=adapter.find)

    def apply(self, input: Any, key: str | None = None) -> tuple[Any, Any, dict[str, Any] | None]:
        """(input for the target, input for the trace, finding or None).

        `key`: the API key's name when the input is a conversation (a list of message
        contents): each message is then read once per key (`seen_texts`), as a chat app
        resends its system prompt and history with every turn."""
        if self.action == "off" or self._find is None:
            return input, input, None
        if key is not None and not self.offload and is_messages(input):
            redacted, matches = self._redact_messages(input, key, self._find)
        else:
            redacted, matches = redact_value_with(input, self._find)
        if not matches:
            return input, input, None
        kinds = summarize(matches)
        finding: dict[str, Any] = {"type": "pii", "action": self.action, "kinds": kinds}
        if self.action == "block":
            exc = Blocked(
                f"the input contains PII ({', '.join(sorted(kinds))})",
                code="pii_blocked",
            )
            exc.finding = finding
            exc.stored_input = redacted  # type: ignore[attr-defined]
            raise exc
        if self.action == "redact":
            return redacted, redacted, finding
        return input, (redacted if self.redact_traces else input), finding

    def _redact_messages(
        self, contents: list[str], key: str, find: Finder
    ) -> tuple[list[str], list[PiiMatch]]:
        """`redact_value_with` for a list of message contents, each read at most once per
        key while it stays in `seen` (the same answer: a message with nothing found is
        passed on as the very string received)."""
        items: list[str] = []
        found: list[PiiMatch] = []
        seen = self.seen
        for text in contents:
            known = seen.get(key, text)
            if known is None:
                redacted, matches = redact_with(text, find)
                known = (redacted if matches else None, tuple(matches))
                seen.put(key, text, known)
            items.append(text if known[0] is None else known[0])
            found.extend(known[1])
        return items, found

    def redact_for_trace(self, value: Any) -> Any:
        if self.action == "off" or not self.redact_traces or self._find is None:
            return value
        return redact_value_with(value, self._find)[0]
