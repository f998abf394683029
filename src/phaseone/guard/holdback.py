"""Output guardrails on whole and streamed answers: PII, secrets, exfiltration links and
the system prompt's canary never leave, even when a stream splits them into pieces.

`OutputGuard.scan` checks a whole answer. `OutputGuard.stream` gives a `StreamRedactor`
per streamed answer: it holds back the last `stream_window_chars` characters and sends
only the prefix that no finding can reach into, whether complete or still growing:

* a finding that ends inside the window may still change (a 16-digit card followed by a
  17th digit is no card), so the text is held from its start;
* a word still open at the end (a run of non-space characters) may become an e-mail, a
  URL, a key: held from its start while it grows;
* a URL to a foreign host that does not carry data *yet* is held from its start.

The window is at least as long as anything the detectors match across spaces (72 ≥ a
spaced IBAN's 64 + the characters the patterns look at on each side), so the window
alone settles every pattern of bounded length and the two open-token rules the rest.
What stays open longer than `max_hold_chars` is cut: a finding (a URL that now carries
data by its length, a key, a private key block) is sent as its placeholder and the rest
of it is dropped as it arrives; a plain long word is released. Under that bound the
stream sends exactly what `scan` returns for the same text, however it is split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from phaseone.guard.leaks import (
    PEM_END,
    Detector,
    Hit,
    find_canary,
    find_exfiltration,
    find_secrets,
)
from phaseone.guard.pii import Finder, PiiStage, placeholder
from phaseone.plan.schema import Guardrails, OutputGuardrail

#: Emitted text kept as the left context of the patterns (a markdown image's alt text,
#: up to 200 characters, decides whether the URL after it is an image).
_CONTEXT = 256
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


def resolve(hits: Iterable[Hit]) -> list[Hit]:
    """Non-overlapping findings in order of position: block before redact before flag,
    then the longer span (a URL wins over the e-mail inside it). Candidates are left out."""
    ranked = sorted(
        (h for h in hits if h.action is not None),
        key=lambda h: (_RANK[h.action or "flag"], h.start - h.end, h.start),
    )
    taken: list[Hit] = []
    for h in ranked:
        if all(h.end <= t.start or h.start >= t.end for t in taken):
            taken.append(h)
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

    def __init__(self, cfg: OutputGuardrail, pii_finder: Finder | None) -> None:
        self.cfg = cfg
        self.window = cfg.stream_window_chars
        self.max_hold = cfg.max_hold_chars
        #: The token to plant in the system prompt, or None: an answer holding it is blocked.
        self.canary = cfg.canary
        detectors: list[Detector] = []
        if cfg.pii != "off" and pii_finder is not None:
            detectors.append(_pii_detector(pii_finder, cfg.pii))
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
        if cfg.canary:
            detectors.append(partial(find_canary, canary=re.compile(re.escape(cfg.canary), re.I)))
        self._detectors = tuple(detectors)

    @classmethod
    def from_plan(cls, guardrails: Guardrails, pii: PiiStage) -> OutputGuard:
        """The output guard for the plan: PII found by the input stage's own engine and
        kinds (`pii.finder`), the rest from ``guardrails.output``."""
        return cls(guardrails.output, pii.finder)

    @property
    def active(self) -> bool:
        """False when every output check is off: callers may skip the guard entirely."""
        return bool(self._detectors)

    def detect(self, text: str) -> list[Hit]:
        """Every hit and candidate of every detector, unresolved."""
        hits: list[Hit] = []
        for find in self._detectors:
            hits += find(text)
        return hits

    def scan(self, text: str) -> OutputScan:
        """A whole answer: redacted, or blocked, with what was found."""
        hits = resolve(self.detect(text))
        tally = _Tally()
        for h in hits:
            tally.add(h)
        if tally.blocked_by is not None:
            return OutputScan("", tally.findings(), True, tally.reason())
        return OutputScan(_render(text, hits, 0, len(text)), tally.findings(), False, None)

    def stream(self) -> StreamRedactor:
        """A redactor for one streamed answer."""
        return StreamRedactor(self)


def _pii_detector(find: Finder, action: str) -> Detector:
    def detect(text: str) -> list[Hit]:
        return [
            Hit(m.start, m.end, "output_pii", m.kind, action, placeholder(m.kind))
            for m in find(text)
        ]

    return detect


class _Swallow:
    """Drops the rest of a cut token as it arrives: characters of its class, or, for a
    private key block, everything up to and including its END line."""

    def __init__(self, cont: str) -> None:
        self._pem = cont == "pem"
        self._class = re.compile(f"(?:{cont})*") if not self._pem else None
        self._tail = ""

    def eat(self, text: str) -> tuple[str, bool]:
        """(what is left after the token, whether the token has ended)."""
        if self._class is not None:
            m = self._class.match(text)
            n = m.end() if m else 0
            return text[n:], n < len(text)
        seen = self._tail + text
        m = PEM_END.search(seen)
        if m is None:
            self._tail = seen[-40:]
            return "", False
        return seen[m.end() :], True


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
            text, ended = self._swallow.eat(text)
            if not ended:
                return ""
            self._swallow = None
        self._track_run(text)
        self._buf += text
        return self._advance(final=False)

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
        found = guard.detect(buf)
        hits = resolve(found)
        if final:
            boundary = n
        else:
            boundary = self._boundary(buf, found, hits)
            cut = self._cut(buf, hits, boundary)
            if cut is not None:
                return cut
        return self._emit(buf, hits, boundary)

    def _boundary(self, buf: str, found: list[Hit], hits: list[Hit]) -> int:
        """How far the text is settled: the window, pulled back to the start of an open
        word, of a candidate still growing, of a finding that reaches past it."""
        n = len(buf)
        guard = self._guard
        run = self._run - self._offset
        boundary = n - guard.window
        if run < boundary and self._run != self._released:
            if n - run > guard.max_hold:
                self._released = self._run  # a long plain word: let it flow
            else:
                boundary = run
        for c in found:
            if c.action is None and c.start >= run and c.start < boundary:
                boundary = c.start
        for h in reversed(hits):
            if h.start < boundary < h.end:
                boundary = h.start
        return max(boundary, self._done)

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
            self._swallow = _Swallow(open_hit.cont)
            self._offset += len(self._buf)
            self._run = self._offset
            self._buf, self._done = "", 0  # no left context across a dropped token
        return out

    def _emit(self, buf: str, hits: list[Hit], boundary: int) -> str:
        """Send `buf[done:boundary]`, redacted; count the findings settled in it."""
        done = self._done
        if boundary <= done:
            return ""
        settled = [h for h in hits if h.end > done and h.start < boundary]
        for h in settled:
            self._tally.add(h)
        if self._tally.blocked_by is not None:
            self.blocked = True
            self.reason = self._tally.reason()
            self._buf, self._done = "", 0
            return ""
        out = _render(buf, settled, done, boundary)
        if boundary - _CONTEXT > 0:
            cut = boundary - _CONTEXT
            self._buf = buf[cut:]
            self._offset += cut
            self._done = _CONTEXT
        else:
            self._done = boundary
        return out
