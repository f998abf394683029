"""What the PII class tests (`test_pii_*_classes.py`, one module per corpus round) share:
the findings of a text as (kind, value) pairs, and a Luhn-completed number to build cards."""

from __future__ import annotations

from phaseone.guard.pii import find_pii, luhn_ok


def found(text: str) -> list[tuple[str, str]]:
    """Every finding of the builtin engine in `text`, as (kind, the text it covers)."""
    return [(m.kind, text[m.start : m.end]) for m in find_pii(text)]


def kinds(text: str) -> list[str]:
    return [k for k, _ in found(text)]


def luhn_completed(prefix: str) -> str:
    """`prefix` with the check digit that makes it pass Luhn."""
    return next(prefix + d for d in "0123456789" if luhn_ok(prefix + d))
