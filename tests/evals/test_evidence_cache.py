"""Stored answers never certify a changed system (issue #15 §1).

A bot is evaluated, then its code changes so that its answers are wrong while the plan
stays as it was. The default `phaseone eval` must call the changed bot (the response
cache is opt-in); `--cache` must not serve the old bot's answers for the new one (its key
covers the code of a python target and the URL of an http one); every run says how many
answers were fresh and how many reused; a resume keeps the settings of the run it
finishes; `phaseone runs compare` fails when B is significantly worse than A.
"""

from __future__ import annotations

import importlib
import json
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiohttp import web
from cli_runner import cli
from evals_workspace import spam_cases, suite, write_workspace

from phaseone.targets.python import PythonCallTarget
from servers import JsonServer

RIGHT_BOT = '''
"""The pilot as first evaluated: a keyword spam rule that is right on the suite."""
SPAM = ("win", "free", "prize", "claim", "cash")


def classify(text):
    return "spam" if any(w in str(text).lower() for w in SPAM) else "ham"
'''

WRONG_BOT = '''
"""The pilot after a change that broke it: the plan and its version label are untouched."""


def classify(text):
    # "simplified": every message is ham now, so every spam case is answered wrongly
    return "ham"
'''


def write_bot(root: Path, module: str, source: str) -> None:
    """Write (or rewrite) the bot's module, as a developer edits it between two runs.

    Each `phaseone eval` is a new process in real use; here the CLI runs in this process,
    so the module is dropped from `sys.modules` to be imported afresh, as a new process
    would. The two sources differ in size, so a stale .pyc can never be used."""
    (root / f"{module}.py").write_text(source)
    sys.modules.pop(module, None)
    importlib.invalidate_caches()


def bot_workspace(root: Path) -> tuple[Path, str]:
    module = f"p1_bot_{uuid.uuid4().hex[:8]}"  # unique: sys.modules is shared by tests
    plan = write_workspace(
        root,
        cases=spam_cases(40),
        target={"kind": "python", "callable": f"{module}:classify"},
        suites=[suite(threshold=0.8)],
    )
    write_bot(root, module, RIGHT_BOT)
    return plan, module


def eval_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], plan: Path, *extra: str
) -> tuple[int, dict[str, Any]]:
    code = cli(monkeypatch, "eval", "-p", str(plan), "--no-progress", "-f", "json", *extra)
    (run,) = json.loads(capsys.readouterr().out)["runs"]
    return code, run


# --- the cache is opt-in, and keyed on what answers ------------------------------------------


def test_default_eval_calls_the_changed_bot_instead_of_reusing_its_old_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plan, module = bot_workspace(tmp_path)
    code, first = eval_json(monkeypatch, capsys, plan)
    assert code == 0 and first["summary"]["verdict"] == "PASS"
    assert first["summary"]["fresh_calls"] == 40 and first["summary"]["reused_answers"] == 0

    write_bot(tmp_path, module, WRONG_BOT)  # the code changes; the plan does not
    code, second = eval_json(monkeypatch, capsys, plan)
    assert code == 1 and second["summary"]["verdict"] == "FAIL"
    assert second["summary"]["fresh_calls"] == 40 and second["summary"]["reused_answers"] == 0
    assert second["summary"]["pass_rate"]["passes"] == 40 - 14  # the 14 spam cases now fail
    # the default run neither read nor wrote the response cache
    code, third = eval_json(monkeypatch, capsys, plan, "--no-cache")  # still accepted
    assert code == 1 and third["summary"]["reused_answers"] == 0


def test_cache_twice_never_serves_the_old_code_s_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plan, module = bot_workspace(tmp_path)
    code, first = eval_json(monkeypatch, capsys, plan, "--cache")
    assert code == 0 and first["summary"]["fresh_calls"] == 40
    code, again = eval_json(monkeypatch, capsys, plan, "--cache")  # unchanged code: reused
    assert code == 0 and again["summary"]["reused_answers"] == 40
    assert again["target_fingerprint"] == first["target_fingerprint"]

    write_bot(tmp_path, module, WRONG_BOT)
    code, changed = eval_json(monkeypatch, capsys, plan, "--cache")
    assert changed["target_fingerprint"] != first["target_fingerprint"]
    assert changed["summary"]["reused_answers"] == 0 and changed["summary"]["fresh_calls"] == 40
    assert code == 1 and changed["summary"]["verdict"] == "FAIL"


def test_python_fingerprint_covers_the_callable_and_its_module_file(tmp_path: Path) -> None:
    from phaseone.plan.components import PythonTarget

    module = f"p1_fp_{uuid.uuid4().hex[:8]}"
    write_bot(tmp_path, module, RIGHT_BOT)
    cfg = PythonTarget(kind="python", callable=f"{module}:classify")
    before = PythonCallTarget(cfg, tmp_path).fingerprint
    assert PythonCallTarget(cfg, tmp_path).fingerprint == before  # stable for the same code
    # an edit elsewhere in the module (a helper, a constant) changes it too
    write_bot(tmp_path, module, RIGHT_BOT.replace('"cash")', '"cash", "bonus")'))
    assert PythonCallTarget(cfg, tmp_path).fingerprint != before


def test_http_target_on_a_new_url_never_hits_the_old_url_s_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def answers(label: str) -> Any:
        return lambda payload, request: {"label": label}

    with JsonServer(answers("spam")) as old, JsonServer(answers("ham")) as new:
        target = {
            "kind": "http",
            "url": f"{old.url}/classify",
            "body": {"input": "{{ input }}"},
            "output_path": "label",
        }
        plan = write_workspace(tmp_path, cases=spam_cases(12), target=target)
        _, first = eval_json(monkeypatch, capsys, plan, "--cache")
        assert old.requests == 12 and first["summary"]["fresh_calls"] == 12
        doc = yaml.safe_load(plan.read_text())
        doc["target"]["url"] = f"{new.url}/classify"
        plan.write_text(yaml.safe_dump(doc, sort_keys=False))
        _, second = eval_json(monkeypatch, capsys, plan, "--cache")
    assert new.requests == 12 and old.requests == 12  # the new URL was asked, the old one not
    assert second["summary"]["reused_answers"] == 0
    assert second["target_fingerprint"] != first["target_fingerprint"]


# --- every run says what was fresh and what was reused ----------------------------------------


def test_eval_runs_list_and_show_say_fresh_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plan, _ = bot_workspace(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    assert cli(monkeypatch, "eval", "-p", str(plan), "--no-progress", "--cache") == 0
    out = capsys.readouterr().out
    assert "reused" in out and "answers: 40 fresh calls, 0 reused from the cache" in out
    assert "not evidence" not in out
    assert cli(monkeypatch, "eval", "-p", str(plan), "--no-progress", "--cache") == 0
    out = capsys.readouterr().out
    assert "answers: 0 fresh calls, 40 reused from the cache" in out
    assert "reused answers are not evidence" in out

    monkeypatch.setenv("COLUMNS", "120")
    assert cli(monkeypatch, "runs", "list", "-p", str(plan)) == 0
    listed = capsys.readouterr().out
    header = next(line for line in listed.splitlines() if "run (UTC start)" in line)
    assert "reused" in header.split()
    reused_col = [line.split()[4] for line in listed.splitlines() if line.strip()[:8].isdigit()]
    assert reused_col == ["40", "0"]  # newest first: the reusing run, then the fresh one
    assert cli(monkeypatch, "runs", "list", "-p", str(plan), "-f", "json") == 0
    runs = json.loads(capsys.readouterr().out)
    newest = runs[0]
    assert newest["summary"]["reused_answers"] == 40 and newest["config"]["use_cache"] is True
    assert cli(monkeypatch, "runs", "show", newest["id"], "-p", str(plan)) == 0
    assert "0 fresh calls, 40 reused from the cache" in capsys.readouterr().out
    assert cli(monkeypatch, "runs", "show", newest["id"], "-p", str(plan), "-f", "markdown") == 0
    md = capsys.readouterr().out
    assert "| fresh/reused |" in md and "| 0/40 |" in md and "not evidence" in md


# --- a resume keeps the run's settings ---------------------------------------------------------


def _billed(payload: Any, request: web.Request) -> Any:
    text = str((payload or {}).get("input", ""))
    label = "spam" if "win" in text.lower() else "ham"
    return {"label": label, "usage": {"output_tokens": 1000}}


def test_resume_keeps_the_run_s_options_and_refuses_a_conflicting_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A run started with --concurrency 2 --cache --max-cost stops at its spend limit;
    resumed without those options it keeps them; given another value, it is refused."""
    with JsonServer(_billed, latency_s=0.05) as server:
        target = {
            "kind": "http",
            "url": f"{server.url}/classify",
            "body": {"input": "{{ input }}"},
            "output_path": "label",
            "output_tokens_path": "usage.output_tokens",
            # 1.0 per call, while the estimate (no history) assumes ≤200 output tokens
            "price": {"per_1k_output_tokens": 1.0},
        }
        plan = write_workspace(tmp_path, cases=spam_cases(24), target=target)
        args = ["eval", "-p", str(plan), "--no-progress"]
        code = cli(monkeypatch, *args, "-c", "2", "--cache", "--max-cost", "6")
        err = capsys.readouterr().err
        assert code == 1 and "--max-cost" in err
        run_id = err.split("phaseone eval --resume ")[1].split()[0]

        for option, recorded in (
            (["-c", "8"], "--concurrency 2"),
            (["--no-cache"], "--cache"),
            (["--repeat", "3"], "--repeat 1"),
        ):
            assert cli(monkeypatch, *args, "--resume", run_id, *option) == 2
            said = capsys.readouterr().err
            assert f"was started with {recorded}" in said, said

        server.reset()
        assert cli(monkeypatch, *args, "--resume", run_id, "--max-cost", "100", "-f", "json") == 0
        (run,) = json.loads(capsys.readouterr().out)["runs"]
    assert run["status"] == "completed" and run["summary"]["n"] == 24
    assert 1 <= server.max_in_flight <= 2  # the recorded concurrency, not the default 16
    assert 0 < server.requests < 24  # only the cases the stopped run had not stored
    assert run["config"]["use_cache"] is True and run["config"]["concurrency"] == 2
    assert run["config"]["max_cost"] == 100  # the raised limit is recorded with the run


# --- runs compare fails when B is significantly worse ------------------------------------------


def test_runs_compare_exits_1_when_b_is_significantly_worse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plan, module = bot_workspace(tmp_path)
    _, good = eval_json(monkeypatch, capsys, plan)
    write_bot(tmp_path, module, WRONG_BOT)
    _, bad = eval_json(monkeypatch, capsys, plan)
    assert cli(monkeypatch, "runs", "compare", good["id"], bad["id"], "-p", str(plan)) == 1
    said = capsys.readouterr()
    assert "significantly worse" in said.err and "14 cases regressed" in said.err
    # the other way round B is better: success
    assert cli(monkeypatch, "runs", "compare", bad["id"], good["id"], "-p", str(plan)) == 0
    # a run against itself: no difference
    assert cli(monkeypatch, "runs", "compare", good["id"], good["id"], "-p", str(plan)) == 0
    capsys.readouterr()
    code = cli(monkeypatch, "runs", "compare", good["id"], bad["id"], "-p", str(plan), "-f", "json")
    assert code == 1 and json.loads(capsys.readouterr().out)["regressions"]["count"] == 14


def test_the_judge_cache_is_read_only_with_cache_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from servers import OpenAIServer

    def verdict(messages: list[dict[str, Any]], payload: dict[str, Any]) -> str:
        return json.dumps({"score": 0.9, "reason": "fine"})

    with OpenAIServer(verdict) as judge:
        plan, _ = bot_workspace(tmp_path)
        doc = yaml.safe_load(plan.read_text())
        doc["suites"][0]["scorers"] = [
            {"kind": "judge", "base_url": f"{judge.url}/v1", "model": "j", "rubric": "a label"}
        ]
        plan.write_text(yaml.safe_dump(doc, sort_keys=False))
        for _ in range(2):  # the default: every answer judged afresh
            eval_json(monkeypatch, capsys, plan)
        assert judge.requests == 80
        for _ in range(2):  # --cache: the second run reuses answers and judgements
            eval_json(monkeypatch, capsys, plan, "--cache")
        assert judge.requests == 80 + 40
