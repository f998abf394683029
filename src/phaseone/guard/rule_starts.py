"""Where a rule's regex can start a match, so a search tries only those places.

Python's `re` finds the first match of ``\\b(?:ignore|disregard|…)…`` under IGNORECASE by
trying the whole pattern at every position of the text: no literal prefix speeds it up
(the leading ``\\b`` and case folding both switch that optimisation off), so one rule over
4 kB costs 100-350 µs. But most rules can only start with one of a few literal words:
parsing the pattern gives them (``ignore``, ``set``, ``pay``…). A plain, case-sensitive
alternation of those words is searched with `re`'s fast first-character scan, and the
rule's regex is tried (`re.Pattern.match`) only where one of them begins.

That is exactly ``regex.search(text, lo, hi)``: a search tries `match` at each position
from `lo` in turn and returns the first success, and a match can only begin where one of
its literal starts occurs; trying only those positions, in order, returns the same match.
`match` at a position sees the text before it (``\\b``, lookbehinds), as search does.

Case folding: a case-insensitive rule's starts are lower-cased and looked for in
``text.lower()``. That is exact only when lowering keeps every character at its offset and
no character matches a start letter under IGNORECASE while lowering to something else
(``ſ`` matches ``s``, ``ı`` matches ``i``); `FoldCheck` finds those characters once, by
asking `re` itself about every code point, and a text containing one is searched the
ordinary way. A pattern whose start cannot be read as literal words (a class, an optional
group, inline flags) is always searched the ordinary way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

try:  # the parser `re` compiles with; private, so a Python without it only loses speed
    from re import _constants as _sre_constants  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - every supported Python (3.11-3.13) has it
    _sre_parse = None
    _sre_constants = None

#: Characters whose lower case depends on their neighbours (a final capital sigma lowers
#: to ``ς``), so lowering a slice can differ from lowering one character.
_IN_CONTEXT = frozenset("\u03a3")
#: Positions tried one by one before the rule falls back to an ordinary search from there
#: (a start word that is everywhere, "th", would otherwise cost more than it saves).
MAX_TRIES = 64


@dataclass(frozen=True)
class Starts:
    """The literal words every match of a rule begins with.

    Attributes:
        regex: an alternation of them, case-sensitive (so `re` scans by first character).
        folded: the rule ignores case and `regex` holds the words lower-cased: search
            ``text.lower()`` with it (only where `FoldCheck.safe` says that is exact).
        letters: the characters of the words as the pattern wrote them.
    """

    regex: re.Pattern[str]
    folded: bool
    letters: frozenset[str]


def _prefixes(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The literal prefixes of a parsed pattern (a list of ``(op, arg)``), or ``None``
    when some match could begin otherwise."""
    c = _sre_constants
    out = ""
    for op, av in items:
        if op is c.AT and not out:
            continue  # \b, ^: zero width, the next item starts the match
        if op is c.LITERAL:
            out += chr(av)
            continue
        if op is c.SUBPATTERN and not out:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                return None
            return _prefixes(list(sub.data))
        if op is c.BRANCH and not out:
            found: set[str] = set()
            for alt in av[1]:
                words = _prefixes(list(alt.data))
                if not words:
                    return None
                found |= words
            return found
        break
    return {out} if out else None


def starts_of(pattern: re.Pattern[str]) -> Starts | None:
    """The literal starts of `pattern`'s matches, or ``None``: search it the ordinary way."""
    if _sre_parse is None or pattern.flags & (re.LOCALE | re.VERBOSE) or not pattern.pattern:
        return None
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
        words = _prefixes(list(parsed.data))
    except Exception:  # an unreadable pattern is simply not sped up
        return None
    if not words:
        return None
    folded = bool(pattern.flags & re.IGNORECASE)
    letters = frozenset("".join(words))
    if folded:
        low = {w.lower() for w in words}
        if any(len(w.lower()) != len(w) for w in words):
            return None
        words = low
    # Longest first: at one position any word will do, the order only saves time.
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return Starts(re.compile(alternation), folded, letters)


class FoldCheck:
    """Which texts can be searched lower-cased for the folded starts of some rules.

    A character is unsafe if, under IGNORECASE, it matches a letter of some start word
    but does not lower-case to that letter's lower case (``ſ``, ``ı``, ``İ``...). They are
    found once by running `re` itself over every code point (~35 ms, at first use).
    """

    def __init__(self, letters: frozenset[str]) -> None:
        unsafe: set[str] = set()
        if letters:
            every = (
                np.arange(0x110000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
            )
            cls = re.compile("[" + "".join(re.escape(ch) for ch in sorted(letters)) + "]", re.I)
            for ch in set(cls.findall(every)):
                for letter in letters:
                    if (ch.lower() != letter.lower() or ch in _IN_CONTEXT) and re.fullmatch(
                        re.escape(letter), ch, re.IGNORECASE
                    ):
                        unsafe.add(ch)
        self.unsafe = (
            re.compile("[" + "".join(re.escape(ch) for ch in sorted(unsafe)) + "]")
            if unsafe
            else None
        )

    def safe(self, text: str, low: str) -> bool:
        """Whether `low` (``text.lower()``) finds every folded start `text` has, at the
        same offsets."""
        if len(low) != len(text):
            return False
        return text.isascii() or self.unsafe is None or self.unsafe.search(text) is None


def first_match(
    regex: re.Pattern[str],
    starts: Starts,
    text: str,
    low: str | None,
    low_at: int,
    lo: int,
    hi: int,
) -> re.Match[str] | None:
    """``regex.search(text, lo, hi)``, trying `regex` only where one of `starts` begins.

    Args:
        regex: the rule's pattern.
        starts: `starts_of(regex)`.
        text: the text searched.
        low: ``text[low_at:low_at + len(low)].lower()`` when `FoldCheck.safe` holds for
            it, else ``None`` (a folded rule is then searched the ordinary way); it must
            cover ``lo .. hi``.
        low_at: where in `text` `low` begins.
        lo, hi: the span searched, as `re.Pattern.search`'s ``pos`` and ``endpos``.
    """
    if starts.folded:
        if low is None:
            return regex.search(text, lo, hi)
        where, at = low, low_at
    else:
        where, at = text, 0
    pos = lo
    for _ in range(MAX_TRIES):
        found = starts.regex.search(where, pos - at, hi - at)
        if found is None:
            return None
        pos = found.start() + at
        m = regex.match(text, pos, hi)
        if m is not None:
            return m
        pos += 1
    return regex.search(text, pos, hi)
