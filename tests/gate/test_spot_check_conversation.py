"""The gate's spot check re-asks a conversation case with its whole conversation.

A stored case result keeps the case's input (its last user turn), not the conversation;
re-calling with the user turn alone would ask another question, and a model answering
from its tool results would look changed when it is not.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from builders import go_plan_dict, loaded_plan

from phaseone.evals import EvalOptions, run_suite
from phaseone.gate.spot_check import spot_check
from phaseone.store.database import Store
from servers import OpenAIServer

N = 12


def from_tool(messages: list[dict[str, Any]], payload: dict[str, Any]) -> str:
    for m in reversed(messages):
        if m.get("role") == "tool":
            return f"It is {m['content']}."
    return "I cannot check the weather."


def write_cases(path: Path) -> None:
    rows = []
    for i in range(N):
        call = {"id": f"c{i}", "type": "function", "function": {"name": "weather"}}
        rows.append(
            {
                "id": f"t{i:02d}",
                "expected": f"{i + 10}.5°C",
                "messages": [
                    {"role": "user", "content": "Weather here?"},
                    {"role": "assistant", "content": None, "tool_calls": [call]},
                    {"role": "tool", "tool_call_id": f"c{i}", "content": f"{i + 10}.5°C"},
                ],
            }
        )
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def test_spot_check_of_a_conversation_suite_sends_the_conversation(
    tmp_path: Path, sqlite_store: Store
) -> None:
    write_cases(tmp_path / "talks.jsonl")
    with OpenAIServer(from_tool) as server:
        data = go_plan_dict()
        data["target"] = {"kind": "openai", "base_url": f"{server.url}/v1", "model": "m"}
        data["suites"][0]["dataset"] = {
            "kind": "jsonl",
            "path": "talks.jsonl",
            "mapping": {"id": "id", "messages": "messages"},
        }
        data["suites"][0]["scorers"] = [{"kind": "contains"}]
        data["success_metric"]["scorer"] = "contains"
        loaded = loaded_plan(tmp_path, data)
        run = run_suite(loaded, sqlite_store, "main", EvalOptions(progress=False))
        assert run.summary["pass_rate"]["passes"] == N
        before = server.requests
        checked = spot_check(loaded, sqlite_store, run, N, rng=random.Random(7))
        sent = [r.body["messages"] for r in server.received[before:]]
    assert checked is not None and len(checked.cases) == N
    assert checked.changed == [] and checked.errors == []
    assert len(sent) == N and all(m[-1]["role"] == "tool" for m in sent)
