"""docs/plan.md is generated from the schema and documents every field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from phaseone.plan.docs import render_plan_docs
from phaseone.plan.locate import _flatten
from phaseone.plan.schema import Plan

DOCS = Path(__file__).resolve().parents[2] / "docs" / "plan.md"


def _all_models() -> set[type[BaseModel]]:
    from typing import get_args, get_origin

    seen: set[type[BaseModel]] = set()

    def visit(tp: object) -> None:
        for m in _flatten(tp):
            if get_origin(m) in (list, dict):
                for a in get_args(m):
                    visit(a)
            elif isinstance(m, type) and issubclass(m, BaseModel) and m not in seen:
                seen.add(m)
                for f in m.model_fields.values():
                    visit(f.annotation)

    visit(Plan)
    return seen


def test_committed_docs_match_the_schema() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_plan_docs(), (
        "docs/plan.md is out of date: run `phaseone docs --out docs/plan.md`"
    )


def test_every_field_of_every_model_is_documented_with_a_description() -> None:
    text = render_plan_docs()
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    for model in _all_models():
        assert f"### {model.__name__}" in text, model.__name__
        for key, info in model.model_fields.items():
            name = info.alias or key
            pattern = re.compile(rf"^\| `([^`]*\.)?{re.escape(name)}` \|")
            assert any(pattern.match(r) for r in rows), f"{model.__name__}.{name} missing"
    for row in rows:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]
        assert len(cells) == 6, row
        assert cells[4], f"no description: {row}"


def test_discriminated_kinds_are_listed() -> None:
    text = render_plan_docs()
    for kind in ("python", "http", "openai", "jsonl", "sql", "traces", "classification", "judge"):
        assert f"kind `{kind}`" in text


def test_cli_docs_writes_the_file(tmp_path: Path) -> None:
    import sys

    from phaseone.cli import main

    out = tmp_path / "d" / "plan.md"
    argv = sys.argv
    sys.argv = ["phaseone", "docs", "--out", str(out)]
    try:
        main()
    except SystemExit as exc:
        assert exc.code in (0, None)
    finally:
        sys.argv = argv
    assert out.read_text(encoding="utf-8") == render_plan_docs()


def test_committed_gate_docs_match_the_registries() -> None:
    from phaseone.gate.checks import ordered_checks
    from phaseone.gate.docs import render_gate_docs

    text = render_gate_docs()
    assert (DOCS.parent / "gate.md").read_text(encoding="utf-8") == text, (
        "docs/gate.md is out of date: run `phaseone docs --out docs/plan.md`"
    )
    for c in ordered_checks():
        assert f"`{c.id}`" in text


def test_cli_schema_to_a_path_that_cannot_be_written_says_so_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    from phaseone.cli import main

    out = tmp_path / "no-such-dir" / "schema.json"
    argv = sys.argv
    sys.argv = ["phaseone", "schema", "--out", str(out)]
    try:
        with pytest.raises(SystemExit) as info:
            main()
    finally:
        sys.argv = argv
    assert info.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert f"cannot use {out}: No such file or directory" in err and "fix:" in err
    assert "Traceback" not in err
