"""Cases that carry a whole conversation (`mapping.messages`) from JSONL, YAML and CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from phaseone.datasets import Case, build_source, dataset_config
from phaseone.errors import DatasetError
from phaseone.plan.components import CsvSource, JsonlSource, Mapping, YamlSource


def talk(city: str, result: str) -> list[dict[str, Any]]:
    return [
        {"role": "user", "content": f"Weather in {city}?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "weather"}}],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": result},
    ]


def write_jsonl(path: Path, rows: list[Any]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


async def collect(src: Any) -> list[Case]:
    return [c async for c in src.cases()]


CONVO = Mapping(id="id", messages="messages")


async def test_jsonl_conversation_cases(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "c.jsonl",
        [
            {"id": "p", "messages": talk("Paris", "18°C"), "expected": "18", "lang": "fr"},
            {"id": "r", "messages": talk("Rome", "25°C"), "expected": "25"},
        ],
    )
    src = build_source(JsonlSource(path="c.jsonl", mapping=CONVO), tmp_path)
    p, r = await collect(src)
    assert p.conversation is not None and len(p.conversation) == 3
    # the input is the last user turn; the conversation is not copied into metadata
    assert p.input == "Weather in Paris?" and p.metadata == {"lang": "fr"}
    assert p.messages is not None and p.messages[2]["content"] == "18°C"
    assert r.messages is not None and r.messages[2]["tool_call_id"] == "call_1"
    # a changed conversation is another question to the target
    assert p.request_identity() != Case(id="p", input=p.input).request_identity()


async def test_an_explicit_input_column_is_kept_beside_the_conversation(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "c.jsonl", [{"q": "paris", "messages": talk("Paris", "18°C")}])
    mapping = Mapping(input="q", messages="messages")
    (case,) = await collect(build_source(JsonlSource(path="c.jsonl", mapping=mapping), tmp_path))
    assert case.input == "paris" and case.conversation is not None


async def test_content_ids_and_the_identity_include_the_conversation(tmp_path: Path) -> None:
    """No id column: two cases that differ only in a tool result are two cases, and
    editing a tool result changes the dataset's content hash."""
    cfg = JsonlSource(path="c.jsonl", mapping=Mapping(messages="messages"))
    write_jsonl(tmp_path / "c.jsonl", [{"messages": talk("Paris", "18°C")}])
    src = build_source(cfg, tmp_path)
    (first,) = await collect(src)
    before = await src.identity()
    write_jsonl(tmp_path / "c.jsonl", [{"messages": talk("Paris", "3°C")}])
    (second,) = await collect(src)
    after = await src.identity()
    assert first.input == second.input  # same last user turn ...
    assert first.id != second.id  # ... yet another case
    assert before.content_hash != after.content_hash
    assert before.config == after.config and before.config is not None
    assert before.config["mapping"]["messages"] == "messages"


def test_a_mapping_without_messages_dumps_as_before() -> None:
    """Runs and locks recorded before conversations compare their dataset config with
    the plan's: a mapping that does not use `messages` must not grow the key."""
    cfg = JsonlSource(path="c.jsonl", mapping=Mapping(id="id"))
    assert dataset_config(cfg)["mapping"] == {
        "id": "id",
        "input": "input",
        "expected": "expected",
        "tags": "tags",
    }


async def test_jsonl_bad_role_is_located_with_the_field_and_fix(tmp_path: Path) -> None:
    bad = talk("Paris", "18°C")
    bad[0]["role"] = "human"
    write_jsonl(tmp_path / "c.jsonl", [{"id": "ok", "messages": talk("Rome", "25°C")}])
    with (tmp_path / "c.jsonl").open("a") as f:
        f.write(json.dumps({"id": "bad", "messages": bad}) + "\n")
    src = build_source(JsonlSource(path="c.jsonl", mapping=CONVO), tmp_path)
    with pytest.raises(DatasetError) as err:
        await src.identity()  # what preflight and every run call before the first case
    e = err.value
    assert (e.source, e.line) == ("c.jsonl", 2)
    assert str(e).startswith("c.jsonl:2: column 'messages' (mapping.messages): ")
    assert "messages[0].role: role 'human' is not a chat role" in str(e)
    assert e.fix == "use one of system, user, assistant, tool"


async def test_a_missing_or_empty_conversation_is_refused(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "messages": []}])
    src = build_source(JsonlSource(path="c.jsonl", mapping=CONVO), tmp_path)
    with pytest.raises(DatasetError, match=r"c.jsonl:1: .*the conversation is empty"):
        await collect(src)
    write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "input": "hi"}])
    with pytest.raises(DatasetError, match=r"no column 'messages' for mapping\.messages") as err:
        await collect(src)
    assert err.value.line == 1


async def test_yaml_tool_result_without_a_call_is_located(tmp_path: Path) -> None:
    good = {"id": "a", "messages": talk("Paris", "18°C")}
    orphan = {
        "id": "b",
        "messages": [
            {"role": "user", "content": "hi"},
            {"role": "tool", "tool_call_id": "call_7", "content": "42"},
        ],
    }
    (tmp_path / "c.yaml").write_text(yaml.safe_dump([good, orphan], sort_keys=False))
    lines = (tmp_path / "c.yaml").read_text().splitlines()
    line_b = next(i for i, t in enumerate(lines, 1) if t.startswith("- id: b"))
    src = build_source(YamlSource(path="c.yaml", mapping=CONVO), tmp_path)
    with pytest.raises(DatasetError) as err:
        await collect(src)
    assert err.value.line == line_b
    assert "messages[1].tool_call_id: tool result for call 'call_7'" in str(err.value)
    assert "assistant message whose tool_calls has this id" in (err.value.fix or "")


async def test_csv_conversation_in_a_json_column(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "messages", "expected"])
        w.writerow(["p", json.dumps(talk("Paris", "18°C")), "18"])
        w.writerow(["q", json.dumps([{"role": "user", "content": 7}]), "7"])
        w.writerow(["r", "", "x"])
    src = build_source(CsvSource(path="c.csv", mapping=CONVO), tmp_path)
    cases = src.cases()
    first = await anext(cases)
    assert first.input == "Weather in Paris?" and first.conversation is not None
    with pytest.raises(DatasetError) as err:
        await anext(cases)
    assert err.value.line == 3
    assert "messages[0].content: content of a user message is a number" in str(err.value)
    await cases.aclose()  # type: ignore[attr-defined]


async def test_csv_header_without_the_messages_column(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("id,messsages\np,[]\n")
    src = build_source(CsvSource(path="c.csv", mapping=CONVO), tmp_path)
    with pytest.raises(DatasetError) as err:
        await collect(src)
    assert "no column 'messages' for mapping.messages" in str(err.value)
    assert "did you mean 'messsages'?" in (err.value.fix or "")
