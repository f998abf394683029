"""National identifiers for the builtin PII engine (`pii.py`'s ``national_id`` kind): each
country's format and its own checksum, written from the issuing authority's rules, so a
number that only looks like an identifier is left alone.

| rule | format | check | context needed |
|---|---|---|---|
| ``us_ssn`` | ``123-45-6789`` | never-issued areas 000/666/9xx, group 00, serial 0000 | no |
| ``uk_nino`` | ``AB 12 34 56 C`` | HMRC's unallocated prefixes | no |
| ``nl_bsn`` | 9 digits | the 11-proof | yes |
| ``de_idnr`` | 11 digits (Steuer-ID) | ISO 7064 MOD 11,10; one digit repeated | yes |
| ``fr_nir`` | 15 characters (sex, year, month, département, …, key) | key = 97 − n mod 97 | no |
| ``es_dni`` / ``es_nie`` | ``12345678Z`` / ``X1234567L`` | the mod-23 letter | no |
| ``it_cf`` | ``RSSMRA85T10A562S`` (codice fiscale) | the odd/even check letter | no |

Why context for two of them: a bare 9- or 11-digit number passes the 11-proof or MOD 11,10
about one time in eleven, so every order number, Unix time or routing number would be
redacted one time in eleven. They count only with a word that names them (``BSN``,
``Steuer-ID`` …) within a few words either side; the others carry enough structure
(separators, letters, a 1-in-97 key) to stand alone.
"""

from __future__ import annotations

import re

#: (rule, start, end) of one identifier in the text.
IdSpan = tuple[str, int, int]

_SSN = re.compile(r"(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])")
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
    """Dutch BSN 11-proof: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11)."""
    if len(digits) != 9 or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total % 11 == 0


def de_idnr_ok(digits: str) -> bool:
    """German Steuer-ID: 11 digits, no leading 0; in the first ten exactly one digit occurs
    two or three times, the others at most once; check digit ISO 7064 MOD 11,10."""
    if len(digits) != 11 or digits[0] == "0":
        return False
    counts = [digits[:10].count(d) for d in set(digits[:10])]
    if sorted(counts)[-1] not in (2, 3) or sum(c > 1 for c in counts) != 1:
        return False
    product = 10
    for ch in digits[:10]:
        total = (int(ch) + product) % 10 or 10
        product = (2 * total) % 11
    return (11 - product) % 10 == int(digits[10])


def nir_ok(raw: str) -> bool:
    """French NIR (numéro de sécurité sociale): month 01-12 or the special 20-42, 50-99;
    key = 97 − (first 13 characters mod 97), Corsica's 2A/2B read as 19/18."""
    s = raw.replace(" ", "").upper()
    if len(s) != 15 or not ("01" <= s[3:5] <= "12" or "20" <= s[3:5] <= "42" or s[3:5] >= "50"):
        return False
    body = s[:13].replace("2A", "19", 1) if s[5:7] == "2A" else s[:13].replace("2B", "18", 1)
    if not body.isdigit() or not s[13:].isdigit():
        return False
    return 97 - int(body) % 97 == int(s[13:])


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_ok(raw: str) -> bool:
    """Spanish DNI (8 digits) or NIE (X/Y/Z + 7 digits, X/Y/Z read as 0/1/2): the letter is
    the number mod 23 looked up in the Ministry's table."""
    s = raw.replace(" ", "").replace("-", "").upper()
    number = str("XYZ".index(s[0])) + s[1:-1] if s[0] in "XYZ" else s[:-1]
    return number.isdigit() and _DNI_LETTERS[int(number) % 23] == s[-1]


_CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3,
    6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
], strict=True))  # fmt: skip


def codice_fiscale_ok(raw: str) -> bool:
    """Italian codice fiscale: the 16th letter is the sum of the odd positions' table values
    and the even positions' plain values (0-9, A-Z as 0-25), mod 26."""
    s = raw.upper()
    if len(s) != 16:
        return False
    total = 0
    for i, ch in enumerate(s[:15]):
        if i % 2 == 0:  # 1st, 3rd, … character
            total += _CF_ODD[ch]
        else:
            total += int(ch) if ch.isdigit() else ord(ch) - 65
    return chr(65 + total % 26) == s[15]


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
        else:  # the SSN's and the NINO's rules are in their patterns
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
