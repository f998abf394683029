"""What output written for a machine, not a person, looks like: a shared test helper.

Reports, the dashboard and the CLI must never show `None`, `null`, scientific notation
(`1e-06`) or a zero-length age (`0.0 d`); `assert_readable` says where one slipped in."""

from __future__ import annotations

import re

UNREADABLE = [
    (re.compile(r"\bNone\b"), "None"),
    (re.compile(r"\d(\.\d+)?e-0?\d"), "scientific notation"),
    (re.compile(r"\b0\.0 d\b"), "0.0 d"),
    (re.compile(r"\bnull\b"), "null"),
]


def assert_readable(text: str, where: str) -> None:
    for pattern, what in UNREADABLE:
        m = pattern.search(text)
        assert m is None, f"{where} shows {what}: …{text[max(0, m.start() - 80) : m.end() + 80]}…"
