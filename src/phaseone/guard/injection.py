"""Prompt-injection detection from a maintained pattern set (`data/injection_rules.yaml`).

The score is ``1 - Π(1 - weight)`` over the rules that match, in [0, 1]: one strong rule
is enough to cross the default 0.5 threshold, weak ones only count together. Before
matching, the text is de-obfuscated: NFKC-normalised, invisible characters removed,
letters spaced out (``i g n o r e``) joined, and base64 / hex / rot13 payloads decoded and
scanned too. Hidden characters (Unicode tag characters, bidi overrides, zero-width runs)
are findings themselves. Each rule names keywords; its regex runs only when one occurs,
so ordinary text costs a few microseconds; one search for any keyword at all comes first.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from phaseone.guard.refusals import Blocked

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

    @property
    def families(self) -> list[str]:
        return sorted({m.split(".", 1)[0].split(">")[-1] for m in self.matched})

    def as_dict(self) -> dict[str, Any]:
        return {"score": round(self.score, 4), "matched": list(self.matched)}


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


_PREFILTERS: dict[int, tuple[tuple[Rule, ...], re.Pattern[str]]] = {}


def keyword_prefilter(rules: tuple[Rule, ...]) -> re.Pattern[str]:
    """One regex that finds whether ANY of `rules`' keywords occurs in lower-cased text.

    Most requests contain none, and one search over a keyword trie (~3 µs) replaces ~200
    substring tests. The trie stops at the shortest keyword on a path: a longer keyword
    that extends it can only occur where the shorter one does. Cached by identity (hashing
    the rules on every call would cost more than the search saves).
    """
    cached = _PREFILTERS.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    trie: dict[str, Any] = {}
    for rule in rules:
        for kw in rule.keywords:
            node = trie
            for ch in kw:
                node = node.setdefault(ch, {})
            node[""] = {}

    def build(node: dict[str, Any]) -> str:
        if "" in node:
            return ""
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    pattern = re.compile(build(trie)) if trie else re.compile(r"(?!)")
    _PREFILTERS[id(rules)] = (rules, pattern)
    return pattern


# U+E0000–E007F tag characters smuggle invisible ASCII; bidi overrides reorder text.
_TAGS = re.compile("[\U000e0000-\U000e007f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e]")
_SPACED = re.compile(r"(?:\b\w[ .·_-]){5,}\w\b")
# One pass finds candidate payloads (base64, hex, \x-escaped hex); each is then decoded.
_BLOB = re.compile(r"[A-Za-z0-9+/=\\]{20,}")
_HEX = re.compile(r"(?:\\x[0-9a-fA-F]{2}){8,}|^[0-9a-fA-F]{24,}$")
# Cyrillic/Greek letters that look Latin: mixed into a Latin word they hide keywords.
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁɡһӏԛԝАВЕКМНОРСТХІЈЅаеорсухΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοριυν",
    "aeopcyxijsdghlqwABEKMHOPCTXIJSaeopcyxABEZHIKMNOPTYXaopiuv",
)


def _printable(s: str) -> bool:
    if len(s) < 8:
        return False
    ok = sum(1 for c in s if c.isprintable() or c in "\n\t")
    letters = sum(1 for c in s if c.isalpha())
    return ok / len(s) > 0.95 and letters / len(s) > 0.5


def _decode_b64(blob: str) -> str | None:
    try:
        raw = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=False)
        s = raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return s if _printable(s) else None


def _decode_hex(blob: str) -> str | None:
    digits = re.sub(r"\\x| ", "", blob)
    try:
        s = bytes.fromhex(digits).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    return s if _printable(s) else None


def _has_spaced_letters(text: str) -> bool:
    """Five single characters in a row (``i g n o r e``): cheap pre-check for `_SPACED`."""
    run = 0
    for tok in text.split():
        if len(tok) == 1:
            run += 1
            if run >= 5:
                return True
        else:
            run = 0
    return False


def _scan(text: str, rules: tuple[Rule, ...], hits: dict[str, float], prefix: str = "") -> None:
    low = text.lower()
    if not keyword_prefilter(rules).search(low):
        return
    for rule in rules:
        for kw in rule.keywords:
            if kw in low:
                if rule.regex.search(text):
                    hits[prefix + rule.id] = rule.weight
                break


def score_injection(text: str) -> InjectionFinding:
    """Score `text` for prompt injection; `matched` lists rule ids (``encoding.base64>…``
    for a rule matched inside a decoded payload)."""
    rules = load_rules()
    hits: dict[str, float] = {}
    if not text.isascii():
        if _TAGS.search(text):
            hits["encoding.unicode_tags"] = 0.9
            text = _TAGS.sub("", text)
        if _BIDI.search(text):
            hits["encoding.bidi_override"] = 0.6
            text = _BIDI.sub("", text)
        if len(_ZERO_WIDTH.findall(text)) >= 2:
            hits["encoding.zero_width"] = 0.4
        text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFKC", text))
        folded = text.translate(_CONFUSABLES)
        if folded != text and re.search(r"[a-z][^\W\d_a-z]|[^\W\d_a-z][a-z]", text, re.I):
            plain: dict[str, float] = {}
            _scan(text, rules, plain)
            _scan(folded, rules, hits, "encoding.homoglyph>")
            hits = {k: v for k, v in hits.items() if k.split(">")[-1] not in plain} | plain
        else:
            _scan(text, rules, hits)
    else:
        _scan(text, rules, hits)
    if _has_spaced_letters(text) and _SPACED.search(text):
        joined = _SPACED.sub(lambda m: re.sub(r"[ .·_-]", "", m.group()), text)
        _scan(joined, rules, hits, "encoding.spaced>")
    low = text.lower()
    if "rot" in low or "caesar" in low:
        _scan(codecs.encode(text, "rot13"), rules, hits, "encoding.rot13>")
    if len(text) >= 20:
        for m in _BLOB.finditer(text):
            blob = m.group()
            if _HEX.search(blob):
                decoded = _decode_hex(blob)
                if decoded:
                    _scan(decoded, rules, hits, "encoding.hex>")
                    continue
            decoded = _decode_b64(blob.rstrip("\\"))
            if decoded:
                _scan(decoded, rules, hits, "encoding.base64>")
    if not hits:
        return InjectionFinding(0.0, ())
    keep = 1.0
    for w in hits.values():
        keep *= 1.0 - w
    return InjectionFinding(round(1.0 - keep, 6), tuple(sorted(hits)))


def text_of(value: Any) -> str:
    """The text to scan in an input: strings inside dicts/lists, keys included (a
    target sees those too), joined by newlines."""
    if isinstance(value, str):
        return value
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


class InjectionStage:
    """The plan's injection guardrail: at or above `threshold`, block (422
    ``injection_blocked``) or flag (record the finding and go on)."""

    def __init__(self, action: str, threshold: float) -> None:
        self.action = action
        self.threshold = threshold
        if action != "off":
            load_rules()

    def check(self, text: str) -> dict[str, Any] | None:
        if self.action == "off":
            return None
        found = score_injection(text)
        if found.score < self.threshold:
            return None
        finding = {"type": "injection", "action": self.action, **found.as_dict()}
        if self.action == "block":
            exc = Blocked(
                f"the input looks like a prompt injection (score {found.score:.2f}: "
                f"{', '.join(found.matched[:3])})",
                code="injection_blocked",
            )
            exc.finding = finding
            raise exc
        return finding
