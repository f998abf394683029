"""How a rule's regex is searched fast, finding exactly what ``regex.search`` finds.

Python's `re` finds the first match of ``\\b(?:ignore|disregard|…)…`` under IGNORECASE by
trying the whole pattern at every position of the text: no literal prefix speeds it up
(the leading ``\\b`` and case folding both switch that optimisation off), so one rule over
4 kB costs 100-350 µs. Parsing each pattern once gives two cheap, exact short cuts:

- **required words** (`Required`): words every match contains, one of each set
  (``override.ignore_them`` needs one of ``ignore, disregard, …``, one of
  ``instructions, rules, …`` and one of ``previous, prior, …``). A window of text that
  lacks one set cannot hold a match, and ``word in text`` is a fast substring test: the
  rule is not searched there at all.
- **start words** (`Starts`): most rules can only begin with one of a few literal words
  (``ignore``, ``set``, ``pay``…). They are found with `str.find` (a fast substring
  search), and the rule's regex is tried (`re.Pattern.match`) only where one begins. A
  search tries `match` at each position in turn and returns the first success, and a
  match can only begin where a start word does, so trying only those positions, in
  order, returns the same match; `match` at a position sees the text before it (``\\b``,
  lookbehinds), as search does.

Case folding: the words of a case-insensitive rule are lower-cased and looked for in
``text.lower()``. That is exact only when lowering keeps every character at its offset and
no character matches one of the words' letters under IGNORECASE while lowering to
something else (``ſ`` matches ``s``, ``ı`` matches ``i``); `FoldCheck` finds those
characters once, by asking `re` itself about every code point, and a text containing one
is searched the ordinary way. A pattern whose start cannot be read as literal words (a
class, an optional group, inline flags) is searched the ordinary way.
"""

from __future__ import annotations

import heapq
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
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
        words: the words (one that begins with another is left out: the shorter one
            finds it too).
        folded: the rule ignores case and `words` are lower-cased: look for them in
            ``text.lower()`` (only where `FoldCheck.safe` says that is exact).
        letters: the characters of the words as the pattern wrote them.
    """

    words: tuple[str, ...]
    folded: bool
    letters: frozenset[str]
    #: The pattern without IGNORECASE, for a folded rule whose every literal matches,
    #: among ASCII characters, exactly its own lower case (`_lower_twin`): over an ASCII
    #: text lower-cased it finds what the rule finds in the text, ~2.5× faster (`re`
    #: folds case character by character under IGNORECASE). ``None``: no twin.
    twin: re.Pattern[str] | None = None


def _prefixes(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The literal prefixes of a parsed pattern (a list of ``(op, arg)``), or ``None``
    when some match could begin otherwise."""
    c = _sre_constants
    out = ""
    for op, av in items:
        if op is c.AT and not out:
            continue  # \b, ^: zero width, the next item starts the match
        if op in (c.ASSERT, c.ASSERT_NOT) and not out:
            continue  # a lookaround (``(?<!no\s)``): zero width as well
        if op in (c.SUBPATTERN, c.BRANCH) and not out and _zero_width([(op, av)]):
            continue  # lookarounds as alternatives (``(?:(?<=\bas\s)|(?<=^))``): zero width
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


def _zero_width(items: list[tuple[Any, Any]]) -> bool:
    """Whether the sequence `items` holds only anchors and lookarounds, also grouped or as
    alternatives: it matches the empty string, so a match starts at what follows it."""
    c = _sre_constants
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue
        if op is c.SUBPATTERN and not (av[1] or av[2]) and _zero_width(list(av[3].data)):
            continue
        if op is c.BRANCH and all(_zero_width(list(alt.data)) for alt in av[1]):
            continue
        return False
    return True


def _words_needed(items: list[tuple[Any, Any]]) -> list[frozenset[str]]:
    """Sets of words a match of the sequence `items` must contain, one of each set."""
    c = _sre_constants
    out: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is c.LITERAL:
            run += chr(av)
            continue
        if run:
            out.append(frozenset({run}))
            run = ""
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if not (add_flags or del_flags):
                out += _words_needed(list(sub.data))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            out += _words_needed(list(av[2].data))
        elif op is c.BRANCH:
            best = _one_of(av[1])
            if best is not None:
                out.append(best)
    if run:
        out.append(frozenset({run}))
    return out


def _one_of(alternatives: list[Any]) -> frozenset[str] | None:
    """Words one of which every match of a branch contains: the most selective set of
    each alternative (longest shortest word), joined; ``None`` if an alternative needs none."""
    found: set[str] = set()
    for alt in alternatives:
        sets = _words_needed(list(alt.data))
        if not sets:
            return None
        found |= max(sets, key=lambda ws: (min(map(len, ws)), -len(ws)))
    return frozenset(found)


#: Word sets checked per alternative of a rule (the most selective first); more would
#: cost more substring tests than the searches they save.
MAX_SETS = 3


@dataclass(frozen=True)
class Required:
    """What a rule's matches must contain: for some alternative of the pattern, one word
    of each of its sets (lower-cased when `folded`, like `Starts`).

    Attributes:
        alternatives: per top-level alternative, its word sets.
        folded: the rule ignores case (look in ``text.lower()``).
        letters: the characters of the words as the pattern wrote them.
    """

    alternatives: tuple[tuple[tuple[str, ...], ...], ...]
    folded: bool
    letters: frozenset[str]
    #: `_split`'s answers, by `id` of the `indexed` set they were made for.
    _splits: dict[int, tuple[frozenset[str], _Split]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def absent(self, where: Presence) -> bool:
        """Whether the part of text `where` reads lacks what every match needs (a folded
        rule is never said to be absent where the lower case cannot be trusted)."""
        if self.folded and where.low is None:
            return False
        if not self.folded:
            for sets in self.alternatives:
                if all(any(where.has(w) for w in words) for words in sets):
                    return False
            return True
        # What ``all(any(has_folded(w) ...))`` says, the cheap part first: a set with a
        # word the keyword pass found (`Presence.present`, one set operation in C) holds;
        # a set of such words only, none found, fails the alternative at once; only the
        # sets still open are looked for in the text, one word at a time (~1-2 µs each
        # over 4 kB), and not at all when another set already failed.
        present = where.present
        for split in self._split(where.indexed):
            pending = []
            for words, unindexed in split:
                if not present.isdisjoint(words):
                    continue
                if not unindexed:
                    break
                pending.append(unindexed)
            else:
                if all(any(map(where.has_folded, rest)) for rest in pending):
                    return False
        return True

    def _split(self, indexed: frozenset[str]) -> _Split:
        """Per alternative, each word set with the part of it the keyword pass does not
        report (`indexed`: the words it does), made once per keyword index."""
        got = self._splits.get(id(indexed))
        if got is not None and got[0] is indexed:
            return got[1]
        split = tuple(
            tuple((frozenset(words), tuple(w for w in words if w not in indexed)) for words in sets)
            for sets in self.alternatives
        )
        self._splits[id(indexed)] = (indexed, split)
        return split


_Split = tuple[tuple[tuple[frozenset[str], tuple[str, ...]], ...], ...]


class Presence:
    """Which words occur in one part of a text, each looked for once (rules share words:
    ``instructions``, ``system``...).

    Args:
        text: the text searched.
        low: ``text[start:end].lower()`` where `FoldCheck.safe` holds, else ``None``.
        start, end: the part of `text` the rules will be searched in.
        indexed: lower-cased words already looked for in `low` (by the keyword pass) ...
        present: ... and those of them found there.
    """

    def __init__(
        self,
        text: str,
        low: str | None,
        start: int,
        end: int,
        indexed: frozenset[str] = frozenset(),
        present: set[str] | None = None,
    ) -> None:
        self.text, self.low, self.start, self.end = text, low, start, end
        self.indexed, self.present = indexed, present or set()
        self._folded: dict[str, bool] = {}
        self._plain: dict[str, bool] = {}

    def has_folded(self, word: str) -> bool:
        """Whether lower-cased `word` occurs in `low`."""
        if word in self.indexed:
            return word in self.present
        found = self._folded.get(word)
        if found is None:
            found = self._folded[word] = word in (self.low or "")
        return found

    def has(self, word: str) -> bool:
        """Whether `word` occurs, case as it is, in ``text[start:end]``."""
        found = self._plain.get(word)
        if found is None:
            found = self._plain[word] = self.text.find(word, self.start, self.end) >= 0
        return found


def required_of(pattern: re.Pattern[str]) -> Required | None:
    """The words `pattern`'s matches must contain, or ``None`` (none could be read)."""
    if _sre_parse is None or pattern.flags & (re.LOCALE | re.VERBOSE) or not pattern.pattern:
        return None
    try:
        data = list(_sre_parse.parse(pattern.pattern, pattern.flags).data)
    except Exception:  # an unreadable pattern is simply not sped up
        return None
    c = _sre_constants
    # ``\bA|\bB`` parses as ``\b`` then a branch: the branch's arms are the alternatives.
    body = [item for item in data if item[0] is not c.AT]
    top = body[0][1][1] if len(body) == 1 and body[0][0] is c.BRANCH else None
    alts = [list(a.data) for a in top] if top is not None else [data]
    folded = bool(pattern.flags & re.IGNORECASE)
    alternatives = []
    letters: set[str] = set()
    for alt in alts:
        sets = sorted(_words_needed(alt), key=lambda ws: (-min(map(len, ws)), len(ws)))
        if not sets:
            return None
        sets = sets[:MAX_SETS]
        letters.update(ch for ws in sets for w in ws for ch in w)
        alternatives.append(
            tuple(tuple(sorted({w.lower() if folded else w for w in ws})) for ws in sets)
        )
    return Required(tuple(alternatives), folded, frozenset(letters))


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
    kept = tuple(sorted(w for w in words if not any(w != v and w.startswith(v) for v in words)))
    twin = _lower_twin(pattern, list(parsed.data)) if folded else None
    return Starts(kept, folded, letters, twin)


@lru_cache(maxsize=4096)
def _folds_as_lower(ch: str) -> bool:
    """Whether, among ASCII characters, `ch` under IGNORECASE matches exactly those whose
    lower case is `ch` (``a``, ``,``; not ``A``, nor ``ſ`` or the Kelvin sign, which
    match ``s``/``k``): asked of `re` itself for a character outside ASCII."""
    if ch.isascii():
        return ch == ch.lower()
    pattern = re.compile(re.escape(ch), re.IGNORECASE)
    return not any(pattern.fullmatch(x) for x in string.ascii_letters)


def _lower_twin(pattern: re.Pattern[str], items: list[tuple[Any, Any]]) -> re.Pattern[str] | None:
    """`pattern` without IGNORECASE when that finds, in ``text.lower()`` of an ASCII text,
    the same matches at the same offsets as `pattern` in the text (ASCII lowers in
    place; ``\\b``, ``\\w``, ``\\s`` read the same), else ``None``."""
    if not _literals_fold_as_lower(items):
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def _literals_fold_as_lower(items: list[tuple[Any, Any]]) -> bool:
    c = _sre_constants
    for op, av in items:
        if op in (c.LITERAL, c.NOT_LITERAL):
            if not _folds_as_lower(chr(av)):
                return False
        elif op is c.IN:
            for iop, iav in av:
                if iop is c.LITERAL and not _folds_as_lower(chr(iav)):
                    return False
                if iop is c.RANGE:
                    lo, hi = iav
                    if hi - lo > 2048 or not all(map(_folds_as_lower, map(chr, range(lo, hi + 1)))):
                        return False
                if iop not in (c.LITERAL, c.RANGE, c.CATEGORY, c.NEGATE):
                    return False
        elif op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags or not _literals_fold_as_lower(list(sub.data)):
                return False
        elif op is c.BRANCH:
            if not all(_literals_fold_as_lower(list(alt.data)) for alt in av[1]):
                return False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            if not _literals_fold_as_lower(list(av[2].data)):
                return False
        elif op in (c.ASSERT, c.ASSERT_NOT):
            if not _literals_fold_as_lower(list(av[1].data)):
                return False
        elif op not in (c.AT, c.ANY, c.GROUPREF):
            return False
    return True


class FoldCheck:
    """Which texts can be searched lower-cased for the folded words of some rules.

    A character is unsafe if, under IGNORECASE, it matches a letter of some word but does
    not lower-case to that letter's lower case (``ſ``, ``ı``, ``İ``...). They are found by
    running `re` itself over every code point, once, when the first text that is not
    ASCII arrives (~40 ms; an ASCII text needs no table).
    """

    def __init__(self, letters: frozenset[str]) -> None:
        self.letters = letters
        self._unsafe_chars: tuple[str, ...] = ()
        self._built = False

    def _build(self) -> None:
        unsafe: set[str] = set()
        if self.letters:
            every = (
                np.arange(0x110000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
            )
            cls = "[" + "".join(re.escape(ch) for ch in sorted(self.letters)) + "]"
            candidates = "".join(sorted(set(re.findall(cls, every, re.IGNORECASE))))
            for letter in self.letters:
                for ch in re.findall(re.escape(letter), candidates, re.IGNORECASE):
                    if ch.lower() != letter.lower() or ch in _IN_CONTEXT:
                        unsafe.add(ch)
        self._unsafe_chars = tuple(sorted(unsafe))
        self._built = True

    def safe(self, text: str, low: str) -> bool:
        """Whether `low` (``text.lower()``) finds every folded word `text` has, at the
        same offsets."""
        if len(low) != len(text):
            return False
        if text.isascii():
            return True
        if not self._built:
            self._build()
        # A few characters: `in` (a fast scan for one character) each, ~10× the speed of
        # `re` matching a class at every position of a text that is not ASCII.
        return not any(ch in text for ch in self._unsafe_chars)


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
        if starts.twin is not None and at == 0 and len(low) == len(text) and text.isascii():
            # `low` is the whole ASCII text lower-cased: the twin reads it as the rule
            # reads the text (offsets and what `\b` and lookbehinds see included).
            regex, text = starts.twin, low
    else:
        where, at = text, 0
    # The next place each word occurs, smallest first: `str.find` is a fast substring
    # search, and each word is looked for again only past its own last place.
    end = hi - at
    heap = []
    for w in starts.words:
        i = where.find(w, lo - at, end)
        if i >= 0:
            heap.append((i, w))
    heapq.heapify(heap)
    last = -1
    tries = 0
    while heap:
        i, w = heap[0]
        j = where.find(w, i + 1, end)
        if j >= 0:
            heapq.heapreplace(heap, (j, w))
        else:
            heapq.heappop(heap)
        if i == last:
            continue
        last = i
        m = regex.match(text, i + at, hi)
        if m is not None:
            return m
        tries += 1
        if tries >= MAX_TRIES:
            return regex.search(text, i + at + 1, hi)
    return None
