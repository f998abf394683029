"""The gate's spot check re-asks a conversation case with its whole conversation.

A stored case result keeps the case's input (its last user turn) and the conversation
it sent; re-calling with the user turn alone would ask another question, and a model
answering from its tool results would look changed when it is not.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from builders import go_plan_dict, loaded_plan
from sqlalchemy import select

from phaseone.evals import EvalOptions, run_suite
from phaseone.gate.spot_check import spot_check
from phaseone.store.database import Store
from phaseone.store.models import CaseResult
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


def test_the_spot_check_resends_the_conversation_the_run_stored(
    tmp_path: Path, sqlite_store: Store
) -> None:
    """The run's case results keep the conversation each case sent, so the spot check
    re-asks it without reading the dataset (here gone after the run); a result stored
    without one (an older phaseone) still finds it in the dataset."""
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
        first = {r.body["messages"][-1]["content"]: r.body["messages"] for r in server.received}
        with sqlite_store.session() as s:
            rows = s.scalars(select(CaseResult).where(CaseResult.run_id == run.id)).all()
            assert {r.case_id: r.conversation for r in rows} == {
                f"t{i:02d}": first[f"{i + 10}.5°C"][-3:] for i in range(N)
            }
            for r in rows:
                if r.case_id < "t06":
                    r.conversation = None  # as an older phaseone stored it
        before = server.requests
        checked = spot_check(loaded, sqlite_store, run, N, rng=random.Random(7))
        assert checked is not None and checked.changed == [] and checked.errors == []
        # the dataset gone, the stored conversations alone are re-sent
        (tmp_path / "talks.jsonl").unlink()
        with sqlite_store.session() as s:
            for r in s.scalars(select(CaseResult).where(CaseResult.run_id == run.id)):
                if r.case_id >= "t06":
                    continue
                r.conversation = first[f"{int(r.case_id[1:]) + 10}.5°C"][-3:]
        again = spot_check(loaded, sqlite_store, run, N, rng=random.Random(8))
        sent = [r.body["messages"] for r in server.received[before:]]
    assert again is not None and again.changed == [] and again.errors == []
    assert len(sent) == 2 * N and all(m[-1]["role"] == "tool" for m in sent)
