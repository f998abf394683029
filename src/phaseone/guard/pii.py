"""PII detection and redaction with real checksums, so numbers that merely look like
card numbers or IBANs are not redacted (and real ones are).

Kinds: ``email``; ``phone`` (international ``+…`` or grouped national formats, 9–15
digits); ``card`` (13–19 digits passing Luhn); ``iban`` (country code, length by
country, ISO 7064 mod-97 = 1); ``national_id``: US SSN (dashed, with the SSA's
never-issued area/group/serial rules), UK National Insurance number (HMRC prefix
rules) and Dutch BSN (9 digits passing the 11-proof). Patterns are compiled once;
cheap pre-checks (``@`` present, any digit present) skip the regexes for most text.
Findings never contain the matched value — only kind and count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

ALL_KINDS: tuple[str, ...] = ("email", "phone", "card", "iban", "national_id")
#: Earlier kinds win when two matches overlap (a card number is not also a phone).
_PRIORITY = ("email", "iban", "card", "national_id", "phone")
PLACEHOLDER = {k: f"[{k.upper()}]" for k in ALL_KINDS}


@dataclass(frozen=True)
class PiiMatch:
    kind: str
    start: int
    end: int
    detail: str = ""  #: which rule, e.g. `us_ssn`; never the value


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# Lengths from the SWIFT IBAN registry (the common countries; others: 15..34).
_IBAN_LEN = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22,
    "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18,
    "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
}  # fmt: skip


def iban_ok(raw: str) -> bool:
    s = raw.replace(" ", "").upper()
    want = _IBAN_LEN.get(s[:2])
    if (want is not None and len(s) != want) or not 15 <= len(s) <= 34:
        return False
    moved = s[4:] + s[:4]
    try:
        n = int("".join(str(int(c, 36)) for c in moved))
    except ValueError:
        return False
    return n % 97 == 1


def bsn_ok(digits: str) -> bool:
    """Dutch BSN 11-proof: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11)."""
    if len(digits) != 9 or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total % 11 == 0


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
# Country code and check digits as printed (upper case); the rest in any case.
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}\b")
_SSN = re.compile(r"(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])")
_NINO = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"
)
_BSN = re.compile(r"(?<![\d.-])\d{9}(?![\d.-])")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}"
    r"|\(\d{2,4}\)[ .-]?\d{3,4}[ .-]?\d{3,4}"
    r"|0\d{1,4}[ .-]\d{2,4}(?:[ .-]\d{2,4}){1,3}"
    r"|\d{3}[.-]\d{3}[.-]\d{4})(?!\w)"
)


def _email(text: str) -> Iterable[PiiMatch]:
    if "@" not in text:
        return ()
    return [PiiMatch("email", m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]


def _card(text: str) -> Iterable[PiiMatch]:
    out = []
    for m in _CARD.finditer(text):
        d = _digits(m.group())
        if 13 <= len(d) <= 19 and luhn_ok(d):
            out.append(PiiMatch("card", m.start(), m.end(), "luhn"))
    return out


def _iban(text: str) -> Iterable[PiiMatch]:
    out = []
    for m in _IBAN.finditer(text):
        # The pattern may run on into following words ("… 7654 32 thanks"): try the
        # registry length for the country (else every length, longest first).
        spots = [i for i in range(m.start(), m.end()) if text[i] != " "]
        compact = "".join(text[i] for i in spots).upper()
        want = _IBAN_LEN.get(compact[:2])
        lengths = [want] if want else range(min(34, len(compact)), 14, -1)
        for n in lengths:
            if n <= len(compact) and iban_ok(compact[:n]):
                out.append(PiiMatch("iban", m.start(), spots[n - 1] + 1, "mod97"))
                break
    return out


def _national_id(text: str) -> Iterable[PiiMatch]:
    out = [PiiMatch("national_id", m.start(), m.end(), "us_ssn") for m in _SSN.finditer(text)]
    out += [PiiMatch("national_id", m.start(), m.end(), "uk_nino") for m in _NINO.finditer(text)]
    out += [
        PiiMatch("national_id", m.start(), m.end(), "nl_bsn")
        for m in _BSN.finditer(text)
        if bsn_ok(m.group())
    ]
    return out


def _phone(text: str) -> Iterable[PiiMatch]:
    return [
        PiiMatch("phone", m.start(), m.end(), "phone")
        for m in _PHONE.finditer(text)
        if 9 <= len(_digits(m.group())) <= 15
    ]


_FINDERS: dict[str, Callable[[str], Iterable[PiiMatch]]] = {
    "email": _email,
    "card": _card,
    "iban": _iban,
    "national_id": _national_id,
    "phone": _phone,
}
# Every digit-based kind needs at least 6 digits close together (a NINO has 6, the
# rest 9 or more): one cheap search skips them all for ordinary text.
_DIGIT_RUN = re.compile(r"\d(?:[ .()/+-]{0,2}\d){5}")
_NEEDS_DIGITS = frozenset({"card", "national_id", "phone"})


def find_pii(text: str, kinds: Iterable[str] = ALL_KINDS) -> list[PiiMatch]:
    """Non-overlapping PII matches in `text`, in order of position."""
    wanted = set(kinds)
    digits = bool(wanted & _NEEDS_DIGITS) and _DIGIT_RUN.search(text) is not None
    taken: list[PiiMatch] = []
    for kind in _PRIORITY:
        if kind not in wanted or (kind in _NEEDS_DIGITS and not digits):
            continue
        for m in _FINDERS[kind](text):
            if all(m.end <= t.start or m.start >= t.end for t in taken):
                taken.append(m)
    taken.sort(key=lambda m: m.start)
    return taken


def redact(text: str, kinds: Iterable[str] = ALL_KINDS) -> tuple[str, list[PiiMatch]]:
    """`text` with every match replaced by ``[KIND]``, and the matches found."""
    matches = find_pii(text, kinds)
    if not matches:
        return text, matches
    parts: list[str] = []
    pos = 0
    for m in matches:
        parts.append(text[pos : m.start])
        parts.append(PLACEHOLDER[m.kind])
        pos = m.end
    parts.append(text[pos:])
    return "".join(parts), matches


def redact_value(value: Any, kinds: Iterable[str]) -> tuple[Any, list[PiiMatch]]:
    """Redact every string inside a JSON-like value (dict keys are left as they are)."""
    if isinstance(value, str):
        return redact(value, kinds)
    if isinstance(value, dict):
        found: list[PiiMatch] = []
        out: dict[Any, Any] = {}
        for k, v in value.items():
            out[k], f = redact_value(v, kinds)
            found += f
        return out, found
    if isinstance(value, list | tuple):
        found = []
        items = []
        for v in value:
            r, f = redact_value(v, kinds)
            items.append(r)
            found += f
        return items, found
    return value, []


def summarize(matches: Iterable[PiiMatch]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in matches:
        counts[m.kind] = counts.get(m.kind, 0) + 1
    return counts


class PresidioAdapter:
    """Optional: Microsoft Presidio's analyzer, used only when `presidio_analyzer` imports.

    phaseone never installs it; this adapter exists for teams that already run it.
    """

    def __init__(self) -> None:
        from phaseone.errors import MissingExtraError

        try:
            from presidio_analyzer import AnalyzerEngine  # type: ignore[import-not-found]
        except ImportError as exc:
            raise MissingExtraError(
                "the Presidio PII adapter", "presidio", "presidio_analyzer"
            ) from exc
        self._engine = AnalyzerEngine()

    def find(self, text: str) -> list[PiiMatch]:
        return [
            PiiMatch(r.entity_type.lower(), r.start, r.end, "presidio")
            for r in self._engine.analyze(text=text, language="en")
        ]


class PiiStage:
    """The plan's PII guardrail: what the target sees and what a trace stores.

    ``redact``: both get the redacted input. ``block``: 422 ``pii_blocked`` (the trace
    stores the redacted input). ``flag``: the target sees the input as sent, the finding
    is recorded, and the trace stores it redacted unless `redact_traces` is false.
    """

    def __init__(self, action: str, kinds: Iterable[str], redact_traces: bool = True) -> None:
        self.action = action
        self.kinds = tuple(kinds)
        self.redact_traces = redact_traces

    def apply(self, input: Any) -> tuple[Any, Any, dict[str, Any] | None]:
        """(input for the target, input for the trace, finding or None)."""
        if self.action == "off" or not self.kinds:
            return input, input, None
        redacted, matches = redact_value(input, self.kinds)
        if not matches:
            return input, input, None
        kinds = summarize(matches)
        finding: dict[str, Any] = {"type": "pii", "action": self.action, "kinds": kinds}
        if self.action == "block":
            from phaseone.guard.refusals import Blocked

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

    def redact_for_trace(self, value: Any) -> Any:
        if self.action == "off" or not self.redact_traces or not self.kinds:
            return value
        return redact_value(value, self.kinds)[0]
