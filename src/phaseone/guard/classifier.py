"""The learned prompt-injection classifier: hashed n-grams and a linear model, numpy only.

Rules catch the wordings someone wrote a pattern for; this model scores the wording
around them (personas, "developer mode", exfiltration asks, the same in seven
languages) from public red-team data (`guard/training`, docs/guardrails.md). It is
small on purpose: character 3-5-grams and word 1-2-grams of the normalised text are
hashed into `2**bits` buckets and a logistic-regression weight per bucket is summed, so
a 4 kB text costs tens of microseconds and the weights are one file of ~1 MB.

Every n-gram is hashed at once with numpy: the text becomes an array of code points,
a polynomial prefix hash over it (wrapping uint64 arithmetic) gives the hash of any
substring by one subtraction and one multiplication, for all substrings of a length at
once. The same `features` function builds the training matrix (`guard/training/fit.py`),
so what was trained is what is scored.

A long text is scored whole and in windows (`WINDOW` characters, every `STRIDE`), and the
highest counts: an injection buried in a long benign document is not averaged away. The
raw score is mapped to a probability by Platt scaling fitted on a validation split, so
`controls.guardrails.injection.classifier.threshold` is a probability.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from io import BytesIO
from itertools import accumulate
from pathlib import Path
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt

from phaseone.errors import PhaseoneError
from phaseone.guard.normalize import Normalised, views

#: The shipped weights (`guard/data/injection_classifier.npz`) and their sha256, checked
#: at load: a file that does not match is refused, never scored with.
WEIGHTS_FILE = "injection_classifier.npz"
WEIGHTS_SHA256 = "6599ca2512180fe2b063032297fad4e5d2e50a5bf28b8168c0b7c5135202eba1"

#: Characters per scoring window of a long text, and the step between windows.
WINDOW = 256
STRIDE = 64
#: Characters of one text scored at most, over all its readings (the input stage's
#: limits bound inputs before; this bounds the classifier's work whatever they are).
MAX_CHARS = 65_536
CHAR_NGRAMS = (3, 4, 5)
#: Pseudo-count added to a text's number of features before scaling (``1/sqrt(n + SHRINK)``):
#: a text of a few words has too little evidence to score far from the prior, so its
#: score is pulled towards the intercept instead of swinging on one n-gram.
SHRINK = 64

_T = TypeVar("_T", bound=np.generic)
_MASK64 = (1 << 64) - 1
_P = 0x100000001B3  # odd, so it has an inverse modulo 2**64
_P_INV = pow(_P, -1, 1 << 64)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_SALT_CHAR = {n: np.uint64((0xA0761D6478BD642F * n) & _MASK64) for n in CHAR_NGRAMS}
_SALT_WORD = np.uint64(0xE7037ED1A0B428DB)
_SALT_BIGRAM = np.uint64(0x8EBC6AF09C88C6E3)
_K_BIGRAM = np.uint64(0x589965CC75374CC3)


@lru_cache(maxsize=1)
def _separators() -> npt.NDArray[np.bool_]:
    """For each code point of the Basic Multilingual Plane: does it separate words (not a
    letter, digit or mark of any script)? Built once, on first use (~15 ms)."""
    table = np.ones(0x10000, dtype=bool)
    for cp in range(0x10000):
        if unicodedata.category(chr(cp))[0] in "LNM":
            table[cp] = False
    return table


@lru_cache(maxsize=1)
def _word_chars() -> npt.NDArray[np.bool_]:
    """``~_separators()``: read with `np.take` (``mode="clip"``: a code point above the
    plane reads as U+FFFF, a separator), one lookup instead of a clip, a lookup and a
    negation."""
    return ~_separators()


class ClassifierError(PhaseoneError):
    """The classifier's weights file is missing, damaged or not the one this code expects."""


class _Powers:
    """P**i and P**-i modulo 2**64 for i < n, grown on demand and kept."""

    def __init__(self) -> None:
        self.fwd = np.ones(1, dtype=np.uint64)
        self.inv = np.ones(1, dtype=np.uint64)

    def upto(self, n: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
        if n > len(self.fwd):
            size = max(n, 2 * len(self.fwd), 4096)
            with np.errstate(over="ignore"):
                self.fwd = np.cumprod(np.full(size, _P, dtype=np.uint64), dtype=np.uint64)
                self.inv = np.cumprod(np.full(size, _P_INV, dtype=np.uint64), dtype=np.uint64)
            # cumprod starts at P**1; shift so index i holds P**i.
            self.fwd = np.concatenate(([np.uint64(1)], self.fwd[:-1]))
            self.inv = np.concatenate(([np.uint64(1)], self.inv[:-1]))
        return self.fwd[:n], self.inv[:n]


_POWERS = _Powers()


def prepare(text: str, low: str | None = None) -> str:
    """The text as the model reads it: lower case, runs of white space as one space,
    one space either side (so a word's first and last n-grams are marked). `low`:
    ``text.lower()`` when the caller has it."""
    low = text.lower() if low is None else low
    # Already spaced that way (most text): skip splitting into words and joining them
    # again (~40 µs over 4 kB). Every white space character but " " is unprintable
    # (tested over all code points), so a printable text has no other.
    if low.isprintable() and "  " not in low and low[:1] != " " and low[-1:] != " ":
        return " " + low + " "
    return " " + " ".join(low.split()) + " "


def _in_block_order(
    chars: Sequence[npt.NDArray[_T]], words: npt.NDArray[_T] | None, bigrams: npt.NDArray[_T] | None
) -> list[npt.NDArray[_T]]:
    """Per-feature arrays in the weights' block order: character n-grams, words, word pairs."""
    out = list(chars)
    if words is not None:
        out.append(words)
    if bigrams is not None:
        out.append(bigrams)
    return out


@dataclass(frozen=True)
class _Hashed(Generic[_T]):
    """The hashed features of one prepared text, block by block, in `features`' order
    (their buckets, or the same blocks with each bucket's weight in its place).

    Attributes:
        chars: per n in `CHAR_NGRAMS` (those that fit), the bucket of the n-gram starting
            at each position ``0 .. len(text) - n``.
        starts: where each word starts.
        words: the bucket of each word; `bigrams`: of each word and the next (``None``
            when there are fewer than 1 or 2 words).
        word_hashes: each word's polynomial hash before salting and mixing (what a word
            pair's hash is made of; `_Patch` pairs words across a patch's edges).
    """

    chars: tuple[npt.NDArray[_T], ...]
    starts: npt.NDArray[np.intp]
    words: npt.NDArray[_T] | None
    bigrams: npt.NDArray[_T] | None
    word_hashes: npt.NDArray[np.uint64] | None = None

    def weighed(self, weights: npt.NDArray[np.float32]) -> _Hashed[np.float32]:
        """The same blocks with each bucket's weight in its place."""

        def of(b: npt.NDArray[_T]) -> npt.NDArray[np.float32]:
            # Buckets are below 2**bits: read as int64 (no copy) they index directly.
            return weights[b.view(np.int64)]

        return _Hashed(
            tuple(of(b) for b in self.chars),
            self.starts,
            None if self.words is None else of(self.words),
            None if self.bigrams is None else of(self.bigrams),
            self.word_hashes,
        )

    def blocks(self) -> list[npt.NDArray[_T]]:
        return _in_block_order(self.chars, self.words, self.bigrams)


def _hash(text: str, bits: int) -> _Hashed[np.uint64]:
    # surrogatepass: a lone surrogate (valid JSON, not UTF-8) is scored as its code point
    raw = text.encode("utf-32-le", "surrogatepass")
    code_points = np.frombuffer(raw, dtype=np.uint32)
    codes = code_points.astype(np.uint64)
    n = len(codes)
    fwd, inv = _POWERS.upto(n + 1)
    shift = np.uint64(64 - bits)
    chars: list[npt.NDArray[np.uint64]] = []
    words = bigrams = wh = None
    with np.errstate(over="ignore"):
        prefix = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum(codes * fwd[:n], dtype=np.uint64, out=prefix[1:])
        for k in CHAR_NGRAMS:
            if n < k:
                continue
            h = prefix[k:] - prefix[: n - k + 1]
            h *= inv[: n - k + 1]  # in place: the same values, fewer arrays made
            h ^= _SALT_CHAR[k]
            h *= _MIX
            h >>= shift
            chars.append(h)
        word = np.take(_word_chars(), code_points, mode="clip")
        if n and not word[0] and not word[-1]:
            # A prepared text begins and ends with a space: changes alternate, a word's
            # start then its end.
            edges = np.flatnonzero(word[1:] != word[:-1]) + 1
            starts, ends = edges[0::2], edges[1::2]
        else:
            steps = np.diff(np.concatenate(([False], word, [False])).astype(np.int8))
            starts = np.flatnonzero(steps == 1)
            ends = np.flatnonzero(steps == -1)
        if len(starts):
            wh = (prefix[ends] - prefix[starts]) * inv[starts]
            words = ((wh ^ _SALT_WORD) * _MIX) >> shift
            if len(starts) > 1:
                bigrams = _bigram_buckets(wh, shift)
    return _Hashed(tuple(chars), starts, words, bigrams, wh)


def _bigram_buckets(wh: npt.NDArray[np.uint64], shift: np.uint64) -> npt.NDArray[np.uint64]:
    """The bucket of each pair of consecutive words, from the words' unmixed hashes
    (wrapping uint64 arithmetic: numpy does not warn of overflow in integer arrays)."""
    bh = wh[:-1] * _K_BIGRAM + wh[1:]
    out: npt.NDArray[np.uint64] = ((bh ^ _SALT_BIGRAM) * _MIX) >> shift
    return out


def features(text: str, bits: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The hashed features of `text` (already `prepare`d): bucket and position of each.

    Args:
        text: the prepared text.
        bits: buckets are ``0 .. 2**bits - 1``.

    Returns:
        ``(buckets, positions)``: one entry per character n-gram (n in `CHAR_NGRAMS`),
        word and word pair, the position being where it starts in `text`.
    """
    hashed = _hash(text, bits)
    blocks = hashed.blocks()
    if not blocks:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    positions = [np.arange(len(b), dtype=np.int64) for b in hashed.chars]
    if hashed.words is not None:
        positions.append(hashed.starts.astype(np.int64))
    if hashed.bigrams is not None:
        positions.append(hashed.starts[:-1].astype(np.int64))
    return np.concatenate(blocks).astype(np.int64), np.concatenate(positions)


@dataclass(frozen=True)
class ClassifierModel:
    """Weights of the linear model and its calibration.

    Attributes:
        weights: one weight per hashed bucket (float32, ``2**bits`` of them).
        bias: the intercept.
        platt_a, platt_b: the probability is ``1 / (1 + exp(-(a * raw + b)))``.
        threshold: the probability the training script chose on its validation split
            (the plan's default; the plan can set another).
        meta: what the training script recorded (sources, versions, figures).
    """

    weights: npt.NDArray[np.float32]
    bias: float
    platt_a: float
    platt_b: float
    threshold: float
    meta: dict[str, object]

    @property
    def bits(self) -> int:
        return len(self.weights).bit_length() - 1

    def raw(self, text: str) -> float:
        """The uncalibrated score of one text: the higher of the whole text's margin and
        its best window's (`raws` of one text)."""
        return self.raws([text])[0]

    def raws(self, texts: Sequence[str], lows: Sequence[str] | None = None) -> list[float]:
        """`raw` of each of `texts`, hashed and looked up together.

        The readings of one input (plain, leetspeak, each decoded payload) are joined
        and hashed, and their weights looked up, in one pass: numpy's cost per call, not
        per character, is most of a short reading's score, and an n-gram's hash does not
        depend on where it is. Each text's score is then computed from its own slice of
        the features, exactly as for the text alone.

        Computed from `features`' blocks without joining them into one feature list:
        the sum per position is added up in the order `np.bincount` would over
        `features`' positions, and the count of features before a position follows from
        the text's length and word starts, so the score is the same to the last bit.

        `lows`: each of `texts` lower-cased, when the caller has them.
        """
        if lows is None:
            prepared = [prepare(t) for t in texts]
        else:
            prepared = [prepare(t, low) for t, low in zip(texts, lows, strict=True)]
        if len(prepared) == 1:
            whole = _hash(prepared[0], self.bits)
            found = whole.weighed(self.weights)
            words, bigrams = whole.words is not None, whole.bigrams is not None
            return [self._raw(found.blocks(), len(prepared[0]), whole.starts, words, bigrams)]
        # A reading that is an earlier one with a few characters changed (the leetspeak
        # reading of the plain text) is hashed only around the change (`_Patch`).
        patches = _patches(prepared)
        pieces = [
            t if p is None else t[p.lo : p.hi] for t, p in zip(prepared, patches, strict=True)
        ]
        whole = _hash("".join(pieces), self.bits)
        found = whole.weighed(self.weights)
        bounds = list(accumulate(map(len, pieces), initial=0))
        firsts = np.searchsorted(whole.starts, bounds).tolist()
        read: list[_Features] = []
        out: list[float] = []
        for i, patch in enumerate(patches):
            # This text's slice of the features: its n-grams (none reaching into the
            # next text), its words (a prepared text begins and ends with a space, so no
            # word crosses into the next) and the pairs among them.
            lo, hi, first, last = bounds[i], bounds[i + 1], firsts[i], firsts[i + 1]
            feats = _Features.of(whole, found, lo, hi, first, last)
            if patch is not None and patch.same:
                read.append(read[patch.base])
                out.append(out[patch.base])
                continue
            if patch is not None:
                feats = read[patch.base].patched(feats, patch, self.weights)
            read.append(feats)
            parts = feats.parts()
            words, bigrams = feats.words is not None, feats.bigrams is not None
            out.append(self._raw(parts, feats.n, feats.starts, words, bigrams))
        return out

    def _raw(
        self,
        parts: list[npt.NDArray[np.float32]],
        n: int,
        starts: npt.NDArray[np.intp],
        words: bool,
        bigrams: bool,
    ) -> float:
        """`raw` of one prepared text of `n` characters from the weights of its features
        (`parts`, in `_Hashed.blocks` order: the character n-grams that fit, then its
        words and word pairs when it has them) and where its words start."""
        if not parts:
            return self.bias
        contrib = np.concatenate(parts)
        whole = float(contrib.sum() / np.sqrt(len(contrib) + SHRINK))
        if n <= WINDOW:
            return whole + self.bias
        chars = len(parts) - words - bigrams
        # Sum of the weights of the features starting at each position, in bincount's order.
        per_pos = np.zeros(n, dtype=np.float64)
        for k in range(chars):
            per_pos[: n - CHAR_NGRAMS[k] + 1] += parts[k]
        if words:
            per_pos[starts] += parts[chars]
        if bigrams:
            per_pos[starts[:-1]] += parts[chars + 1]
        lo, hi, at, c = _windows(n, chars)
        if words:
            # Words starting before each window's end and start; word pairs likewise
            # (the first of each pair: all words but the last).
            wc = np.searchsorted(starts, at)
            c = c + (wc[: len(hi)] - wc[len(hi) :])
            if bigrams:
                bc = np.minimum(wc, len(starts) - 1)
                c += bc[: len(hi)] - bc[len(hi) :]
        if len(contrib) * self.exact_below < EXACT_BELOW:
            spans = _window_sums(per_pos, n, len(lo))
        else:
            sums = np.empty(n + 1, dtype=np.float64)
            sums[0] = 0.0
            np.cumsum(per_pos, out=sums[1:])
            spans = sums[hi] - sums[lo]
        best = float((spans / np.sqrt(c)).max())
        return max(whole, best) + self.bias

    @cached_property
    def exact_below(self) -> float:
        """The largest weight's magnitude when every weight is a whole multiple of
        ``2**-QUANTUM_BITS`` (the shipped weights are float16 values, which all are), else
        infinity: a text whose features number fewer than ``EXACT_BELOW / exact_below``
        has every partial sum of its weights exact in float64, so its window sums are
        the same bits in whatever order they are added (`_window_sums`)."""
        w = self.weights.astype(np.float64)
        scaled = np.ldexp(w, QUANTUM_BITS)
        if not np.all(np.isfinite(scaled)) or not np.array_equal(scaled, np.rint(scaled)):
            return float("inf")
        return float(np.abs(w).max())

    def probability(self, raw: float) -> float:
        return float(1.0 / (1.0 + np.exp(-(self.platt_a * raw + self.platt_b))))


#: See `ClassifierModel.exact_below`: a multiple of ``2**-QUANTUM_BITS`` below
#: ``EXACT_BELOW`` in magnitude has at most 52 significant bits (float64 holds 53).
QUANTUM_BITS = 24
EXACT_BELOW = 2.0**28
assert WINDOW % STRIDE == 0  # `_window_sums` adds whole blocks of STRIDE


def _window_sums(per_pos: npt.NDArray[np.float64], n: int, count: int) -> npt.NDArray[np.float64]:
    """The sum of `per_pos` over each scoring window (``WINDOW`` characters every
    ``STRIDE``, the last ending at `n`; `count` of them), as the difference of a running
    sum over the whole text would give them, when every partial sum is exact
    (`ClassifierModel.exact_below`).

    A running sum over 4 kB is ~20 µs (each addition waits for the one before); sums of
    blocks of ``STRIDE`` (vectorised) and a running sum over the ~64 blocks are ~5 µs."""
    m = n // STRIDE
    blocks = per_pos[: m * STRIDE].reshape(m, STRIDE).sum(axis=1)
    prefix = np.zeros(m + 1, dtype=np.float64)
    np.cumsum(blocks, out=prefix[1:])
    per = WINDOW // STRIDE
    aligned = (n - WINDOW) // STRIDE + 1  # windows starting at a multiple of STRIDE
    out = np.empty(count, dtype=np.float64)
    out[:aligned] = prefix[per : aligned + per] - prefix[:aligned]
    if count > aligned:  # the last window, moved back to end at the text's end
        out[aligned:] = per_pos[n - WINDOW :].sum()
    return out


_Ints = npt.NDArray[np.int64]


@lru_cache(maxsize=64)
def _windows(n: int, chars: int) -> tuple[_Ints, _Ints, _Ints, _Ints]:
    """The scoring windows of a text of `n` characters with `chars` character n-gram
    blocks: their starts, ends, both joined (ends first), and ``SHRINK`` plus how many
    character n-grams start in each (`_count_before`'s share that depends on `n` alone;
    texts of one length recur: inputs cut at a limit, the same text scored again)."""
    lo = np.minimum(np.arange(0, n - WINDOW + STRIDE, STRIDE), n - WINDOW)
    hi = lo + WINDOW
    at = np.concatenate((hi, lo))
    before = _count_before(at, n, chars, lo[:0], False, False)
    c = before[: len(hi)] - before[len(hi) :] + SHRINK
    for a in (lo, hi, at, c):
        a.setflags(write=False)
    return lo, hi, at, c


def _count_before(
    at: npt.NDArray[np.int64],
    n: int,
    chars: int,
    starts: npt.NDArray[np.intp],
    words: bool,
    bigrams: bool,
) -> npt.NDArray[np.int64]:
    """How many features of a text of `n` characters (its first `chars` character
    n-gram blocks, its words starting at `starts` and their pairs when it has them)
    start before each position in `at`."""
    count = np.zeros(len(at), dtype=np.int64)
    for k in CHAR_NGRAMS[:chars]:
        count += np.minimum(at, n - k + 1)
    if words:
        count += np.searchsorted(starts, at)
    if bigrams:
        count += np.searchsorted(starts[:-1], at)
    return count


@dataclass(frozen=True)
class _Patch:
    """How to read a prepared text from an earlier one (`base`) of the same length: they
    differ only inside ``[lo, hi)``, which begins and ends with a space and reaches at
    least ``max(CHAR_NGRAMS) - 1`` characters past the first and last difference (or the
    text's ends). `same`: the two are identical (``lo == hi == 0``)."""

    base: int
    lo: int
    hi: int
    same: bool = False


#: A text is patched only when the part to re-hash is at most this share of it.
PATCH_SHARE = 0.5


def _common_prefix(t: str, u: str) -> int:
    """How many leading characters `t` and `u` share (halving the range: each step one
    comparison of slices in C, not a loop over characters)."""
    lo, hi = 0, min(len(t), len(u))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if t[lo:mid] == u[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(t: str, u: str, limit: int) -> int:
    """How many trailing characters `t` and `u` (of one length) share, at most `limit`."""
    n, lo, hi = len(t), 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if t[n - mid : n - lo] == u[n - mid : n - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _patches(prepared: Sequence[str]) -> list[_Patch | None]:
    """For each prepared text, a `_Patch` from the first earlier text of its length when
    they differ in a short stretch (or not at all), else ``None`` (hashed whole).

    The leetspeak reading of a long text is the text with a few words changed, character
    for character (`normalize._leet`): hashing it whole cost as much as the plain text
    (~100 µs over 4 kB); only the stretch around the changes is new."""
    out: list[_Patch | None] = []
    span = max(CHAR_NGRAMS) - 1
    for i, u in enumerate(prepared):
        n = len(u)
        patch = None
        for j in range(i):
            t = prepared[j]
            if n <= WINDOW or len(t) != n:
                continue
            a = _common_prefix(t, u)
            if a == n:
                patch = _Patch(j, 0, 0, same=True)
                break
            b = n - _common_suffix(t, u, n - a)
            # Spaces (both texts have them there) at or before ``a - span`` and at or
            # after ``b + span - 1``: no word crosses them, and no n-gram outside them
            # reads a changed character. A prepared text begins and ends with a space.
            lo = u.rfind(" ", 0, max(a - span + 1, 1))
            hi = u.find(" ", min(b + span - 1, n - 1)) + 1
            if lo >= 0 and hi > 0 and hi - lo <= PATCH_SHARE * n:
                patch = _Patch(j, lo, hi)
            break
        out.append(patch)
    return out


@dataclass(frozen=True)
class _Features:
    """The weighed features of one prepared text of `n` characters (`_Hashed.weighed`'s
    blocks for that text alone), its word starts and its words' unmixed hashes."""

    n: int
    chars: list[npt.NDArray[np.float32]]
    starts: npt.NDArray[np.intp]
    words: npt.NDArray[np.float32] | None
    bigrams: npt.NDArray[np.float32] | None
    word_hashes: npt.NDArray[np.uint64] | None

    @classmethod
    def of(
        cls,
        whole: _Hashed[np.uint64],
        found: _Hashed[np.float32],
        lo: int,
        hi: int,
        first: int,
        last: int,
    ) -> _Features:
        """The features of ``text[lo:hi]`` of a joined text, its words being
        ``first .. last - 1``."""
        n = hi - lo
        fit = zip(found.chars, CHAR_NGRAMS, strict=False)
        chars = [b[lo : hi - k + 1] for b, k in fit if n >= k]
        has_words = found.words is not None and last > first
        return cls(
            n,
            chars,
            whole.starts[first:last] - lo,
            found.words[first:last] if has_words else None,  # type: ignore[index]
            found.bigrams[first : last - 1] if has_words and last - first > 1 else None,  # type: ignore[index]
            whole.word_hashes[first:last] if has_words else None,  # type: ignore[index]
        )

    def parts(self) -> list[npt.NDArray[np.float32]]:
        """The blocks in `_Hashed.blocks` order."""
        return _in_block_order(self.chars, self.words, self.bigrams)

    def patched(
        self, piece: _Features, patch: _Patch, weights: npt.NDArray[np.float32]
    ) -> _Features:
        """The features of the text that is this one with ``[patch.lo, patch.hi)``
        replaced by `piece` (that stretch of it, hashed alone): exactly those hashing
        it whole would give.

        An n-gram starting before `lo` ends before the first change, one starting at
        ``hi - n + 1`` or later begins after the last (`_patches`): both are this text's.
        `lo` and ``hi - 1`` are spaces, so the words before and after are this text's
        too; the word pairs are hashed again from the words' hashes (the pairs across
        the stretch's edges are new)."""
        lo, hi = patch.lo, patch.hi
        chars = [
            np.concatenate((mine[:lo], theirs, mine[hi - k + 1 :]))
            for mine, theirs, k in zip(self.chars, piece.chars, CHAR_NGRAMS, strict=True)
        ]
        i0, i1 = np.searchsorted(self.starts, [lo, hi]).tolist()
        starts = np.concatenate((self.starts[:i0], piece.starts + lo, self.starts[i1:]))
        words = bigrams = hashes = None
        if len(starts):
            empty_f = np.zeros(0, dtype=np.float32)
            empty_h = np.zeros(0, dtype=np.uint64)
            mine_w = self.words if self.words is not None else empty_f
            mine_h = self.word_hashes if self.word_hashes is not None else empty_h
            words = np.concatenate(
                (
                    mine_w[:i0],
                    piece.words if piece.words is not None else empty_f,
                    mine_w[i1:],
                )
            )
            hashes = np.concatenate(
                (
                    mine_h[:i0],
                    piece.word_hashes if piece.word_hashes is not None else empty_h,
                    mine_h[i1:],
                )
            )
            if len(hashes) > 1:
                shift = np.uint64(64 - (len(weights).bit_length() - 1))
                bigrams = weights[_bigram_buckets(hashes, shift).view(np.int64)]
        return _Features(self.n, chars, starts, words, bigrams, hashes)


#: Views of `normalize.views` the classifier does not read: whole-text rot13/atbash
#: (mostly gibberish for a text that was not shifted; the rules read them).
_SKIP = frozenset({"rot13", "atbash"})


def _folded(norm: Normalised) -> bool:
    return any(v.how == "homoglyph" for v in norm.views)


@dataclass(frozen=True)
class ClassifierScore:
    """The calibrated probability and which reading gave it (``plain``, ``leet``,
    ``base64``...)."""

    probability: float
    reading: str


def raw_score(
    model: ClassifierModel, text: str, norm: Normalised | None = None
) -> tuple[float, str]:
    """The highest uncalibrated score over the readings of `text`, and which reading it
    was (``plain``, ``homoglyph``, ``leet``, ``base64``...).

    Args:
        model: `load_model()`'s model.
        text: the input as sent.
        norm: its `normalize.views`, when the rules already computed them.
    """
    norm = norm if norm is not None else views(text)
    folded = _folded(norm)
    budget = MAX_CHARS
    read: list[tuple[str, str]] = []
    for v in norm.views:
        if v.how in _SKIP or (v.how == "plain" and folded) or budget <= 0:
            continue
        part = v.text[:budget]
        budget -= len(part)
        read.append((v.how, part))
    best, how = -np.inf, "plain"
    texts = [t for _, t in read]
    # The rules' keyword pass lowered the reading the classifier reads most (`lower`).
    lows = [norm.lower(t) for t in texts]
    for (name, _), r in zip(read, model.raws(texts, lows), strict=True):
        if r > best:
            best, how = r, name
    return (model.bias if best == -np.inf else float(best)), how


def score(model: ClassifierModel, text: str, norm: Normalised | None = None) -> ClassifierScore:
    """The calibrated probability that `text` is a prompt injection or jailbreak (see
    `raw_score` for the arguments)."""
    raw, how = raw_score(model, text, norm)
    return ClassifierScore(round(model.probability(raw), 6), how)


def read_model(data: bytes, *, name: str, expected_sha256: str | None) -> ClassifierModel:
    """A model from the bytes of a weights file (``.npz``), its hash checked first.

    Args:
        data: the file's bytes.
        name: how errors name the file.
        expected_sha256: the hash the file must have; ``None`` skips the check (the
            training script reading what it just wrote).
    """
    digest = hashlib.sha256(data).hexdigest()
    if expected_sha256 is not None and digest != expected_sha256:
        raise ClassifierError(
            f"{name}: sha256 {digest[:16]}… is not the expected {expected_sha256[:16]}…",
            fix="reinstall phaseone (the file is damaged), or retrain with "
            "`python -m phaseone.guard.training` and put the hash it prints in "
            "phaseone/guard/classifier.py's WEIGHTS_SHA256",
        )
    try:
        with np.load(BytesIO(data), allow_pickle=False) as z:
            weights = np.asarray(z["weights"], dtype=np.float32)
            meta = json.loads(str(z["meta"]))
    except (OSError, ValueError, KeyError) as exc:
        raise ClassifierError(
            f"{name}: not a classifier weights file ({exc})",
            fix="retrain with `python -m phaseone.guard.training`",
        ) from exc
    n = len(weights)
    if n < 2 or n & (n - 1):
        raise ClassifierError(
            f"{name}: {n} weights, not a power of two",
            fix="retrain with `python -m phaseone.guard.training`",
        )
    return ClassifierModel(
        weights=weights,
        bias=float(meta["bias"]),
        platt_a=float(meta["platt_a"]),
        platt_b=float(meta["platt_b"]),
        threshold=float(meta["threshold"]),
        meta=meta,
    )


def weights_path() -> Path:
    """Where the shipped weights are (inside the installed package)."""
    return Path(str(resources.files("phaseone.guard").joinpath(f"data/{WEIGHTS_FILE}")))


@lru_cache(maxsize=1)
def load_model() -> ClassifierModel:
    """The shipped model, read and hash-checked once per process."""
    path = weights_path()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ClassifierError(
            f"{path}: cannot read the classifier's weights ({exc.strerror})",
            fix="reinstall phaseone, or set `controls.guardrails.injection.classifier."
            "enabled: false`",
        ) from exc
    return read_model(data, name=str(path), expected_sha256=WEIGHTS_SHA256)
