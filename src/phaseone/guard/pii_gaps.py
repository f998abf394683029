"""Whitespace between a number's groups that is not one plain space: a second reading of
the text with each such gap closed to one space.

People, copy-paste, OCR, PDFs and web forms write a number's groups with irregular
whitespace: two or three spaces (issue #17, the thirteenth corpus: ``5567 0623  2336  6546``,
``3773 7494  3369  508``, 89 of its cards, none found), a tab, or the
typographer's spaces, no-break U+00A0, narrow no-break U+202F (how French sets a phone
number: "06 12 34 56 78" with U+202F), thin U+2009, figure U+2007. Every pattern of the
finder reads one space or a dash between groups, and a double separator splits a run in
two where a person writes two numbers ("call 020 7946 0958  06 1234 5678",
`pii._PIECES`). So the text is read twice when it holds such a gap: as written (the two
numbers), and with every gap closed to one space (the one number); a finding of the second
reading counts only where it spans a gap it closed (elsewhere the first reading saw the
same text), and every finding's checks (Luhn, issuer ranges, mod 97, the identifiers'
checks, the numbering plans, the words around) decide as for any other.

A gap is one to `MAX_GAP` whitespace characters other than a line break, between a digit
and a letter or digit (either way round: ``GB69 MIDL  4033``), that is not already the one
plain space. Wider than `MAX_GAP` is a layout's column (a table, aligned figures), not a
number's groups; a line break ends a record's field.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

#: The whitespace read as a gap between groups: space, tab, no-break space, the Unicode
#: fixed-width spaces U+2000-U+200A (en, em, thin, hair, figure …), narrow no-break space,
#: medium mathematical space and the ideographic space. Not line breaks.
GAP_CHARS = " \t\u00a0\u2000-\u200a\u202f\u205f\u3000"
#: The same characters as a set (for tests character by character).
GAP_SET = frozenset(" \t\u00a0\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))))
#: The widest gap closed: two or three spaces are how hands, OCR and justified PDFs space
#: groups; more is a column.
MAX_GAP = 4
# What every gap holds: two spaces or another gap character. Whether a text holds one is
# asked with substring tests (C speed: ~15 µs per 4 kB for all of them; a regular
# expression for the same took 55 µs, one with a lookbehind at every position 260 µs):
# ASCII text needs two of them.
_OTHER_GAP = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_ASCII_SEEDS = ("  ", "\t")
_SEEDS = _ASCII_SEEDS + tuple(sorted(GAP_SET - {" ", "\t"}))


@dataclass(frozen=True, slots=True)
class ClosedGaps:
    """The text with its gaps closed, and where its characters were in the original.

    `origin[i]` is the original index of `text[i]` (one more entry: the original's end);
    `closed` holds, in order, the index in `text` of each space that stands for a gap."""

    text: str
    origin: tuple[int, ...]
    closed: tuple[int, ...]

    def spans_gap(self, start: int, end: int) -> bool:
        """Whether `text[start:end]` holds a closed gap."""
        i = bisect.bisect_right(self.closed, start)
        return i < len(self.closed) and self.closed[i] < end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """`text[start:end]` as a span of the original (`end` > `start`)."""
        return self.origin[start], self.origin[end - 1] + 1


def _gaps(text: str) -> list[tuple[int, int]]:
    """The spans of the gaps in `text`: each seed's whole run of whitespace, when it is at
    most `MAX_GAP` long, between two letters or digits, a digit on one side."""
    others = "\t" in text or not text.isascii()
    seeds = [m.start() for m in _OTHER_GAP.finditer(text)] if others else []
    at = text.find("  ")
    while at >= 0:  # two spaces: str.find, C speed (an alternation in `re` is ~4x slower)
        seeds.append(at)
        at = text.find("  ", at + 2)
    out: list[tuple[int, int]] = []
    end = len(text)
    done = 0
    for a in sorted(seeds):
        if a < done:  # inside the run just read
            continue
        b = a + 1
        while a > 0 and text[a - 1] in GAP_SET:
            a -= 1
        while b < end and text[b] in GAP_SET:
            b += 1
        done = b
        if b - a > MAX_GAP or a == 0 or b == end:
            continue
        left, right = text[a - 1], text[b]
        if left.isalnum() and right.isalnum() and (left.isdigit() or right.isdigit()):
            out.append((a, b))
    return out


def close_gaps(text: str) -> ClosedGaps | None:
    """`text` with each gap (module docstring) closed to one space; None when it has none,
    the usual case (`_SEEDS`: substring tests)."""
    if not any(g in text for g in (_ASCII_SEEDS if text.isascii() else _SEEDS)):
        return None
    gaps = _gaps(text)
    if not gaps:
        return None
    parts: list[str] = []
    origin: list[int] = []
    closed: list[int] = []
    pos = 0
    for a, b in gaps:
        parts.append(text[pos:a])
        origin.extend(range(pos, a))
        closed.append(len(origin))
        parts.append(" ")
        origin.append(a)
        pos = b
    parts.append(text[pos:])
    origin.extend(range(pos, len(text) + 1))
    return ClosedGaps("".join(parts), tuple(origin), tuple(closed))
