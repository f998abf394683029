"""The last parts of a promptfoo config the import used to pass over in silence: a
providers file, test globs, and an assertion's `weight` and `metric`. Each is either
translated or reported with the file and line it was written at."""

from __future__ import annotations

from pathlib import Path

import yaml

from phaseone.importers import import_promptfoo
from phaseone.importers.located import ImportNote

PROVIDERS_FILE = """\
# the team's shared providers
- id: openai:chat:llama3
  config:
    apiBaseUrl: http://127.0.0.1:9/v1
- id: anthropic:messages:claude-3-haiku
"""


def _config(tmp_path: Path, text: str) -> Path:
    config = tmp_path / "promptfooconfig.yaml"
    config.write_text(text, encoding="utf-8")
    return config


def _about(notes: list[ImportNote], word: str) -> list[ImportNote]:
    return [n for n in notes if word in n.message]


def test_a_providers_file_is_read_and_its_lines_reported(tmp_path: Path) -> None:
    (tmp_path / "providers.yaml").write_text(PROVIDERS_FILE, encoding="utf-8")
    config = _config(
        tmp_path,
        "prompts: ['Capital of {{country}}?']\n"
        "providers: file://providers.yaml\n"
        "tests:\n"
        "  - vars: {country: France}\n",
    )
    result = import_promptfoo(config)
    (plan,) = result.plans
    target = yaml.safe_load(plan.read_text(encoding="utf-8"))["target"]
    assert (target["kind"], target["model"]) == ("openai", "llama3")
    assert target["base_url"] == "http://127.0.0.1:9/v1"
    # The untranslatable provider is reported in the providers file, at its own line.
    (note,) = _about(result.notes, "anthropic")
    assert (note.file, note.line) == ("providers.yaml", 5)


def test_a_providers_file_in_a_list_and_a_missing_one(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text('{"id": "openai:chat:m1"}', encoding="utf-8")
    config = _config(
        tmp_path,
        "prompts: ['Hi {{name}}']\n"
        "providers:\n"
        "  - file://one.json\n"
        "  - file://gone.yaml\n"
        "  - openai:chat:m2\n"
        "tests:\n"
        "  - vars: {name: Ada}\n",
    )
    result = import_promptfoo(config)
    models = sorted(
        yaml.safe_load(p.read_text(encoding="utf-8"))["target"]["model"] for p in result.plans
    )
    assert models == ["m1", "m2"]
    (note,) = result.notes
    assert (note.file, note.line) == (str(config), 4)
    assert "gone.yaml not found" in note.message and "inline" in note.fix


def test_a_tests_glob_reads_every_matching_file(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "a.yaml").write_text(
        "- vars: {country: France}\n  assert: [{type: contains, value: Paris}]\n",
        encoding="utf-8",
    )
    (tmp_path / "tests" / "b.yaml").write_text(
        "- vars: {country: Italy}\n"
        "  assert: [{type: contains, value: Rome}]\n"
        "- vars: {country: Spain}\n"
        "  assert:\n"
        "    - type: rouge-n\n"
        "      value: Madrid\n",
        encoding="utf-8",
    )
    (tmp_path / "tests" / "notes.txt").write_text("not a test file", encoding="utf-8")
    config = _config(
        tmp_path,
        "prompts: ['Capital of {{country}}?']\n"
        "providers: ['openai:chat:m']\n"
        "tests: file://tests/*.yaml\n",
    )
    result = import_promptfoo(config)
    rows = [r for s in result.suites for r in s.rows]
    assert sorted(r["input"]["country"] for r in rows) == ["France", "Italy", "Spain"]
    assert not _about(result.notes, "not found")
    # What a matched file holds that cannot be translated is reported in that file.
    (note,) = _about(result.notes, "rouge-n")
    assert (note.file, note.line) == ("tests/b.yaml", 5)


def test_a_tests_glob_that_matches_nothing_is_reported_as_a_pattern(tmp_path: Path) -> None:
    (tmp_path / "cases.csv").write_text("country\nFrance\n", encoding="utf-8")
    config = _config(
        tmp_path,
        "prompts: ['Capital of {{country}}?']\n"
        "providers: ['openai:chat:m']\n"
        "tests:\n"
        "  - file://cases.csv\n"
        "  - file://more/*.yaml\n",
    )
    result = import_promptfoo(config)
    assert [r["input"] for s in result.suites for r in s.rows] == [{"country": "France"}]
    (note,) = result.notes
    assert (note.file, note.line) == (str(config), 5)
    assert note.message == "tests pattern more/*.yaml matches no file"


def test_weight_and_metric_are_noted_once_and_metric_names_the_scorer(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        "prompts: ['Capital of {{country}}?']\n"
        "providers: ['openai:chat:m']\n"
        "defaultTest:\n"
        "  assert:\n"
        "    - type: latency\n"
        "      threshold: 5000\n"
        "      weight: 0.5\n"
        "tests:\n"
        "  - vars: {country: [France, Italy]}\n"
        "    assert:\n"
        "      - type: icontains\n"
        "        value: '{{country}}'\n"
        "        metric: Accuracy\n",
    )
    result = import_promptfoo(config)
    (weight,) = _about(result.notes, "weight")
    assert (weight.file, weight.line) == (str(config), 7)
    assert "pass/fail does not change" in weight.message
    (metric,) = _about(result.notes, "metric")  # two tests expanded, one note
    assert (metric.file, metric.line) == (str(config), 13)
    (suite,) = result.suites
    assert [s["name"] for s in suite.scorers] == ["latency", "Accuracy"]
    assert suite.scorers[1]["kind"] == "icontains"


def test_a_config_without_these_parts_has_no_such_note(tmp_path: Path) -> None:
    (tmp_path / "tests.yaml").write_text(
        "- vars: {country: France}\n  assert: [{type: contains, value: Paris}]\n",
        encoding="utf-8",
    )
    config = _config(
        tmp_path,
        "prompts: ['Capital of {{country}}?']\n"
        "providers: ['openai:chat:m', {id: 'file://provider.py'}]\n"
        "tests: file://tests.yaml\n",
    )
    result = import_promptfoo(config)
    assert result.notes == []
    assert len(result.plans) == 2
    (suite,) = result.suites
    assert [s["name"] for s in suite.scorers] == ["contains"]
