"""Advice on more evidence: a number only when it is within reach, rounded as said."""

from __future__ import annotations

from phaseone.evals.advice import FEASIBLE_FACTOR, about, advise
from phaseone.evals.stats import rate_verdict


def test_about_rounds_up_to_a_number_a_person_says() -> None:
    assert [about(n) for n in (7, 19, 21, 96, 287, 1234, 41574)] == [
        7, 19, 25, 100, 290, 1300, 42000,
    ]  # fmt: skip


def test_the_demo_adversarial_suite_gets_advice_not_41574_more_cases() -> None:
    v = rate_verdict(38, 54, 0.7)
    assert v.state == "INCONCLUSIVE" and v.more_cases_needed is not None
    assert v.more_cases_needed > FEASIBLE_FACTOR * 54  # the statistics: tens of thousands
    a = advise(v.value, 0.7, 54, v.more_cases_needed)
    assert not a.more_cases_help
    assert a.text == (
        "at the observed 70.4%, showing ≥ 70% would take over 10× the 54 cases so far: "
        "improve the system or revisit the threshold"
    )
    assert str(v.more_cases_needed) not in v.reason and "over 10× the 54 cases" in v.reason


def test_a_reachable_number_is_given_rounded() -> None:
    v = rate_verdict(90, 100, 0.85)
    assert v.state == "INCONCLUSIVE" and v.more_cases_needed is not None
    a = advise(v.value, 0.85, 100, v.more_cases_needed)
    assert a.more_cases_help
    assert a.text == (
        f"about {about(v.more_cases_needed):,} more cases at the observed 90% would settle it"
    )
    assert a.text in v.reason


def test_below_the_threshold_more_cases_cannot_help() -> None:
    a = advise(0.6, 0.7, 40, None)
    assert not a.more_cases_help and "no number of cases shows ≥ 70%" in a.text
    low = advise(0.2, 0.1, 40, None, direction="lower")
    assert "shows ≤ 10%" in low.text


def test_no_cases_and_too_few_cases_say_how_many() -> None:
    assert advise(None, 0.8, 0, 100, min_cases=100).text == (
        "no scored cases yet: run at least 100 cases"
    )
    short = advise(0.95, 0.8, 60, 40, min_cases=100)
    assert (
        short.more_cases_help and short.text == "the plan requires at least 100 cases: add 40 more"
    )
