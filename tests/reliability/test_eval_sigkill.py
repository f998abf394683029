"""SIGKILL of `phaseone eval`, then `--resume`: the same results as a run never killed
(issue #21). `tests/evals/test_resume.py` shows nothing is lost or repeated; this shows
the resumed run is the uninterrupted one: same cases and repeats, same outputs, verdicts,
errors and scores, same summary figures.

The target is deterministic (a keyword classifier over HTTP that answers HTTP 400 for
every 11th case, an error that is data) and some labels are wrong, so the results hold
passes, failures and errors alike.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval_process import kill_after_results, query, start_eval, stored
from evals_workspace import failing_responder, http_target, spam_cases, suite, write_workspace

from servers import JsonServer

N_CASES, REPEAT = 60, 2
TOTAL = N_CASES * REPEAT


def _results(plan: Path) -> dict[tuple[str, int], tuple[Any, ...]]:
    rows = query(
        plan,
        "SELECT case_id, repeat_index, output, passed, error_kind, scores, input, expected"
        " FROM case_results",
    )
    out = {}
    for case_id, rep, output, passed, error_kind, scores, inp, expected in rows:
        assert (case_id, rep) not in out, f"{case_id} repeat {rep} stored twice"
        out[(case_id, rep)] = (output, passed, error_kind, json.loads(scores), inp, expected)
    return out


#: Summary figures that depend on the results only (not on timing or on being resumed).
def _figures(plan: Path) -> dict[str, Any]:
    ((status, summary),) = query(plan, "SELECT status, summary FROM runs")
    s = json.loads(summary)
    return {"status": status, **{k: s.get(k) for k in ("n", "pass_rate", "errors", "scorers")}}


def _workspace(root: Path, url: str) -> Path:
    return write_workspace(
        root,
        cases=spam_cases(N_CASES, wrong_every=7),
        target=http_target(url),
        suites=[suite(repeat=REPEAT)],
    )


def test_a_killed_and_resumed_run_equals_an_uninterrupted_one(tmp_path: Path) -> None:
    respond = failing_responder(lambda n: n % 11 == 5, status=400)
    with JsonServer(respond, latency_s=0.08) as server:
        whole = _workspace(tmp_path / "whole", server.url)
        once = start_eval(whole, "--concurrency", "4", "--no-progress")
        _, err = once.communicate(timeout=120)
        assert once.returncode in (0, 1), err

        killed = _workspace(tmp_path / "killed", server.url)
        proc = start_eval(killed, "--concurrency", "4", "--no-progress")
        kill_after_results(killed, proc, 20)
        before = stored(killed)
        assert 20 <= before < TOTAL
        ((run_id,),) = query(killed, "SELECT id FROM runs")
        resumed = start_eval(killed, "--resume", run_id, "--no-progress")
        _, err = resumed.communicate(timeout=120)
        assert resumed.returncode == once.returncode, err

    a, b = _results(whole), _results(killed)
    assert len(a) == TOTAL and set(a) == set(b)
    different = {k: (a[k], b[k]) for k in a if a[k] != b[k]}
    assert not different, different
    # the results hold every kind of outcome, so the comparison means something
    assert {v[1] for v in a.values()} >= {0, 1} and any(v[2] for v in a.values())
    assert _figures(whole) == _figures(killed)
    assert _figures(killed)["status"] == "completed"
