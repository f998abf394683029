"""The pieces of the promptfoo import: templates, response paths, CSV assertion cells,
the negations, and one plan per prompt × provider."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from phaseone.importers import import_promptfoo
from phaseone.importers.assertions import translate
from phaseone.importers.located import LocatedYaml, Notes
from phaseone.importers.nunjucks import to_jinja
from phaseone.importers.providers import output_path
from phaseone.importers.tests_source import assertion_from_string
from servers import OpenAIServer

from . import capitals
from .conftest import chat_responder, cli


@pytest.mark.parametrize(
    ("nunjucks", "jinja"),
    [
        ("Tweet about {{topic}}", "Tweet about {{input.topic}}"),
        ("{{ topic | upper }} in {{ lang }}", "{{ input.topic | upper }} in {{ input.lang }}"),
        (
            "{% if lang == 'fr' %}Bonjour{% endif %}",
            "{% if input.lang == 'fr' %}Bonjour{% endif %}",
        ),
        ("{{ 'topic' }} and {{ other.topic }}", "{{ 'topic' }} and {{ other.topic }}"),
        ("key {{ env.API_KEY }} home ${HOME}", "key ${API_KEY} home $${HOME}"),
        ("{{input}}", "{{input.input}}"),  # a var named `input` is still a var
    ],
)
def test_nunjucks_to_jinja(nunjucks: str, jinja: str) -> None:
    assert to_jinja(nunjucks, {"topic", "lang", "input"}) == jinja


@pytest.mark.parametrize(
    ("transform", "path"),
    [
        ("json.output", "output"),
        ("json.data.label", "data.label"),
        ("json.choices[0].message.content", "choices.0.message.content"),
        ("(json) => json.result", "result"),
        ("json => json['data'].text", "data.text"),
        ("json.items.map(i => i.label).join(',')", None),
        ("file://transform.js", None),
    ],
)
def test_transform_response_paths(transform: str, path: str | None) -> None:
    assert output_path(transform) == path


@pytest.mark.parametrize(
    ("cell", "assertion"),
    [
        ("Paris", {"type": "equals", "value": "Paris"}),
        ("contains: Paris", {"type": "contains", "value": "Paris"}),
        ("not-icontains:lima", {"type": "not-icontains", "value": "lima"}),
        ("contains-any: a, b", {"type": "contains-any", "value": ["a", "b"]}),
        ("similar(0.9): hello", {"type": "similar", "value": "hello", "threshold": 0.9}),
        ("grade: is polite", {"type": "llm-rubric", "value": " is polite"}),
        ("fn: output.length < 5", {"type": "javascript", "value": "output.length < 5"}),
        ("is-json", {"type": "is-json"}),
    ],
)
def test_csv_expected_cells(cell: str, assertion: dict[str, object]) -> None:
    assert assertion_from_string(cell) == assertion


@pytest.mark.parametrize(
    ("kind", "value", "passing", "failing"),
    [
        ("not-contains", "Madrid", "Paris is it", "It is Madrid."),
        ("not-icontains", "madrid", "Paris", "MADRID"),
        ("not-equals", "Lima", "Lima.", "Lima"),
        ("not-starts-with", "I think", "Paris. I think", "I think Paris"),
        ("not-regex", r"\d+", "no digits", "route 66"),
        ("not-contains-any", ["a.b", "c"], "axb", "xx a.b"),
        ("starts-with", "a.b", "a.b c", "axb c"),
    ],
)
def test_negations_say_exactly_not(kind: str, value: object, passing: str, failing: str) -> None:
    notes = Notes()
    spec = translate({"type": kind, "value": value}, {}, None, LocatedYaml("c", {}), (), notes)
    assert spec is not None and notes.items == []
    assert spec.config["kind"] == "regex" and spec.config["name"] == kind
    pattern = re.compile(spec.config["pattern"])
    assert pattern.search(passing) is not None
    assert pattern.search(failing) is None


def test_one_plan_per_prompt_and_provider(tmp_path: Path) -> None:
    (tmp_path / "prompts.txt").write_text(
        "Summarise: {{text}}\n---\nSummarise in one line: {{text}}\n", encoding="utf-8"
    )
    config = tmp_path / "promptfooconfig.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "prompts": ["file://prompts.txt"],
                "providers": [
                    {"id": "openai:chat:llama3", "config": {"apiBaseUrl": "http://127.0.0.1:9/v1"}},
                    {"id": "http", "config": {"url": "http://127.0.0.1:9/s", "body": "{{prompt}}"}},
                ],
                "tests": [{"vars": {"text": "a long text"}}],
            }
        ),
        encoding="utf-8",
    )
    result = import_promptfoo(config)
    names = sorted(p.name for p in result.plans)
    assert names == [
        "phaseone.http-prompt1.yaml",
        "phaseone.http-prompt2.yaml",
        "phaseone.openai-chat-llama3-prompt2.yaml",
        "phaseone.yaml",
    ]
    second = yaml.safe_load((tmp_path / "phaseone.openai-chat-llama3-prompt2.yaml").read_text())
    assert second["target"]["messages"][0]["content"] == "Summarise in one line: {{input.text}}"
    # A body that is only `{{prompt}}` sends the prompt as the JSON body, as promptfoo does.
    http = yaml.safe_load((tmp_path / "phaseone.http-prompt1.yaml").read_text())
    assert http["target"]["body"] == "Summarise: {{input.text}}"
    # A test without assertions passes when the provider answers, in promptfoo and here.
    (suite,) = result.suites
    assert suite.name == "tests" and [s["name"] for s in suite.scorers] == ["answered"]


def test_list_vars_expand_into_one_test_per_combination(tmp_path: Path) -> None:
    config = tmp_path / "promptfooconfig.yaml"
    config.write_text(
        "prompts: ['Translate {{text}} to {{language}}']\n"
        "providers: ['openai:chat:m']\n"
        "tests:\n"
        "  - vars:\n"
        "      language: [French, German]\n"
        "      text: [Hello, Goodbye]\n"
        "    assert:\n"
        "      - type: icontains\n"
        "        value: '{{language}}'\n"
        "  - vars:\n"
        "      text: file://long.txt\n"
        "      language: Dutch\n",
        encoding="utf-8",
    )
    result = import_promptfoo(config)
    rows = {r["id"]: r for s in result.suites for r in s.rows}
    assert len(rows) == 5
    combos = {
        (r["input"]["language"], r["input"]["text"], r.get("expected")) for r in rows.values()
    }
    assert {c for c in combos if c[0] != "Dutch"} == {
        (lang, text, lang) for lang in ("French", "German") for text in ("Hello", "Goodbye")
    }
    (note,) = result.notes
    assert (note.file, note.line) == (str(config), 11)
    assert "file reference" in note.message


def _judge(messages: list[dict[str, Any]], payload: dict[str, Any]) -> str:
    """A grader that checks the city the rubric names is in the OUTPUT section."""
    text = str(messages[-1]["content"])
    city = re.search(r"Says that (\w+) is the capital", text)
    output = text.split("OUTPUT:", 1)[1]
    ok = city is not None and city.group(1) in output
    return json.dumps({"score": 1 if ok else 0, "reason": "named" if ok else "not named"})


def test_llm_rubric_runs_on_the_grading_provider_of_default_test(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = {"France": "Paris", "Kenya": "Nairobi", "Japan": "Tokyo"}
    with OpenAIServer(chat_responder) as model, OpenAIServer(_judge) as grader:
        config = tmp_path / "promptfooconfig.yaml"
        config.write_text(
            yaml.safe_dump(
                {
                    "prompts": [capitals.PROMPT],
                    "providers": [
                        {"id": "openai:chat:m", "config": {"apiBaseUrl": f"{model.url}/v1"}}
                    ],
                    "defaultTest": {
                        "options": {
                            "provider": {
                                "id": "openai:chat:grader",
                                "config": {"apiBaseUrl": f"{grader.url}/v1"},
                            }
                        }
                    },
                    "tests": [
                        {
                            "vars": {"country": country},
                            "assert": [
                                {"type": "llm-rubric", "value": f"Says that {city} is the capital"}
                            ],
                        }
                        for country, city in cases.items()
                    ],
                }
            ),
            encoding="utf-8",
        )
        result = import_promptfoo(config)
        assert result.notes == []
        judges = [s.scorers[0] for s in result.suites]
        assert {(j["kind"], j["model"], j["base_url"]) for j in judges} == {
            ("judge", "grader", f"{grader.url}/v1")
        }
        plan = str(result.plans[0])
        assert cli(monkeypatch, "eval", "-p", plan, "-f", "json", "--no-progress") == 0
        doc = json.loads(capsys.readouterr().out)
        passes = sum(r["summary"]["pass_rate"]["passes"] for r in doc["runs"])
        want = sum(
            city in capitals.chat_answer(capitals.PROMPT.replace("{{country}}", country))
            for country, city in cases.items()
        )
        assert passes == want == 2  # the chat model names Mombasa for Kenya
        assert grader.requests == 3


def test_a_second_value_in_one_test_is_written_into_its_scorer(tmp_path: Path) -> None:
    config = tmp_path / "promptfooconfig.yaml"
    config.write_text(
        "prompts: ['{{q}}']\nproviders: ['openai:chat:m']\ntests:\n"
        "  - vars: {q: a}\n    assert:\n"
        "      - {type: contains, value: 'x.y'}\n"
        "      - {type: equals, value: 'x.y z'}\n",
        encoding="utf-8",
    )
    (suite,) = import_promptfoo(config).suites
    (row,) = suite.rows
    assert row["expected"] == "x.y z"  # `equals` carries the case's value
    contains, equals = suite.scorers
    assert contains == {"name": "contains", "kind": "contains", "value": "x.y"}
    assert equals["name"] == "equals" and equals["kind"] == "exact"
    # Two `equals` in one test: the second is a full-match regex of its literal value.
    config.write_text(config.read_text().replace("type: contains", "type: equals"), "utf-8")
    (suite,) = import_promptfoo(config, force=True).suites
    first, second = suite.scorers
    assert first["kind"] == "exact" and suite.rows[0]["expected"] == "x.y"
    assert second == {
        "name": "equals-2",
        "kind": "regex",
        "pattern": r"x\.y\ z",
        "full_match": True,
    }


def test_similar_takes_the_expected_slot_and_keeps_its_threshold(tmp_path: Path) -> None:
    config = tmp_path / "promptfooconfig.yaml"
    config.write_text(
        "prompts: ['{{q}}']\nproviders: ['openai:chat:m']\ntests:\n"
        "  - vars: {q: a}\n    assert:\n"
        "      - {type: contains, value: 'Paris'}\n"
        "      - {type: similar, value: 'The capital is Paris', threshold: 0.9}\n",
        encoding="utf-8",
    )
    result = import_promptfoo(config)
    (suite,) = result.suites
    assert suite.rows[0]["expected"] == "The capital is Paris"
    contains, similar = suite.scorers
    assert contains["value"] == "Paris"
    assert similar == {"name": "similar", "kind": "similarity", "threshold": 0.9}
    (note,) = result.notes  # the embedding model differs from promptfoo's: said, with the line
    assert note.line == 7 and "MiniLM" in note.message
