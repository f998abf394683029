"""Tool calls through the output guardrails: a model's tool call is output too.

An assistant that calls ``send_email(to=…, body=…)`` or ``fetch(url=…)`` hands its
arguments to code that acts on them, so a secret, personal data or an exfiltration link
in them leaves as surely as in the text. The arguments are scanned with the same
detectors and actions as the answer's text (`OutputGuard.scan`): redacted in place
(placeholders such as ``[EMAIL]`` keep a JSON string valid), or the whole answer is
withheld (``finish_reason: content_filter``).

A tool call's arguments arrive in a stream as string pieces (``{"index": 0, "function":
{"arguments": "{\\"to"}}``); a piece cannot be judged alone, and a piece sent cannot be
taken back, so `HeldToolCalls` holds every call until the stream ends and then sends each
as one delta with its whole (scanned) arguments. Clients and SDKs concatenate argument
pieces, so one piece is the same call to them. Holding to the end rather than to the
next call's first delta also covers an upstream that interleaves the pieces of parallel
calls (a call "closed" early could get more pieces, scanned apart from the first). The
cost is latency on tool calls only, and little of it: a client runs the calls once the
answer has finished (``finish_reason: tool_calls``), which is when they are sent; text
deltas are not delayed by this, and memory is bounded by the answer's ``max_tokens``.

Arguments are JSON text: a value written with escapes (``"a\\u0040b.com"``) is scanned
again decoded, string by string, so an escape does not hide it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from phaseone.guard.holdback import OutputGuard
from phaseone.guard.output_values import merge_findings, scan_value

#: Where a call keeps its model-written text: ``function.arguments`` for function tools,
#: ``custom.input`` for custom tools.
_TEXT_FIELDS = (("function", "arguments"), ("custom", "input"))


@dataclass
class ToolCallScan:
    """An answer's tool calls after the output guardrails: `calls` as they may be sent
    (None when `blocked`), `findings` in the shape of `OutputScan.findings`."""

    calls: list[dict[str, Any]] | None
    findings: list[dict[str, Any]] = field(default_factory=list)
    blocked: bool = False
    reason: str | None = None


def _scan_text(guard: OutputGuard, text: str) -> tuple[str, list[dict[str, Any]], str | None]:
    """(text to send, findings, why blocked or None) for one call's arguments."""
    scan = guard.scan(text)
    if scan.blocked:
        return "", scan.findings, scan.reason
    out, findings = scan.text, [scan.findings]
    if "\\" in out:  # an escape may spell what the detectors look for: read it decoded
        try:
            doc = json.loads(out)
        except ValueError:
            doc = None
        if doc is not None:
            leaves = scan_value(guard, doc)
            findings.append(leaves.findings)
            if leaves.blocked:
                return "", merge_findings(findings), leaves.reason
            if leaves.findings:
                out = json.dumps(leaves.value, ensure_ascii=False)
    return out, merge_findings(findings), None


def scan_tool_calls(guard: OutputGuard, calls: list[dict[str, Any]]) -> ToolCallScan:
    """Whole tool calls (a non-streamed answer's, or a streamed call once complete): each
    call's arguments scanned; the calls returned redacted, or none when one is blocked."""
    out: list[dict[str, Any]] = []
    all_findings: list[list[dict[str, Any]]] = []
    for call in calls:
        if not isinstance(call, dict):
            out.append(call)
            continue
        new = call
        for outer, inner in _TEXT_FIELDS:
            part = call.get(outer)
            if not isinstance(part, dict):
                continue
            text = part.get(inner)
            if not isinstance(text, str) or not text:
                continue
            sent, findings, reason = _scan_text(guard, text)
            all_findings.append(findings)
            if reason is not None:
                return ToolCallScan(None, merge_findings(all_findings), True, reason)
            if sent != text:
                new = {**new, outer: {**part, inner: sent}}
        out.append(new)
    return ToolCallScan(out, merge_findings(all_findings))


class HeldToolCalls:
    """The tool calls of one streamed answer, held until the stream ends, then scanned.

    `feed` each chunk's ``tool_calls`` deltas (nothing is sent while they arrive);
    `close` at the end of the stream and send what it returns: each call as one delta.
    Once `blocked`, `close` returns None and `reason` says why.
    """

    def __init__(self, guard: OutputGuard) -> None:
        self._guard = guard
        #: The calls being written, by their ``index``, in the order they began.
        self._calls: dict[int, dict[str, Any]] = {}
        self._findings: list[dict[str, Any]] = []
        self.blocked = False
        self.reason: str | None = None

    @property
    def findings(self) -> list[dict[str, Any]]:
        return self._findings

    @property
    def held(self) -> int:
        """Tool calls received and not yet sent."""
        return len(self._calls)

    def feed(self, deltas: list[dict[str, Any]]) -> None:
        """Add one chunk's tool-call deltas to the calls being assembled."""
        for d in deltas:
            if not isinstance(d, dict):
                continue
            idx = d.get("index")
            if not isinstance(idx, int) or isinstance(idx, bool):
                idx = self._index_of(d)
            _merge_delta(self._calls.setdefault(idx, {"index": idx}), d)

    def _index_of(self, delta: dict[str, Any]) -> int:
        """Where a delta without an ``index`` belongs (some servers leave it out): a new
        call when it brings an ``id`` the last call does not have, else the last call."""
        if not self._calls:
            return 0
        last = max(self._calls)
        new_id = delta.get("id")
        if new_id is not None and self._calls[last].get("id") not in (None, new_id):
            return last + 1
        return last

    def close(self) -> list[dict[str, Any]] | None:
        """Every call (the stream has ended), scanned; None if none or blocked."""
        done = list(self._calls.values())
        self._calls.clear()
        if not done:
            return None
        scan = scan_tool_calls(self._guard, done)
        self._findings = scan.findings
        if scan.blocked:
            self.blocked, self.reason = True, scan.reason
            return None
        return scan.calls


def _merge_delta(call: dict[str, Any], delta: dict[str, Any]) -> None:
    """Add one delta to the call being assembled: strings inside ``function`` / ``custom``
    are concatenated (as clients do), every other field is kept as first sent."""
    for key, value in delta.items():
        if key == "index":
            continue
        if isinstance(value, dict):
            part = call.setdefault(key, {})
            if not isinstance(part, dict):
                continue
            for k, v in value.items():
                if isinstance(v, str) and isinstance(part.get(k), str):
                    part[k] += v
                elif k not in part or part[k] is None:
                    part[k] = v
        elif key not in call or call[key] is None:
            call[key] = value


__all__ = ["HeldToolCalls", "ToolCallScan", "scan_tool_calls"]
