"""Failures that must show their cause: a target or judge that is down stops the run (exit 2),
a judge that fails only fails the judge's scores, and every dataset is checked before any call.

Real parts throughout: HTTP targets and judges on 127.0.0.1, a closed port, a name under
`.invalid` (which never resolves), SQLite stores, and the CLI's own `main()` for exit codes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from cli_runner import cli
from evals_workspace import (
    PILOT_MODULE,
    case_number,
    failing_responder,
    http_target,
    spam_cases,
    suite,
    write_workspace,
)

from phaseone.evals import EvalOptions, arun_suite
from phaseone.evals.outage import STOP_AFTER
from phaseone.plan.workspace import open_workspace
from phaseone.store.runs import iter_case_results, list_runs
from servers import JsonServer, OpenAIServer, spam_responder

ACCURACY = {
    "name": "accuracy",
    "suite": "spam",
    "scorer": "classification",
    "aggregate": "accuracy",
    "threshold": 0.5,
    "min_cases": 5,
}


def error_line(err: str) -> str:
    """The one `error: …` line the CLI printed (rich may wrap it: join the wrapped parts)."""
    text = err.split("error:", 1)[1]
    return " ".join(text.split("fix:", 1)[0].split())


def only_run(plan: Path, status: str) -> Any:
    loaded, store = open_workspace(plan)
    (run,) = list_runs(store, loaded.project, status=status)
    rows = list(iter_case_results(store, run.id))
    store.close()
    return run, rows


# --- 1. an unreachable or refusing target stops the eval ------------------------------


def test_refused_target_stops_early_with_the_url_and_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    closed_url: str,
) -> None:
    plan = write_workspace(
        tmp_path, cases=spam_cases(40), target=http_target(closed_url, timeout_s=2)
    )
    code = cli(monkeypatch, "eval", "-p", str(plan), "--no-progress", "--concurrency", "2")
    err = capsys.readouterr().err
    assert code == 2
    line = error_line(err)
    assert f"connection refused at {closed_url}/classify" in line
    assert f"({STOP_AFTER} cases in a row)" in line
    run, rows = only_run(plan, "stopped")
    assert f"phaseone eval --resume {run.id}" in " ".join(err.split())
    assert rows == []  # the outage's failures are not stored as data: a resume runs them
    execution = run.summary["execution"]
    assert execution["stopped"] == "infrastructure"
    assert "connection refused" in execution["stop_cause"]

    # `runs show` says why and how to go on
    assert cli(monkeypatch, "runs", "show", run.id, "-p", str(plan)) in (0, 3)
    shown = " ".join(capsys.readouterr().out.split())
    assert "stopped: connection refused at" in shown
    assert f"resume with: phaseone eval --resume {run.id}" in shown


def test_dns_failure_names_the_host_and_the_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "http://phaseone-no-such-host.invalid:8080"
    plan = write_workspace(tmp_path, cases=spam_cases(3), target=http_target(url, timeout_s=5))
    assert cli(monkeypatch, "eval", "-p", str(plan), "--no-progress") == 2
    line = error_line(capsys.readouterr().err)
    assert "cannot resolve host 'phaseone-no-such-host.invalid' (DNS:" in line
    assert f"at {url}/classify" in line
    only_run(plan, "stopped")


def test_401_stops_at_once_and_resume_finishes_once_the_target_is_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    state = {"answered": 0, "locked": False}

    def responder(payload: Any, request: web.Request) -> Any:
        if state["locked"]:
            return web.json_response({"error": "invalid API key"}, status=401)
        state["answered"] += 1
        state["locked"] = state["answered"] == 3  # the key is revoked after three answers
        return spam_responder(payload, request)

    with JsonServer(responder) as server:
        plan = write_workspace(tmp_path, cases=spam_cases(12), target=http_target(server.url))
        args = ["eval", "-p", str(plan), "--no-progress", "--concurrency", "1"]
        assert cli(monkeypatch, *args) == 2
        line = error_line(capsys.readouterr().err)
        assert "HTTP 401" in line and "no retry can fix this" in line
        assert "3 finished case(s) kept" in line
        assert server.requests == 4  # a 401 is not retried, and nothing runs after it
        run, rows = only_run(plan, "stopped")
        assert sorted(r.case_id for r in rows) == ["c00000", "c00001", "c00002"]

        state["locked"] = False  # the key is fixed
        assert cli(monkeypatch, "eval", "-p", str(plan), "--no-progress", "--resume", run.id) == 0
        assert server.requests == 4 + 9  # only the nine unfinished cases
    done, rows = only_run(plan, "completed")
    assert done.id == run.id
    assert len(rows) == 12 and all(r.error_kind is None and r.passed for r in rows)


async def test_scattered_failures_are_data_and_five_in_a_row_stop(tmp_path: Path) -> None:
    # Four in a row, then an answer: the four are stored (data for the error-rate rule).
    with JsonServer(failing_responder(lambda i: 1 <= i <= STOP_AFTER - 1, 503)) as server:
        plan = write_workspace(tmp_path / "a", cases=spam_cases(12), target=http_target(server.url))
        loaded, store = open_workspace(plan)
        opts = EvalOptions(concurrency=1, progress=False, retries=0)
        run = await arun_suite(loaded, store, "spam", opts)
    assert run.status == "completed" and run.summary is not None
    assert run.summary["errors"] == STOP_AFTER - 1 and run.summary["n"] == 12
    assert run.summary["verdict"] == "INCONCLUSIVE"  # 4/12 is above the 10 % limit

    # Five in a row: an outage. Finished cases are kept, the five are not stored.
    from phaseone.evals.outage import InfrastructureStop

    with JsonServer(failing_responder(lambda i: 1 <= i <= STOP_AFTER, 503)) as server:
        plan = write_workspace(tmp_path / "b", cases=spam_cases(12), target=http_target(server.url))
        loaded, store = open_workspace(plan)
        with pytest.raises(InfrastructureStop, match=r"HTTP 503.*\(5 cases in a row\)") as info:
            await arun_suite(loaded, store, "spam", opts)
        assert server.requests == 1 + STOP_AFTER  # nothing is called after the stop
    rows = list(iter_case_results(store, str(info.value.run_id)))
    assert [r.case_id for r in rows] == ["c00000"]


async def test_a_target_refusing_each_input_is_data_not_an_outage(tmp_path: Path) -> None:
    """422 for every case (a gateway's guardrail blocking an adversarial suite): the target
    is up and answering; each refusal is about its case and stays data."""
    with JsonServer(failing_responder(lambda i: True, 422)) as server:
        plan = write_workspace(tmp_path, cases=spam_cases(8), target=http_target(server.url))
        loaded, store = open_workspace(plan)
        opts = EvalOptions(concurrency=1, progress=False, retries=0)
        run = await arun_suite(loaded, store, "spam", opts)
    assert run.status == "completed" and run.summary is not None
    assert run.summary["error_kinds"] == {"status": 8}


# --- 2. a judge that is down fails only the judge's scores ------------------------------


def judge_responder(fails: set[int], status: int = 503) -> Any:
    """An OpenAI-compatible judge (any path) that scores 0.9, or answers `status` for the
    cases whose number is in `fails`."""

    def respond(payload: Any, request: web.Request) -> Any:
        prompt = payload["messages"][-1]["content"]
        given = re.search(r"INPUT:\n(.*?)\n\nEXPECTED", prompt, re.S)
        assert given is not None
        if case_number(given.group(1)) in fails:
            return web.json_response({"error": "overloaded"}, status=status)
        content = json.dumps({"score": 0.9, "reason": "fine"})
        return {"choices": [{"message": {"role": "assistant", "content": content}}]}

    return respond


def judged_suite(base_url: str, **judge: Any) -> dict[str, Any]:
    return suite(
        scorers=[
            {"kind": "classification", "labels": ["spam", "ham"]},
            {"kind": "judge", "base_url": base_url, "model": "judge-model", "rubric": "polite"}
            | judge,
        ]
    )


async def test_a_failing_judge_fails_only_the_judge_scores(tmp_path: Path) -> None:
    with JsonServer(judge_responder({4, 9})) as judge:
        plan = write_workspace(
            tmp_path, cases=spam_cases(12), suites=[judged_suite(judge.url)], metric=ACCURACY
        )
        loaded, store = open_workspace(plan)
        run = await arun_suite(loaded, store, "spam", EvalOptions(progress=False))
    s = run.summary
    assert run.status == "completed" and s is not None
    # the metric on the classification scorer keeps every case
    assert s["metric"]["n"] == 12 and s["metric"]["value"] == 1.0
    assert s["metric"]["verdict"] == "PASS"
    assert s["scorers"]["classification"]["pass_rate"]["n"] == 12
    # the judge lost the two cases it could not score, and says why
    assert s["scorers"]["judge"]["pass_rate"]["n"] == 10
    assert s["scorers"]["judge"]["errors"] == 2 and s["scorers"]["judge"]["unavailable"] == 2
    assert s["errors"] == 2 and s["infra_errors"] == 0 and s["scorer_unavailable"] == 2
    rows = {r.case_id: r for r in iter_case_results(store, run.id)}
    bad = rows["c00004"]
    assert bad.error_kind == "scorer" and "HTTP 503" in (bad.error_message or "")
    assert bad.scores["classification"]["passed"] is True
    assert bad.scores["judge"]["value"] is None and bad.scores["judge"]["unavailable"] is True


def test_a_judge_down_for_every_case_stops_the_eval(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    closed_url: str,
) -> None:
    plan = write_workspace(tmp_path, cases=spam_cases(12), suites=[judged_suite(closed_url)])
    assert cli(monkeypatch, "eval", "-p", str(plan), "--no-progress") == 2
    err = capsys.readouterr().err
    line = error_line(err)
    assert f"judge judge-model at {closed_url}/chat/completions unreachable" in line
    assert "connection refused" in line and f"({STOP_AFTER} cases in a row)" in line
    assert "judge's base_url" in " ".join(err.split())
    only_run(plan, "stopped")


def test_a_judge_refusing_the_key_stops_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with OpenAIServer(api_key="sk-right") as judge:
        plan = write_workspace(
            tmp_path,
            cases=spam_cases(30),
            suites=[judged_suite(f"{judge.url}/v1", api_key="sk-wrong")],
        )
        args = ["eval", "-p", str(plan), "--no-progress", "--concurrency", "1"]
        assert cli(monkeypatch, *args) == 2
        assert judge.requests == 1  # the first 401 stops the run
    line = error_line(capsys.readouterr().err)
    assert "HTTP 401" in line and "no retry can fix this" in line


# --- 3. every dataset is validated before any call --------------------------------------


def test_a_bad_line_in_the_second_suite_is_reported_before_the_first_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with JsonServer(spam_responder) as server:
        second = suite("second")
        second["dataset"] = {"kind": "jsonl", "path": "more.jsonl", "mapping": {"id": "id"}}
        plan = write_workspace(
            tmp_path,
            cases=spam_cases(10),
            target=http_target(server.url),
            suites=[suite("first"), second],
        )
        lines = [json.dumps(r) for r in spam_cases(4)]
        lines[2] = '{"id": "x", "input": "unterminated'
        (tmp_path / "more.jsonl").write_text("\n".join(lines) + "\n")
        assert cli(monkeypatch, "eval", "-p", str(plan), "--no-progress") == 2
        assert server.requests == 0  # nothing was called, nothing was spent
    err = " ".join(capsys.readouterr().err.split())
    assert "more.jsonl:3: malformed JSON" in err
    assert "suite 'second'" in err and "nothing ran" in err
    assert "fix: each line must be one complete JSON object" in err
    loaded, store = open_workspace(plan)
    assert list_runs(store, loaded.project, status=None) == []
    store.close()


def test_a_missing_column_in_a_later_csv_suite_is_reported_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "later.csv").write_text("id,text\n1,hello\n")
    later = suite("later")
    later["dataset"] = {"kind": "csv", "path": "later.csv", "mapping": {"id": "id"}}
    target = {"kind": "python", "callable": f"{PILOT_MODULE}:classify"}
    plan = write_workspace(tmp_path, target=target, suites=[suite("first"), later])
    assert cli(monkeypatch, "eval", "-p", str(plan), "--no-progress") == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "no column 'input' for mapping.input" in err and "suite 'later'" in err
    loaded, store = open_workspace(plan)
    assert list_runs(store, loaded.project, status=None) == []
    store.close()


# --- the streak rule itself ---------------------------------------------------------------


def _case(n: int, ok: list[str], failures: list[Any] | None = None) -> Any:
    from phaseone.evals.outage import Observed
    from phaseone.store.case_rows import CaseRow

    return Observed(CaseRow("r", f"c{n}", input=None), ok=ok, failures=failures or [])


def test_the_watch_holds_failures_until_an_answer_and_drops_them_on_a_stop() -> None:
    from phaseone.evals.outage import Failure, OutageWatch

    down = Failure("target", "connection refused at http://x")
    judge_down = Failure("judge", "judge m at http://j unreachable")
    w = OutageWatch(stop_after=3)
    assert w.observe(_case(0, ["target", "judge"])) != []
    assert w.observe(_case(1, [], [down])) == [] and w.observe(_case(2, [], [down])) == []
    # an answer closes the streak: the two held failures are stored with it, as data
    assert [p.result.case_id for p in w.observe(_case(3, ["target", "judge"]))] == [
        "c1",
        "c2",
        "c3",
    ]
    # a judge failing while the target answers: its own streak, the target's is reset
    assert w.observe(_case(4, ["target"], [judge_down])) == []
    assert w.observe(_case(5, [], [down])) == []  # the target fails: judge not asked
    assert w.observe(_case(6, ["target"], [judge_down])) == []
    assert w.stop is None
    assert w.observe(_case(7, ["target"], [judge_down])) == []
    assert w.stop is not None and w.stop.failure is judge_down and w.stop.in_a_row == 3
    assert "(3 cases in a row)" in w.stop.reason()
    assert [p.result.case_id for p in w.dropped] == ["c4", "c5", "c6", "c7"]
    assert w.observe(_case(8, ["target", "judge"])) != []  # answers after the stop are kept


def test_the_watch_stops_a_run_that_never_got_an_answer() -> None:
    from phaseone.evals.outage import Failure, OutageWatch

    w = OutageWatch()
    down = Failure("target", "HTTP 503")
    assert w.observe(_case(0, [], [down])) == []
    assert w.finish() == [] and w.stop is not None and "(1 case in a row)" in w.stop.reason()

    w = OutageWatch()  # one answer is enough for trailing failures to be data
    assert w.observe(_case(0, ["target"])) != []
    assert w.observe(_case(1, [], [down])) == []
    assert [p.result.case_id for p in w.finish()] == ["c1"] and w.stop is None
