"""The generated pipelines' shell steps, run as they are by a local bash against a local HTTP
target: the commands work, the artifacts are written, and each outcome fails the job with its
own exit code (1 NO-GO or regression, 2 no verdict, 3 inconclusive).

A push to the base branch runs first and leaves its artifact (JUnit, reports, SQLite store);
a pull request then fetches it through the workflow's own fetch step (a stand-in `gh` on PATH
copies that artifact, as `gh run download` would) and is compared with it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import phaseone
from conftest import PG_SKIP, PG_URL, _drop_pg, _fresh_pg_url
from phaseone.ci import CiOptions, github_workflow, gitlab_pipeline
from servers import JsonServer, spam_responder

OPTIONS = CiOptions(plan="pilot/phaseone.yaml")
SRC = Path(phaseone.__file__).resolve().parents[1]

FAKE_GH = """#!/usr/bin/env bash
# `gh run list … --jq …` prints a run id; `gh run download ID --dir D` copies the artifact.
set -e
if [ "$1 $2" = "run list" ]; then echo 4242; exit 0; fi
if [ "$1 $2" = "run download" ]; then
  while [ $# -gt 0 ]; do if [ "$1" = "--dir" ]; then dir=$2; fi; shift; done
  [ -d "$FAKE_ARTIFACT" ] || exit 1
  mkdir -p "$dir"; cp -R "$FAKE_ARTIFACT/." "$dir/"; exit 0
fi
exit 2
"""


class Answers:
    """The target's behaviour, switched between the runs: "good" classifies, "ham" says ham."""

    def __init__(self) -> None:
        self.mode = "good"

    def __call__(self, payload: Any, request: Any) -> Any:
        if self.mode == "ham":
            return {"label": "ham"}
        return spam_responder(payload, request)


@pytest.fixture(params=["artifact", "shared"])
def db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The secret PHASEONE_DB_URL: unset (the SQLite store travels in the artifact), or a
    shared PostgreSQL database."""
    if request.param == "artifact":
        yield ""
        return
    if not PG_URL:
        pytest.skip(PG_SKIP)
    url = _fresh_pg_url()
    try:
        yield url
    finally:
        _drop_pg(url)


@pytest.fixture
def target() -> Iterator[tuple[JsonServer, Answers]]:
    answers = Answers()
    with JsonServer(answers) as server:
        yield server, answers


def _checkout(root: Path, url: str) -> Path:
    """A fresh clone of a repository with a plan in pilot/: no store, no outputs."""
    pilot = root / "pilot"
    pilot.mkdir(parents=True)
    with (pilot / "cases.jsonl").open("w") as f:
        for i in range(60):
            spam = i % 3 == 0
            text = f"WIN a free prize number {i}" if spam else f"see you at {i} pm"
            f.write(
                json.dumps(
                    {"id": f"c{i:03d}", "input": text, "expected": "spam" if spam else "ham"}
                )
                + "\n"
            )
    plan = {
        "version": 1,
        "project": {"name": "ci-test", "currency": "EUR"},
        "owner": {
            "name": "Dana Okafor",
            "role": "Head of Support Operations",
            "team": "Support",
            "contact": "dana@example.com",
        },
        "target": {
            "kind": "http",
            "url": url + "/classify",
            "body": {"input": "{{ input }}"},
            "output_path": "label",
            "timeout_s": 5,
        },
        "suites": [
            {
                "name": "spam",
                "dataset": {"kind": "jsonl", "path": "cases.jsonl", "mapping": {"id": "id"}},
                "scorers": [{"kind": "classification", "labels": ["spam", "ham"]}],
                "tags": ["happy"],
            }
        ],
        "success_metric": {
            "name": "accuracy",
            "suite": "spam",
            "scorer": "classification",
            "aggregate": "accuracy",
            "threshold": 0.5,
            "min_cases": 10,
        },
    }
    (pilot / "phaseone.yaml").write_text(yaml.safe_dump(plan, sort_keys=False))
    (root / ".git").mkdir()
    return root


def _tools(tmp: Path) -> Path:
    """`phaseone` (this checkout's source, this interpreter) and the stand-in `gh`."""
    bin_dir = tmp / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "phaseone"
    shim.write_text(
        f'#!/bin/sh\nPYTHONPATH="{SRC}" exec "{sys.executable}" -c '
        '"import sys; from phaseone.cli import main; sys.argv[0] = \'phaseone\'; main()" "$@"\n'
    )
    (bin_dir / "gh").write_text(FAKE_GH)
    (bin_dir / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    for f in (shim, bin_dir / "gh", bin_dir / "python"):
        f.chmod(0o755)
    return bin_dir


def _env(bin_dir: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PHASEONE_", "GITHUB_"))}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    env.update(extra)
    return env


#: What GitHub substitutes for the `${{ … }}` values of the workflow's env blocks.
def _github_value(value: str, event: str, db_url: str) -> str:
    return {
        "${{ secrets.PHASEONE_DB_URL }}": db_url,
        "${{ github.token }}": "token",
        "${{ github.base_ref }}": "main" if event == "pull_request" else "",
    }.get(value, value)


def run_github_steps(
    repo: Path, bin_dir: Path, event: str, artifact: Path, db_url: str = ""
) -> int:
    """Run the workflow's `run:` steps in order, as GitHub's bash would; return the job's
    exit code (the first failing step's; steps after it run only under `if: !cancelled()`)."""
    doc = yaml.safe_load(github_workflow(OPTIONS))
    job = doc["jobs"]["phaseone"]
    summary = repo / "step-summary.md"
    failed = 0
    for step in job["steps"]:
        if "run" not in step or step["name"] == "Install phaseone":
            continue  # checkout, setup-python and pip are GitHub's and PyPI's part
        cond = step.get("if", "")
        if "pull_request" in cond and event != "pull_request":
            continue
        if failed and "cancelled()" not in cond:
            continue
        env = {
            k: _github_value(str(v), event, db_url)
            for k, v in {**job["env"], **step.get("env", {})}.items()
        }
        env |= {
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_REPOSITORY": "acme/pilot",
            "FAKE_ARTIFACT": str(artifact),
        }
        script = repo / ".step.sh"
        script.write_text(step["run"])
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=repo,
            env=_env(bin_dir, env),
            capture_output=True,
            text=True,
            timeout=300,
        )
        (repo / "job.log").open("a").write(f"## {step['name']}\n{done.stdout}{done.stderr}")
        if done.returncode and not failed:
            failed = done.returncode
            assert step["name"] == "Summary and verdict", (step["name"], done.stdout, done.stderr)
    return failed


def _codes(repo: Path) -> dict[str, str]:
    out = repo / "phaseone-ci"
    return {
        s: (out / f"{s}.exit").read_text().strip()
        for s in ("eval", "gate", "compare", "final")
        if (out / f"{s}.exit").exists()
    }


def test_push_then_pull_request_with_a_regression(
    tmp_path: Path, target: tuple[JsonServer, Answers], db_url: str
) -> None:
    server, answers = target
    bin_dir = _tools(tmp_path)
    artifact = tmp_path / "artifact"

    # 1. A push to main: no base to fetch, the store and reports are kept.
    main_repo = _checkout(tmp_path / "main", server.url)
    code = run_github_steps(main_repo, bin_dir, "push", artifact, db_url)
    codes = _codes(main_repo)
    log = (main_repo / "job.log").read_text()
    assert codes["eval"] == "0", log
    assert codes["gate"] in {"0", "1", "3"}, log  # the gate decided
    assert "compare" not in codes and "comparison skipped" in log
    assert code == int(codes["final"]) == int(codes["gate"])
    out = main_repo / "phaseone-ci"
    assert "run_id" in (out / "junit.xml").read_text()
    assert (out / "report.html").read_text().lstrip().lower().startswith("<!doctype html")
    # the SQLite store travels only without a shared database; the head anchor always
    assert (out / "store/phaseone.db").exists() is not bool(db_url)
    assert (out / "store/decisions.head").read_text().strip()
    summary = (main_repo / "step-summary.md").read_text()
    assert "## phaseone CI" in summary and f"| gate | {codes['gate']} |" in summary
    assert "| compare | - | not run |" in summary
    shutil.copytree(out, artifact)  # actions/upload-artifact

    # 2. A pull request whose target now answers "ham" to everything: accuracy 0.67 still
    # clears the 0.5 threshold, so only the comparison with main's run can catch it.
    answers.mode = "ham"
    pr_repo = _checkout(tmp_path / "pr", server.url)
    code = run_github_steps(pr_repo, bin_dir, "pull_request", artifact, db_url)
    codes = _codes(pr_repo)
    log = (pr_repo / "job.log").read_text()
    assert ("restored the base branch's store" in log) is not bool(db_url)
    assert "restored the base branch's decision head anchor" in log
    assert codes["eval"] == "0", log
    assert codes["compare"] == "1", log
    assert codes["gate"] != "2", log
    assert code == 1 == int(codes["final"])
    assert "::error title=phaseone NO-GO (exit 1)::" in log
    compare_md = (pr_repo / "phaseone-ci/compare.md").read_text()
    assert "20 regressions, 0 fixes over 60 paired cases" in compare_md, compare_md
    assert (
        "| compare | 1 | NO-GO, failed threshold or significant regression |"
        in (pr_repo / "step-summary.md").read_text()
    )


def test_target_down_is_exit_2_not_a_verdict(
    tmp_path: Path, target: tuple[JsonServer, Answers], closed_url: str
) -> None:
    bin_dir = _tools(tmp_path)
    repo = _checkout(tmp_path / "pr", closed_url)
    code = run_github_steps(repo, bin_dir, "pull_request", tmp_path / "no-artifact")
    codes = _codes(repo)
    log = (repo / "job.log").read_text()
    assert codes["eval"] == "2", log
    assert "connection refused" in log
    assert code == 2 == int(codes["final"])
    assert "::error title=phaseone no verdict (exit 2)::" in log
    assert "::warning title=phaseone::run 4242 on main has no 'phaseone' artifact" in log


@pytest.mark.parametrize(
    ("exits", "final", "note"),
    [
        ({"eval": 0, "gate": 3}, 3, "::error title=phaseone INCONCLUSIVE (exit 3)::"),
        ({"eval": 3, "gate": 1}, 1, "::error title=phaseone NO-GO (exit 1)::"),
        ({"eval": 2, "gate": 1, "compare": 3}, 2, "::error title=phaseone no verdict (exit 2)::"),
        ({"eval": 0, "gate": 0, "compare": 0}, 0, "::notice title=phaseone: pass::"),
    ],
)
def test_the_verdict_step_keeps_each_code(
    tmp_path: Path, exits: dict[str, int], final: int, note: str
) -> None:
    """The last step alone, on recorded exit codes: the worst outcome wins, 2 over 1 over 3."""
    out = tmp_path / "phaseone-ci"
    out.mkdir()
    for step, code in exits.items():
        (out / f"{step}.exit").write_text(f"{code}\n")
    verdict = next(
        s
        for s in yaml.safe_load(github_workflow(OPTIONS))["jobs"]["phaseone"]["steps"]
        if s.get("name") == "Summary and verdict"
    )
    (tmp_path / "v.sh").write_text(verdict["run"])
    env = {
        "PATH": os.environ["PATH"],
        "PHASEONE_OUT": "phaseone-ci",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "s.md"),
    }
    done = subprocess.run(
        ["bash", "-eo", "pipefail", "v.sh"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == final, done.stderr
    assert note in done.stdout
    assert (out / "final.exit").read_text().strip() == str(final)


FAKE_CURL = """#!/usr/bin/env bash
# The jobs API's artifacts download, answered from a local directory (zipped as GitLab does).
set -e
for a in "$@"; do
  case "$a" in
    *"/projects/77/jobs/artifacts/main/download?job=phaseone") url_ok=1 ;;
    "JOB-TOKEN: job-token") token_ok=1 ;;
  esac
done
while [ $# -gt 0 ]; do if [ "$1" = "--output" ]; then out=$2; fi; shift; done
[ -n "${url_ok:-}" ] && [ -n "${token_ok:-}" ] || { echo "unexpected request" >&2; exit 22; }
[ -d "$FAKE_ARTIFACT/phaseone-ci" ] || { echo "404 Not Found" >&2; exit 22; }
out="$PWD/$out"
cd "$FAKE_ARTIFACT" && python -m zipfile -c "$out" phaseone-ci
"""


def run_gitlab_job(repo: Path, bin_dir: Path, artifact: Path, mr: bool) -> int:
    """GitLab runs a job's script lines in one shell: all of them here but pip's."""
    job = yaml.safe_load(gitlab_pipeline(OPTIONS))["phaseone"]
    lines = [line for line in job["script"] if not line.startswith("python -m pip")]
    (repo / "job.sh").write_text("\n".join(lines))
    env = {k: str(v) for k, v in job["variables"].items()}
    env |= {
        "FAKE_ARTIFACT": str(artifact),
        "CI_JOB_TOKEN": "job-token",
        "CI_API_V4_URL": "https://gitlab.example/api/v4",
        "CI_PROJECT_ID": "77",
    }
    if mr:
        env["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] = "main"
    done = subprocess.run(
        ["bash", "-eo", "pipefail", "job.sh"],
        cwd=repo,
        env=_env(bin_dir, env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    (repo / "job.log").write_text(done.stdout + done.stderr)
    return done.returncode


def test_gitlab_default_branch_then_merge_request_with_a_regression(
    tmp_path: Path, target: tuple[JsonServer, Answers]
) -> None:
    server, answers = target
    bin_dir = _tools(tmp_path)
    (bin_dir / "curl").write_text(FAKE_CURL)
    (bin_dir / "curl").chmod(0o755)
    artifact = tmp_path / "artifact"

    main_repo = _checkout(tmp_path / "main", server.url)
    code = run_gitlab_job(main_repo, bin_dir, artifact, mr=False)
    codes = _codes(main_repo)
    assert codes["eval"] == "0", (main_repo / "job.log").read_text()
    assert code == int(codes["final"]) == int(codes["gate"])
    assert f"| gate | {codes['gate']} |" in (main_repo / "phaseone-ci/summary.md").read_text()
    shutil.copytree(main_repo / "phaseone-ci", artifact / "phaseone-ci")  # artifacts: paths

    answers.mode = "ham"
    mr_repo = _checkout(tmp_path / "mr", server.url)
    code = run_gitlab_job(mr_repo, bin_dir, artifact, mr=True)
    codes = _codes(mr_repo)
    log = (mr_repo / "job.log").read_text()
    assert "restored the base branch's store" in log, log
    assert codes["compare"] == "1" and codes["gate"] != "2", log
    assert code == 1 == int(codes["final"])
    assert "phaseone NO-GO (exit 1): NO-GO, failed threshold or significant regression" in log
    summary = (mr_repo / "phaseone-ci/summary.md").read_text()
    assert "20 regressions, 0 fixes over 60 paired cases" in summary
