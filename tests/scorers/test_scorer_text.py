"""exact, contains / icontains, regex."""

from __future__ import annotations

import pytest
from scorer_helpers import make, run

from phaseone.errors import ScorerError


async def test_exact_normalises_by_default() -> None:
    s = make({"kind": "exact"})
    assert (await run(s, "  Spam\n", "spam")).passed
    assert (await run(s, "the   big\tdog", "The big dog")).passed
    r = await run(s, "ham", "spam")
    assert not r.passed and r.value == 0.0
    assert "expected 'spam', got 'ham'" in r.explanation


async def test_exact_options_and_structured_values() -> None:
    strict = make(
        {"kind": "exact", "case_sensitive": True, "strip": False, "collapse_whitespace": False}
    )
    assert not (await run(strict, "Spam", "spam")).passed
    assert not (await run(strict, "spam ", "spam")).passed
    assert (await run(strict, "spam", "spam")).passed
    s = make({"kind": "exact"})
    assert (await run(s, {"b": 1, "a": 2}, {"a": 2, "b": 1})).passed  # key order ignored
    assert (await run(s, "5", 5)).passed


async def test_exact_without_expected_fails_with_reason() -> None:
    r = await run(make({"kind": "exact"}), "anything", None)
    assert not r.passed and "no expected output" in r.explanation


async def test_contains_defaults_to_expected_and_is_case_sensitive() -> None:
    s = make({"kind": "contains"})
    assert (await run(s, "Your refund was approved.", "refund")).passed
    assert not (await run(s, "Your REFUND was approved.", "refund")).passed
    i = make({"kind": "icontains"})
    assert (await run(i, "Your REFUND was approved.", "refund")).passed


async def test_contains_any_and_all_values() -> None:
    any_ = make({"kind": "icontains", "values": ["refund", "credit"], "mode": "any"})
    assert (await run(any_, "We issued a CREDIT")).passed
    assert not (await run(any_, "We did nothing")).passed
    all_ = make({"kind": "contains", "values": ["order", "refund", "days"], "mode": "all"})
    r = await run(all_, "Your order refund is on its way")
    assert not r.passed and r.value == pytest.approx(2 / 3)
    assert r.details["missing"] == ["days"]
    assert (await run(all_, "order refund within 5 days")).passed
    # a list as expected output means "these values"
    listed = make({"kind": "contains", "mode": "all", "name": "listed"})
    assert (await run(listed, "alpha beta", ["alpha", "beta"])).passed


async def test_regex_search_and_full_match() -> None:
    s = make({"kind": "regex", "pattern": r"\bORD-\d{5}\b"})
    r = await run(s, "Your order ORD-12345 shipped")
    assert r.passed and r.details["match"] == "ORD-12345"
    assert not (await run(s, "Your order ORD-123 shipped")).passed
    full = make({"kind": "regex", "pattern": r"(spam|ham)", "full_match": True})
    assert (await run(full, "spam\n")).passed
    assert not (await run(full, "spam, clearly")).passed


def test_bad_regex_is_a_build_error_naming_the_pattern() -> None:
    with pytest.raises(ScorerError) as info:
        make({"kind": "regex", "pattern": r"(unclosed", "name": "order-id"})
    assert "'(unclosed'" in str(info.value) and "order-id" in str(info.value)
    assert info.value.fix
