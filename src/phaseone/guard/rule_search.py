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
from collections.abc import Iterable
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
    #: `_split`'s answers, by `id` of the `indexed` set they were made for.
    _splits: dict[int, tuple[frozenset[str], tuple[frozenset[str], tuple[str, ...]]]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def words_in(self, indexed: frozenset[str], present: dict[str, list[int]]) -> tuple[str, ...]:
        """The `words` of a folded rule that may occur where a keyword pass reporting
        `indexed` found `present`: all but those it reports and did not find (looking
        for a word that is not there reads the whole text: ~2 µs over 4 kB, and a rule
        may begin with 25 words)."""
        got = self._splits.get(id(indexed))
        if got is None or got[0] is not indexed:
            known = frozenset(w for w in self.words if w in indexed)
            got = (indexed, (known, tuple(w for w in self.words if w not in known)))
            self._splits[id(indexed)] = got
        known, rest = got[1]
        return (*(present.keys() & known), *rest)


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
    #: Per alternative, for a word set (as in `alternatives`): the characters the text
    #: between a match's start and that set's word cannot hold (`Runs`), where known.
    fences: tuple[dict[tuple[str, ...], re.Pattern[str]], ...] = ()
    #: `_plan`'s answers, by `id` of the `indexed` set they were made for.
    _plans: dict[int, tuple[frozenset[str], _Plan]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def absent(self, where: Presence) -> bool:
        """Whether the part of text `where` reads lacks what every match needs (a folded
        rule is never said to be absent where the lower case cannot be trusted).

        What ``all(any(has(w) ...))`` per alternative says, the cheap part first: a set
        with a word the keyword pass found (`Presence.present`, one set operation in C)
        holds; a set of such words only, none found, fails the alternative at once; only
        the words still open are looked for in the text, one at a time (~1-2 µs each over
        4 kB), the sets with the fewest such words first, and not at all when another
        set already failed."""
        folded = self.folded
        low = where.low
        if folded and low is None:
            return False
        present = where.present
        plan = self._plan(where.indexed)
        # A case-sensitive word is in ``text[start:end]`` only if its lower case is in
        # `low` (`Presence.low`: same length, so each character lowers to one), which
        # the keyword pass reports for the words it indexes (`_Check.gated`).
        gate = low is not None
        todo: Iterable[int] = plan.open
        if not (folded or gate):
            todo = range(len(plan.alternatives))
        elif plan.keys:
            hit = present.keys() & plan.keys
            if hit:
                todo = {*plan.open, *(a for w in hit for a in plan.by_word[w])}
        has_low, has = where.has_low, where.has
        for a in todo:
            for check in plan.alternatives[a]:
                if folded:
                    if not present.keys().isdisjoint(check.indexed):
                        continue
                    if check.rest and any(map(has_low, check.rest)):
                        continue
                    break
                if check.gated:
                    if gate:
                        lows = present.keys() & check.gated.keys()
                        if lows and any(has(w) for lw in lows for w in check.gated[lw]):
                            continue
                    elif any(has(w) for ws in check.gated.values() for w in ws):
                        continue
                if check.rest and any(map(has, check.rest)):
                    continue
                break
            else:
                return False
        return True

    def words_left(self, where: Presence) -> _Left | None:
        """Per alternative that may hold in `where`, per set, its words that may occur
        there: all but those the keyword pass reports and did not find (`Runs`). Looked
        for in `where.low` for a folded rule (``None`` when it is ``None``), else in the
        text; each set with its fence (`fences`)."""
        folded = self.folded
        low = where.low
        if folded and low is None:
            return None
        present = where.present
        gate = low is not None
        out: _Left = []
        for checks in self._plan(where.indexed).alternatives:
            sets: list[tuple[tuple[str, ...], re.Pattern[str] | None]] = []
            for check in checks:
                if folded:
                    words = (*(present.keys() & check.indexed), *check.rest)
                elif gate:
                    lows = present.keys() & check.gated.keys()
                    words = (*(w for lw in lows for w in check.gated[lw]), *check.rest)
                else:
                    words = (*(w for ws in check.gated.values() for w in ws), *check.rest)
                if not words:
                    break
                sets.append((words, check.fence))
            else:
                out.append(sets)
        return out

    @property
    def fenced(self) -> bool:
        """Whether some word set has a fence (`Runs` can read the rule)."""
        return any(self.fences)

    def _plan(self, indexed: frozenset[str]) -> _Plan:
        """`_Plan.of` for the keyword pass that reports `indexed`, made once per index."""
        got = self._plans.get(id(indexed))
        if got is not None and got[0] is indexed:
            return got[1]
        plan = _Plan.of(self, indexed)
        self._plans[id(indexed)] = (indexed, plan)
        return plan


#: A rule with this many alternatives or fewer reads each (choosing the alternatives to
#: read costs more than it saves).
FEW_ALTERNATIVES = 3


@dataclass(frozen=True)
class _Plan:
    """How `Required.absent` reads one rule's word sets, given the words the keyword pass
    reports: per alternative, its sets as `_Check`s, cheapest first; an alternative with
    a set the pass answers alone (`keys`, `by_word`) is only read when one of that set's
    words was found; the others (`open`) always are."""

    alternatives: tuple[tuple[_Check, ...], ...]
    open: tuple[int, ...]
    keys: frozenset[str]
    by_word: dict[str, tuple[int, ...]]

    @classmethod
    def of(cls, required: Required, indexed: frozenset[str]) -> _Plan:
        fences = required.fences or tuple({} for _ in required.alternatives)
        alternatives = tuple(
            tuple(
                sorted(
                    (_Check.of(ws, required.folded, indexed, fence.get(ws)) for ws in sets),
                    key=_cost,
                )
            )
            for sets, fence in zip(required.alternatives, fences, strict=True)
        )
        opened: list[int] = []
        by_word: dict[str, list[int]] = {}
        for a, checks in enumerate(alternatives):
            first = checks[0]
            if first.rest or len(alternatives) <= FEW_ALTERNATIVES:
                opened.append(a)
                continue
            for w in first.indexed or first.gated:
                by_word.setdefault(w, []).append(a)
        return cls(
            alternatives,
            tuple(opened),
            frozenset(by_word),
            {w: tuple(alts) for w, alts in by_word.items()},
        )


#: `Required.words_left`: per alternative, per set, its words left and its fence.
_Left = list[list[tuple[tuple[str, ...], "re.Pattern[str] | None"]]]


@dataclass(frozen=True)
class _Check:
    """One word set of a `Required` alternative, as looked up: `indexed`, words of a
    folded rule the keyword pass reports (a set operation); `gated`, words of a
    case-sensitive rule by their lower case, which the pass reports; `rest`, words
    looked for in the text one by one."""

    indexed: frozenset[str]
    gated: dict[str, tuple[str, ...]]
    rest: tuple[str, ...]
    #: The set's fence (`Required.fences`), or ``None``.
    fence: re.Pattern[str] | None = None

    @classmethod
    def of(
        cls,
        words: tuple[str, ...],
        folded: bool,
        indexed: frozenset[str],
        fence: re.Pattern[str] | None = None,
    ) -> _Check:
        if folded:
            return cls(
                frozenset(w for w in words if w in indexed),
                {},
                tuple(w for w in words if w not in indexed),
                fence,
            )
        gated: dict[str, list[str]] = {}
        rest = []
        for w in words:
            lw = w.lower()
            if lw in indexed and len(lw) == len(w) and not _IN_CONTEXT.intersection(w):
                gated.setdefault(lw, []).append(w)
            else:
                rest.append(w)
        return cls(frozenset(), {k: tuple(v) for k, v in gated.items()}, tuple(rest), fence)


def _cost(check: _Check) -> tuple[int, int]:
    """Sets the keyword pass answers alone first (a folded rule's indexed words), then by
    how many words may be looked for in the text (a case-sensitive rule's gated words
    are, in each case written, when the pass found their lower case)."""
    return (len(check.rest) + sum(map(len, check.gated.values())), len(check.gated))


def gated_words(required: Required) -> set[str]:
    """The lower case of a case-sensitive rule's words that a keyword pass can report
    for `Required.absent` (``len`` kept, no character lowered by context)."""
    if required.folded:
        return set()
    return {
        w.lower()
        for sets in required.alternatives
        for words in sets
        for w in words
        if len(w.lower()) == len(w) and not _IN_CONTEXT.intersection(w)
    }


class Presence:
    """Which words occur in one part of a text, each looked for once (rules share words:
    ``instructions``, ``system``...).

    Args:
        text: the text searched.
        low: ``text[start:end].lower()`` where `FoldCheck.safe` holds, else ``None``.
        start, end: the part of `text` the rules will be searched in.
        indexed: lower-cased words already looked for in `low` (by the keyword pass) ...
        present: ... and those of them found there, each with where it ends
            (`KeywordIndex.occurrences`).
    """

    def __init__(
        self,
        text: str,
        low: str | None,
        start: int,
        end: int,
        indexed: frozenset[str] = frozenset(),
        present: dict[str, list[int]] | None = None,
    ) -> None:
        self.text, self.low, self.start, self.end = text, low, start, end
        self.indexed, self.present = indexed, present if present is not None else {}
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

    def has_low(self, word: str) -> bool:
        """Whether lower-cased `word`, which the keyword pass does not report, occurs in
        `low`."""
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
    fences = []
    for alt in alts:
        sets = sorted(_words_needed(alt), key=lambda ws: (-min(map(len, ws)), len(ws)))
        if not sets:
            return None
        sets = sets[:MAX_SETS]
        letters.update(ch for ws in sets for w in ws for ch in w)
        alternatives.append(
            tuple(tuple(sorted({w.lower() if folded else w for w in ws})) for ws in sets)
        )
        fences.append(_fences(alt, folded, pattern.flags))
    return Required(tuple(alternatives), folded, frozenset(letters), tuple(fences))


def _fences(
    items: list[tuple[Any, Any]], folded: bool, flags: int
) -> dict[tuple[str, ...], re.Pattern[str]]:
    """For each word set `_words_needed(items)` gives (keyed as in `Required`): the
    barrier of the items up to and including the one the set's words lie in. The text
    from a match's start to such a word is read by those items only, so it holds none
    of their barrier characters (`Runs`); a set met twice with different fences gets
    none."""
    out: dict[tuple[str, ...], re.Pattern[str] | None] = {}

    def add(words: frozenset[str], upto: int) -> None:
        key = tuple(sorted({w.lower() if folded else w for w in words}))
        fence = _barrier_of_items(items[:upto], flags)
        if key not in out:
            out[key] = fence
        elif out[key] is None or fence is None or out[key].pattern != fence.pattern:  # type: ignore[union-attr]
            out[key] = None

    c = _sre_constants
    run = ""
    for j, (op, av) in enumerate(items):
        if op is c.LITERAL:
            run += chr(av)
            continue
        if run:
            add(frozenset({run}), j)
            run = ""
        for words in _words_needed([(op, av)]):
            add(words, j + 1)
    if run:
        add(frozenset({run}), len(items))
    return {k: v for k, v in out.items() if v is not None}


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
    runs: Runs | None = None,
    words: tuple[str, ...] | None = None,
) -> re.Match[str] | None:
    """``regex.search(text, lo, hi)``, trying `regex` only where one of `starts` begins
    (and, given `runs`, a match could).

    Args:
        regex: the rule's pattern.
        starts: `starts_of(regex)`.
        text: the text searched.
        low: ``text[low_at:low_at + len(low)].lower()`` when `FoldCheck.safe` holds for
            it, else ``None`` (a folded rule is then searched the ordinary way); it must
            cover ``lo .. hi``.
        low_at: where in `text` `low` begins.
        lo, hi: the span searched, as `re.Pattern.search`'s ``pos`` and ``endpos``.
        runs: the rule's `Runs` over ``lo .. hi``: the start words skip the places
            where it says no match can begin.
        words: of `starts.words`, those that may occur in ``lo .. hi`` (`Starts.words_in`);
            ``None``: all.
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
    spans = runs.spans if runs is not None else None
    if spans is not None:
        if not spans:
            return None
        lo = max(lo, spans[0][0])  # no match begins before
    heap = []
    for w in starts.words if words is None else words:
        i = where.find(w, lo - at, end)
        if i >= 0:
            heap.append((i, w))
    heapq.heapify(heap)
    last = -1
    tries = 0
    k = 0
    while heap:
        i, w = heap[0]
        if spans is not None:
            p = i + at
            while k < len(spans) and spans[k][1] < p:
                k += 1
            if k == len(spans):
                return None
            if p < spans[k][0]:
                # No match begins before the next span (`Runs`): every start word
                # moves to its first place in it.
                past = spans[k][0] - at
                heap = [(j, v) if j >= past else (where.find(v, past, end), v) for j, v in heap]
                heap = [e for e in heap if e[0] >= 0]
                heapq.heapify(heap)
                continue
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
            after: int | None = i + at + 1
            if runs is not None:
                after = runs.first(i + at + 1)
            return None if after is None else regex.search(text, after, hi)
    return None


#: `Runs` reads a rule's rarest word set only when it occurs at most this often in the
#: span (each occurrence costs a look back for the start of its run) ...
MAX_SPOTS = 16
#: ... and takes the first set it counts that occurs at most this often.
FEW_SPOTS = 2

_BACK: list[tuple[str, int, int, str]] = []


def _inside(word: str, end: int, a: int, b: int) -> bool:
    """Whether `word`, ending at `end` (its last character), lies within ``a .. b``."""
    return end < b and end - len(word) + 1 >= a


def _backwards(text: str, lo: int, hi: int) -> str:
    """``text[lo:hi][::-1]``, kept for the next rule over the same span (the last one
    made; a text is compared by identity)."""
    got = _BACK[0] if _BACK else None
    if got is not None and got[0] is text and got[1] == lo and got[2] == hi:
        return got[3]
    back = text[lo:hi][::-1]
    _BACK[:] = [(text, lo, hi, back)]
    return back


class Runs:
    """Where in a span of text a rule's match can begin, from two things every match
    has: it holds no character of the rule's `barrier` (`barrier_of`), so it lies within
    one run of text between two of them; and, for some alternative of the rule's
    `Required`, it holds a word of each of its sets, starting at or after the match does.

    So, taking per alternative the set whose words occur least in the span, a match
    can only begin at a place `p` with an occurrence `q` of such a word at or after it
    in the same run: `p` lies in ``[start of q's run, q]`` (`spans`, merged). A long text
    whose start word recurs in runs that lack the rest ("disregard my earlier email" in
    every paragraph; each a failed `re` match of lazy gaps and many branches) is then
    tried only where the rule's rare words are.

    `of` gives ``None`` when no alternative can be read so cheaply (a rarest set that
    occurs more than `MAX_SPOTS` times): the rule is searched as before.
    """

    __slots__ = ("spans",)

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        #: Places a match can begin, as ``(first, last)`` inclusive, in order, disjoint.
        self.spans = spans

    @classmethod
    def of(
        cls,
        barrier: re.Pattern[str] | None,
        alternatives: _Left,
        where: Presence,
        folded: bool,
        lo: int,
        hi: int,
    ) -> Runs | None:
        """`Runs` of a rule over ``where.text[lo:hi]``.

        Args:
            barrier: `barrier_of` the rule's pattern, or ``None``.
            alternatives: per alternative that may hold, per set, the words that may
                occur and the set's fence (`Required.words_left`): the text from a
                match's start to the set's word holds none of its characters (nor of
                `barrier`, which the fence includes).
            where: the part of the text read (`where.low` must be known for a folded
                rule: its words are looked for there; the keyword pass says where its
                `indexed` words are, `where.present`).
            folded: the rule ignores case.
            lo, hi: the span searched (``pos``, ``endpos``): words lie within it.
        """
        text = where.text
        source, offset = (where.low or "", where.start) if folded else (text, 0)
        known = where.present if folded else {}
        a, b = lo - offset, hi - offset
        whole = a <= 0 and b >= len(source)  # every place the keyword pass gave counts
        counted: dict[str, int] = {}

        def count(words: tuple[str, ...]) -> int:
            n = 0
            for w in words:
                c = counted.get(w)
                if c is None:
                    if folded and w in where.indexed:  # placed by the keyword pass
                        ends = known.get(w, ())
                        c = len(ends) if whole else sum(_inside(w, e, a, b) for e in ends)
                    else:
                        c = source.count(w, a, b)
                    counted[w] = c
                n += c
            return n

        spots: set[tuple[int, re.Pattern[str] | None]] = set()
        for sets in alternatives:
            # The sets the keyword pass placed first (free), then the others by fewest
            # words (each count reads the span once); done at a set rare enough.
            order = sorted(sets, key=lambda s: (not all(w in known for w in s[0]), len(s[0])))
            fewest: tuple[int, tuple[str, ...], re.Pattern[str] | None] | None = None
            for words, fence in order:
                n = count(words)
                if fewest is None or n < fewest[0]:
                    fewest = (n, words, fence if fence is not None else barrier)
                    if n <= FEW_SPOTS:
                        break
            if fewest is None or fewest[0] > MAX_SPOTS:
                return None
            fence = fewest[2]
            for w in fewest[1]:
                if w in where.indexed and folded:
                    spots.update(
                        (e - len(w) + 1 + offset, fence)
                        for e in known.get(w, ())
                        if _inside(w, e, a, b)
                    )
                    continue
                at = source.find(w, a, b) if counted.get(w) != 0 else -1
                while at >= 0:
                    spots.add((at + offset, fence))
                    at = source.find(w, at + 1, b)
        reach = []
        if spots:
            # Read backwards, the first fence character before `q` is the last one.
            back = _backwards(text, lo, hi)
            for q, fence in spots:
                m = fence.search(back, hi - q) if fence is not None else None
                reach.append((hi - m.start() if m is not None else lo, q))
        spans: list[tuple[int, int]] = []
        for first, last in sorted(reach):
            if spans and first <= spans[-1][1] + 1:
                spans[-1] = (spans[-1][0], max(spans[-1][1], last))
            else:
                spans.append((first, last))
        return cls(spans)

    def first(self, p: int) -> int | None:
        """The first place from `p` on where a match could begin, or ``None``."""
        for first, last in self.spans:
            if last >= p:
                return max(first, p)
        return None


def _categories() -> dict[Any, str]:
    """The parser's character categories as `re` writes them (compiled with the rule's
    flags, each reads as it does in the rule)."""
    c = _sre_constants
    if c is None:  # pragma: no cover - see the import
        return {}
    return {
        c.CATEGORY_DIGIT: r"\d",
        c.CATEGORY_NOT_DIGIT: r"\D",
        c.CATEGORY_SPACE: r"\s",
        c.CATEGORY_NOT_SPACE: r"\S",
        c.CATEGORY_WORD: r"\w",
        c.CATEGORY_NOT_WORD: r"\W",
    }


_CATEGORIES = _categories()


def _consumed(items: list[tuple[Any, Any]], out: list[str]) -> bool:
    """Into `out`, a regex for each single character the parsed pattern `items` can
    consume (a literal, a class, any character); lookarounds and anchors consume none.
    ``False`` if some part cannot be read so (a back-reference, inline flags...)."""
    c = _sre_constants
    for op, av in items:
        if op is c.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is c.NOT_LITERAL:
            out.append(f"[^{re.escape(chr(av))}]")
        elif op is c.ANY:
            out.append(".")
        elif op is c.IN:
            parts: list[str] = []
            for iop, iav in av:
                if iop is c.NEGATE:
                    parts.insert(0, "^")
                elif iop is c.LITERAL:
                    parts.append(re.escape(chr(iav)))
                elif iop is c.RANGE:
                    parts.append(f"{re.escape(chr(iav[0]))}-{re.escape(chr(iav[1]))}")
                elif iop is c.CATEGORY and iav in _CATEGORIES:
                    parts.append(_CATEGORIES[iav])
                else:
                    return False
            out.append(f"[{''.join(parts)}]")
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue
        elif op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags or not _consumed(list(sub.data), out):
                return False
        elif op is c.BRANCH:
            if not all(_consumed(list(alt.data), out) for alt in av[1]):
                return False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
            if not _consumed(list(av[2].data), out):
                return False
        elif op is getattr(c, "ATOMIC_GROUP", None):
            if not _consumed(list(av.data), out):
                return False
        else:
            return False
    return True


def barrier_of(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The ASCII characters no match of `pattern` can hold (none of its literals or
    classes reads them, under its flags: asked of `re` itself for each), as a class;
    ``None`` when there are none or the pattern cannot be read (`Runs`). Characters
    outside ASCII are never counted in: a match may hold any of them."""
    if _sre_parse is None or pattern.flags & (re.LOCALE | re.VERBOSE) or not pattern.pattern:
        return None
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # an unreadable pattern is simply not sped up
        return None
    return _barrier_of_items(list(parsed.data), pattern.flags)


def _barrier_of_items(items: list[tuple[Any, Any]], flags: int) -> re.Pattern[str] | None:
    """`barrier_of` a parsed sequence `items` read with `flags`."""
    leaves: list[str] = []
    if not _consumed(items, leaves) or not leaves:
        return None
    one = re.compile("|".join(dict.fromkeys(leaves)), flags)
    barrier = [chr(c) for c in range(128) if one.fullmatch(chr(c)) is None]
    if not barrier:
        return None
    return re.compile(f"[{''.join(map(re.escape, barrier))}]")
