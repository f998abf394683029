"""National identifiers for the builtin PII engine (`pii.py`'s ``national_id`` kind): a fast
candidate scan per country's format, then python-stdnum's validator for that identifier on
the candidates only, so a number that only looks like an identifier is left alone.

| rule | candidate | validated by | context |
|---|---|---|---|
| ``us_ssn`` | ``123-45-6789`` | ``stdnum.us.ssn`` (never-issued parts; SSA's list) | no |
| ``uk_nino`` | ``AB 12 34 56 C`` | its pattern: HMRC's unallocated prefixes (¹) | no |
| ``nl_bsn`` | 9 digits | ``stdnum.nl.bsn`` (the 11-proof) | yes |
| ``de_idnr`` | 11 digits (Steuer-ID) | ``stdnum.de.idnr`` (MOD 11,10, a repeated digit) | yes |
| ``fr_nir`` | 15 characters (sex, year, month, …) | ``stdnum.fr.nir`` (the mod-97 key) | no |
| ``es_dni``, ``es_nie`` | ``12345678Z``, ``X1234567L`` | ``stdnum.es.dni``, ``es.nie`` | no |
| ``it_cf`` | ``RSSMRA85T10A562S`` | ``stdnum.it.codicefiscale`` | no |

(¹) python-stdnum 2.2 has no UK NINO module.

Why a library: issue #17 and the project's rule, well-kept validators over our own; stdnum
costs 3–10 µs a call, and it is only called on a candidate the pattern already found.

Why context for two of them: a bare 9- or 11-digit number passes the 11-proof or MOD 11,10
about one time in eleven, so every order number, Unix time or routing number would be
redacted one time in eleven. They count only with a word that names them (``BSN``,
``Steuer-ID`` …) within a few words either side; the others carry enough structure
(separators, letters, a 1-in-97 key) to stand alone.
"""

from __future__ import annotations

import re

from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.us import ssn

#: (rule, start, end) of one identifier in the text.
IdSpan = tuple[str, int, int]

_SSN = re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")
_NINO = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"
)
# Digits standing alone (not inside 1.234.567.890, a hash or a longer number); a BSN may
# end a sentence ("… is 123456782.").
_BSN = re.compile(r"(?<![\w-])(?<!\d\.)\d{9}(?![\w-])(?!\.\d)")
_IDNR = re.compile(r"(?<![\w-])(?<!\d\.)[1-9]\d(?: ?\d{3}){3}(?![\w-])(?!\.\d)")
_NIR = re.compile(
    r"(?<![\w-])[1-478] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}(?![\w-])",
    re.IGNORECASE,
)
_DNI = re.compile(r"(?<![\w-])(?:\d{8}|[XYZ][ -]?\d{7})[ -]?[A-Z](?![\w-])", re.IGNORECASE)
_CF_DIGIT = "[0-9LMNPQRSTUV]"  # omocodia: a digit replaced by a letter when two codes clash
_CF = re.compile(
    rf"\b[A-Z]{{6}}{_CF_DIGIT}{{2}}[ABCDEHLMPRST]{_CF_DIGIT}{{2}}[A-Z]{_CF_DIGIT}{{3}}[A-Z]\b",
    re.IGNORECASE,
)
_BSN_WORDS = re.compile(
    r"\b(?:bsn|burger\s?service\s?nummer|sofi(?:nummer)?|citizen service number|"
    r"persoonsnummer)\b",
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


def _named(text: str, start: int, end: int, words: re.Pattern[str]) -> bool:
    return words.search(text, max(0, start - CONTEXT), min(len(text), end + CONTEXT)) is not None


def _compact(s: str) -> str:
    return s.replace(" ", "")


def id_words(text: str) -> tuple[bool, bool]:
    """(a BSN word, a Steuer-ID word) may be in `text`: plain substring tests, so the two
    context-bound identifiers cost nothing in a text that names neither."""
    low = text.lower()
    bsn = any(w in low for w in ("bsn", "burger", "sofi", "citizen service", "persoonsnummer"))
    idnr = any(w in low for w in ("steuer", "idnr", "identifikationsnummer", "tax", "tin"))
    return bsn, idnr


def find_ids(
    text: str, s: int, e: int, n: int, words: tuple[bool, bool] = (True, True)
) -> list[IdSpan]:
    """The national identifiers at one run of digit groups (`text[s:e]`, `n` digits; see
    `pii.find_pii`), as (rule, start, end); may overlap. Each pattern runs only where the run
    could hold it (its digit count, the letters an identifier has around its digits) and
    is anchored there: a number-heavy text has a hundred runs, so no run may cost a scan.
    `words`: `id_words(text)`."""
    found: list[re.Match[str] | None] = []
    if n < 8:
        if n == 2 and s >= 6 and text[s - 6 : s].isalpha():  # RSSMRA|85|T10A562S
            found.append(_CF.match(text, s - 6))
        elif n == 6 and s >= 2 and text[s - 3 : s].replace(" ", "")[-2:].isalpha():
            found.append(_NINO.match(text, s - 3 if text[s - 1] == " " else s - 2))  # AB |12 34 56|
        elif n == 7 and s >= 1 and text[max(0, s - 2) : s].strip(" -").upper() in _NIE_LETTERS:
            found.append(_DNI.match(text, s - 1 if text[s - 1].isalpha() else s - 2))  # X|2482300|W
        if n >= 4 and text[e : e + 1] in _CORSICA:  # 2 26 10 2|A 004 738 34
            found += _NIR.finditer(text, s, e + 14)
        if not found:
            return []
    else:
        if text[e : e + 2].strip(" -")[:1].isalpha() and text[e - 8 : e].isdigit():
            found.append(_DNI.match(text, e - 8))  # 54362315|-K
        if n >= 9 and text[s + 3 : s + 4] == "-":
            found.append(_SSN.match(text, s))
        if n >= 9 and words[0]:
            found += _BSN.finditer(text, s, e + 2)
        if n >= 11 and words[1]:
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
            ok = codice_fiscale_ok(value)
        elif rule == "es_dni":
            ok = dni_ok(value)
            rule = "es_nie" if value[0].isalpha() else rule
        elif rule == "nl_bsn":
            ok = bsn_ok(value) and _named(text, m.start(), m.end(), _BSN_WORDS)
        elif rule == "de_idnr":
            ok = de_idnr_ok(_compact(value)) and _named(text, m.start(), m.end(), _IDNR_WORDS)
        elif rule == "fr_nir":
            ok = nir_ok(value)
        elif rule == "us_ssn":
            ok = ssn_ok(value)
        else:  # the NINO's rules are in its pattern (python-stdnum has no UK NINO module)
            ok = True
        if ok:
            out.append((rule, m.start(), m.end()))
    return out


_NIE_LETTERS = ("X", "Y", "Z")
_CORSICA = ("A", "B", "a", "b")
_RULE = {
    _CF: "it_cf",
    _NINO: "uk_nino",
    _DNI: "es_dni",
    _SSN: "us_ssn",
    _BSN: "nl_bsn",
    _IDNR: "de_idnr",
    _NIR: "fr_nir",
}
