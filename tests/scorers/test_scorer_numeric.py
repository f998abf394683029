"""numeric, classification, latency, cost."""

from __future__ import annotations

from scorer_helpers import make, run

from phaseone.evals.stats import classification_report


async def test_numeric_absolute_and_relative() -> None:
    s = make({"kind": "numeric", "tolerance": 0.5})
    assert (await run(s, "42.4", 42)).passed
    assert not (await run(s, "42.6", 42)).passed
    rel = make({"kind": "numeric", "tolerance": 0.01, "relative": True})
    assert (await run(rel, 1009, "1000")).passed
    r = await run(rel, 1011, "1000")
    assert not r.passed and "exceeds" in r.explanation
    exact = make({"kind": "numeric"})
    assert (await run(exact, "1,250", 1250)).passed


async def test_numeric_reads_the_last_number_and_explains_non_numbers() -> None:
    s = make({"kind": "numeric"})
    r = await run(s, "3 apples and 4 pears make 7", "7")
    assert r.passed and "last number" in r.explanation
    r = await run(s, "I don't know", 7)
    assert not r.passed and "not numeric" in r.explanation and r.value == 0.0
    r = await run(s, "7", "seven")
    assert not r.passed and "expected output is not numeric" in r.explanation


async def test_classification_details_feed_the_report() -> None:
    s = make({"kind": "classification", "labels": ["spam", "ham"]})
    outputs = ["SPAM ", "ham", "spam", "unsure"]
    expected = ["spam", "ham", "ham", "spam"]
    scores = [await run(s, o, e) for o, e in zip(outputs, expected, strict=True)]
    assert [x.passed for x in scores] == [True, True, False, False]
    assert scores[0].details == {"expected": "spam", "predicted": "spam"}
    assert "not one of the labels" in scores[3].explanation
    report = classification_report(
        [x.details["expected"] for x in scores], [x.details["predicted"] for x in scores]
    )
    assert report["accuracy"] == 0.5
    assert report["per_label"]["spam"]["precision"] == 0.5  # TP=1, FP=1
    assert report["confusion"]["spam"] == {"spam": 1, "unsure": 1}


async def test_classification_case_sensitive() -> None:
    s = make({"kind": "classification", "case_sensitive": True})
    assert not (await run(s, "Spam", "spam")).passed


async def test_latency_and_cost_limits() -> None:
    lat = make({"kind": "latency", "max_ms": 500})
    assert (await run(lat, "x", latency_ms=499.0)).passed
    r = await run(lat, "x", latency_ms=812.0)
    assert not r.passed and "812 ms > 500 ms" in r.explanation
    cost = make({"kind": "cost", "max_cost": 0.002})
    assert (await run(cost, "x", cost=0.0015)).passed
    assert not (await run(cost, "x", cost=0.003)).passed


async def test_cost_explanation_is_money_in_the_plans_currency() -> None:
    """Per-call costs are fractions of a cent: `0.000003 EUR`, never `3e-06`."""
    from phaseone.scorers import ScorerContext

    cost = make({"kind": "cost", "max_cost": 0.00001}, ScorerContext(currency="EUR"))
    r = await run(cost, "x", cost=0.000003)
    assert r.passed and r.explanation == "cost 0.000003 EUR ≤ 0.00001 EUR"
    r = await run(cost, "x", cost=0.00002)
    assert not r.passed and r.explanation == "cost 0.00002 EUR > 0.00001 EUR"
