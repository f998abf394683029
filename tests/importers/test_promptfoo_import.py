"""`phaseone import promptfoo`: a realistic config in, plans out that run with the pass
counts promptfoo's semantics imply; what does not translate is named by file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from servers import JsonServer, OpenAIServer

from . import capitals
from .capitals import api_answer, chat_answer, expected_passes, python_answer, write_config
from .conftest import api_responder, chat_responder, cli, passes_of


def test_imported_plans_run_with_promptfoos_pass_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CAPITALS_TOKEN", "t0ken")
    with JsonServer(api_responder) as api, OpenAIServer(chat_responder) as chat:
        config = write_config(tmp_path, api_url=api.url, chat_base_url=chat.url)
        assert cli(monkeypatch, "import", "promptfoo", str(config)) == 0
        out = capsys.readouterr()
        assert "0 warnings" in out.out.replace("\n", " "), out.err
        plans = {
            "capitals-api": (tmp_path / "phaseone.yaml", api_answer),
            "openai:chat:local-model": (
                tmp_path / "phaseone.openai-chat-local-model.yaml",
                chat_answer,
            ),
            "file://provider.py": (tmp_path / "phaseone.file-provider-py.yaml", python_answer),
        }
        n_tests = len(capitals.all_tests())
        for label, (plan, answer) in plans.items():
            assert plan.is_file(), label
            code = cli(monkeypatch, "eval", "--plan", str(plan), "--no-progress", "-f", "json")
            doc = json.loads(capsys.readouterr().out)
            assert code == 0, doc
            assert passes_of(doc) == (expected_passes(answer), n_tests), label
        # The env lookup and the body's own var reached the API as promptfoo sends them.
        assert api.last.headers["Authorization"] == "Bearer t0ken"
        assert api.last.body["country"] in capitals.CAPITALS
        assert api.last.body["question"].startswith("What is the capital of ")
    # The three providers do differ: the counts are not the same number three times.
    assert len({expected_passes(a) for _, a in plans.values()}) > 1


def test_plan_shape_templates_and_env(tmp_path: Path) -> None:
    from phaseone.importers import import_promptfoo

    config = write_config(tmp_path, api_url="http://127.0.0.1:9", chat_base_url="http://h:1")
    result = import_promptfoo(config)
    assert result.notes == []
    plan = yaml.safe_load((tmp_path / "phaseone.yaml").read_text())
    target = plan["target"]
    assert target["headers"]["Authorization"] == "Bearer ${CAPITALS_TOKEN}"
    assert target["body"] == {
        "question": "What is the capital of {{input.country}}? Answer with the city name only.",
        "country": "{{input.country}}",
    }
    assert target["output_path"] == "data.answer"
    chat = yaml.safe_load((tmp_path / "phaseone.openai-chat-local-model.yaml").read_text())
    assert chat["target"]["base_url"] == "http://h:1/v1"
    assert chat["target"]["model"] == "local-model"
    assert chat["target"]["messages"][0]["content"].endswith(
        "{{input.country}}? Answer with the city name only."
    )
    # Every test is a case, once, whatever suite its assertions put it in.
    rows = [r for s in result.suites for r in s.rows]
    assert sorted(r["id"] for r in rows) == sorted(
        f"test-{i}" for i in range(1, len(capitals.all_tests()) + 1)
    )
    # A per-test value travels in `expected`; the defaultTest asserts are in every suite.
    france = next(r for r in rows if r["input"].get("capital") == "Paris")
    assert france["expected"] == "Paris"
    for suite in result.suites:
        names = [s["name"] for s in suite.scorers]
        assert names[:2] == ["not-icontains", "latency"], names
        assert suite.scorers[0]["kind"] == "regex"  # a negation is a negative look-ahead
    # Suites are named by their tests' own assertions.
    by_name = {s.name: s for s in result.suites}
    assert len(by_name["tests.equals"].rows) == 2  # inline `equals: Tokyo`, CSV bare `Lima`


def test_untranslatable_parts_are_named_by_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(
        tmp_path,
        api_url="http://127.0.0.1:9",
        chat_base_url="http://127.0.0.1:9",
        extra={
            "tests": [
                {
                    "vars": {"country": "France"},
                    "assert": [
                        {"type": "contains", "value": "Paris"},
                        {
                            "type": "javascript",
                            "value": "output.split(' ').filter(Boolean).length > 2",
                        },
                        {"type": "perplexity-score", "threshold": 0.5},
                    ],
                },
                "file://tests.csv",
            ]
        },
    )
    config.write_text(
        config.read_text().replace(
            "providers:\n", "providers:\n- anthropic:messages:claude-sonnet-4\n"
        ),
        encoding="utf-8",
    )
    with (tmp_path / "tests.csv").open("a", encoding="utf-8") as fh:
        fh.write('Japan,"python: len(output) < 10",\n')
    monkeypatch.chdir(tmp_path)  # the notes name the file as given: short lines, no wrapping
    assert cli(monkeypatch, "import", "promptfoo", config.name, "--force") == 0
    err = capsys.readouterr().err
    lines = config.read_text().splitlines()

    def line_of(text: str) -> int:
        return next(i for i, line in enumerate(lines, start=1) if text in line)

    assert f"promptfooconfig.yaml:{line_of('anthropic:messages')}: provider" in err
    assert f"promptfooconfig.yaml:{line_of('type: javascript')}: `javascript`" in err
    assert f"promptfooconfig.yaml:{line_of('type: perplexity-score')}: assertion" in err
    csv_line = len((tmp_path / "tests.csv").read_text().splitlines())
    assert f"tests.csv:{csv_line}: assertion `python` is not translated" in err
    assert err.count("fix:") == 4
    # What could be translated was still written.
    assert (tmp_path / "phaseone.yaml").is_file()


def test_nothing_usable_exits_2_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "promptfooconfig.yaml"
    config.write_text(
        "prompts: ['Hello {{name}}']\n"
        "providers:\n  - bedrock:anthropic.claude-3\n"
        "tests:\n  - vars: {name: x}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)  # the notes name the file as given: short lines, no wrapping
    assert cli(monkeypatch, "import", "promptfoo", config.name) == 2
    err = capsys.readouterr().err
    assert "nothing usable" in err and "promptfooconfig.yaml:3: provider 'bedrock" in err
    assert not (tmp_path / "phaseone.yaml").exists()


def test_yaml_error_and_missing_file_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(monkeypatch, "import", "promptfoo", str(tmp_path / "nope.yaml")) == 2
    assert "not found" in capsys.readouterr().err
    bad = tmp_path / "promptfooconfig.yaml"
    bad.write_text("prompts:\n  - 'a\nproviders: [\n", encoding="utf-8")
    assert cli(monkeypatch, "import", "promptfoo", str(bad)) == 2
    assert "promptfooconfig.yaml:" in capsys.readouterr().err


def test_existing_plan_is_not_overwritten_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, api_url="http://127.0.0.1:9", chat_base_url="http://h:1")
    (tmp_path / "phaseone.yaml").write_text("mine\n", encoding="utf-8")
    assert cli(monkeypatch, "import", "promptfoo", str(config)) == 2
    assert "--force" in capsys.readouterr().err
    assert (tmp_path / "phaseone.yaml").read_text() == "mine\n"
    # Any plan it would write counts, not only the first; and nothing is half-written.
    (tmp_path / "phaseone.yaml").unlink()
    other = tmp_path / "phaseone.openai-chat-local-model.yaml"
    other.write_text("mine too\n", encoding="utf-8")
    assert cli(monkeypatch, "import", "promptfoo", str(config)) == 2
    assert other.read_text() == "mine too\n"
    assert not (tmp_path / "phaseone.yaml").exists()
    assert cli(monkeypatch, "import", "promptfoo", str(config), "--force") == 0
    assert other.read_text().startswith("# Imported from promptfoo")
