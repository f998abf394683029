"""National identifiers for the builtin PII engine (`pii.py`'s ``national_id`` kind): a fast
candidate scan per country's format, then python-stdnum's validator for that identifier on
the candidates only, so a number that only looks like an identifier is left alone.

| rule | candidate | validated by | context |
|---|---|---|---|
| ``us_ssn`` | ``123-45-6789`` | ``stdnum.us.ssn`` (never-issued parts; SSA's list) | no |
| ``us_ssn`` | ``123 45 6789`` (its own 3-2-4 groups) | the same | no (⁴) |
| ``us_ssn`` | ``123456789`` | the same | yes |
| ``uk_nino`` | ``AB 12 34 56 C`` | ``nino_ok``: HMRC's published prefix and suffix rules (¹) | no |
| ``nl_bsn`` | 9 digits, ``1234.56.782``, ``123 456 782`` | ``stdnum.nl.bsn`` (11-proof) | yes (⁴) |
| ``de_idnr`` | 11 digits (Steuer-ID) | ``stdnum.de.idnr`` (MOD 11,10, a repeated digit) | (³) |
| ``fr_nir`` | 15 characters (sex, year, month, …) | ``stdnum.fr.nir`` (the mod-97 key) | no |
| ``es_dni`` | ``12345678Z``, ``12.345.678-Z`` | ``stdnum.es.dni`` (the mod-23 letter) | no |
| ``es_nie`` | ``X1234567L`` | ``stdnum.es.nie`` | no |
| ``it_cf`` | ``RSSMRA85T10A562S``, ``RSSMRA85T1LARSNR`` | ``stdnum.it.codicefiscale`` | no (²) |

(¹) python-stdnum 2.2 has no UK NINO module.
(²) A codice fiscale with every digit replaced (omocodia after seven clashes,
``RSSMRAURTMLARSNL``) has no digit for the scan to start from: it is looked for only in a
text that names a codice fiscale (``codice fiscale``, ``CF`` …), as a scan of every text for
16 capitals would cost ~100 µs per 4 kB of prose.

Why a library: issue #17 and the project's rule, well-kept validators over our own; stdnum
costs 3–10 µs a call, and it is only called on a candidate the pattern already found.

Why context for the BSN and loose SSN: a bare 9-digit number passes the 11-proof one time
in eleven, so every order number, Unix time or routing number would be redacted one time
in eleven. They count only with a word that names them (``BSN``, ``SSN`` …) within a few
words either side; the others carry enough structure (separators, letters, a 1-in-97 key)
to stand alone.

(³) The Steuer-ID's check is that strong too: one digit twice or three times in the first
ten, the others once, and the MOD 11,10 digit; 0.37% of 200,000 random 11-digit numbers
pass (about 1 in 270, where Luhn and a card network's ranges pass about 1 in 15). So 11
digits alone count without a word, unless an order, customer … word names them
(`pii_words`); with a Steuer-ID word (``Steuer-ID``, ``IdNr`` …) nearby, also inside a longer
run of digits.

(⁴) Issue #17, numbers no word names: an SSN spaced in its 3-2-4 groups counts like the
dashed form (not beside a phone word: ``089 12 3456``); a BSN without a BSN word counts in a
Dutch sentence (`_dutch_near`), compact or dotted, unless a label names it (in threes only
with the word: a count is written so). Any SSN form gives way to a part, article … label.
"""

from __future__ import annotations

import re

from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.us import ssn

from phaseone.guard.pii_words import (
    is_phone_word,
    is_ssn_word,
    mine_before,
    nearest_labels,
    never,
    owner_after,
    person_beside,
    said_otherwise,
)

#: (rule, start, end) of one identifier in the text.
IdSpan = tuple[str, int, int]

_SSN = re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")
# Without dashes (spaces or none): the SSN's checks refuse few 9-digit numbers, so only
# beside a word naming it.
_SSN_LOOSE = re.compile(r"(?<![\w-])(?<!\d[.,])\d{3} ?\d{2} ?\d{4}(?![\w-])(?![.,]\d)")
# Spaced in the SSN's own 3-2-4 groups, as on the card (no phone, count or date is written
# so): like the dashed form, no word needed.
_SSN_SPACED = re.compile(r"(?<![\w-])(?<!\d[ .,])\d{3} \d{2} \d{4}(?![\w-])(?![ .,]\d)")
# Two letters, three pairs of digits, a suffix letter; `nino_ok` applies HMRC's rules.
_NINO = re.compile(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Z]\b", re.IGNORECASE)
# Digits standing alone (not inside 1.234.567.890, a hash or a longer number); a BSN may
# end a sentence ("… is 123456782.").
# Or in the 4.2.3 groups of the Dutch authorities' own notation (1234.56.782).
# Or in groups of three, as people read it out (292 799 093): only with a BSN word, as a
# count is written so too.
_BSN = re.compile(
    r"(?<![\w-])(?<!\d[.,])(?<!\d )(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3} \d{3} \d{3})"
    r"(?![\w-])(?![., ]\d)"
)
# Also in the groups of four slashed fields a form prints it in (58/347/682/017), and in
# threes from the left with the check pair last (issue #17, the twelfth corpus: "Steuer-ID:
# 110 849 562 73", "Claudia Wagner; 16.01.1994; 421 468 957 08"), as people copy it from
# the letter in threes.
_IDNR = re.compile(
    r"(?<![\w+(/-])(?<!\d\.)(?<!\d )"
    r"(?:[1-9]\d(?:(?: ?\d{3}){3}|(?:/\d{3}){3})|[1-9]\d{2}(?: \d{3}){2} \d{2})"
    r"(?![\w/-])(?!\.\d)(?! \d)"
)
# The key may follow a dash (issue #17, the tenth corpus: "1 80 01 39 900 089-11", as the
# carte Vitale's paper forms set the key apart).
_NIR = re.compile(
    r"(?<![\w-])[1-478] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3}[ -]?\d{2}(?![\w-])",
    re.IGNORECASE,
)
_DNI = re.compile(
    r"(?<![\w.-])(?:\d{8}|\d{2}\.\d{3}\.\d{3}|[XYZ][ -]?\d{7})[ -]?[A-Z](?![\w-])", re.IGNORECASE
)
_CF_DIGIT = "[0-9LMNPQRSTUV]"  # omocodia: a digit replaced by a letter when two codes clash
_CF = re.compile(
    rf"\b[A-Z]{{6}}{_CF_DIGIT}{{2}}[ABCDEHLMPRST]{_CF_DIGIT}{{2}}[A-Z]{_CF_DIGIT}{{3}}[A-Z]\b",
    re.IGNORECASE,
)
# Spaced as people copy it from the card: 3-3-5-5 (RSS MRA 85T10 A562S) or 6-5-5.
_CF_SPACED = re.compile(
    rf"\b[A-Z]{{3}} ?[A-Z]{{3}} {_CF_DIGIT}{{2}}[ABCDEHLMPRST]{_CF_DIGIT}{{2}} "
    rf"[A-Z]{_CF_DIGIT}{{3}}[A-Z]\b",
    re.IGNORECASE,
)
# Every digit replaced by its omocodia letter: found only in a text naming a codice fiscale.
_CF_LETTERS = re.compile(
    r"\b[A-Z]{6}[L-NP-V]{2}[ABCDEHLMPRST][L-NP-V]{2}[A-Z][L-NP-V]{3}[A-Z]\b", re.IGNORECASE
)
_CF_WORDS = (
    "codice fiscale", "codicefiscale", "cod. fisc", "c.f.", "cf", "fiscal code", "tax code",
)  # fmt: skip
# The SSN's own names, and the generic names a form gives a person's state number
# ("social insurance number", "taxpayer identification number", "government ID number";
# "tax ID number", the ninth corpus's payroll form: a person's tax ID in the US is the SSN;
# an employer's EIN is printed 12-3456789, and a compact one so named is redacted too, an
# extra [NATIONAL_ID] where the other error leaks a person's SSN).
# The same generic names in the other languages served, and the shorter forms a form's
# line uses (issue #17, the eleventh corpus: "payroll needs his tax ID: 467403767",
# "identity number 167208950", "numero identificativo 378321262", "fiscaal nummer
# 702406405", "número de segurança social 915767326", "dokumentu tożsamości: 495868553";
# the eighth's and ninth's "Steuer-ID 557065951", "numer identyfikacji podatkowej",
# "numeru identyfikacyjnego"): a number a text calls a person's identity, tax or social
# security number is a national identifier, whichever country's. Read for nine digits only
# (compact, or the SSN's own groups), and checked as before (the SSN's rules, or the
# 11-proof for a BSN so named).
_SSN_WORDS = re.compile(
    r"\b(?:ssn|social security(?: number| no\.?)?|social insurance(?: number)?|"
    r"national insurance(?: number| no\.?)?|"
    r"taxpayer identification|tax id(?:entification)?(?: (?:number|no))?|tax number|"
    r"(?:national |personal )?identi(?:fication|ty) (?:number|no)|"
    r"(?:government|national|personal) id(?:entity)? (?:number|no)|steuer[\s-]?id|"
    r"sozialversicherungs\w*|steuernummer|identifikationsnummer|identiteitsnummer|"
    r"identificatienummer|fiscaal nummer|sociale zekerheid|"
    r"num[ée]ro d.identi\w+|num[ée]ro fiscal|s[ée]curit[ée] sociale|"
    r"n[úu]mero de identifica\w+|identifica\w+ fiscal|n[úu]mero fiscal|seguridad social|"
    r"seguran[çc]a social|numero identificativo|numero di identificazione|numero fiscale|"
    r"previdenza sociale|codice fiscale|numer\w* identyfikac\w+|identyfikacji podatkowej|"
    r"dokument\w* tożsamości|ubezpieczenia społecznego)(?!\w)",
    re.IGNORECASE,
)
# The Dutch passport and identity card print the BSN (as "persoonsnummer"): a 9-digit
# number passing the 11-proof copied "van mijn paspoort" is it ("paspoortnummer", the
# document's own number, has letters and is no match: whole words only).
_BSN_WORDS = re.compile(
    r"\b(?:bsn|burger\s?service\s?nummer|sofi(?:nummer)?|citizen service number|"
    r"persoonsnummer|paspoort|identiteitskaart)\b",
    re.IGNORECASE,
)
_IDNR_WORDS = re.compile(
    r"\b(?:steuer[\s-]?id(?:entifikationsnummer)?|steuer[\s-]?identifikationsnummer|idnr|"
    r"identifikationsnummer|tax[\s-]?id|tin)\b",
    re.IGNORECASE,
)
#: How far (characters) either side of a number a naming word may stand.
CONTEXT = 40


def bsn_ok(digits: str) -> bool:
    """Dutch BSN: python-stdnum's `nl.bsn` (the 11-proof)."""
    return bsn.is_valid(digits)


def _eleven_proof(digits: str) -> bool:
    """The BSN's 11-proof on 9 ASCII digits, inline: a number-heavy text has a dozen
    9-digit numbers and stdnum's `bsn.is_valid` costs ~8 µs each; it still decides on
    the one in eleven that passes this."""
    if len(digits) != 9 or not digits.isdigit() or not digits.isascii():
        return True  # let stdnum decide
    total = sum(w * int(c) for w, c in zip(range(9, 1, -1), digits, strict=False))
    return (total - int(digits[8])) % 11 == 0


def de_idnr_ok(digits: str) -> bool:
    """German Steuer-ID: python-stdnum's `de.idnr` (one digit repeated two or three times in
    the first ten, ISO 7064 MOD 11,10)."""
    return idnr.is_valid(digits)


def nir_ok(raw: str) -> bool:
    """French NIR: python-stdnum's `fr.nir` (the mod-97 key, Corsica's 2A/2B)."""
    return nir.is_valid(raw)


def dni_ok(raw: str) -> bool:
    """Spanish DNI (8 digits) or NIE (X/Y/Z + 7 digits): python-stdnum's `es.dni` and
    `es.nie` (the mod-23 letter)."""
    if raw[:1].upper() in _NIE_LETTERS:
        return nie.is_valid(raw)
    return dni.is_valid(raw)


def codice_fiscale_ok(raw: str) -> bool:
    """Italian codice fiscale: python-stdnum's `it.codicefiscale` (the check letter, the
    birth date, omocodia)."""
    return codicefiscale.is_valid(raw)


def ssn_ok(raw: str) -> bool:
    """US SSN: python-stdnum's `us.ssn` (never-issued areas, groups and serials, and the
    numbers SSA lists as invalid, such as 078-05-1120 from a wallet insert)."""
    return ssn.is_valid(raw)


#: HMRC's rules for a National Insurance number's prefix (NIM39110): neither letter D, F, I,
#: Q, U or V, the second not O, and seven pairs never allocated; the suffix A, B, C or D.
_NINO_NEVER_FIRST = frozenset("DFIQUV")
_NINO_NEVER_SECOND = frozenset("DFIOQUV")
_NINO_NEVER_PREFIX = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def nino_ok(raw: str) -> bool:
    """UK National Insurance number (``AB 12 34 56 C``): HMRC's published prefix and suffix
    rules (python-stdnum 2.2 has no NINO module). There is no check digit: these rules are
    all that tells a NINO from two letters, six digits and a letter."""
    v = raw.replace(" ", "").upper()
    if len(v) != 9 or not (v[:2].isalpha() and v[2:8].isdigit() and v[8] in "ABCD"):
        return False
    return (
        v[0] not in _NINO_NEVER_FIRST
        and v[1] not in _NINO_NEVER_SECOND
        and v[:2] not in _NINO_NEVER_PREFIX
    )


def _named(text: str, start: int, end: int, words: re.Pattern[str]) -> bool:
    return words.search(text, max(0, start - CONTEXT), min(len(text), end + CONTEXT)) is not None


# Substrings one of which every `_SSN_WORDS` name holds (lower case): tested on the text
# (`id_words`) and on a number's window (`_ssn_named`) before the pattern, whose ~40
# alternatives cost ~10 µs per window where these cost ~1.
_SSN_HINTS = (
    "ssn", "social", "sozial", "identi", "identy", " id", "tax", "fisca", "steuer",
    "insurance", "curit", "segur", "previdenza", "tożsamo", "społ",
)  # fmt: skip


def _ssn_named(text: str, start: int, end: int) -> bool:
    """An `_SSN_WORDS` name in the `CONTEXT` characters either side of a number."""
    lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    window = text[lo:hi].lower()
    return any(h in window for h in _SSN_HINTS) and _SSN_WORDS.search(window) is not None


def _compact(s: str) -> str:
    return s.replace(" ", "")


#: (a BSN word, a Steuer-ID word, an SSN word) may be in a text: `id_words`.
IdWords = tuple[bool, bool, bool]

# Words only Dutch has among the languages served (not "van" or "de": names and French
# have them): a number with one near it is in a Dutch sentence (`_dutch_near`).
_DUTCH = re.compile(
    r"\b(?:het|een|mijn|uw|niet|wordt|naar|zijn|ook|bij|werknemer|medewerker|"
    r"loonadministratie|salarisadministratie|geboren|geboortedatum|graag|alstublieft|"
    r"bedankt|hierbij|onze|"
    # Dutch-only words of a form or a letter (issue #17, the tenth corpus: "Volgens de
    # brief van de gemeente: 549001840", "Inschrijfformulier kinderopvang, ouder 1"):
    # none is a word of the other languages served.
    r"volgens|gemeente|ouder|voor|deze|uit|heeft|hebben|alleen|wij|inschrijf\w*)\b",
    re.IGNORECASE,
)


def _dutch_near(text: str, start: int, end: int) -> bool:
    """A Dutch word in the `2 * CONTEXT` characters either side of a number: asked only
    for a 9-digit number that passed the 11-proof, so a text pays for it rarely."""
    lo, hi = max(0, start - 2 * CONTEXT), min(len(text), end + 2 * CONTEXT)
    return _DUTCH.search(text, lo, hi) is not None


def _bsn_context(text: str, start: int, end: int, value: str) -> bool:
    """A checksum-valid BSN no BSN word names: in the Dutch authorities' own 4.2.3
    notation (1234.56.782), or compact in a Dutch sentence (`_dutch_near`), or in any
    form beside a person's name in a record line (`person_beside`); never when an order,
    case … label names it. Groups of three alone are a count (235 521 134 units)."""
    if said_otherwise(text, start, never) and not owner_after(text, end):
        return False
    return (
        "." in value
        or (" " not in value and _dutch_near(text, start, end))
        or person_beside(text, start, end)
        or (" " not in value and mine_before(text, start))
    )


def id_words(text: str) -> IdWords:
    """(a BSN word, a Steuer-ID word, an SSN word) may be in `text`: plain substring tests,
    so the context-bound identifiers cost nothing in a text that names none."""
    low = text.lower()
    bsn = any(
        w in low
        for w in (
            "bsn",
            "burger",
            "sofi",
            "citizen service",
            "persoonsnummer",
            "paspoort",
            "identiteitskaart",
        )
    )
    idnr = any(w in low for w in ("steuer", "idnr", "identifikationsnummer", "tax", "tin"))
    ssn = any(w in low for w in _SSN_HINTS)
    return bsn, idnr, ssn


def find_cf_letters(text: str) -> list[IdSpan]:
    """Codici fiscali with every digit replaced (omocodia), which the digit scan cannot
    start from: only in a text naming a codice fiscale (substring tests first, so other
    text pays ~1 µs, not the ~100 µs a scan of 4 kB for 16 capitals costs)."""
    if not any(w in text for w in _CF_HINTS):
        return []
    low = text.lower()
    if not any(w in low for w in _CF_WORDS):
        return []
    return [
        ("it_cf", m.start(), m.end())
        for m in _CF_LETTERS.finditer(text)
        if codice_fiscale_ok(m.group())
    ]


def find_ids(
    text: str, s: int, e: int, n: int, words: IdWords = (True, True, True)
) -> list[IdSpan]:
    """The national identifiers at one run of digit groups (`text[s:e]`, `n` digits; see
    `pii.find_pii`), as (rule, start, end); may overlap. Each pattern runs only where the run
    could hold it (its digit count, the letters an identifier has around its digits) and
    is anchored there: a number-heavy text has a hundred runs, so no run may cost a scan.
    `words`: `id_words(text)`."""
    found: list[re.Match[str] | None] = []
    if n < 8:
        if n <= 2 and s >= 6 and text[s - 6 : s].isalpha():  # RSSMRA|85|T10A562S, RSSMRA|8|R…
            found.append(_CF.match(text, s - 6))
        elif n <= 2 and s >= 7 and text[s - 1] == " " and text[s - 4 : s - 1].isalpha():
            # RSS MRA |85|T10 A562S, RSSMRA |85|T10 A562S
            back = 8 if text[s - 5] == " " else 7
            found.append(_CF_SPACED.match(text, max(0, s - back)))
        elif n == 6 and s >= 2 and text[max(0, s - 3) : s].replace(" ", "")[-2:].isalpha():
            found.append(_NINO.match(text, s - 3 if text[s - 1] == " " else s - 2))  # AB |12 34 56|
        elif (
            n == 7
            and s >= 1
            and text[max(0, s - 2) : s].lstrip("([").strip(" -").upper() in _NIE_LETTERS
        ):
            # X|2482300|W, also in brackets after a name: "Fernando Iglesias (X5166700A)"
            found.append(_DNI.match(text, s - 1 if text[s - 1].isalpha() else s - 2))
        if n >= 4 and text[e : e + 1] in _CORSICA:  # 2 26 10 2|A 004 738 34
            found += _NIR.finditer(text, s, e + 14)
        if not found:
            return []
    else:
        if text[e : e + 2].strip(" -")[:1].isalpha():
            if text[e - 8 : e].isdigit():
                found.append(_DNI.match(text, e - 8))  # 54362315|-K
            elif e - s >= 10 and text[e - 8] == "." and text[e - 4] == ".":
                found.append(_DNI.match(text, e - 10))  # 54.362.315|-K
        if n >= 9 and text[s + 3 : s + 4] == "-":
            found.append(_SSN.match(text, s))
        elif n == 9 and text[s + 3 : s + 4] == " " and text[s + 6 : s + 7] == " ":
            found.append(_SSN_SPACED.match(text, s))
        elif n == 9:  # with an SSN word, or a person's name beside it (`person_beside`)
            found += _SSN_LOOSE.finditer(text, s, e + 2)
        if n == 9 or (n > 9 and words[0]):  # a BSN word, or (`_dutch_near`) Dutch
            found += _BSN.finditer(text, s, e + 2)
        if n == 11 or (n > 11 and words[1]):  # 11 digits alone: see the module's doc
            found += _IDNR.finditer(text, s, e + 2)
        if n >= 13:
            found += _NIR.finditer(text, s, e + 2)
        if not found:
            return []
    out: list[IdSpan] = []
    for m in found:
        if m is None:
            continue
        rule = _RULE[m.re]
        value = m.group()
        if rule == "it_cf":
            ok = codice_fiscale_ok(value.replace(" ", ""))
        elif rule == "es_dni":
            ok = dni_ok(value.replace(".", ""))
            rule = "es_nie" if value[0].isalpha() else rule
        elif rule == "nl_bsn":
            # Named by a BSN word; or, not in threes (a count), in a Dutch sentence and
            # named nothing else (the 11-proof first: it is the cheaper test).
            if (words[0] and _named(text, m.start(), m.end(), _BSN_WORDS)) or (
                words[2]
                and _ssn_named(text, m.start(), m.end())
                and not said_otherwise(text, m.start(), is_ssn_word)
            ):  # a BSN word; or compact, called an identity, tax … number (`_SSN_WORDS`)
                ok = bsn_ok(value.replace(" ", "").replace(".", ""))
            else:
                digits = value.replace(".", "").replace(" ", "")
                ok = (
                    _eleven_proof(digits)
                    and bsn_ok(digits)
                    and _bsn_context(text, m.start(), m.end(), value)
                )
        elif rule == "de_idnr":
            ok = de_idnr_ok(_compact(value)) and (
                (words[1] and _named(text, m.start(), m.end(), _IDNR_WORDS))
                or (n == 11 and not said_otherwise(text, m.start(), never))
            )
        elif rule == "fr_nir":
            # A handset's IMEI is 15 digits too, and passes the NIR's key one time in 97.
            ok = nir_ok(value.replace("-", "")) and not (
                value.isdigit() and "imei" in text[max(0, m.start() - CONTEXT) : m.start()].lower()
            )
        elif rule == "us_ssn":
            # Loose digits: only beside an SSN word, and not when the nearest label before
            # them is an order … word ("SSN 329-53-7128, order 542654153").
            # Dashed (123-45-6789) needs no word, but a part, article … label before it
            # names it too ("Part no. 830-89-6887").
            # Or, loose, a person's name beside it in a record line ("Walter Koepp —
            # 198124780 — start date …"): `person_beside`.
            if m.re is not _SSN_LOOSE or (words[2] and _ssn_named(text, m.start(), m.end())):
                ok = not said_otherwise(text, m.start(), is_ssn_word) and ssn_ok(_compact(value))
            else:
                ok = (  # stdnum's check last: ~20 µs, and most 9-digit runs have no name
                    (person_beside(text, m.start(), m.end()) or mine_before(text, m.start()))
                    and not said_otherwise(text, m.start(), is_ssn_word)
                    and ssn_ok(_compact(value))
                )
            if ok and m.re is _SSN_SPACED and not words[2]:
                # A trunk-0 phone may fall into 3-2-4 groups ("Tel. 089 12 3456").
                ok = nearest_labels(text, m.start(), is_phone_word)[0] < 0
        else:
            ok = nino_ok(value)
        if ok:
            out.append((rule, m.start(), m.end()))
    return out


_NIE_LETTERS = ("X", "Y", "Z")
_CORSICA = ("A", "B", "a", "b")
# Case-sensitive substrings one of which any `_CF_WORDS` word in any case contains.
_CF_HINTS = (
    "CF", "cf", "Cf", "C.F", "c.f", "odice", "ODICE", "iscal", "ISCAL", "ax code", "AX CODE",
)  # fmt: skip
_RULE = {
    _CF: "it_cf",
    _CF_SPACED: "it_cf",
    _NINO: "uk_nino",
    _DNI: "es_dni",
    _SSN: "us_ssn",
    _SSN_LOOSE: "us_ssn",
    _SSN_SPACED: "us_ssn",
    _BSN: "nl_bsn",
    _IDNR: "de_idnr",
    _NIR: "fr_nir",
}
