"""The output guardrails on any answer value: a string, or every string inside a JSON
value (keys included), with the same detectors and actions as a chat answer's text.

`/v1/invoke` serves targets whose answer is a string or JSON (``{"reply": …,
"sources": [url, …]}``); a secret or an exfiltration link in a field leaves as surely as
in a chat answer. Each string is scanned on its own: a finding does not span two fields
(a value's JSON quoting is not part of it), and a redaction keeps the value's shape — a
string stays a string, so a client's parser still reads the answer. Numbers, booleans
and null carry no text the detectors match and are passed as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from phaseone.guard.holdback import OutputGuard

#: Strings this short hold nothing the builtin detectors look for (the shortest: a
#: 6-character e-mail `a@b.cd`; a canary has 8+); skipping them keeps a JSON answer with
#: many small fields cheap. Another PII engine (Presidio: a 3-letter name) sees them all.
_SHORTEST = 6


def _shortest(guard: OutputGuard) -> int:
    return _SHORTEST if guard.early else 1


@dataclass
class ValueScan:
    """A value after the output guardrails: `value` as it may be sent (None when
    `blocked`), `findings` in the shape of `OutputScan.findings`, merged."""

    value: Any
    findings: list[dict[str, Any]] = field(default_factory=list)
    blocked: bool = False
    reason: str | None = None
    #: A string answer the PII finder read whole and found nothing in
    #: (`OutputScan.pii_free`).
    pii_free: bool = False


def merge_findings(lists: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Findings of several scans as one list: counts added per (type, action)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for findings in lists:
        for f in findings:
            k = (f["type"], f["action"])
            if k not in out:
                out[k] = {**f, "kinds": dict(f["kinds"])}
                if "hosts" in f:
                    out[k]["hosts"] = list(f["hosts"])
                continue
            kinds = out[k]["kinds"]
            for kind, n in f["kinds"].items():
                kinds[kind] = kinds.get(kind, 0) + n
            if "hosts" in f:
                out[k]["hosts"] = sorted(set(out[k].get("hosts", [])) | set(f["hosts"]))
    return list(out.values())


def scan_value(guard: OutputGuard, value: Any) -> ValueScan:
    """`value` with each string scanned: redacted in place, or blocked as a whole."""
    if isinstance(value, str):  # the common case: one scan, no walk
        if len(value) < _shortest(guard):
            return ValueScan(value)
        scan = guard.scan(value)
        if scan.blocked:
            return ValueScan(None, scan.findings, True, scan.reason)
        return ValueScan(scan.text, scan.findings, pii_free=scan.pii_free)
    found: list[list[dict[str, Any]]] = []
    reasons: list[str] = []
    out = _walk(guard, value, found, reasons)
    findings = merge_findings(found)
    if reasons:
        return ValueScan(None, findings, True, reasons[0])
    return ValueScan(out if found else value, findings)


def _walk(
    guard: OutputGuard, doc: Any, found: list[list[dict[str, Any]]], reasons: list[str]
) -> Any:
    if isinstance(doc, str):
        if len(doc) < _shortest(guard):
            return doc
        scan = guard.scan(doc)
        if scan.findings:
            found.append(scan.findings)
        if scan.blocked:
            reasons.append(scan.reason or "blocked")
        return scan.text
    if isinstance(doc, list | tuple):
        return [_walk(guard, v, found, reasons) for v in doc]
    if isinstance(doc, dict):
        return {
            _walk(guard, k, found, reasons): _walk(guard, v, found, reasons) for k, v in doc.items()
        }
    return doc


__all__ = ["ValueScan", "merge_findings", "scan_value"]
