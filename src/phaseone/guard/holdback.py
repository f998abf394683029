"""Output guardrails on whole and streamed answers: PII, secrets, exfiltration links and
the system prompt's canary never leave, even when a stream splits them into pieces.

`OutputGuard.scan` checks a whole answer. `OutputGuard.stream` gives a `StreamRedactor`
per streamed answer, which sends only the prefix that no finding can reach into, whether
complete or still growing:

* a word still open at the end (a run of non-space characters) may become an e-mail, a
  URL, a key: held from its start while it grows;
* a finding that reaches the end, or past what is settled, may still change (a 16-digit
  card followed by a 17th digit is no card): held from its start;
* a URL to a foreign host that does not carry data *yet* is held from its start;
* the end of the text may be the start of something the detectors match across spaces:
  with the builtin detectors that is only a number, IBAN, NINO, NIE or codice fiscale in
  groups or a private key header (`_SPACED_TAILS`), held while it can still grow; with
  another PII engine (Presidio: names, addresses) anything may be, so the last
  `stream_window_chars` characters are always held;
* a number of 9 digits or more (a run of digit groups, `_NUMBER_RUN`) that is not all one
  card may still be decided by the words after it: the PII finder reads up to 80
  characters past it (`_AFTER`: a phone word, "0612345678 as my mobile"; a name in the
  next field, "123456708 (Sanne Visser)"; an expiry, an extension, an identifier's naming
  word). It is held from its start until those 80 characters have arrived, then decided
  once with them, as `scan` decides it.

Either way nothing waits more than the window unless a finding, an open word or such a
number covers it: the window is at least as long as anything the detectors match across
spaces (72 ≥ a spaced IBAN's 64 + the characters the patterns look at on each side), so it
settles every pattern of bounded length, and the open-word rules the rest; text after a
number of 9+ digits waits at most the number's length + 80 characters. What stays open
longer than `max_hold_chars` is cut: a finding (a URL that now carries data by its length,
a key, a private key block) is sent as its placeholder and the rest of it is dropped as it
arrives; a plain long word, or a number held longer than that, is released. Under that
bound the stream sends exactly what `scan` returns for the same text, however it is split
(`tests/guard/test_holdback_corpora.py` checks it on every PII corpus's sentences), except
for a codice fiscale written in lower-case groups (`lmb msk 99b58 f839w`: its letters
leave before its digits show what they are; in capitals it is held).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from phaseone.guard.leaks import (
    CANARY,
    PEM_END,
    Detector,
    Hit,
    find_canary,
    find_exfiltration,
    find_secrets,
)
from phaseone.guard.pii import Finder, PiiStage, placeholder
from phaseone.guard.pii_gaps import GAP_CHARS, GAP_SET, MAX_GAP
from phaseone.guard.pii_words import CONTEXT
from phaseone.plan.schema import Guardrails, OutputGuardrail

#: Emitted text kept as the left context of the patterns (a markdown image's alt text,
#: up to 200 characters, decides whether the URL after it is an image).
_CONTEXT = 256
#: How far before the first undecided character the patterns start: more than what a
#: secret's key word puts before its value (`refresh_token" : "`).
_LOOKBACK = 32
#: The PII finder sees a slice, not the buffer: it starts further back, and at the start
#: of a word, so that a match made up by the cut (an e-mail's local part cut short, a
#: number cut mid-digits) ends before the undecided text; 80 > the longest PII pattern
#: that spans spaces (a spaced IBAN, 64).
_PII_LOOKBACK = 80
#: Every builtin PII kind has a digit, or an `@`: one C-speed search skips the rest.
_PII_HINT = re.compile(r"[0-9@]")
#: The beginnings, at the end of the text, of what the builtin detectors match across
#: spaces: a number in groups (card, phone: `+44 20 79`, `(555) 12`, `0483/32 18`; a French
#: NIR's Corsican `2A`/`2B` group: `2 60 03 2B 58`), an Italian codice fiscale in groups
#: (`LMB MSK 99B58 F8`, in capitals), a Spanish NIE in groups (`Y 6276440 F`), an IBAN (in
#: any case) or a NINO in groups (`GB82 WEST 12`, `de51 6841`, `AB 12 34`), a private key
#: header (`-----BEGIN RSA PRIV`).
#: Everything else they match is one word. Text before the earliest of these and before
#: the last word cannot become part of a finding, so it need not wait for the window.
#: Between groups the finder also reads a gap (`pii_gaps`: two spaces, a tab, a no-break or
#: thin space), so each tail takes one wherever it takes a space.
_S = f"[{GAP_CHARS}]{{1,{MAX_GAP}}}"
_SPACED_TAILS = (
    re.compile(rf"[\d+(](?:[\d+()./{GAP_CHARS}-]|(?<=\d)[ABab])*\Z"),
    re.compile(
        r"(?<![A-Za-z0-9])[A-Z]{3}(?:_S)?(?:[A-Z]{1,3}(?:_S(?:_D{1,2}(?:[A-Za-z](?:_D{1,2}"
        r"(?:_S(?:[A-Za-z]_D{0,3})?)?)?)?)?)?)?\Z".replace("_D", "[0-9LMNPQRSTUV]").replace(
            "_S", _S
        )
    ),
    re.compile(rf"(?<![A-Za-z0-9])[A-Za-z]{{2}}\d{{2}}(?:(?:{_S})?[A-Za-z0-9])*(?:{_S})?\Z"),
    re.compile(rf"(?<![A-Za-z0-9])[A-Z]{{2}}(?:{_S})?(?:\d(?:{_S})?){{0,6}}[A-D]?\Z"),
    re.compile(rf"(?<![A-Za-z0-9])[XYZxyz](?:-|{_S})?(?:\d{{1,8}}(?:-|{_S})?[A-Za-z]?)?\Z"),
    re.compile(r"-----BEGIN[A-Z0-9 -]*\Z"),
)
#: A run of digit groups as the PII finder reads one (`pii._RUN_ANY`: `+44 (0)20 7946-0958`,
#: `4111 1111 …`, `536-22-1234`). The finder decides a run of `_DECIDED_AFTER_DIGITS` digits
#: or more partly by the text after it: a phone word in the 40 characters after it
#: (`pii_words.phone_word_after`), a name in the field after it (`pii_words.owner_after`,
#: 80), an identifier's naming word or a Dutch word (`pii_ids._named`, 40; `_dutch_near`,
#: 80), an extension (`ext. 87`), a card's expiry (`04/29`).
#: Its groups may stand a gap apart (`pii_gaps`: "0612\u00a0345\u00a0678"): the run spans it.
_NUMBER_RUN = re.compile(rf"(?=[+(\d])[+(]?\d[\d./()\-{GAP_CHARS}]*")
_RUN_CHARS = frozenset("./()-+") | GAP_SET
_RUN_TAIL = "".join(sorted(_RUN_CHARS - {"+"}))  # stripped from a run's end
_DIGIT = re.compile(r"\d")
_DECIDED_AFTER_DIGITS = 9
#: How many characters after such a run the finder reads: it is held until they arrive.
_AFTER = 2 * CONTEXT
_ORDER = ("output_pii", "secret", "exfiltration", "canary")
_RANK = {"block": 0, "redact": 1, "flag": 2}
_REASONS = {
    "output_pii": "the answer contains personal data",
    "secret": "the answer contains a secret",
    "exfiltration": "the answer links data out to a host that is not allowed",
    "canary": "the answer leaks the system prompt (its canary token)",
}


@dataclass(frozen=True)
class OutputScan:
    """A whole answer after the output guardrails.

    `text` is what may be sent ("" when `blocked`); `findings` one dict per category
    and action (``{"type", "action", "kinds": {kind: count}}``, exfiltration also
    ``"hosts"``), never a matched value; `reason` says why it was blocked.
    """

    text: str
    findings: list[dict[str, Any]]
    blocked: bool
    reason: str | None
    #: The PII finder (`OutputGuard.pii_finder`) read all of `text` and found nothing: the
    #: trace may store `text` without running the finder over it again.
    pii_free: bool = False


def resolve(hits: Iterable[Hit]) -> list[Hit]:
    """Non-overlapping findings in order of position: block before redact before flag,
    then the longer span (a URL wins over the e-mail inside it). A finding that overlaps
    one already taken keeps what sticks out of it (an e-mail whose pattern ran back into
    a private key block's END line is still redacted). Candidates are left out."""
    ranked = sorted(
        (h for h in hits if h.action is not None),
        key=lambda h: (_RANK[h.action or "flag"], h.start - h.end, h.start),
    )
    taken: list[Hit] = []
    for h in ranked:
        pieces = [(h.start, h.end)]
        for t in taken:
            pieces = [
                part
                for a, b in pieces
                for part in ((a, min(b, t.start)), (max(a, t.end), b))
                if part[0] < part[1]
            ]
        taken += [replace(h, start=a, end=b) for a, b in pieces]
    taken.sort(key=lambda h: h.start)
    return taken


@dataclass
class _Tally:
    """Findings counted by category and action, in the shape `OutputScan` reports."""

    counts: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    hosts: set[str] = field(default_factory=set)
    blocked_by: str | None = None

    def add(self, hit: Hit) -> None:
        action = hit.action or "flag"
        kinds = self.counts.setdefault((hit.category, action), {})
        kinds[hit.kind] = kinds.get(hit.kind, 0) + 1
        if hit.host:
            self.hosts.add(hit.host)
        if action == "block" and self.blocked_by is None:
            self.blocked_by = hit.category

    def findings(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for (category, action), kinds in sorted(
            self.counts.items(), key=lambda kv: (_ORDER.index(kv[0][0]), kv[0][1])
        ):
            f: dict[str, Any] = {"type": category, "action": action, "kinds": dict(kinds)}
            if category == "exfiltration":
                f["hosts"] = sorted(self.hosts)
            out.append(f)
        return out

    def reason(self) -> str | None:
        if self.blocked_by is None:
            return None
        if self.blocked_by == "canary":
            return _REASONS["canary"]
        kinds = self.counts.get((self.blocked_by, "block"), {})
        return f"{_REASONS[self.blocked_by]} ({', '.join(sorted(kinds))})"


def _render(text: str, hits: Sequence[Hit], start: int, end: int) -> str:
    """`text[start:end]` with each redacted hit replaced by its placeholder."""
    parts: list[str] = []
    pos = start
    for h in hits:
        if h.action != "redact" or h.end <= start or h.start >= end:
            continue
        parts.append(text[pos : max(pos, h.start)])
        parts.append(h.placeholder)
        pos = h.end
    parts.append(text[pos:end])
    return "".join(parts)


class OutputGuard:
    """The plan's output guardrails (``controls.guardrails.output``), built once per guard."""

    def __init__(
        self, cfg: OutputGuardrail, pii_finder: Finder | None, *, builtin_pii: bool = False
    ) -> None:
        self.cfg = cfg
        self.window = cfg.stream_window_chars
        #: True when every detector is known to match across spaces only in the shapes of
        #: `_SPACED_TAILS` (not so for Presidio's names and addresses): then plain text is
        #: sent as soon as its word ends, and the window only bounds the wait for those.
        self.early = cfg.pii == "off" or pii_finder is None or builtin_pii
        self.max_hold = cfg.max_hold_chars
        #: The token to plant in the system prompt, or None: an answer holding it is blocked.
        self.canary = cfg.canary
        detectors: list[Detector] = []
        #: The finder the PII detector runs (None when the output's PII check is off).
        self.pii_finder = pii_finder if cfg.pii != "off" else None
        self._builtin_pii = builtin_pii
        if cfg.pii != "off" and pii_finder is not None:
            detectors.append(_pii_detector(pii_finder, cfg.pii, builtin_pii))
        if cfg.secrets != "off":
            detectors.append(partial(find_secrets, action=cfg.secrets))
        if cfg.exfiltration != "off":
            detectors.append(
                partial(
                    find_exfiltration,
                    action=cfg.exfiltration,
                    allowed=tuple(cfg.allowed_hosts),
                    max_len=cfg.max_hold_chars,
                )
            )
        #: The canary as a pattern (any letter case), or None.
        self.canary_pattern = re.compile(re.escape(cfg.canary), re.I) if cfg.canary else None
        if self.canary_pattern is not None:
            detectors.append(partial(find_canary, canary=self.canary_pattern))
        self._detectors = tuple(detectors)

    @classmethod
    def from_plan(cls, guardrails: Guardrails, pii: PiiStage) -> OutputGuard:
        """The output guard for the plan: PII found by the input stage's own engine and
        kinds (`pii.finder`), the rest from ``guardrails.output``."""
        return cls(guardrails.output, pii.finder, builtin_pii=not pii.offload)

    @property
    def active(self) -> bool:
        """False when every output check is off: callers may skip the guard entirely."""
        return bool(self._detectors)

    def detect(self, text: str, pos: int = 0) -> list[Hit]:
        """Every hit and candidate of every detector from `pos` on, unresolved."""
        hits: list[Hit] = []
        for find in self._detectors:
            hits += find(text, pos)
        return hits

    def scan(self, text: str) -> OutputScan:
        """A whole answer: redacted, or blocked, with what was found."""
        found = self.detect(text)
        if not found:  # nearly every answer: nothing to resolve, count or render
            return OutputScan(text, [], False, None, self._pii_read(text))
        hits = resolve(found)
        tally = _Tally()
        for h in hits:
            tally.add(h)
        if tally.blocked_by is not None:
            return OutputScan("", tally.findings(), True, tally.reason())
        return OutputScan(_render(text, hits, 0, len(text)), tally.findings(), False, None)

    def _pii_read(self, text: str) -> bool:
        """Whether the PII detector, having returned nothing for all of `text`, ran the
        finder over it (the builtin detector skips a text without a digit or an `@`: that
        text is not vouched for, and the trace's own pass reads it)."""
        if self.pii_finder is None:
            return False
        return not self._builtin_pii or _PII_HINT.search(text) is not None

    def stream(self) -> StreamRedactor:
        """A redactor for one streamed answer."""
        return StreamRedactor(self)


def _is_card(hit: Hit) -> bool:
    return hit.category == "output_pii" and hit.kind == "card"


def _pii_detector(find: Finder, action: str, builtin: bool) -> Detector:
    def detect(text: str, pos: int) -> list[Hit]:
        start = max(0, pos - (_PII_LOOKBACK - _LOOKBACK)) if pos else 0
        while start and not text[start - 1].isspace():  # not inside a word (an e-mail)
            start -= 1
        part = text[start:] if start else text
        if builtin and not _PII_HINT.search(part):
            return []
        return [
            Hit(start + m.start, start + m.end, "output_pii", m.kind, action, placeholder(m.kind))
            for m in find(part)
        ]

    return detect


class _Swallow:
    """Drops the rest of a cut token as it arrives: characters of its class, or, for a
    private key block, everything up to and including its END line. The canary is still
    looked for in what is dropped (the whole-answer scan would see it and block)."""

    def __init__(self, cont: str, seed: str, canary: re.Pattern[str] | None) -> None:
        self._pem = cont == "pem"
        self._class = re.compile(f"(?:{cont})*") if not self._pem else None
        self._canary = canary
        self._keep = 64  # > an END line and any canary: matches split across pieces
        self._tail = seed[-self._keep :]

    @property
    def tail(self) -> str:
        """The last characters dropped so far."""
        return self._tail

    def eat(self, text: str) -> tuple[str, bool, bool]:
        """(what is left after the token, whether the token has ended, canary seen)."""
        if self._class is not None:
            m = self._class.match(text)
            n = m.end() if m else 0
            dropped, rest, ended = text[:n], text[n:], n < len(text)
        else:
            seen = self._tail + text  # the END line may be split across pieces
            m = PEM_END.search(seen)
            cut = m.end() if m else len(seen)
            dropped, rest, ended = seen[len(self._tail) : cut], seen[cut:], m is not None
        seen_all = self._tail + dropped
        canary = self._canary is not None and self._canary.search(seen_all) is not None
        self._tail = seen_all[-self._keep :]
        return rest, ended, canary


class StreamRedactor:
    """One streamed answer through the output guardrails.

    `feed` each piece as it arrives and send what it returns; `close` at the end and send
    that too. Once `blocked`, both return "" and `reason` says why; `findings` has the
    shape of `OutputScan.findings`.
    """

    def __init__(self, guard: OutputGuard) -> None:
        self._guard = guard
        self._buf = ""  #: raw text: emitted context, then what is still held
        self._done = 0  #: index in `_buf` of the first character not yet decided
        self._offset = 0  #: absolute position of `_buf[0]` in the answer
        self._run = 0  #: absolute start of the trailing run of non-space characters
        self._released = -1  #: absolute start of a long word released at max_hold
        self._swallow: _Swallow | None = None
        self._wait_until = -1  #: absolute length the text must reach before the next look
        self._wait_for_word = False  #: held at an open word: look again once it closes
        self._tally = _Tally()
        self.blocked = False
        self.reason: str | None = None

    @property
    def findings(self) -> list[dict[str, Any]]:
        return self._tally.findings()

    @property
    def held(self) -> int:
        """Characters received and not yet sent (nor dropped)."""
        return len(self._buf) - self._done

    def feed(self, text: str) -> str:
        """The part of the answer so far that is safe to send now, redacted."""
        if self.blocked or not text:
            return ""
        if self._swallow is not None:
            text, ended, canary = self._swallow.eat(text)
            if canary:
                self._tally.add(Hit(0, 0, "canary", "system_prompt", "block", CANARY))
                self.blocked, self.reason = True, self._tally.reason()
                return ""
            if not ended:
                return ""
            # What was dropped stays as left context: the patterns look behind as in `scan`.
            context = self._swallow.tail
            self._swallow = None
            self._offset -= len(context)
            self._buf, self._done = context, len(context)
        run = self._run
        self._track_run(text)
        self._buf += text
        if self._idle(text_closed_a_word=self._run != run):
            return ""
        return self._advance(final=False)

    def _idle(self, text_closed_a_word: bool) -> bool:
        """True when nothing can be sent yet, so the detectors need not run again: the
        text is held at a finding that settles only once the window has passed its end,
        or at a word that is still open. Waiting only delays what `_advance` would send
        (a bigger chunk later), within the same bounds; past `max_hold` it always runs."""
        if len(self._buf) - self._done > self._guard.max_hold:
            return False
        if self._offset + len(self._buf) < self._wait_until:
            return True
        return self._wait_for_word and not text_closed_a_word

    def _track_run(self, text: str) -> None:
        """Keep `_run` as the start of the word still open at the end of the text."""
        for i in range(len(text) - 1, -1, -1):
            if text[i].isspace():
                self._run = self._offset + len(self._buf) + i + 1
                return

    def close(self) -> str:
        """The rest of the answer, redacted ("" when blocked)."""
        if self.blocked:
            return ""
        self._swallow = None
        out = self._advance(final=True)
        self._buf, self._done = "", 0
        return out

    def _advance(self, final: bool) -> str:
        guard = self._guard
        buf = self._buf
        n = len(buf)
        found = guard.detect(buf, max(0, self._done - _LOOKBACK))
        # Nearly every step finds nothing: then nothing to resolve, look for or render.
        hits = resolve(found) if found else []
        self._wait_until, self._wait_for_word = -1, False
        if any(h.category == "canary" and h.end > self._done for h in hits):
            # A canary cannot stop being one as the text grows: stop now, with what was seen.
            for h in hits:
                if h.end > self._done:
                    self._tally.add(h)
            self.blocked, self.reason = True, self._tally.reason()
            self._buf, self._done = "", 0
            return ""
        if final:
            boundary = n
        else:
            boundary = self._boundary(buf, found)
            cut = self._cut(buf, hits, boundary)
            if cut is not None:
                return cut
            if guard.early or boundary < n - guard.window:
                self._note_wait(buf, hits, boundary)
        return self._emit(buf, hits, boundary)

    def _note_wait(self, buf: str, hits: list[Hit], boundary: int) -> None:
        """What holds the text at `boundary`: an open word (wait for a space), or a finding
        that ends before the end of the text (wait until the window has passed its end).
        With the builtin detectors most chunks end inside a word, and a stream held at
        that word's start cannot send more before it closes: the detectors skip those
        chunks (`_idle`) instead of reading the same look-back text again."""
        if self._run - self._offset == boundary:
            self._wait_for_word = True
            return
        held = next((h for h in hits if h.start == boundary and h.end < len(buf)), None)
        if held is not None and not self._guard.early:
            self._wait_until = max(self._wait_until, self._offset + held.end + self._guard.window)

    def _boundary(self, buf: str, found: list[Hit]) -> int:
        """How far the text is settled: the window, pulled back to the start of an open
        word, of a candidate still growing, of a finding that reaches past it."""
        n = len(buf)
        guard = self._guard
        run = self._run - self._offset
        boundary = n - guard.window
        if guard.early:
            boundary = max(boundary, self._settled_early(buf, run))
        number = self._undecided_number(buf, found)
        if number is not None:
            # Bounded as every hold is: never more than `max_hold` characters.
            boundary = min(boundary, max(number[0], n - guard.max_hold))
        if run < boundary and self._run != self._released:
            if n - run > guard.max_hold:
                self._released = self._run  # a long plain word: let it flow
            else:
                boundary = run
        if found:
            for c in found:
                if c.action is None and c.start >= run and c.start < boundary:
                    boundary = c.start
            # Whole findings as found, before overlaps are trimmed: a piece left over from
            # one is settled only when what trimmed it is. One reaching the end may grow.
            reaching = sorted((h for h in found if h.action is not None), key=lambda h: -h.start)
            moved = True
            while moved:
                moved = False
                for h in reaching:
                    if h.start < boundary and (boundary < h.end or h.end == n):
                        boundary, moved = h.start, True
        boundary = max(boundary, self._done)
        if number is not None and boundary == max(number[0], self._done):
            # Held for the text after a number: nothing can be sent before it has arrived.
            self._wait_until = self._offset + number[1] if number[1] >= 0 else -1
        return boundary

    def _undecided_number(self, buf: str, found: list[Hit]) -> tuple[int, int] | None:
        """(start, length the text must reach, or -1 while it may still grow) of the first
        number the PII finder may still decide by text that has not arrived: a run of
        `_DECIDED_AFTER_DIGITS` digits or more with fewer than `_AFTER` characters after
        it. None when there is none (or no PII check). A run that is all one card number
        is decided once it has ended (the card's checks read the run and the character
        after it; no kind outranks a card for digits), so it is sent as soon as nothing
        can extend it."""
        if self._guard.pii_finder is None:
            return None
        n = len(buf)
        lo = min(self._done, max(0, n - _AFTER))
        if _DIGIT.search(buf, lo) is None:
            return None  # the usual case: no digit in the text still to be decided on
        while lo and (buf[lo - 1].isdigit() or buf[lo - 1] in _RUN_CHARS):
            lo -= 1  # from the start of the run the undecided text begins in
        for m in _NUMBER_RUN.finditer(buf, lo):
            raw = m.group().rstrip(_RUN_TAIL)
            end = m.start() + len(raw)
            if end + _AFTER <= n or end <= self._done:
                continue
            if sum(c.isdigit() for c in raw) < _DECIDED_AFTER_DIGITS:
                continue
            a = m.start()
            if not any(_is_card(h) and h.start <= a and end <= h.end for h in found):
                # A run reaching the end may still grow (into a card): look again each time.
                return a, end + _AFTER if m.end() < n else -1
        return None

    def _settled_early(self, buf: str, run: int) -> int:
        """Where the text that no finding can still reach ends, for the builtin detectors:
        the start of the last word, or of a number, code or key header still open."""
        done = self._done
        settled = len(buf) if self._run == self._released else max(run, done)
        for tail in _SPACED_TAILS:
            m = tail.search(buf, done)
            if m is not None and m.start() < settled:
                settled = m.start()
        return settled

    def _cut(self, buf: str, hits: list[Hit], boundary: int) -> str | None:
        """A finding still open after `max_hold` characters: send its placeholder, drop
        its rest as it arrives. None when nothing is held that long."""
        n = len(buf)
        if n - boundary <= self._guard.max_hold:
            return None
        open_hit = next((h for h in hits if h.start <= boundary and h.end == n), None)
        if open_hit is None:
            return None
        out = self._emit(buf, hits, n)
        if not self.blocked and open_hit.action != "flag":
            self._swallow = _Swallow(
                open_hit.cont, buf[open_hit.start :], self._guard.canary_pattern
            )
            self._offset += len(self._buf)
            self._run = self._offset
            self._buf, self._done = "", 0  # the swallow keeps the dropped tail as context
        return out

    def _emit(self, buf: str, hits: list[Hit], boundary: int) -> str:
        """Send `buf[done:boundary]`, redacted; count the findings settled in it."""
        done = self._done
        if boundary <= done:
            return ""
        settled = [h for h in hits if h.end > done and h.start < boundary]
        if settled:
            for h in settled:
                self._tally.add(h)
            if self._tally.blocked_by is not None:
                self.blocked = True
                self.reason = self._tally.reason()
                self._buf, self._done = "", 0
                return ""
            out = _render(buf, settled, done, boundary)
        else:
            out = buf[done:boundary]
        if boundary - _CONTEXT > 0:
            cut = boundary - _CONTEXT
            self._buf = buf[cut:]
            self._offset += cut
            self._done = _CONTEXT
        else:
            self._done = boundary
        return out
