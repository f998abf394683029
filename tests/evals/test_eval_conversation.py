"""`phaseone eval` on cases that carry a whole conversation, against a real OpenAI-style server."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli_runner import cli
from evals_workspace import write_workspace

import phaseone
from phaseone import load_plan
from phaseone.store import runs as run_store
from servers import OpenAIServer, echo_reply

SYSTEM = "You are WeatherBot. Answer from the tool results."
#: 20 places, each with its own temperature (no one a substring of another's answer)
CITIES = {f"town{i:02d}": f"{i + 10}.5°C" for i in range(20)}


def conversation(city: str, result: str) -> list[dict[str, Any]]:
    return [
        {"role": "user", "content": f"What is the weather in {city.title()}?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": f"call_{city}",
                    "type": "function",
                    "function": {"name": "weather", "arguments": {"city": city}},
                }
            ],
        },
        {"role": "tool", "tool_call_id": f"call_{city}", "content": result},
    ]


def weather_cases(results: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """One case per city; the expected answer is the temperature its tool result gives."""
    results = results or CITIES
    return [
        {"id": city, "messages": conversation(city, results[city]), "expected": CITIES[city]}
        for city in CITIES
    ]


def from_tool(messages: list[dict[str, Any]], payload: dict[str, Any]) -> str:
    """The model under test: answers from the last tool result it was sent."""
    for m in reversed(messages):
        if m.get("role") == "tool":
            return f"It is {m['content']} right now."
    return "I cannot check the weather."


def workspace(root: Path, url: str, cases: list[dict[str, Any]]) -> Path:
    return write_workspace(
        root,
        cases=cases,
        target={
            "kind": "openai",
            "base_url": f"{url}/v1",
            "model": "weather-bot",
            "messages": [
                {"role": "system", "content": SYSTEM},
                {"role": "user", "content": "{{ input }}"},
            ],
        },
        suites=[
            {
                "name": "weather",
                "dataset": {
                    "kind": "jsonl",
                    "path": "cases.jsonl",
                    "mapping": {"id": "id", "messages": "messages"},
                },
                "scorers": [{"kind": "contains"}],
                "threshold": 0.7,
                "tags": ["happy"],
            }
        ],
    )


def eval_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], plan: Path, *extra: str
) -> tuple[int, dict[str, Any]]:
    code = cli(monkeypatch, "eval", "-p", str(plan), "--no-progress", "-f", "json", *extra)
    (run,) = json.loads(capsys.readouterr().out)["runs"]
    return code, run


def test_the_target_answers_from_the_tool_results_in_each_conversation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with OpenAIServer(from_tool) as server:
        plan = workspace(tmp_path, server.url, weather_cases())
        code, run = eval_json(monkeypatch, capsys, plan)
        sent = [r.body["messages"] for r in server.received]
    assert code == 0 and run["summary"]["n"] == 20 and run["summary"]["pass_rate"]["passes"] == 20
    assert len(sent) == 20
    for messages in sent:
        # the plan's system prompt, then the case's conversation as written
        assert messages[0] == {"role": "system", "content": SYSTEM}
        assert [m["role"] for m in messages] == ["system", "user", "assistant", "tool"]
        assert messages[2]["tool_calls"][0]["function"]["arguments"].startswith('{"city"')


def test_each_case_result_keeps_the_conversation_it_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The stored row holds the case's messages as sent (an object's arguments as the
    JSON text the API carried), beside the input, its last user turn."""
    with OpenAIServer(from_tool) as server:
        plan = workspace(tmp_path, server.url, weather_cases())
        code, run = eval_json(monkeypatch, capsys, plan)
        sent = {r.body["messages"][1]["content"]: r.body["messages"][1:] for r in server.received}
    assert code == 0
    with phaseone.workspace(plan) as ws:
        rows = list(run_store.iter_case_results(ws.store, run["id"]))
    assert len(rows) == 20
    for row in rows:
        assert row.conversation == sent[row.input]  # what the target was sent, whole
        assert row.input == f"What is the weather in {row.case_id.title()}?"
        assert row.conversation[1]["tool_calls"][0]["function"]["arguments"] == (
            f'{{"city": "{row.case_id}"}}'
        )


def test_a_single_input_case_stores_no_conversation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = write_workspace(tmp_path)  # the spam suite: one input per case
    assert cli(monkeypatch, "eval", "-p", str(plan), "--no-progress") == 0
    with phaseone.workspace(plan) as ws:
        (run,) = run_store.list_runs(ws.store, ws.project)
        rows = list(run_store.iter_case_results(ws.store, run.id))
    assert len(rows) == 30
    assert all(isinstance(r.input, str) and r.conversation is None for r in rows)


def test_negative_control_a_target_that_ignores_tool_results_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same suite against a model that answers the user turn only: every case fails,
    so the passes above come from the tool results the target was sent."""
    with OpenAIServer(echo_reply) as server:
        plan = workspace(tmp_path, server.url, weather_cases())
        code, run = eval_json(monkeypatch, capsys, plan)
    assert code == 1 and run["summary"]["pass_rate"]["passes"] == 0


def test_a_malformed_conversation_stops_before_any_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = weather_cases()
    cases[2]["messages"][2]["tool_call_id"] = "call_elsewhere"  # answers no call
    with OpenAIServer(from_tool) as server:
        plan = workspace(tmp_path, server.url, cases)
        code = cli(monkeypatch, "eval", "-p", str(plan), "--no-progress")
        err = capsys.readouterr().err
        assert server.requests == 0
    err = " ".join(err.split())  # the terminal wraps long lines
    assert code == 2
    assert "cases.jsonl:3: column 'messages' (mapping.messages): " in err
    assert "messages[2].tool_call_id: tool result for call 'call_elsewhere'" in err
    assert "answer each call once" in err  # the fix
    assert "Traceback" not in err


def test_a_changed_tool_result_is_a_new_question_for_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with OpenAIServer(from_tool) as server:
        plan = workspace(tmp_path, server.url, weather_cases())
        _, first = eval_json(monkeypatch, capsys, plan, "--cache")
        _, again = eval_json(monkeypatch, capsys, plan, "--cache")
        assert again["summary"]["reused_answers"] == 20
        # the same user turns, one tool result edited: that case is asked again
        workspace(tmp_path, server.url, weather_cases({**CITIES, "town07": "99.5°C"}))
        _, changed = eval_json(monkeypatch, capsys, plan, "--cache")
    assert changed["summary"]["fresh_calls"] == 1 and changed["summary"]["reused_answers"] == 19
    assert server.received[-1].body["messages"][-1]["content"] == "99.5°C"
    assert changed["summary"]["pass_rate"]["passes"] == 19  # its answer is the new one
    # and the run's dataset identity records other content
    hashes = [r["summary"]["dataset"]["content_hash"] for r in (first, again, changed)]
    assert hashes[0] == hashes[1] != hashes[2]
    assert changed["summary"]["dataset"]["config"]["mapping"]["messages"] == "messages"


EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "conversation"


def test_the_example_plan_in_docs_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/examples/conversation, copied as a user would, against a local OpenAI-style
    server in the gateway's place: both scorers pass a model that reads its tool results
    and fail one that does not."""
    shutil.copytree(EXAMPLE, tmp_path / "ex")
    plan = tmp_path / "ex" / "phaseone.yaml"
    results = {}
    for name, reply in (("reads tools", from_tool), ("ignores tools", echo_reply)):
        with OpenAIServer(reply, api_key="sk-p1-eval") as server:
            monkeypatch.setenv("ASSISTANT_URL", f"{server.url}/v1")
            monkeypatch.setenv("ASSISTANT_KEY", "sk-p1-eval")
            assert load_plan(plan).plan.target.kind == "openai"  # valid as written
            results[name] = eval_json(monkeypatch, capsys, plan)
            first = server.received[0].body
        assert first["model"] == "weather-assistant"
        assert first["messages"][0]["role"] == "system"
    code, good = results["reads tools"]
    assert code == 0, good["summary"]
    assert good["summary"]["n"] == 10 and good["summary"]["pass_rate"]["passes"] == 10
    code, bad = results["ignores tools"]
    assert code == 1 and bad["summary"]["pass_rate"]["passes"] == 0
