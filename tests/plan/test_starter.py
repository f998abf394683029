"""`phaseone init` writes a plan that `phaseone plan` accepts, and never clobbers one."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from phaseone.errors import UsageError
from phaseone.plan import load_plan
from phaseone.plan.diagnosis import diagnose
from phaseone.plan.starter import STARTER_FILES, write_starter


def run_main(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    from phaseone.cli import main

    monkeypatch.setattr(sys, "argv", ["phaseone", *args])
    monkeypatch.setenv("COLUMNS", "200")
    code: object = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return (code if isinstance(code, int) else 0), out, err


def test_starter_is_a_valid_plan_with_the_promised_parts(tmp_path: Path) -> None:
    written = write_starter(tmp_path / "My Pilot", today=dt.date(2026, 3, 2))
    assert [p.relative_to(tmp_path / "My Pilot").as_posix() for p in written] == list(STARTER_FILES)
    loaded = load_plan(tmp_path / "My Pilot")
    plan = loaded.plan
    assert plan.project.name == "my-pilot"
    assert plan.owner.team == "Customer Support"
    assert plan.success_metric is not None and plan.success_metric.suite == "happy"
    assert plan.target.kind == "http" and plan.target.price.per_call > 0
    assert [s.name for s in plan.suites] == ["happy", "edge", "adversarial"]
    assert "edge" in plan.suite("edge").tags
    assert "adversarial" in plan.suite("adversarial").tags
    # every suite keeps its cases' own ids (results pair across runs by id)
    assert all(s.dataset.mapping.id for s in plan.suites)
    assert plan.controls.rollout is not None and plan.controls.rollout.kill_switch
    assert plan.controls is not None and plan.controls.budget is not None
    assert plan.phases.one.start == dt.date(2026, 3, 2)
    two = plan.phases.two
    assert two is not None and two.items and two.expected_monthly_requests
    assert two.run_cost_ceiling_monthly is not None
    # Comments are there for the person editing it.
    assert loaded.text.count("#") > 20
    risks = diagnose(plan)
    assert not risks.risk("owner").present
    assert not risks.risk("scope").present
    assert not risks.risk("metric").present
    # The metric suite reads the team's ticket database live, not an export.
    assert plan.suite("happy").dataset.kind == "sql"
    assert not risks.risk("integration").present


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    write_starter(tmp_path)
    (tmp_path / "phaseone.yaml").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError) as info:
        write_starter(tmp_path)
    assert "--force" in (info.value.fix or "")
    assert (tmp_path / "phaseone.yaml").read_text(encoding="utf-8") == "mine"


def test_force_replaces_the_plan_but_keeps_case_files(tmp_path: Path) -> None:
    write_starter(tmp_path)
    (tmp_path / "cases" / "edge.jsonl").write_text('{"input": "real"}\n', encoding="utf-8")
    written = write_starter(tmp_path, force=True)
    assert written == [tmp_path / "phaseone.yaml"]
    assert "real" in (tmp_path / "cases" / "edge.jsonl").read_text(encoding="utf-8")


def test_cli_init_then_plan_round_trip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x"
    code, out, _ = run_main(["init", str(target)], monkeypatch, capsys)
    assert code == 0 and "phaseone.yaml" in out
    monkeypatch.chdir(target)
    code, out, err = run_main(["plan"], monkeypatch, capsys)
    assert code == 0, err
    for expected in (
        "Dana Okafor",
        "routing accuracy",
        "not locked yet",
        "happy",
        "edge",
        "stall-risk diagnosis",
        "✓ production owner",
        "adversarial",
        "15,000 EUR",  # phase two one-off total
        "1,700 EUR",  # phase two monthly total
    ):
        assert expected in out, expected
    # `phaseone plan` reads; it does not create a store.
    assert not (target / ".phaseone").exists()
    code, _, err = run_main(["init", str(target)], monkeypatch, capsys)
    assert code == 2 and "--force" in err


def test_cli_schema_is_json_schema_of_the_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    import jsonschema
    import yaml

    code, out, _ = run_main(["schema"], monkeypatch, capsys)
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "phaseone.yaml"
    assert {"project", "owner", "target"} <= set(schema["required"])
    write_starter(tmp_path)
    data = yaml.safe_load((tmp_path / "phaseone.yaml").read_text(encoding="utf-8"))
    data["phases"]["one"]["start"] = str(data["phases"]["one"]["start"])
    for phase in ("one", "two"):
        for key in ("start", "end"):
            data["phases"][phase][key] = str(data["phases"][phase][key])
    jsonschema.validate(data, schema)  # the starter satisfies the published schema
    del data["owner"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
    code, _, _ = run_main(["schema", "--out", str(tmp_path / "s.json")], monkeypatch, capsys)
    assert code == 0 and json.loads((tmp_path / "s.json").read_text()) == schema
