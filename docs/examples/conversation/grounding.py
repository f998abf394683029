"""A python scorer that reads the transcript: the answer must cite the last tool result.

phaseone passes `transcript=` (a `phaseone.chat.Transcript`) to a scorer function that
declares the parameter; `transcript.conversation` is the case's messages as sent and
`transcript.answer` the target's final answer. It is None for a single-input case.
"""

from __future__ import annotations

from typing import Any


def cites_tool_result(output: Any, case: Any, transcript: Any = None) -> dict[str, Any]:
    if transcript is None:
        return {"passed": False, "explanation": "not a conversation case"}
    results = [m.content for m in transcript.conversation if m.role == "tool"]
    if not results:
        return {"passed": True, "explanation": "no tool was called"}
    temperature = str(results[-1]).split(",")[0]  # "12°C, rain" -> "12°C"
    ok = temperature in str(output)
    return {
        "passed": ok,
        "explanation": f"the last tool result says {temperature}",
        "details": {"turns": len(transcript.messages)},
    }
