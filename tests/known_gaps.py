"""Known gaps: what fails on a *correct* phase one for a reason outside it, and the issue
that closes each.

One list for every test that expects a correct pilot to reach GO (the gate's end-to-end
pilot, the starter pointed at a correct system, the probes on a correct gateway). Each
such test expects exactly these to fail, strictly: when the issue lands and the gap
closes, the test fails loudly and says to remove the entry, so the expectation flips to
GO instead of silently tolerating a gap that no longer exists.
"""

from __future__ import annotations

ISSUE_17 = (
    "issue #17: the default injection rules catch about 52% of the held-out attacks "
    "(bar gate.guardrails.injection.min_recall 80%); the guardrails are being rebuilt"
)

#: Gate checks (id → why) that fail on a correct phase one with the default bars.
KNOWN_GATE_GAPS: dict[str, str] = {"controls.injection": ISSUE_17}

#: Probes (name → why) that fail on a correctly configured gateway.
KNOWN_PROBE_GAPS: dict[str, str] = {"prompt_injection": ISSUE_17}


def closed_gaps(still_failing: set[str], known: dict[str, str]) -> str:
    """The message for gaps that no longer fail ('' when every known gap still does)."""
    closed = sorted(set(known) - still_failing)
    if not closed:
        return ""
    return (
        f"known gap(s) {', '.join(closed)} now pass: remove them from tests/known_gaps.py "
        f"({'; '.join(known[c] for c in closed)}) and expect GO"
    )
