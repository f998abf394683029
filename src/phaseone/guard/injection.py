"""Prompt-injection detection from a maintained pattern set (`data/injection_rules.yaml`).

The score is ``1 - Π(1 - weight)`` over the rules that match, in [0, 1]: one strong rule
is enough to cross the default 0.5 threshold, weak ones only count together. Before
matching, `normalize.views` de-obfuscates the text (invisible characters, homoglyphs,
leetspeak, nested encodings) and every reading is scanned; letters spaced out
(``i g n o r e``) are joined. Hiding tricks (Unicode tag characters, bidi overrides,
zero-width runs, zalgo, bytes in variation selectors) are findings themselves. Each rule
names keywords; one Aho-Corasick pass (`KeywordIndex`) finds which rules' keywords occur,
and only those rules run their regex.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import ahocorasick
import yaml

from phaseone.guard.classifier import ClassifierModel, ClassifierScore, load_model, score
from phaseone.guard.engines import EngineScore, InjectionEngine
from phaseone.guard.normalize import (
    SHIFTS,
    Normalised,
    View,
    only_plain,
    plain_views,
    views,
)
from phaseone.guard.refusals import Blocked
from phaseone.guard.rule_search import (
    FoldCheck,
    Presence,
    Required,
    Runs,
    Starts,
    barrier_of,
    first_match,
    gated_words,
    required_of,
    starts_of,
)
from phaseone.guard.seen_texts import SeenTexts, is_messages

FAMILIES = ("override", "roleplay", "exfiltration", "encoding", "smuggling")


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    weight: float
    regex: re.Pattern[str]
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class InjectionFinding:
    """`score` in [0, 1] and the ids of the rules that matched (never the text)."""

    score: float
    matched: tuple[str, ...] = field(default_factory=tuple)
    #: Where each match lies in the text as sent (start, end), one per `matched` id.
    spans: tuple[tuple[int, int], ...] = field(default_factory=tuple)
    #: Each `matched` id's weight (what `join_findings` needs to combine findings; not reported).
    weights: tuple[float, ...] = field(default_factory=tuple, compare=False, repr=False)

    @property
    def families(self) -> list[str]:
        return sorted({m.split(".", 1)[0].split(">")[-1] for m in self.matched})

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "matched": list(self.matched),
            "spans": [list(s) for s in self.spans],
        }


#: What the rules say of a text none of them matches (immutable: one is shared).
NO_FINDING = InjectionFinding(0.0, ())


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """The shipped pattern set, compiled once per process."""
    raw = resources.files("phaseone.guard").joinpath("data/injection_rules.yaml").read_text("utf-8")
    data = yaml.safe_load(raw)
    rules = []
    for r in data["rules"]:
        flags = re.MULTILINE if r.get("case_sensitive") else re.IGNORECASE | re.MULTILINE
        rules.append(
            Rule(
                id=str(r["id"]),
                family=str(r["family"]),
                weight=float(r["weight"]),
                regex=re.compile(r["pattern"], flags),
                keywords=tuple(str(k) for k in r["keywords"]),
            )
        )
    return tuple(rules)


_SPACED = re.compile(r"(?:\b\w(?: {2,4}|[ .·_-])){5,}\w\b")
#: Inside a run of spaced letters, a wider gap (2-4 spaces) is where a word ends:
#: ``i g n o r e   t h e   r u l e s`` reads ``ignore the rules``, not one word.
_SPACED_GAP = re.compile(r" {2,4}|[ .·_-]")


def _join_spaced(m: re.Match[str]) -> str:
    """A run of spaced letters joined: single separators dropped, wider gaps one space."""
    return _SPACED_GAP.sub(lambda g: " " if len(g.group()) > 1 else "", m.group())


#: Required words this long or longer are found by the keyword pass itself.
MIN_INDEXED = 4


class KeywordIndex:
    """Which rules can match a text, from one Aho-Corasick pass over its lower case.

    Each rule names keywords that every match of its regex contains; the automaton finds
    all keywords of all rules in one pass (pyahocorasick, C), so only the rules whose
    keyword occurs run their regex. Chosen over google-re2's `Set` and hyperscan after
    measuring all three side by side (`bench/bench_guard_engines.py`, docs/guardrails.md).
    """

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        #: Per rule, the literal words its matches begin with (`rule_search`), or ``None``.
        self.starts: tuple[Starts | None, ...] = tuple(starts_of(r.regex) for r in rules)
        #: Per rule, the words its matches must contain (`rule_search`), or ``None``.
        self.required: tuple[Required | None, ...] = tuple(required_of(r.regex) for r in rules)
        #: Per rule, the characters its matches cannot hold (`rule_search.Runs`), or ``None``.
        self.barriers = tuple(barrier_of(r.regex) for r in rules)
        folded = [s for s in (*self.starts, *self.required) if s is not None and s.folded]
        self.fold = FoldCheck(frozenset().union(*(s.letters for s in folded)))
        owners: dict[str, list[int]] = {}
        for i, rule in enumerate(rules):
            for kw in rule.keywords:
                owners.setdefault(kw, []).append(i)
        #: Required words the same pass reports (the shorter ones, frequent in any text,
        #: would cost more as hits than a substring test does); for a case-sensitive rule,
        #: its words' lower case (`rule_search.gated_words`).
        self.indexed = frozenset(
            w
            for r in self.required
            if r is not None
            for w in (
                (w for sets in r.alternatives for words in sets for w in words)
                if r.folded
                else gated_words(r)
            )
            if len(w) >= MIN_INDEXED
        ) | frozenset(  # and the start words, looked for only where they occur
            w
            for s in self.starts
            if s is not None and s.folded
            for w in s.words
            if len(w) >= MIN_INDEXED
        )
        # Each automaton reports an int (`STORE_INTS`), the index of what the word
        # stands for: grouping hits by that int (cheap to hash) and reading each group
        # once costs less than reading a tuple per hit (~180 hits over 4 kB).
        words = sorted(set(owners) | self.indexed)
        #: Per word of `automaton`: the rules it is a keyword of, and the word if indexed.
        self.entries = tuple(
            (tuple(owners.get(w, ())), w if w in self.indexed else None) for w in words
        )
        self.automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for k, word in enumerate(words):
            self.automaton.add_word(word, k)
        if words:
            self.automaton.make_automaton()
        self.empty = not words
        # The same words as the rot13 and atbash readings would show them: one pass over
        # a text finds what the passes over its two shifted readings would (`together`).
        slots: dict[str, list[tuple[int, tuple[int, ...], str | None]]] = {}
        for tag, table in enumerate((None, *SHIFTS.values())):
            for word, entry in zip(words, self.entries, strict=True):
                key = word if table is None else word.translate(table)
                slots.setdefault(key, []).append((tag, *entry))
        #: Per word of `combined`: (reading, rules, indexed word) for each reading it is in.
        self.slots = tuple(tuple(slot) for slot in slots.values())
        self.combined = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for k, key in enumerate(slots):
            self.combined.add_word(key, k)
        if slots:
            self.combined.make_automaton()

    def candidates(self, low: str) -> list[int]:
        """Indexes of the rules whose keywords occur in `low`, in rule order."""
        return sorted(self.occurrences(low))

    def occurrences(
        self, low: str, present: dict[str, list[int]] | None = None
    ) -> dict[int, list[int]]:
        """For each rule whose keywords occur in `low`: where they end, in order; and
        into `present`, the `indexed` words that occur, each with where it ends (the
        index of its last character), in order."""
        found: dict[int, list[int]] = {}
        if self.empty:
            return found
        words = present if present is not None else {}
        entries = self.entries
        if len(low) < GROUP_FROM:
            for end, k in self.automaton.iter(low):
                idx, word = entries[k]
                if word is not None:
                    words.setdefault(word, []).append(end)
                for i in idx:
                    found.setdefault(i, []).append(end)
            return found
        for k, ends in _grouped(self.automaton.iter(low)).items():
            idx, word = entries[k]
            if word is not None:
                words[word] = ends
            _add(found, idx, ends)
        return found

    def together(self, low: str) -> list[tuple[dict[int, list[int]], dict[str, list[int]]]]:
        """`occurrences` (and the `indexed` words present) for `low`, its rot13 and its
        atbash reading, in that order, from one pass over `low`.

        A shift maps characters one to one and is its own inverse, so a word occurs in
        the shifted `low` exactly where its shifted form occurs in `low`."""
        out: list[tuple[dict[int, list[int]], dict[str, list[int]]]] = [({}, {}) for _ in range(3)]
        if self.empty:
            return out
        slots = self.slots
        if len(low) < GROUP_FROM:
            for end, k in self.combined.iter(low):
                for tag, idx, word in slots[k]:
                    found, present = out[tag]
                    if word is not None:
                        present.setdefault(word, []).append(end)
                    for i in idx:
                        found.setdefault(i, []).append(end)
            return out
        for k, ends in _grouped(self.combined.iter(low)).items():
            for tag, idx, word in slots[k]:
                found, present = out[tag]
                if word is not None:
                    present[word] = ends  # one key per word and reading: shared, not changed
                _add(found, idx, ends)
        return out


#: Texts this long or longer have their keyword hits grouped by word before they are read
#: (`_grouped`); a short text's few hits are read one by one.
GROUP_FROM = 512


def _grouped(hits: Iterable[tuple[int, int]]) -> dict[int, list[int]]:
    """Where each word ends, in order, by the int the automaton stores for it."""
    groups: defaultdict[int, list[int]] = defaultdict(list)
    for end, k in hits:
        groups[k].append(end)
    return groups


def _add(found: dict[int, list[int]], rules: tuple[int, ...], ends: list[int]) -> None:
    """Add `ends` (in order) to each rule's ends in `found`, keeping them in order."""
    for i in rules:
        got = found.get(i)
        if got is None:
            found[i] = ends[:]
        else:
            got += ends
            got.sort()


_INDEXES: dict[int, tuple[tuple[Rule, ...], KeywordIndex]] = {}


def keyword_index(rules: tuple[Rule, ...]) -> KeywordIndex:
    """The `KeywordIndex` of `rules`, built once (cached by identity: hashing the rules
    on every call would cost more than the search saves)."""
    cached = _INDEXES.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    index = KeywordIndex(rules)
    _INDEXES[id(rules)] = (rules, index)
    return index


#: Weight of each hiding trick `normalize.views` reports, as a finding of its own.
_SIGNALS = {
    "unicode_tags": 0.9,
    "bidi_override": 0.6,
    "zero_width": 0.4,
    "zalgo": 0.35,
}
#: Views whose matches are reported under their own prefix (the plain view has none).
_PREFIX = {"plain": "", "homoglyph": "encoding.homoglyph>", "leet": "encoding.leet>"}
_Hits = dict[str, tuple[float, tuple[int, int]]]


#: A span of text this long or longer is searched with `rule_search.Runs` (on a shorter
#: one, a few failed matches cost less than setting it up).
RUNS_FROM = 1024

#: A rule's regex reads a long text only this far either side of its keywords: every
#: match contains a keyword, and no rule's match is near this long.
WINDOW = 300


def _windows(ends: list[int], n: int) -> list[tuple[int, int]]:
    """The spans within `WINDOW` of the keyword ends `ends` (in order), clipped to
    ``0 .. n``, overlapping ones merged: two ends share a span when at most two windows
    apart (the clipped spans of such ends overlap, those of others do not)."""
    out: list[tuple[int, int]] = []
    if not ends:
        return out
    first = last = ends[0]
    for e in ends:
        if e - last > 2 * WINDOW:
            out.append((max(0, first - WINDOW), min(n, last + WINDOW)))
            first = e
        last = e
    out.append((max(0, first - WINDOW), min(n, last + WINDOW)))
    return out


_Found = tuple[dict[int, list[int]], dict[str, list[int]]]


def _scan(
    view: View,
    index: KeywordIndex,
    hits: _Hits,
    seen: set[str],
    prefix: str,
    found: _Found | None = None,
    lowered: str | None = None,
) -> None:
    """Run the rules whose keywords occur in `view`, each only near its keywords (a short
    text whole), and record the first match of each rule not matched before. `found`:
    the keyword pass's result for the whole view when already known (`together`);
    `lowered`: the view's text lower-cased, when already known."""
    text = view.text
    # In a text read shifted, the rules for shifted wording would find the plain wording.
    is_shifted = view.how.endswith(("rot13", "atbash"))
    for start, end in view.windows or ((0, len(text)),):
        whole_view = view.windows is None
        part = lowered if lowered is not None and whole_view else text[start:end].lower()
        low: str | None = None  # `part` if folded words may be looked for in it, else ""
        where: Presence | None = None
        if found is not None and view.windows is None:
            occurrences, present = found
        else:
            present = {}
            occurrences = index.occurrences(part, present)
        for i, ends in sorted(occurrences.items()):
            rule = index.rules[i]
            if rule.id in seen or (is_shifted and rule.family == "encoding"):
                continue
            if low is None:
                whole = text if end - start == len(text) else text[start:end]
                low = part if index.fold.safe(whole, part) else ""
                where = Presence(text, low or None, start, end, index.indexed, present)
            required = index.required[i]
            if required is not None and where is not None and required.absent(where):
                continue  # a word every match contains is not here
            spans = (
                [(start + a, start + b) for a, b in _windows(ends, len(part))]
                if len(part) > 2 * WINDOW
                else [(start, end)]
            )
            starts = index.starts[i]
            barrier = index.barriers[i]
            left = None
            for lo, hi in spans:
                runs = None
                if (
                    required is not None
                    and hi - lo >= RUNS_FROM
                    and (barrier is not None or required.fenced)
                ):
                    if left is None and where is not None:
                        left = required.words_left(where)
                    if left is not None and where is not None:
                        runs = Runs.of(barrier, left, where, required.folded, lo, hi)
                if starts is not None:
                    m = first_match(
                        rule.regex,
                        starts,
                        text,
                        low or None,
                        start,
                        lo,
                        hi,
                        runs,
                        starts.words_in(index.indexed, present) if low and starts.folded else None,
                    )
                elif runs is None:
                    m = rule.regex.search(text, lo, hi)
                else:
                    begin = runs.first(lo)
                    m = None if begin is None else rule.regex.search(text, begin, hi)
                if m:
                    seen.add(rule.id)
                    hits[prefix + rule.id] = (rule.weight, view.original(m.start(), m.end()))
                    break


#: The characters outside ASCII whose lower case holds an ASCII letter (``İ`` lowers to
#: ``i̇``, the Kelvin sign to ``k``; tested over every code point). A shift changes only
#: ASCII letters, each to a letter, and lower-casing reads each character alone (a final
#: sigma looks only at whether its neighbours are letters, which a shift keeps): so
#: without these, lowering a shifted reading gives the lower-cased text shifted.
LOWERS_TO_ASCII = "\u0130\u212a"


def _one_pass(
    norm: Normalised, index: KeywordIndex, lows: dict[int, str] | None = None
) -> dict[int, _Found]:
    """The keyword pass over the cleaned text and its rot13 and atbash readings, done
    once (`KeywordIndex.together`), by `id` of the view; empty unless the shifted
    readings, lower-cased, are exactly the lower-cased text shifted (for ASCII they
    always are; outside it lower-casing can break that: ``K`` lowers to ``k``, see
    `LOWERS_TO_ASCII`). The
    three readings lower-cased go into `lows` (by `id` of the view): the rules read
    them again (lowering 4 kB that is not ASCII costs ~25 µs)."""
    source = next((v for v in norm.views if v.how == "homoglyph"), norm.views[0])
    rot13 = next((v for v in norm.views if v.how == "rot13"), None)
    atbash = next((v for v in norm.views if v.how == "atbash"), None)
    if rot13 is None or atbash is None:
        return {}
    if any(v.windows is not None for v in (source, rot13, atbash)):
        return {}
    low = norm.lower(source.text)
    if lows is not None:
        lows.update(
            {
                id(source): low,
                id(rot13): norm.lower(rot13.text),
                id(atbash): norm.lower(atbash.text),
            }
        )
    if not source.text.isascii() and any(ch in source.text for ch in LOWERS_TO_ASCII):
        return {}
    plain, r, a = index.together(low)
    return {id(source): plain, id(rot13): r, id(atbash): a}


#: Five words of one character in a row, in words joined by single spaces.
_FIVE_SINGLES = re.compile(r" \S \S \S \S \S ")


def _has_spaced_letters(text: str) -> bool:
    """Five single characters in a row (``i g n o r e``): cheap pre-check for `_SPACED`.

    The words joined by single spaces, one space either side: five one-character words
    in a row are then ``" a b c d e "``, which `re` finds by scanning for the spaces
    (a literal start), ~3× the speed of counting word lengths in a Python loop."""
    return _FIVE_SINGLES.search(f" {' '.join(text.split())} ") is not None


def _spaced_out(text: str, hint: bool | None = None) -> bool:
    """Letters spaced out (``i g n o r e``), which the rules read joined. `hint`:
    `_has_spaced_letters(text)` when already known (`Normalised.spaced_hint`)."""
    if hint is None:
        hint = _has_spaced_letters(text)
    return hint and _SPACED.search(text) is not None


def score_injection(text: str, norm: Normalised | None = None) -> InjectionFinding:
    """Score `text` for prompt injection.

    Every reading `normalize.views` gives is scanned: the cleaned input, homoglyph and
    leetspeak foldings, smuggled bytes and decoded payloads (nested). `matched` lists rule
    ids, prefixed by how a reading was obtained (``encoding.base64>override.…``; a rule
    already matched by an earlier reading is not listed again), and `spans` where each
    match lies in `text` as sent. `norm` is `views(text)` when the caller has it.
    """
    index = keyword_index(load_rules())
    ahead: dict[int, _Found] | None = None
    lows: dict[int, str] = {}  # views lower-cased, by `id` (`_one_pass`)
    whole = (0, len(text))
    if norm is None and only_plain(text):
        # The views are the text, its rot13 and its atbash reading, with no signal: when
        # the one keyword pass over the three finds no rule's keyword and no letters are
        # spaced out, no rule can match (each match holds a keyword), and the answer is
        # known without building the views (a third of this stage's time on such text).
        low = text.lower()
        readings = index.together(low)
        spaced = _spaced_out(text)
        if not spaced and not any(found for found, _ in readings):
            return NO_FINDING
        if not readings[1][0] and not readings[2][0]:
            # Only the plain reading holds a keyword: the shifted readings' scans would
            # run no rule, so they are neither built nor scanned.
            hits: _Hits = {}
            seen: set[str] = set()
            _scan(View("plain", text, whole), index, hits, seen, "", readings[0], low)
            if spaced:
                _scan_spaced(text, whole, index, hits, seen)
            return _finding(hits)
        norm = plain_views(text)
        norm.spaced_hint = spaced  # `_spaced_out` then answers at once
        ahead = {id(v): r for v, r in zip(norm.views, readings, strict=True)}
        lows[id(norm.views[0])] = low
    norm = norm if norm is not None else views(text)
    hits = {}
    for name, weight in _SIGNALS.items():
        if norm.signals.get(name, 0) >= (2 if name == "zero_width" else 1):
            hits[f"encoding.{name}"] = (weight, whole)
    seen = set()
    if ahead is None:
        ahead = _one_pass(norm, index, lows)
    for view in norm.views:
        prefix = _PREFIX.get(view.how, f"encoding.{view.how}>")
        if view.how == "variation_selectors":
            hits["encoding.variation_selectors"] = (0.6, view.span)
        _scan(view, index, hits, seen, prefix, ahead.get(id(view)), lows.get(id(view)))
    plain = norm.views[0]
    if _spaced_out(plain.text, norm.spaced_hint):
        _scan_spaced(plain.text, whole, index, hits, seen)
    return _finding(hits)


def _scan_spaced(
    text: str, span: tuple[int, int], index: KeywordIndex, hits: _Hits, seen: set[str]
) -> None:
    """The rules over `text` (the cleaned input, from `span` of the input as sent) with
    its letters spaced out joined (``i g n o r e``, `_join_spaced`)."""
    joined = _SPACED.sub(_join_spaced, text)
    _scan(View("spaced", joined, span), index, hits, seen, "encoding.spaced>")


def _finding(hits: _Hits) -> InjectionFinding:
    """The finding of `hits`: score ``1 - Π(1 - weight)``, ids sorted."""
    if not hits:
        return NO_FINDING
    keep = 1.0
    for w, _ in hits.values():
        keep *= 1.0 - w
    ids = tuple(sorted(hits))
    return InjectionFinding(
        round(1.0 - keep, 6),
        ids,
        tuple(hits[i][1] for i in ids),
        tuple(hits[i][0] for i in ids),
    )


def join_findings(parts: Sequence[tuple[int, InjectionFinding]]) -> InjectionFinding:
    """One finding for a text read in parts: each part's finding with the offset where
    the part begins in the whole. A rule found in several parts, in any reading
    (``override.x``, ``encoding.base64>override.x``), counts once, where it is found
    first, as one reading of the whole text records each rule once; the score is
    ``1 - Π(1 - weight)`` over the ids, as `score_injection` computes it."""
    hits: _Hits = {}
    rules: set[str] = set()
    for offset, found in parts:
        for i, w, (a, b) in zip(found.matched, found.weights, found.spans, strict=True):
            rule = i.rpartition(">")[2]
            if rule not in rules:
                rules.add(rule)
                hits[i] = (w, (a + offset, b + offset))
    return _finding(hits)


def text_of(value: Any) -> str:
    """The text to scan in an input: strings inside dicts/lists, keys included (a
    target sees those too), joined by newlines."""
    if isinstance(value, str):
        return value
    if is_messages(value):
        return "\n".join(reversed(value))  # a chat's contents: what the walk below gives
    parts: list[str] = []
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            parts.append(v)
        elif isinstance(v, dict):
            stack.extend(v.values())
            stack.extend(v.keys())
        elif isinstance(v, list | tuple):
            stack.extend(v)
    return "\n".join(parts)


def depth_of(value: Any, limit: int) -> int:
    """How deeply lists and dicts nest in `value`, counted up to `limit + 1` (the
    stages that walk an input recursively need a bound)."""
    if is_messages(value):
        return 1  # a chat's contents
    deepest = 0
    stack = [(value, 0)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict):
            v = list(v.values())
        if isinstance(v, list | tuple):
            d += 1
            if d > deepest:
                deepest = d
                if d > limit:
                    return d
            stack.extend((x, d) for x in v)
    return deepest


def load_corpus(name: str) -> list[str]:
    """A shipped evaluation corpus: ``injection_attacks`` or ``benign``.

    One string per line in ``guard/data/<name>.txt``; the two characters ``\\n`` stand
    for a newline (multi-line attacks), blank lines are skipped.
    """
    raw = resources.files("phaseone.guard").joinpath(f"data/{name}.txt").read_text("utf-8")
    return [line.replace("\\n", "\n") for line in raw.splitlines() if line.strip()]


class RulesEngine:
    """The rules as an `InjectionEngine`: `score_injection`'s score is already a
    probability-like combination of rule weights (``1 - Π(1 - weight)``)."""

    name = "rules"
    offload = False

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold

    def find(self, text: str, normalised: Normalised) -> InjectionFinding:
        """The rules' full finding (ids and spans), which the stage reports."""
        return score_injection(text, normalised)

    def score(self, text: str, normalised: Normalised) -> EngineScore:
        found = self.find(text, normalised)
        return EngineScore(found.score, self.name, found.as_dict())

    def close(self) -> None:
        return None


class ClassifierEngine:
    """The learned classifier as an `InjectionEngine` (Platt-calibrated at training)."""

    name = "classifier"
    offload = False

    def __init__(self, model: ClassifierModel, threshold: float) -> None:
        self.model = model
        self.threshold = threshold

    def classify(self, text: str, normalised: Normalised) -> ClassifierScore:
        return score(self.model, text, normalised)

    def score(self, text: str, normalised: Normalised) -> EngineScore:
        s = self.classify(text, normalised)
        return EngineScore(s.probability, self.name, {"reading": s.reading})

    def close(self) -> None:
        return None


@dataclass(frozen=True)
class InjectionVerdict:
    """What the engines said about one input: the rules' finding, the classifier's score
    (``None`` when it is off), the other engines' scores (`engines.EngineScore`, in plan
    order) and which engines reached their threshold (``rules``, ``classifier``, an
    engine's name; empty: not an attack)."""

    rules: InjectionFinding
    classifier: ClassifierScore | None
    fired: tuple[str, ...]
    others: tuple[EngineScore, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        out = {"engines": list(self.fired), **self.rules.as_dict()}
        if self.classifier is not None:
            out["classifier"] = {
                "score": round(self.classifier.probability, 4),
                "reading": self.classifier.reading,
            }
        if self.others:
            out["engine_scores"] = [
                {"engine": e.engine, "score": round(e.probability, 4), **e.detail}
                for e in self.others
            ]
        return out


#: The verdict of the rules alone on a text none of them matches.
_NOT_AN_ATTACK = InjectionVerdict(NO_FINDING, None, ())


class InjectionStage:
    """The plan's injection guardrail: the rules at or above `threshold`, or the learned
    classifier (when `classifier`) at or above `classifier_threshold` (``None``: the
    shipped model's validated threshold), or any of `engines` (the plan's optional ones:
    an ONNX model, an LLM judge) at or above its own threshold, block (422
    ``injection_blocked``) or flag (record the finding and go on)."""

    def __init__(
        self,
        action: str,
        threshold: float,
        *,
        classifier: bool = False,
        classifier_threshold: float | None = None,
        engines: Sequence[InjectionEngine] = (),
    ) -> None:
        self.action = action
        self.threshold = threshold
        self.model: ClassifierModel | None = None
        self.classifier_threshold = 1.0
        self.rules = RulesEngine(threshold)
        self.classifier: ClassifierEngine | None = None
        self.engines: tuple[InjectionEngine, ...] = tuple(engines) if action != "off" else ()
        if action != "off":
            keyword_index(load_rules())  # parsed and compiled now, not on the first request
            if classifier:
                self.model = load_model()
                self.classifier_threshold = (
                    self.model.threshold if classifier_threshold is None else classifier_threshold
                )
                self.classifier = ClassifierEngine(self.model, self.classifier_threshold)
        #: Whether a request should run this stage off the event loop (a model or a
        #: network call among the engines).
        self.offload = any(e.offload for e in self.engines)
        #: The rules' findings on messages already read, per key (`detect`).
        self.seen: SeenTexts[InjectionFinding] = SeenTexts()

    def detect(
        self, text: str, parts: Sequence[str] | None = None, key: str | None = None
    ) -> InjectionVerdict:
        """Every engine on one normalisation of `text`.

        `parts` and `key`: `text` is ``"\n".join(parts)``, a conversation's messages,
        sent with the API key named `key`. The rules then read each message on its own,
        once per key while it stays in `seen` (a chat app resends its system prompt and
        history with every turn), and their findings are joined: a match that would
        run across two messages is not one (each message is a separate turn to the
        model too). The classifier and the other engines read `text` whole."""
        fired: tuple[str, ...]
        if self.classifier is None and not self.engines:
            # The rules alone: `score_injection` builds the views only if the text needs
            # them.
            if parts is not None and key is not None and len(parts) > 1:
                found = self._by_message(parts, key)
            else:
                found = score_injection(text)
            if found is NO_FINDING and self.rules.threshold > 0:
                return _NOT_AN_ATTACK
            fired = ("rules",) if found.score >= self.rules.threshold else ()
            return InjectionVerdict(found, None, fired, ())
        norm = views(text)
        found = self.rules.find(text, norm)
        fired = ("rules",) if found.score >= self.rules.threshold else ()
        clf = None
        if self.classifier is not None:
            clf = self.classifier.classify(text, norm)
            if clf.probability >= self.classifier.threshold:
                fired += ("classifier",)
        others = []
        for engine in self.engines:
            s = engine.score(text, norm)
            others.append(s)
            if s.probability >= engine.threshold:
                fired += (engine.name,)
        return InjectionVerdict(found, clf, fired, tuple(others))

    def _by_message(self, parts: Sequence[str], key: str) -> InjectionFinding:
        """The rules' finding on ``"\n".join(parts)``, each part read once per key."""
        seen = self.seen
        found: list[tuple[int, InjectionFinding]] = []
        offset = 0
        for part in parts:
            known = seen.get(key, part)
            if known is None:
                known = score_injection(part)
                seen.put(key, part, known)
            if known is not NO_FINDING:
                found.append((offset, known))
            offset += len(part) + 1
        return join_findings(found)

    def close(self) -> None:
        """Free what the optional engines hold (a judge's session and thread)."""
        for engine in self.engines:
            engine.close()

    def check(
        self, text: str, parts: Sequence[str] | None = None, key: str | None = None
    ) -> dict[str, Any] | None:
        """The finding to record (``None``: nothing fired), or `Blocked`; `parts` and
        `key` as for `detect`."""
        if self.action == "off":
            return None
        verdict = self.detect(text, parts, key)
        if not verdict.fired:
            return None
        finding = {"type": "injection", "action": self.action, **verdict.as_dict()}
        if self.action == "block":
            found = verdict.rules
            why = (
                [f"rules {found.score:.2f}: {', '.join(found.matched[:3])}"]
                if found.matched
                else []
            )
            if verdict.classifier is not None and "classifier" in verdict.fired:
                why.append(f"classifier {verdict.classifier.probability:.2f}")
            why += [
                f"{e.engine} {e.probability:.2f}"
                for e in verdict.others
                if e.engine in verdict.fired
            ]
            exc = Blocked(
                f"the input looks like a prompt injection ({'; '.join(why)})",
                code="injection_blocked",
            )
            exc.finding = finding
            raise exc
        return finding
