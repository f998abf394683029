"""Input normalisation for the guardrails: the texts a rule should see, not the text sent.

An attack hides its wording from keyword rules in three ways, and each is undone here
before any rule runs (`views`):

- **invisible characters**: zero-width characters, Unicode tag characters, variation
  selectors and stacked combining marks (zalgo) are removed; tag characters and
  variation selectors that *carry* bytes (ASCII smuggling, emoji smuggling) are also
  decoded into a view of their own;
- **look-alike letters**: NFKC folds full-width and styled letters, a confusables map
  folds Cyrillic/Greek letters that look Latin, and leetspeak (``1gn0r3``) is read as
  letters;
- **encodings**: base64, base32, hex, ascii85, uuencode, rot13, atbash, Morse, the NATO
  alphabet and Braille are decoded, nested (a base64 payload of hex of rot13) up to
  `MAX_DEPTH`, with at most `MAX_DECODED` characters decoded per input, so a hostile input
  cannot make the stage slow.

Every view keeps the way back to the original text (`View.original`): a cleaned view maps
each character to its offset in the input, a decoded view maps to the span of the payload
it came from, so a finding can say *where* in what the user sent it matched.
"""

from __future__ import annotations

import base64
import binascii
import re
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

#: How many decodings deep a payload is followed (base64 of hex of rot13 is depth 3).
MAX_DEPTH = 3
#: Characters decoded in total per input, over all payloads and depths.
MAX_DECODED = 16_384
#: Payload candidates tried per text (the rest are left as they are).
MAX_BLOBS = 32

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e")
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Cyrillic/Greek letters that look Latin: mixed into a Latin word they hide keywords.
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁɡһӏԛԝАВЕКМНОРСТХІЈЅΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοριυνκτ",
    "aeopcyxijsdghlqwABEKMHOPCTXIJSABEZHIKMNOPTYXaopiuvkt",
)
_LEET = str.maketrans("013457@$!|", "oieastasil")
_LEET_WORD = re.compile(r"\b(?=\w*[A-Za-z])(?=\w*[013457@$!|])[\w@$!|]{3,}")
# A leet character between letters (``1gn0re``, ``h4x0r``), not ``3pm`` or ``Thanks!``:
# ``[A-Za-z][013457@$|!]+[A-Za-z0-9@$|]``, written to start at the leet character (the
# letter is a lookbehind) so `re` scans for the rare leet characters instead of trying
# every letter (~10 µs instead of ~60 µs over 4 kB). Only ever asked *whether* it occurs.
_LEET_INSIDE = re.compile(r"[013457@$|!](?<=[A-Za-z].)[013457@$|!]*[A-Za-z0-9@$|]")
#: Characters either side of a leetspeak word that the rules read in the leet view.
LEET_WINDOW = 160
_ROT13 = str.maketrans(
    string.ascii_lowercase + string.ascii_uppercase,
    string.ascii_lowercase[13:]
    + string.ascii_lowercase[:13]
    + string.ascii_uppercase[13:]
    + string.ascii_uppercase[:13],
)
_ATBASH = str.maketrans(
    string.ascii_lowercase + string.ascii_uppercase,
    string.ascii_lowercase[::-1] + string.ascii_uppercase[::-1],
)
_MORSE = {
    ".-": "a", "-...": "b", "-.-.": "c", "-..": "d", ".": "e", "..-.": "f", "--.": "g",
    "....": "h", "..": "i", ".---": "j", "-.-": "k", ".-..": "l", "--": "m", "-.": "n",
    "---": "o", ".--.": "p", "--.-": "q", ".-.": "r", "...": "s", "-": "t", "..-": "u",
    "...-": "v", ".--": "w", "-..-": "x", "-.--": "y", "--..": "z", "-----": "0",
    ".----": "1", "..---": "2", "...--": "3", "....-": "4", ".....": "5", "-....": "6",
    "--...": "7", "---..": "8", "----.": "9", ".-.-.-": ".", "--..--": ",", "..--..": "?",
}  # fmt: skip
_NATO = {
    "alpha": "a", "alfa": "a", "bravo": "b", "charlie": "c", "delta": "d", "echo": "e",
    "foxtrot": "f", "golf": "g", "hotel": "h", "india": "i", "juliet": "j", "juliett": "j",
    "kilo": "k", "lima": "l", "mike": "m", "november": "n", "oscar": "o", "papa": "p",
    "quebec": "q", "romeo": "r", "sierra": "s", "tango": "t", "uniform": "u",
    "victor": "v", "whiskey": "w", "whisky": "w", "x-ray": "x", "xray": "x",
    "yankee": "y", "zulu": "z",
}  # fmt: skip
# Grade-1 Braille: dots 1-6 of U+2800+bits for each letter a..z.
_BRAILLE_DOTS = [
    0x01, 0x03, 0x09, 0x19, 0x11, 0x0B, 0x1B, 0x13, 0x0A, 0x1A, 0x05, 0x07, 0x0D,
    0x1D, 0x15, 0x0F, 0x1F, 0x17, 0x0E, 0x1E, 0x25, 0x27, 0x3A, 0x2D, 0x3D, 0x35,
]  # fmt: skip
_BRAILLE = {
    chr(0x2800 + bits): ch for bits, ch in zip(_BRAILLE_DOTS, string.ascii_lowercase, strict=True)
}
_BRAILLE["\u2800"] = " "


def _lookup(table: dict[int, int]) -> npt.NDArray[np.uint32]:
    """`table` (a `str.maketrans` of single characters) as an array over code points up
    to its largest key, the others mapping to themselves."""
    lut = np.arange(max(table) + 1, dtype=np.uint32)
    for k, v in table.items():
        lut[k] = v
    return lut


_LOOKUPS = {id(t): (t, _lookup(t)) for t in (_CONFUSABLES, _ROT13, _ATBASH)}
#: Tables that map ASCII characters to ASCII characters only, as byte tables: UTF-8
#: writes an ASCII character as that one byte and every other as bytes >= 0x80, so
#: translating the UTF-8 bytes translates the text (~3× the speed of the lookup array).
_BYTE_TABLES = {
    id(t): (t, bytes(t.get(b, b) for b in range(256)))
    for t in (_ROT13, _ATBASH)
    if all(k < 0x80 and v < 0x80 for k, v in t.items())
}


def _translate(text: str, table: dict[int, int]) -> str:
    """``text.translate(table)``, for a table of single characters.

    `str.translate` is fast on ASCII text but looks each character of any other text up
    in the table's dict (~60 µs per 4 kB, three tables per input); a lookup array over
    the code points gives the same text in a few µs.
    """
    if text.isascii():
        return text.translate(table)
    as_bytes = _BYTE_TABLES.get(id(table))
    if as_bytes is not None and as_bytes[0] is table:
        raw = text.encode("utf-8", "surrogatepass").translate(as_bytes[1])
        return raw.decode("utf-8", "surrogatepass")
    cached = _LOOKUPS.get(id(table))
    if cached is None or cached[0] is not table:
        return text.translate(table)
    lut = cached[1]
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    inside = codes < len(lut)
    out = codes.copy()
    out[inside] = lut[codes[inside]]
    return out.tobytes().decode("utf-32-le", "surrogatepass")


#: The whole-text letter substitutions `views` reads, by the name of their view.
SHIFTS = {"rot13": _ROT13, "atbash": _ATBASH}


def shifted(text: str, how: str) -> str:
    """`text` as the ``rot13`` or ``atbash`` view reads it (`SHIFTS`)."""
    return _translate(text, SHIFTS[how])


_BLOB = re.compile(r"[A-Za-z0-9+/=\\_-]{16,}")
_HEX_WORD = re.compile(r"(?:[0-9a-fA-F]{2})+")
_HEX_SPACED_HINT = re.compile(r"[0-9a-fA-F]{2}\s[0-9a-fA-F]{2}\s[0-9a-fA-F]{2}\s[0-9a-fA-F]{2}")
_HEX_PAIRS = re.compile(r" [0-9a-f]{2} [0-9a-f]{2} ")
_HEX_SPACED = re.compile(r"[0-9a-fA-F]{2}(?:\s[0-9a-fA-F]{2}){7,}")
_A85 = re.compile(r"<~[!-u\s]{10,}~>|[!-u]{20,}")
# ascii85 uses punctuation base64 never does; without any, no run is tried as ascii85.
_A85_HINT = re.compile(r"[!-*,\-.:-<>-@\[-`]\w*[!-*,\-.:-<>-@\[-`]")
_UU = re.compile(r"(?:^|(?<=\s))begin [0-7]{3} \S+\n((?:[ -`]+\n)+?)`?\nend$", re.MULTILINE)
_MORSE_RUN = re.compile(r"[.\-]{1,6}(?:(?: {1,3}| ?/ ?)[.\-]{1,6}){5,}")
_NATO_RUN = re.compile(
    r"\b(?:"
    + "|".join(sorted(_NATO, key=len, reverse=True))
    + r")(?:[\s,.-]+(?:"
    + "|".join(sorted(_NATO, key=len, reverse=True))
    + r"|/)){4,}\b",
    re.IGNORECASE,
)
_NATO_WORDS = frozenset(_NATO)
_BRAILLE_RUN = re.compile("[\u2800-\u28ff][\u2800-\u28ff ]{4,}")
_MARKS_RUN = 2  # a letter with this many combining marks or more is zalgo


@dataclass(frozen=True)
class View:
    """One reading of the input a rule should see.

    Attributes:
        how: how it was obtained: ``plain``, ``folded`` (homoglyphs), ``leet``, or
            decoders joined by ``>`` (``base64>rot13``).
        text: the text to match.
        span: the span of the original input this view came from.
        offsets: for a cleaned view, the original offset of each character (``None`` when
            the view is the input itself or a decoding, whose characters all map to `span`).
        windows: where in `text` a rule can match that did not in the views before it
            (around the words this view changed); ``None``: anywhere.
    """

    how: str
    text: str
    span: tuple[int, int]
    offsets: tuple[int, ...] | None = None
    windows: tuple[tuple[int, int], ...] | None = None

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original input that `text[start:end]` came from."""
        if self.how == "plain" and self.offsets is None:
            return (start, end)
        if self.offsets is None or not self.offsets:
            return self.span
        lo = self.offsets[min(start, len(self.offsets) - 1)]
        hi = self.offsets[min(max(end - 1, start), len(self.offsets) - 1)] + 1
        return (lo, hi)


@dataclass
class Normalised:
    """The views of one input and the hiding tricks seen on the way (`signals`).

    Attributes:
        views: the readings, ``views[0]`` the cleaned input (`views`).
        signals: how many times each hiding trick was seen.
        spaced_hint: whether five one-character words come in a row in ``views[0]``
            (`Words.spaced_hint`, found while splitting it for the payload search),
            ``None``: not known, the rules look.
        lows: texts of views lower-cased, by `id` of the text (`lower`).
    """

    views: list[View] = field(default_factory=list)
    signals: dict[str, int] = field(default_factory=dict)
    spaced_hint: bool | None = field(default=None, compare=False, repr=False)
    lows: dict[int, tuple[str, str]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def lower(self, text: str) -> str:
        """``text.lower()``, computed once per text for the readers that need it (the
        payload search, the rules' keyword pass, the classifier): ~10 µs each over 4 kB
        that is not ASCII."""
        got = self.lows.get(id(text))
        if got is not None and got[0] is text:
            return got[1]
        low = text.lower()
        self.lows[id(text)] = (text, low)
        return low


def _printable(s: str) -> bool:
    """Whether decoded bytes read as text: 95% printable (newlines and tabs count), and
    mostly letters or another encoding's alphabet. Counted by `map` over the characters
    (in C; a generator is ~3× slower, and a payload can be 16 k characters)."""
    if len(s) < 6:
        return False
    # "\n" and "\t" are not printable: counting them apart counts no character twice.
    ok = sum(map(str.isprintable, s)) + s.count("\n") + s.count("\t")
    letters = sum(map(str.isalpha, s))
    if ok / len(s) <= 0.95:
        return False
    # Words, or another encoding's alphabet (base64 of hex): decoded again one level down.
    return letters / len(s) > 0.5 or _ALPHABET.fullmatch(s) is not None


_ALPHABET = re.compile(r"[A-Za-z0-9+/=\s]{16,}")


def _utf8(raw: bytes) -> str | None:
    try:
        s = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return s if _printable(s) else None


def _b64(blob: str) -> str | None:
    blob = blob.rstrip("\\")
    alt = "-_" if ("-" in blob or "_" in blob) else None
    try:
        raw = base64.b64decode(blob + "=" * (-len(blob) % 4), altchars=alt, validate=False)
    except (binascii.Error, ValueError):
        return None
    return _utf8(raw)


def _b32(blob: str) -> str | None:
    up = blob.rstrip("=").upper()
    if not re.fullmatch(r"[A-Z2-7]{16,}", up):
        return None
    try:
        raw = base64.b32decode(up + "=" * (-len(up) % 8))
    except (binascii.Error, ValueError):
        return None
    return _utf8(raw)


def _hex(blob: str) -> str | None:
    digits = re.sub(r"\\x|\s", "", blob)
    if len(digits) % 2:
        return None
    try:
        return _utf8(bytes.fromhex(digits))
    except ValueError:
        return None


def _a85(blob: str) -> str | None:
    body = blob[2:-2] if blob.startswith("<~") else blob
    try:
        raw = base64.a85decode(re.sub(r"\s", "", body))
    except (ValueError, binascii.Error):
        return None
    return _utf8(raw)


def _uu(body: str) -> str | None:
    out = bytearray()
    try:
        for line in body.splitlines():
            out += binascii.a2b_uu(line)
    except binascii.Error:
        return None
    return _utf8(bytes(out))


def _morse(run: str) -> str | None:
    words = re.split(r" ?/ ?| {3}", run)
    out = []
    for w in words:
        letters = [_MORSE.get(code) for code in w.split()]
        if any(c is None for c in letters):
            return None
        out.append("".join(c for c in letters if c))
    s = " ".join(out)
    return s if _printable(s) else None


def _nato(run: str) -> str:
    out = []
    for tok in re.split(r"[\s,.]+", run.lower()):
        if tok == "/":
            out.append(" ")
        elif tok in _NATO:
            out.append(_NATO[tok])
        elif tok.replace("-", "") in _NATO:
            out.append(_NATO[tok.replace("-", "")])
    return "".join(out)


def _braille(run: str) -> str | None:
    s = "".join(_BRAILLE.get(c, "") for c in run)
    return s if _printable(s.replace(" ", "x")) else None


class _Budget:
    def __init__(self) -> None:
        self.left = MAX_DECODED
        self.blobs = 0

    def take(self, n: int) -> bool:
        if self.left < n or self.blobs >= MAX_BLOBS:
            return False
        self.left -= n
        self.blobs += 1
        return True


def _long_spans(
    text: str, long_words: list[str] | None = None, low: str | None = None
) -> list[tuple[int, int]]:
    """Where the words of 16 characters or more of `text` are, in order.

    `long_words`, `low`: when the caller has split already, those words in order as
    ``low.split()`` gives them, `low` being `text` lower-cased with every character kept
    to one (so each word of `low` is at the place of the word of `text` it came from)."""
    out: list[tuple[int, int]] = []
    pos = 0
    source = text if low is None else low
    if long_words is None or low is None:
        source, long_words = text, _long_words(text.split())
    for word in long_words:
        # No shorter word holds it, and the longer ones before were passed: this finds
        # the word itself.
        at = source.find(word, pos)
        pos = at + len(word)
        out.append((at, pos))
    return out


def _blobs(
    text: str, long_words: list[str] | None = None, low: str | None = None
) -> list[re.Match[str]]:
    """``_BLOB.finditer(text)``, read only in words of 16 characters or more: a blob has
    no white space, so it lies inside one word (`_BLOB` over a whole text tries every
    position and re-reads each word from each of its characters). `long_words`, `low`:
    as for `_long_spans`."""
    out: list[re.Match[str]] = []
    for at, end in _long_spans(text, long_words, low):
        out += _BLOB.finditer(text, at, end)
    return out


def _long_words(words: list[str]) -> list[str]:
    """The words of 16 characters or more, in order (a comprehension: ~15 µs over the
    ~700 words of 4 kB, less than ``max(map(len, words))`` alone, and less than
    ``itertools.compress`` with a bound ``__lt__``, measured)."""
    return [w for w in words if len(w) >= 16]


class Words(NamedTuple):
    """One text's words, split once for every check that reads them: the payload
    candidates (`_payloads`), the spaced-hex hint and the rules' spaced-letters check
    (`spaced_hint`), each of which split or joined the text on its own before. A named
    tuple: made for every input, and ~1 µs cheaper to build than a frozen dataclass.

    Attributes:
        text: the text.
        low: ``text.lower()``.
        words: ``low.split()``.
        joined: the words joined by single spaces, one space either side.
    """

    text: str
    low: str
    words: list[str]
    joined: str

    @classmethod
    def of(cls, text: str, low: str | None = None) -> Words:
        low = text.lower() if low is None else low
        words = low.split()
        return cls(text, low, words, f" {' '.join(words)} ")

    def spaced_hint(self) -> bool | None:
        """Whether five one-character words of `text` come in a row (the rules' cheap
        pre-check for letters spaced out, `injection._has_spaced_letters`), or ``None``
        when the lower case changed a word's length (``İ`` lowers to two characters) and
        `joined` cannot say."""
        if len(self.low) != len(self.text):
            return None
        # Lowering maps each character to one (same total length; none is shortened) and
        # white space to white space only (tested over every code point): the words of
        # `low` are those of `text`, of the same lengths.
        return _FIVE_SINGLES.search(self.joined) is not None


#: Five words of one character in a row, in words joined by single spaces.
_FIVE_SINGLES = re.compile(r" \S \S \S \S \S ")


def _payloads(
    text: str, split: Words | None = None
) -> list[tuple[str, tuple[int, int], Callable[[], str | None]]]:
    """Candidate encoded payloads in `text`: (decoder name, span, decode). `split`:
    `Words.of(text)` when the caller has it."""
    found: list[tuple[str, tuple[int, int], Callable[[], str | None]]] = []
    # One split serves the NATO check and the blob pre-check: a blob has no white space,
    # so it lies inside one word, and lowering never shortens a word.
    words = split.words if split is not None else text.lower().split()
    if "begin " in text:
        for m in _UU.finditer(text):
            found.append(("uuencode", m.span(), partial(_uu, m.group(1))))
    if len(text) >= 16:
        # The lowered words of 16 characters or more: a blob or an ascii85 run (20) lies
        # in one. When lowering kept every length, they are the words of `text`
        # (lowered) at the same places, found without splitting again (`_long_spans`).
        longs = _long_words(words)
        longest = max(map(len, longs), default=0)  # 0 when no word reaches 16
        low = split.low if split is not None else None
        same = low is not None and len(low) == len(text)
        spans = _long_spans(text, longs, low if same else None) if longs else []
        for m in (mb for at, end in spans for mb in _BLOB.finditer(text, at, end)):
            b = m.group()
            if "\\x" in b or _HEX_WORD.fullmatch(b):
                found.append(("hex", m.span(), partial(_hex, b)))
                continue
            found.append(("base64", m.span(), partial(_b64, b)))
            found.append(("base32", m.span(), partial(_b32, b)))
        # The hint's middle two pairs are whole words, one after the other: `_HEX_PAIRS`
        # over the words joined by single spaces (a literal start, a fast scan) says
        # whether the hint (no literal start, tried at every hex letter) can match.
        joined = split.joined if split is not None else f" {' '.join(words)} "
        if _HEX_PAIRS.search(joined) and _HEX_SPACED_HINT.search(text):
            for m in _HEX_SPACED.finditer(text):
                found.append(("hex", m.span(), partial(_hex, m.group())))
        # A match is ``<~…~>`` or a run of 20 non-space characters (so inside one word).
        if ("<~" in text or longest >= 20) and ("~>" in text or _A85_HINT.search(text)):
            # Without "<~", read only the words of 20 or more (over a whole 4 kB text
            # `_A85` tries every position: ~200 µs, when a URL and two punctuation marks
            # let the hint through).
            whole = "<~" in text
            runs = [(0, len(text))] if whole else [(a, e) for a, e in spans if e - a >= 20]
            a85 = (m for at, end in runs for m in _A85.finditer(text, at, end))
            for m in a85:
                found.append(("ascii85", m.span(), partial(_a85, m.group())))
    if ".-" in text or "-." in text:
        for m in _MORSE_RUN.finditer(text):
            found.append(("morse", m.span(), partial(_morse, m.group())))
    if not text.isascii():
        for m in _BRAILLE_RUN.finditer(text):
            found.append(("braille", m.span(), partial(_braille, m.group())))
    if len(_NATO_WORDS.intersection(words)) >= 3:
        for m in _NATO_RUN.finditer(text):
            found.append(("nato", m.span(), partial(_nato, m.group())))
    return found


def _decode_nested(
    text: str,
    span: tuple[int, int],
    how: str,
    depth: int,
    budget: _Budget,
    out: list[View],
    split: Words | None = None,
) -> None:
    if depth > MAX_DEPTH:
        return
    seen_spans: set[tuple[int, int]] = set()
    for name, (s, e), decode in _payloads(text, split):
        if (s, e) in seen_spans or not budget.take(e - s):
            continue
        decoded = decode()
        if not decoded:
            continue
        seen_spans.add((s, e))
        label = f"{how}>{name}" if how else name
        whole = span if how else (s, e)
        out.append(View(label, decoded, whole))
        _decode_nested(decoded, whole, label, depth + 1, budget, out)
    # Letter substitutions have no markers: read the whole text shifted, once per level.
    if how != "" and depth <= MAX_DEPTH and not how.endswith(("rot13", "atbash")):
        for name, table in (("rot13", _ROT13), ("atbash", _ATBASH)):
            out.append(View(f"{how}>{name}", _translate(text, table), span))


@lru_cache(maxsize=16)
def _identity(n: int) -> tuple[int, ...]:
    """``tuple(range(n))``, shared: inputs of one size recur (a tuple cannot change)."""
    return tuple(range(n))


@lru_cache(maxsize=8192)
def _kept_as_is(ch: str) -> bool:
    """Whether `_clean` copies `ch` unchanged whatever surrounds it: not invisible, not a
    combining mark, its own NFKC. A text of only such characters (most text in any
    script) skips `_clean`'s per-character loop, ~1 ms over 4 kB."""
    o = ord(ch)
    if o <= 0x7F:
        return True
    if 0xE0000 <= o <= 0xE007F or 0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF:
        return False
    if ch in _ZERO_WIDTH or ch in _BIDI:
        return False
    if o >= 0x300 and unicodedata.combining(ch):
        return False
    return unicodedata.normalize("NFKC", ch) == ch


@lru_cache(maxsize=1)
def _maybe_changed() -> npt.NDArray[np.bool_]:
    """For each code point of the Basic Multilingual Plane: may `_clean` change it (not
    `_kept_as_is`)? U+FFFF also reads ``True``, so that a code point above the plane
    (read as U+FFFF by `np.take`'s ``mode="clip"``) sends the text to the exact check.
    Built once, on the first text that is not ASCII (~35 ms)."""
    table = np.zeros(0x10000, dtype=bool)
    kept = _kept_as_is.__wrapped__  # not filling the per-character cache with 65,536 entries
    for cp in range(0x80, 0x10000):
        if not kept(chr(cp)):
            table[cp] = True
    table[0xFFFF] = True
    return table


def _all_kept(text: str) -> bool:
    """``all(map(_kept_as_is, set(text)))``: one lookup per code point in numpy (~8 µs
    over 4 kB) instead of building the set of its characters (~25 µs); a text with a
    code point above the plane is checked character by character."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if not np.take(_maybe_changed(), codes, mode="clip").any():
        return True
    return all(map(_kept_as_is, set(text)))


def _hidden_bytes(chars: list[int]) -> str | None:
    return _utf8(bytes(chars)) if chars else None


def _clean(
    text: str, signals: dict[str, int], zalgo: bool = False
) -> tuple[str, tuple[int, ...] | None, list[View]]:
    """Drop invisible characters and zalgo marks; NFKC each remaining character.

    Returns the cleaned text, each character's original offset (``None`` if unchanged),
    and views of bytes smuggled in tag characters or variation selectors.
    """
    if text.isascii():
        return text, None, []
    if _all_kept(text):
        # Nothing to drop, fold or compose: the loop below would copy the text as it is.
        return text, _identity(len(text)), []
    out: list[str] = []
    offsets: list[int] = []
    tags: list[int] = []
    tag_span = [len(text), 0]
    vs: list[int] = []
    vs_span = [len(text), 0]
    marks = 0
    for i, ch in enumerate(text):
        o = ord(ch)
        if 0xE0000 <= o <= 0xE007F:
            signals["unicode_tags"] = signals.get("unicode_tags", 0) + 1
            if 0xE0020 <= o <= 0xE007E:
                tags.append(o - 0xE0000)
                tag_span = [min(tag_span[0], i), i + 1]
            continue
        if 0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF:
            signals["variation_selectors"] = signals.get("variation_selectors", 0) + 1
            vs.append(o - 0xFE00 if o <= 0xFE0F else o - 0xE0100 + 16)
            vs_span = [min(vs_span[0], i), i + 1]
            continue
        if ch in _ZERO_WIDTH:
            signals["zero_width"] = signals.get("zero_width", 0) + 1
            continue
        if ch in _BIDI:
            signals["bidi_override"] = signals.get("bidi_override", 0) + 1
            continue
        if o >= 0x300 and unicodedata.combining(ch):
            marks += 1
            if marks >= _MARKS_RUN:
                signals["zalgo"] = signals.get("zalgo", 0) + 1
            # Keep one accent (é is a letter); drop stacks of marks, and every mark of a
            # text that has stacks (zalgo).
            if marks > 1 or zalgo:
                continue
        else:
            marks = 0
        if o > 0x7F:
            folded = unicodedata.normalize("NFKC", ch)
            if marks == 1 and out:
                # Compose a kept accent with its letter so ``e`` + ``◌́`` reads as ``é``.
                joined = unicodedata.normalize("NFC", out[-1] + folded)
                if len(joined) == 1:
                    out[-1] = joined
                    continue
            for f in folded:
                out.append(f)
                offsets.append(i)
        else:
            out.append(ch)
            offsets.append(i)
    if signals.get("zalgo") and not zalgo:
        # The first mark of each stack was composed with its letter: clean again without.
        return _clean(text, {}, zalgo=True)
    hidden: list[View] = []
    tag_text = _hidden_bytes(tags)
    if tag_text:
        hidden.append(View("unicode_tags", tag_text, (tag_span[0], tag_span[1])))
    vs_text = _hidden_bytes(vs)
    if vs_text:
        hidden.append(View("variation_selectors", vs_text, (vs_span[0], vs_span[1])))
    return "".join(out), tuple(offsets), hidden


#: The characters a `_LEET_WORD` match is made of: a match lies inside one run of them.
_LEET_RUN = re.compile(r"[\w@$!|]*")
_LEET_RUN_CHAR = re.compile(r"[\w@$!|]")


def _leet_words(cleaned: str, first: re.Match[str] | None = None) -> list[tuple[int, str]]:
    """Where `_LEET_WORD` matches in `cleaned` with a leet character inside (`_LEET_INSIDE`),
    and the word: exactly what filtering ``_LEET_WORD.finditer(cleaned)`` would give.

    `_LEET_WORD` tries every word boundary of the text (~550 µs over 4 kB, though a
    leetspeak word is rare). Its matches are greedy runs of ``[\\w@$!|]`` and their
    lookaheads read only within the run, so each maximal run holds at most one match, the
    one ``_LEET_WORD.search(run)`` finds (the character before a run is not ``\\w``, as
    for the run alone). A kept word contains a `_LEET_INSIDE` match, which is one in
    `cleaned` too and lies within the word's run; so only the runs around `_LEET_INSIDE`'s
    matches in `cleaned` (rare characters, found by a fast scan) are read.

    After a run, the scan goes on from its end: a `_LEET_INSIDE` match is made of run
    characters, so one starting inside a run read ends inside it, and finding them all
    (every digit between two letters of a base64 payload, ~20 µs) was work thrown away.
    `first`: ``_LEET_INSIDE.search(cleaned)``, when the caller has it.
    """
    out: list[tuple[int, str]] = []
    done = 0  # runs end at or before here: already read
    hit = first if first is not None else _LEET_INSIDE.search(cleaned)
    while hit is not None:
        at = hit.start()
        start = at
        while start > done and _LEET_RUN_CHAR.match(cleaned, start - 1):
            start -= 1
        run = _LEET_RUN.match(cleaned, at)  # always matches: `at` is in a run
        end = run.end() if run is not None else at
        done = end
        m = _LEET_WORD.search(cleaned[start:end])
        if m is not None and _LEET_INSIDE.search(m.group()):
            out.append((start + m.start(), m.group()))
        hit = _LEET_INSIDE.search(cleaned, max(done, at + 1))
    return out


def _leet(
    cleaned: str,
    whole: tuple[int, int],
    offsets: tuple[int, ...] | None,
    first: re.Match[str] | None = None,
) -> View | None:
    """Leetspeak read as letters, character for character (offsets stay valid); rules
    read it only near the words that changed, which is where a new match can be."""
    parts: list[str] = []
    windows: list[tuple[int, int]] = []
    pos = 0
    for at, word in _leet_words(cleaned, first):
        parts.append(cleaned[pos:at])
        parts.append(word.translate(_LEET))
        pos = at + len(word)
        lo, hi = max(0, at - LEET_WINDOW), min(len(cleaned), pos + LEET_WINDOW)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    if not windows:
        return None
    parts.append(cleaned[pos:])
    return View("leet", "".join(parts), whole, offsets, tuple(windows))


def only_plain(text: str, split: Words | None = None) -> bool:
    """Whether `views(text)` is only the text and its rot13 and atbash readings, with no
    signal: ASCII (nothing invisible, no look-alike), no leetspeak, no payload candidate.

    Most inputs are such texts; `plain_views` then builds the same views without going
    through `views`' cleaning and decoding, and the rules can decide them from one keyword
    pass (`injection.score_injection`). `split`: `Words.of(text)` when the caller has it."""
    return text.isascii() and _LEET_INSIDE.search(text) is None and not _payloads(text, split)


def plain_views(text: str) -> Normalised:
    """`views(text)` for a text `only_plain` accepts (the same views, in the same order)."""
    whole = (0, len(text))
    return Normalised(
        [
            View("plain", text, whole),
            View("rot13", _translate(text, _ROT13), whole),
            View("atbash", _translate(text, _ATBASH), whole),
        ]
    )


def views(text: str) -> Normalised:
    """Every reading of `text` a rule should see, first the cleaned input itself.

    Args:
        text: the input as sent.

    Returns:
        `Normalised`: ``views[0]`` is the input without invisible characters (``plain``);
        then the homoglyph-folded and leetspeak readings when they differ, hidden bytes,
        and decoded payloads (nested); `signals` counts each hiding trick seen.
    """
    result = Normalised()
    signals = result.signals
    cleaned, offsets, hidden = _clean(text, signals)
    whole = (0, len(text))
    plain = View("plain", cleaned, whole, offsets)
    result.views.append(plain)
    if not cleaned.isascii():
        folded = _translate(cleaned, _CONFUSABLES)
        if folded != cleaned and re.search(r"[a-z][^\W\d_a-z]|[^\W\d_a-z][a-z]", cleaned, re.I):
            signals["homoglyph"] = 1
            result.views.append(View("homoglyph", folded, whole, offsets))
            cleaned = folded
    first_leet = _LEET_INSIDE.search(cleaned)
    if first_leet is not None:
        leet_view = _leet(cleaned, whole, offsets, first_leet)
        if leet_view is not None:
            result.views.append(leet_view)
    result.views.extend(hidden)
    budget = _Budget()
    decoded: list[View] = []
    for v in hidden:
        _decode_nested(v.text, v.span, v.how, 1, budget, decoded)
    top: list[View] = []
    split = Words.of(cleaned, result.lower(cleaned))
    # Homoglyph folding maps one character to one, never to or from white space: the
    # folded text's words have the lengths of the plain text's.
    result.spaced_hint = split.spaced_hint()
    _decode_nested(cleaned, whole, "", 1, budget, top, split)
    # Map a top-level payload's span in the cleaned text back to the input.
    for v in top:
        s, e = v.span
        decoded.append(View(v.how, v.text, plain.original(s, e) if e > s else whole))
    result.views.extend(decoded)
    # A whole message in rot13 or atbash has no marker; read it shifted, as two views.
    # `_ROT13` is what the ``rot13`` codec does (letters shifted, all else kept).
    result.views.append(View("rot13", _translate(cleaned, _ROT13), whole, offsets))
    result.views.append(View("atbash", _translate(cleaned, _ATBASH), whole, offsets))
    return result
