"""Every bad-plan case names the file, line, column and field path, with a fix.

Each case is built from the valid plan by one edit, so the assertion is about that edit:
the reported line is the line of the edited text, the path is the YAML path.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from phaseone.errors import PlanError, PlanIssue
from phaseone.plan import load_plan

from .conftest import GOOD_PLAN, WritePlan, line_of


def issues_of(path: Path) -> list[PlanIssue]:
    with pytest.raises(PlanError) as info:
        load_plan(path)
    return info.value.issues


def one_issue(path: Path, field_path: str) -> PlanIssue:
    issues = issues_of(path)
    found = [i for i in issues if i.path == field_path]
    assert found, f"no issue at {field_path}; got {[(i.path, i.message) for i in issues]}"
    return found[0]


def edit(old: str, new: str, text: str = GOOD_PLAN) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_the_good_plan_is_valid(write_plan: WritePlan) -> None:
    loaded = load_plan(write_plan())
    assert loaded.plan.project.name == "inbox-screening"
    assert loaded.base_dir == loaded.path.parent


def test_yaml_syntax_error_names_the_line_and_column(write_plan: WritePlan) -> None:
    text = edit("  team: Customer Support\n", "  team: [Customer Support\n")
    issue = issues_of(write_plan(text))[0]
    assert issue.message.startswith("YAML syntax error")
    # The flow sequence opened on the `team:` line is never closed; PyYAML notices on the next.
    assert issue.line in (line_of(text, "team: ["), line_of(text, "contact:"))
    assert issue.column is not None
    assert issue.fix


def test_tab_indentation_is_a_syntax_error_with_a_fix(write_plan: WritePlan) -> None:
    text = edit("  currency: EUR\n", "\tcurrency: EUR\n")
    issue = issues_of(write_plan(text))[0]
    assert issue.line == line_of(text, "\tcurrency")
    assert "tab" in (issue.fix or "") + issue.message


def test_unknown_key_has_a_did_you_mean(write_plan: WritePlan) -> None:
    text = edit("  name: inbox-screening", "  nmae: inbox-screening")
    issue = one_issue(write_plan(text), "project.nmae")
    assert issue.line == line_of(text, "nmae:")
    assert issue.column == 3
    assert "unknown key `nmae`" in issue.message
    assert "did you mean `name`?" in (issue.fix or "")
    # The typo is the one issue; `project.name` is not also reported as missing.
    assert [i.path for i in issues_of(write_plan(text))] == ["project.nmae"]


def test_unknown_key_inside_a_kind_uses_that_kinds_fields(write_plan: WritePlan) -> None:
    text = edit("  timeout_s: 5\n", "  timeout_s: 5\n  output_pth: label\n")
    issue = one_issue(write_plan(text), "target.output_pth")
    assert issue.line == line_of(text, "output_pth")
    assert "did you mean `output_path`?" in (issue.fix or "")


def test_wrong_type_names_the_field_without_the_union_tag(write_plan: WritePlan) -> None:
    text = edit("  timeout_s: 5", "  timeout_s: fast")
    issue = one_issue(write_plan(text), "target.timeout_s")
    assert issue.line == line_of(text, "timeout_s: fast")
    assert issue.column == len("  timeout_s: ") + 1
    assert "number" in issue.message and "'fast'" in issue.message


def test_missing_required_field_in_a_kind_drops_the_tag(write_plan: WritePlan) -> None:
    text = edit("  url: http://127.0.0.1:9/classify\n", "")
    issue = one_issue(write_plan(text), "target.url")
    assert issue.line == line_of(text, "target:")
    assert "`url` is required" in issue.message


def test_missing_owner_explains_the_line_organisation(write_plan: WritePlan) -> None:
    owner_block = (
        "owner:\n  name: Dana Okafor\n  role: Head of Customer Support Operations\n"
        "  team: Customer Support\n  contact: dana.okafor@example.com\n"
    )
    text = edit(owner_block, "")
    issue = one_issue(write_plan(text), "owner")
    assert issue.line == 1
    fix = issue.fix or ""
    assert "production owner from the line organisation" in fix
    for name in ("name:", "role:", "team:", "contact:"):
        assert name in fix


def test_owner_missing_fields_are_one_issue(write_plan: WritePlan) -> None:
    text = edit("  team: Customer Support\n  contact: dana.okafor@example.com\n", "")
    issues = [i for i in issues_of(write_plan(text)) if i.path.startswith("owner")]
    assert len(issues) == 1
    assert "`team`" in issues[0].message and "`contact`" in issues[0].message
    assert issues[0].line == line_of(text, "owner:")


def test_rate_threshold_outside_0_1(write_plan: WritePlan) -> None:
    text = edit("  threshold: 0.9", "  threshold: 90")
    issue = one_issue(write_plan(text), "success_metric.threshold")
    assert issue.line == line_of(text, "threshold: 90")
    assert "outside [0, 1]" in issue.message
    assert "0.9 for 90%" in (issue.fix or "")


def test_metric_on_an_unknown_suite(write_plan: WritePlan) -> None:
    text = edit("  suite: happy", "  suite: hapy")
    issue = one_issue(write_plan(text), "success_metric.suite")
    assert issue.line == line_of(text, "suite: hapy")
    assert "did you mean `happy`?" in (issue.fix or "")


def test_metric_on_a_scorer_not_in_the_suite(write_plan: WritePlan) -> None:
    text = edit("  scorer: label", "  scorer: labels")
    issue = one_issue(write_plan(text), "success_metric.scorer")
    assert issue.line == line_of(text, "scorer: labels")
    assert "not a scorer of suite `happy`" in issue.message
    assert "did you mean `label`?" in (issue.fix or "")


def test_undefined_env_var_is_named_with_export_fix(
    write_plan: WritePlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PHASEONE_TEST_UNSET_URL", raising=False)
    text = edit("  url: http://127.0.0.1:9/classify", "  url: ${PHASEONE_TEST_UNSET_URL}/classify")
    issues = [i for i in issues_of(write_plan(text)) if i.path == "target.url"]
    assert len(issues) == 1  # no second, confusing type error for the same value
    issue = issues[0]
    assert issue.line == line_of(text, "PHASEONE_TEST_UNSET_URL")
    assert issue.column == len("  url: ") + 1
    assert "PHASEONE_TEST_UNSET_URL" in issue.message
    assert "export PHASEONE_TEST_UNSET_URL=" in (issue.fix or "")


def test_env_var_default_and_expansion(
    write_plan: WritePlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PHASEONE_TEST_UNSET", raising=False)
    monkeypatch.setenv("PHASEONE_TEST_HOST", "10.0.0.7")
    text = edit(
        "  url: http://127.0.0.1:9/classify",
        "  url: http://${PHASEONE_TEST_HOST}:${PHASEONE_TEST_UNSET:-8080}/x?a=$${literal}",
    )
    loaded = load_plan(write_plan(text))
    assert loaded.plan.target.url == "http://10.0.0.7:8080/x?a=${literal}"  # type: ignore[union-attr]
    assert "10.0.0.7" not in loaded.text  # the stored text is the raw text


def test_duplicate_suite_names(write_plan: WritePlan) -> None:
    text = edit("  - name: edge", "  - name: happy")
    issue = one_issue(write_plan(text), "suites[1].name")
    assert issue.line == line_of(text, "- name: happy", nth=2)
    assert "used twice" in issue.message
    assert f"first at line {line_of(text, '- name: happy')}" in issue.message


def test_negative_cost(write_plan: WritePlan) -> None:
    text = edit("        monthly: 400", "        monthly: -400")
    issue = one_issue(write_plan(text), "phases.two.items[1].monthly")
    assert issue.line == line_of(text, "monthly: -400")
    assert "negative" in issue.message and "cannot be negative" in (issue.fix or "")


def test_dataset_file_that_does_not_exist(write_plan: WritePlan) -> None:
    text = edit("      path: cases/edge.jsonl", "      path: cases/edgy.jsonl")
    path = write_plan(text)
    issue = one_issue(path, "suites[1].dataset.path")
    assert issue.line == line_of(text, "cases/edgy.jsonl")
    assert "does not exist" in issue.message
    assert str(path.parent) in (issue.fix or "")


def test_plan_file_not_found(tmp_path: Path) -> None:
    issue = issues_of(tmp_path / "nope.yaml")[0]
    assert "not found" in issue.message
    assert "phaseone init" in (issue.fix or "")


def test_missing_kind_lists_valid_kinds(write_plan: WritePlan) -> None:
    text = edit("  kind: http\n", "")
    issue = one_issue(write_plan(text), "target")
    assert issue.line == line_of(text, "target:")
    assert "`kind` is missing" in issue.message
    assert "python, http, openai" in (issue.fix or "")


def test_unknown_kind_has_a_did_you_mean(write_plan: WritePlan) -> None:
    text = edit("      - kind: exact", "      - kind: exakt")
    issue = one_issue(write_plan(text), "suites[1].scorers[0]")
    assert issue.line == line_of(text, "kind: exakt")
    assert issue.column == len("      - kind: ") + 1
    assert "unknown kind `exakt`" in issue.message
    assert "did you mean `exact`?" in (issue.fix or "")


def test_plain_union_reports_the_member_the_user_meant(write_plan: WritePlan) -> None:
    text = GOOD_PLAN.replace(
        "controls:\n", "controls:\n  resilience:\n    fallback:\n      static: [not, text]\n"
    )
    issues = issues_of(write_plan(text))
    assert [i.path for i in issues] == ["controls.resilience.fallback.static"]
    assert issues[0].line == line_of(text, "static: [not")


def test_literal_with_did_you_mean(write_plan: WritePlan) -> None:
    text = edit("  aggregate: precision", "  aggregate: precison")
    issue = one_issue(write_plan(text), "success_metric.aggregate")
    assert issue.line == line_of(text, "precison")
    assert "did you mean `precision`?" in (issue.fix or "")


def test_duplicate_yaml_key_is_not_silently_dropped(write_plan: WritePlan) -> None:
    text = edit("  currency: EUR\n", "  currency: EUR\n  currency: USD\n")
    issue = one_issue(write_plan(text), "project.currency")
    assert issue.line == line_of(text, "currency: USD")
    assert "appears twice" in issue.message


def test_all_errors_are_reported_at_once_in_file_order(write_plan: WritePlan) -> None:
    text = edit("  name: inbox-screening", "  nmae: inbox-screening")
    text = edit("  threshold: 0.9", "  threshold: 90", text)
    text = edit("  timeout_s: 5", "  timeout_s: fast", text)
    text = edit("        monthly: 400", "        monthly: -400", text)
    issues = issues_of(write_plan(text))
    paths = [i.path for i in issues]
    for expected in (
        "project.nmae",
        "success_metric.threshold",
        "target.timeout_s",
        "phases.two.items[1].monthly",
    ):
        assert expected in paths
    lines = [i.line or 0 for i in issues]
    assert lines == sorted(lines)


def test_an_empty_plan(write_plan: WritePlan) -> None:
    issue = issues_of(write_plan("# nothing yet\n"))[0]
    assert "empty" in issue.message and "phaseone init" in (issue.fix or "")


def test_a_secret_value_is_never_echoed_in_an_error(
    write_plan: WritePlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHASEONE_TEST_SECRET", "s3cr3t-token-value")
    text = edit("  timeout_s: 5", "  timeout_s: ${PHASEONE_TEST_SECRET}")
    with pytest.raises(PlanError) as info:
        load_plan(write_plan(text))
    assert "s3cr3t" not in info.value.render()
    assert any(i.path == "target.timeout_s" for i in info.value.issues)


# --- through the CLI: one screen, no traceback, exit code 2 -------------------------------


def run_main(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    from phaseone.cli import main

    monkeypatch.setattr(sys, "argv", ["phaseone", *args])
    with pytest.raises(SystemExit) as info:
        main()
    out, err = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 0), out, err


@pytest.mark.parametrize(
    ("old", "new", "field_path", "needle"),
    [
        ("  name: inbox-screening", "  nmae: inbox-screening", "project.nmae", "nmae:"),
        ("  timeout_s: 5", "  timeout_s: fast", "target.timeout_s", "timeout_s: fast"),
        ("  threshold: 0.9", "  threshold: 90", "success_metric.threshold", "threshold: 90"),
        ("  suite: happy", "  suite: hapy", "success_metric.suite", "suite: hapy"),
        ("  - name: edge", "  - name: happy", "suites[1].name", "name: happy\n" * 0 + "edge"),
        ("        monthly: 400", "        monthly: -1", "phases.two.items[1].monthly", "-1"),
        ("      path: cases/edge.jsonl", "      path: x.jsonl", "suites[1].dataset.path", "x.j"),
        ("  kind: http\n", "  kind: htp\n", "target", "kind: htp"),
    ],
)
def test_cli_plan_exit_2_names_file_line_and_field(
    write_plan: WritePlan,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    field_path: str,
    needle: str,
) -> None:
    text = edit(old, new)
    if field_path == "suites[1].name":
        expected_line = line_of(text, "- name: happy", nth=2)
    else:
        expected_line = line_of(text, needle)
    path = write_plan(text)
    code, _out, err = run_main(["plan", "--plan", str(path)], monkeypatch, capsys)
    assert code == 2
    assert f"{path}:{expected_line}:" in err
    assert f"[{field_path}]" in err
    assert "fix:" in err
    assert "Traceback" not in err


def test_cli_plan_file_not_found_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_main(["plan", "--plan", str(tmp_path / "x.yaml")], monkeypatch, capsys)
    assert code == 2
    assert "phaseone init" in err


def test_cli_in_a_real_subprocess_has_no_traceback(write_plan: WritePlan) -> None:
    text = edit("  timeout_s: 5", "  timeout_s: fast")
    path = write_plan(text)
    proc = subprocess.run(
        [sys.executable, "-m", "phaseone.cli", "plan", "--plan", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert f":{line_of(text, 'timeout_s: fast')}:" in proc.stderr
    assert "[target.timeout_s]" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_loaded_plan_from_model_round_trips(write_plan: WritePlan) -> None:
    from phaseone.plan import LoadedPlan, parse_plan

    loaded = load_plan(write_plan())
    again = LoadedPlan.from_model(loaded.plan, loaded.base_dir)
    assert parse_plan(again.text, base_dir=again.base_dir) == loaded.plan
    assert again.content_hash != loaded.content_hash  # a different text, honestly hashed


def test_anchors_and_merge_keys_keep_explicit_locations(write_plan: WritePlan) -> None:
    text = GOOD_PLAN.replace(
        "    dataset:\n      kind: jsonl\n      path: cases/happy.jsonl\n",
        "    dataset: &files\n      kind: jsonl\n      path: cases/happy.jsonl\n",
    ).replace(
        "    dataset:\n      kind: jsonl\n      path: cases/edge.jsonl\n",
        "    dataset:\n      <<: *files\n      path: cases/edgy.jsonl\n",
    )
    issue = one_issue(write_plan(text), "suites[1].dataset.path")
    assert issue.line == line_of(text, "cases/edgy.jsonl")  # not the anchor's `path:` line
    fixed = load_plan(write_plan(text.replace("edgy", "edge")))
    assert fixed.plan.suite("edge").dataset.kind == "jsonl"  # merged from the anchor


def test_a_plan_built_in_python_names_the_unknown_suite_and_scorer() -> None:
    import yaml
    from pydantic import ValidationError

    from phaseone.plan.schema import Plan

    data = yaml.safe_load(GOOD_PLAN)
    data["success_metric"]["scorer"] = "nope"
    with pytest.raises(ValidationError) as info:
        Plan.model_validate(data)
    assert "success_metric.scorer 'nope' is not a scorer of suite 'happy'" in str(info.value)
    data["success_metric"]["suite"] = "gone"
    with pytest.raises(ValidationError) as info:
        Plan.model_validate(data)
    assert "success_metric.suite 'gone' is not a suite of this plan" in str(info.value)


@pytest.mark.parametrize("kind", ["[jsonl]", "{a: 1}"])
def test_a_dataset_kind_that_is_not_a_word_is_located_not_a_crash(
    write_plan: WritePlan, kind: str
) -> None:
    text = edit("kind: jsonl", f"kind: {kind}")
    issue = one_issue(write_plan(text), "suites[0].dataset")
    assert "unknown kind" in issue.message
    assert issue.line == line_of(text, f"kind: {kind}")
