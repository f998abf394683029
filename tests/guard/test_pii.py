"""PII detection with real checksums: real numbers are found, look-alikes are not."""

from __future__ import annotations

import random

import pytest

from phaseone.guard.pii import (
    PiiMatch,
    PiiStage,
    _without_overlaps,
    bsn_ok,
    find_pii,
    iban_ok,
    luhn_ok,
    redact,
    redact_value,
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("write to jane.doe+tag@mail.example.co.uk today", "email"),
        ("call +44 20 7946 0958 now", "phone"),
        ("call (555) 123-4567", "phone"),
        ("ring 020 7946 0958", "phone"),
        ("card 4111 1111 1111 1111", "card"),
        ("card 5500-0000-0000-0004 exp 12/29", "card"),
        ("IBAN GB82 WEST 1234 5698 7654 32 thanks", "iban"),
        ("iban NL91ABNA0417164300.", "iban"),
        ("DE89 3704 0044 0532 0130 00", "iban"),
        ("typed in lower case: nl91 abna 0417 1643 00", "iban"),
        ("SSN 536-22-1234", "national_id"),
        ("NINO AB 12 34 56 C", "national_id"),
        ("BSN 111222333", "national_id"),
    ],
)
def test_finds_real_pii(text: str, kind: str) -> None:
    assert [m.kind for m in find_pii(text)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "card 4111 1111 1111 1112",  # Luhn fails
        "iban GB82 WEST 1234 5698 7654 33",  # mod-97 fails
        "gb82 west 1234 5698 7654 33",  # mod-97 fails, lower case
        "nino BG 12 34 56 C",  # BG prefix is never allocated
        "bsn 123456789",  # fails the 11-proof
        "order 2024-01-15 version 1.2.3 at 10:30",
        "the year 1999 and 42 apples",
    ],
)
def test_ignores_look_alikes(text: str) -> None:
    assert find_pii(text) == []


@pytest.mark.parametrize(
    "text",
    ["ssn 000-12-3456", "ssn 666-12-3456", "ssn 912-34-5678", "ssn 536-00-1234"],
)
def test_never_issued_ssns_are_not_national_ids(text: str) -> None:
    # area 000/666/9xx and group 00 are never issued (9xx are ITINs)
    assert "national_id" not in {m.kind for m in find_pii(text)}


def test_checksums() -> None:
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert iban_ok("GB82WEST12345698765432") and not iban_ok("GB82WEST12345698765431")
    assert iban_ok("NL91 ABNA 0417 1643 00") and not iban_ok("NL91ABNA041716430")  # length
    assert bsn_ok("111222333") and not bsn_ok("111222334")


def test_redact_replaces_each_match_and_reports_no_values() -> None:
    text, found = redact("mail a@b.io or c@d.io, card 4111111111111111")
    assert text == "mail [EMAIL] or [EMAIL], card [CARD]"
    assert [m.kind for m in found] == ["email", "email", "card"]
    value, found = redact_value(
        {"a": ["x a@b.io"], "b": 3, "c": {"d": "536-22-1234"}}, ["email", "national_id"]
    )
    assert value == {"a": ["x [EMAIL]"], "b": 3, "c": {"d": "[NATIONAL_ID]"}}


def test_kinds_restrict_what_is_looked_for() -> None:
    assert find_pii("a@b.io 4111111111111111", ["card"])[0].kind == "card"
    assert len(find_pii("a@b.io 4111111111111111", ["card"])) == 1


def test_stage_actions() -> None:
    raw = "mail a@b.io"
    assert PiiStage("redact", ["email"]).apply(raw)[:2] == ("mail [EMAIL]", "mail [EMAIL]")
    target, stored, finding = PiiStage("flag", ["email"]).apply(raw)
    assert (target, stored, finding["kinds"]) == (raw, "mail [EMAIL]", {"email": 1})  # type: ignore[index]
    assert PiiStage("flag", ["email"], redact_traces=False).apply(raw)[1] == raw
    assert PiiStage("off", ["email"]).apply(raw) == (raw, raw, None)


def test_overlapping_matches_are_resolved_as_comparing_with_every_match_taken() -> None:
    """`_without_overlaps` (a binary search per match) keeps exactly the matches the
    quadratic rule keeps: in rank order, each that overlaps none taken before."""

    def every(ranked: list[PiiMatch]) -> list[PiiMatch]:
        taken: list[PiiMatch] = []
        for m in ranked:
            if all(m.end <= t.start or m.start >= t.end for t in taken):
                taken.append(m)
        return sorted(taken, key=lambda m: m.start)

    rng = random.Random(31)
    for _ in range(3000):
        ranked = []
        for _ in range(rng.randrange(0, 30)):
            start = rng.randrange(0, 80)
            ranked.append(PiiMatch("phone", start, start + rng.randrange(0, 12), "phone"))
        assert _without_overlaps(ranked) == every(ranked), ranked
        non_empty = [m for m in ranked if m.end > m.start]
        assert _without_overlaps(non_empty) == every(non_empty), non_empty
