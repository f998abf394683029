"""Scorers of conversation cases see the final answer and the transcript."""

from __future__ import annotations

import json
import textwrap
import uuid
from pathlib import Path
from typing import Any

from scorer_helpers import make

from phaseone.chat import parse_conversation
from phaseone.datasets import Case
from phaseone.scorers import ScorerContext, transcript_of
from phaseone.targets.base import TargetResponse
from servers import OpenAIServer


def weather_case(result: str) -> Case:
    talk = parse_conversation(
        [
            {"role": "user", "content": "Weather in Paris?"},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"id": "c1", "function": {"name": "weather", "arguments": "{}"}}],
            },
            {"role": "tool", "tool_call_id": "c1", "content": result},
        ]
    )
    return Case(id="p", input=talk.last_user_text(), expected=None, conversation=talk)


def answer(text: str) -> TargetResponse:
    return TargetResponse(output=text, latency_ms=1.0)


def test_transcript_of_a_single_input_case_is_none() -> None:
    assert transcript_of(Case(id="a", input="hi"), answer("hello")) is None
    t = transcript_of(weather_case("18°C"), answer("It is 18°C."))
    assert t is not None and t.answer == "It is 18°C."
    assert [m["role"] for m in t.messages] == ["user", "assistant", "tool", "assistant"]


SCORERS = """
def grounded(output, case, transcript=None):
    # passes when the answer repeats what the weather tool returned
    if transcript is None:
        return {"passed": False, "explanation": "no transcript"}
    tool = [m.content for m in transcript.conversation if m.role == "tool"][-1]
    return {"passed": tool in output, "explanation": f"tool said {tool}",
            "details": {"turns": len(transcript.messages)}}

def old_style(output, case):
    return case.conversation is not None and "18" in output
"""


async def test_python_scorer_receives_the_transcript(tmp_path: Path) -> None:
    module = f"transcript_scorers_{uuid.uuid4().hex[:8]}"
    (tmp_path / f"{module}.py").write_text(textwrap.dedent(SCORERS))
    ctx = ScorerContext(base_dir=tmp_path)
    grounded = make({"kind": "python", "callable": f"{module}:grounded"}, ctx)
    case = weather_case("18°C")
    ok = await grounded.score(case, answer("It is 18°C today."))
    assert ok.passed and ok.details == {"turns": 4}
    # negative control: an answer that ignores the tool result fails
    wrong = await grounded.score(case, answer("It is 25°C today."))
    assert not wrong.passed and wrong.explanation == "tool said 18°C"
    # a single-input case gets transcript=None
    single = await grounded.score(Case(id="s", input="hi"), answer("18°C"))
    assert not single.passed and single.explanation == "no transcript"
    # a function written before transcripts keeps its two arguments
    old = make({"kind": "python", "callable": f"{module}:old_style"}, ctx)
    assert (await old.score(case, answer("18°C"))).passed


def judge_from_prompt(messages: list[dict[str, Any]], payload: dict[str, Any]) -> str:
    """A judge that passes an OUTPUT only if it matches the tool result it was shown."""
    prompt = messages[-1]["content"]
    shown, output = prompt.split("OUTPUT:\n", 1)
    if "[tool → call c1] 18°C" in shown and "18°C" in output:
        return json.dumps({"score": 1, "reason": "grounded in the tool result"})
    return json.dumps({"score": 0, "reason": "not grounded"})


async def test_judge_prompt_includes_the_conversation() -> None:
    with OpenAIServer(judge_from_prompt) as server:
        judge = make(
            {
                "kind": "judge",
                "base_url": f"{server.url}/v1",
                "model": "j",
                "rubric": "The answer states the temperature the tool returned.",
            },
            ScorerContext(),
        )
        try:
            good = await judge.score(weather_case("18°C"), answer("It is 18°C."))
            other = await judge.score(weather_case("25°C"), answer("It is 18°C."))
            prompt = server.received[0].body["messages"][-1]["content"]
        finally:
            await judge.aclose()  # type: ignore[attr-defined]
    assert good.passed and not other.passed
    assert "INPUT (a conversation; the OUTPUT is the assistant's next turn):" in prompt
    assert "[user] Weather in Paris?" in prompt and "calls weather({}) as c1" in prompt
    # a changed conversation is another prompt, so another judge cache key
    assert good.details["prompt_hash"] != other.details["prompt_hash"]
