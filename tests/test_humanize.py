"""The figures a person reads: money, durations and ages (phaseone.humanize)."""

from __future__ import annotations

import datetime as dt

import pytest

from phaseone.humanize import DASH, age, ago, duration, money, number


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1200, "1,200 EUR"),
        (11000.4, "11,000 EUR"),
        (868.4, "868.40 EUR"),
        (50, "50 EUR"),
        (3.5, "3.50 EUR"),
        (867.999999, "868 EUR"),
        (0.5, "0.50 EUR"),
        (0.0004, "0.0004 EUR"),
        (0.000123, "0.00012 EUR"),
        (1e-06, "0.000001 EUR"),
        (0.0, "0 EUR"),
        (-12.5, "-12.50 EUR"),
        (None, DASH),
        (float("nan"), DASH),
    ],
)
def test_money_is_an_amount_in_the_currency_never_scientific(amount: float, text: str) -> None:
    assert money(amount, "EUR") == text
    assert "e-" not in money(amount, "EUR")


def test_money_without_a_currency_is_the_amount() -> None:
    assert money(0.002, "") == "0.002"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (0.0004, "0.4 ms"),
        (0.35, "350 ms"),
        (0.0024, "2.4 ms"),
        (2.4, "2.4 s"),
        (42.2, "42 s"),
        (240, "4 min"),
        (270, "4.5 min"),
        (3 * 3600, "3 h"),
        (5 * 86400, "5 days"),
        (-1, "0 s"),
        (None, DASH),
    ],
)
def test_duration_picks_the_unit_that_fits(seconds: float, text: str) -> None:
    assert duration(seconds) == text


NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (dt.timedelta(seconds=3), "just now"),
        (dt.timedelta(seconds=30), "30 seconds ago"),
        (dt.timedelta(minutes=1), "1 minute ago"),
        (dt.timedelta(minutes=5), "5 minutes ago"),
        (dt.timedelta(hours=1), "1 hour ago"),
        (dt.timedelta(hours=3, minutes=10), "3 hours ago"),
        (dt.timedelta(days=2), "2 days ago"),
        (dt.timedelta(days=90), "3 months ago"),
        (dt.timedelta(days=800), "2 years ago"),
        (-dt.timedelta(minutes=3), "in 3 minutes"),
    ],
)
def test_ago_is_words(delta: dt.timedelta, text: str) -> None:
    assert ago(NOW - delta, NOW) == text


def test_ago_takes_naive_utc_and_iso_strings() -> None:
    naive = (NOW - dt.timedelta(hours=3)).replace(tzinfo=None)
    assert ago(naive, NOW) == "3 hours ago"
    assert ago((NOW - dt.timedelta(days=2)).isoformat(), NOW) == "2 days ago"  # type: ignore[arg-type]
    assert ago(None, NOW) == DASH  # type: ignore[arg-type]


def test_age_of_evidence_never_reads_zero_days() -> None:
    assert age(0.0) == "just recorded"
    assert age(3 * 3600) == "3 hours old"
    assert age(86400 * 9) == "9 days old"
    assert age(None) == DASH


def test_number_keeps_small_values_visible() -> None:
    assert number(None) == DASH
    assert number(1234) == "1,234"
    assert number(0.9081, 3) == "0.908"
    assert number(0.00004, 3) == "0.00004"
