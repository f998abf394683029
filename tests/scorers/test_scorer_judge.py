"""The LLM judge against a real local OpenAI-compatible server, cached in a real store."""

from __future__ import annotations

import json
from typing import Any

import pytest
from scorer_helpers import make, run
from sqlalchemy import text

from phaseone.scorers import ScorerContext, ScorerUnavailable
from phaseone.scorers.judge import parse_judge_answer
from phaseone.store import Store
from servers import OpenAIServer

RUBRIC = "The answer is polite and gives a delivery date."


def judge_reply(messages: list[dict[str, Any]], payload: dict[str, Any]) -> str:
    """Answers in a different format depending on a marker in the OUTPUT section."""
    output = messages[-1]["content"].split("OUTPUT:\n", 1)[1]
    if "GOOD" in output:
        return json.dumps({"score": 0.9, "reason": "polite and dated"})
    if "PROSE" in output:
        return "SCORE: 0.3\nREASON: no date given"
    if "FENCE" in output:
        return 'Here you go:\n```json\n{"score": 0.75, "reason": "fine"}\n```'
    if "RANGE" in output:
        return json.dumps({"score": 8, "reason": "out of ten"})
    return "I think this answer is pretty good overall."


def config(server: OpenAIServer, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "judge",
        "base_url": f"{server.url}/v1",
        "model": "judge-model",
        "rubric": RUBRIC,
        **extra,
    }


@pytest.fixture
def judge_server() -> Any:
    with OpenAIServer(judge_reply, api_key="sk-judge-secret") as server:
        yield server


async def test_parses_json_score_lines_and_fences(judge_server: OpenAIServer, store: Store) -> None:
    ctx = ScorerContext(store=store)
    judge = make(config(judge_server, api_key="sk-judge-secret"), ctx)
    try:
        good = await run(judge, "GOOD: thanks, Monday", "Monday", input="when?")
        assert (good.value, good.passed) == (0.9, True)
        assert "polite and dated" in good.explanation
        assert good.details["judge_model"] == "judge-model"
        assert len(good.details["prompt_hash"]) == 64
        prose = await run(judge, "PROSE: soon")
        assert (prose.value, prose.passed) == (0.3, False)
        assert "no date given" in prose.explanation
        fence = await run(judge, "FENCE")
        assert fence.value == 0.75 and fence.passed
    finally:
        await judge.aclose()  # type: ignore[attr-defined]
    sent = judge_server.last.body
    assert sent["model"] == "judge-model" and sent["temperature"] == 0
    user = sent["messages"][-1]["content"]
    assert RUBRIC in user and "OUTPUT:\nFENCE" in user
    assert judge_server.last.headers["Authorization"] == "Bearer sk-judge-secret"


async def test_malformed_answer_is_a_deterministic_failure(
    judge_server: OpenAIServer, store: Store
) -> None:
    judge = make(config(judge_server, api_key="sk-judge-secret"), ScorerContext(store=store))
    try:
        r = await run(judge, "MUMBLE")
        assert (r.value, r.passed) == (0.0, False)
        assert r.explanation.startswith("judge answered malformed output: no score found")
        again = await run(judge, "MUMBLE")  # from the cache: the same outcome
        assert (again.value, again.passed, again.explanation) == (0.0, False, r.explanation)
        out_of_range = await run(judge, "RANGE")
        assert not out_of_range.passed and "outside [0, 1]" in out_of_range.explanation
    finally:
        await judge.aclose()  # type: ignore[attr-defined]


async def test_second_call_is_served_from_the_judge_cache(
    judge_server: OpenAIServer, store: Store
) -> None:
    cfg = config(judge_server, api_key="sk-judge-secret")
    first = make(cfg, ScorerContext(store=store))
    r1 = await run(first, "GOOD answer", "Monday")
    await first.aclose()  # type: ignore[attr-defined]
    assert judge_server.requests == 1 and r1.details["cached"] is False

    second = make(cfg, ScorerContext(store=store))  # a new scorer: only the store remembers
    r2 = await run(second, "GOOD answer", "Monday")
    assert judge_server.requests == 1  # no new request reached the server
    assert r2.details["cached"] is True
    assert (r2.value, r2.passed, r2.details["prompt_hash"]) == (
        0.9,
        True,
        r1.details["prompt_hash"],
    )

    await run(second, "GOOD but different", "Monday")  # another prompt asks again
    assert judge_server.requests == 2
    no_cache = make(cfg, ScorerContext(store=store, use_cache=False))
    await run(no_cache, "GOOD answer", "Monday")
    assert judge_server.requests == 3
    await second.aclose()  # type: ignore[attr-defined]
    await no_cache.aclose()  # type: ignore[attr-defined]

    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT namespace, output, meta FROM response_cache")).all()
    assert rows and {r[0] for r in rows} == {"judge"}
    assert "sk-judge-secret" not in repr(rows)  # the key never reaches the store


async def test_retries_a_transient_failure(store: Store) -> None:
    with OpenAIServer(judge_reply, fail_first=1, status=503) as server:
        judge = make(config(server), ScorerContext(store=store))
        r = await run(judge, "GOOD")
        await judge.aclose()  # type: ignore[attr-defined]
    assert r.passed and server.requests == 2


async def test_unreachable_judge_raises_instead_of_failing_the_case(closed_url: str) -> None:
    judge = make(
        {"kind": "judge", "base_url": closed_url, "model": "m", "rubric": "r", "timeout_s": 2}
    )
    with pytest.raises(ScorerUnavailable) as info:
        await run(judge, "GOOD")
    await judge.aclose()  # type: ignore[attr-defined]
    assert f"at {closed_url}/chat/completions unreachable: connection refused" in str(info.value)
    assert "(3 attempts)" in str(info.value) and info.value.fix
    assert not info.value.fatal  # a judge that is down may come back: not fatal at once


async def test_wrong_credentials_raise(judge_server: OpenAIServer) -> None:
    judge = make(config(judge_server, api_key="wrong"))
    with pytest.raises(ScorerUnavailable, match="HTTP 401") as info:
        await run(judge, "GOOD")
    await judge.aclose()  # type: ignore[attr-defined]
    assert info.value.fatal and judge_server.requests == 1  # no retry can fix a wrong key


@pytest.mark.parametrize(
    ("answer", "score", "reason"),
    [
        ('{"score": 1, "reason": "perfect"}', 1.0, "perfect"),
        ('{"Score": "0.4", "Reason": "meh"}', 0.4, "meh"),
        ("Score = 4/5\nReason: mostly right", 0.8, "mostly right"),
        ("**SCORE:** 0.6", 0.6, ""),
        ('The verdict: {"score": 0.2, "reason": "wrong date"} as requested', 0.2, "wrong date"),
    ],
)
def test_parse_judge_answer_variants(answer: str, score: float, reason: str) -> None:
    assert parse_judge_answer(answer) == (pytest.approx(score), reason)


@pytest.mark.parametrize("answer", ["", "great answer!", '{"reason": "no score"}', "SCORE: 1.5"])
def test_parse_judge_answer_rejects(answer: str) -> None:
    with pytest.raises(ValueError):
        parse_judge_answer(answer)
