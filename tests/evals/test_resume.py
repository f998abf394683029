"""Kill -9 and Ctrl-C a real `phaseone eval` process, then resume: nothing lost, nothing twice."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from eval_process import kill_after_results, start_eval, stored, wait_for_results
from evals_workspace import http_target, spam_cases, suite, write_workspace

from servers import JsonServer, spam_responder

N_CASES = 40
REPEAT = 2
TOTAL = N_CASES * REPEAT


def _db(plan: Path) -> sqlite3.Connection:
    return sqlite3.connect(plan.parent / "store.db", timeout=30)


def _rows(plan: Path) -> list[tuple[int, str, str, int]]:
    with _db(plan) as c:
        return list(c.execute("SELECT id, run_id, case_id, repeat_index FROM case_results"))


def _workspace(tmp_path: Path, url: str) -> Path:
    return write_workspace(
        tmp_path,
        cases=spam_cases(N_CASES),
        target=http_target(url),
        suites=[suite(repeat=REPEAT)],
    )


def test_sigkill_then_resume_finishes_without_repeating_or_losing(tmp_path: Path) -> None:
    with JsonServer(spam_responder, latency_s=0.1) as server:
        plan = _workspace(tmp_path, server.url)
        proc = start_eval(plan, "--concurrency", "4", "--no-progress")
        kill_after_results(plan, proc, 12)
        before = _rows(plan)
        assert 12 <= len(before) < TOTAL
        (run_id,) = {r[1] for r in before}
        with _db(plan) as c:
            (status,) = c.execute("SELECT status FROM runs WHERE id = ?", (run_id,)).fetchone()
        assert status == "running"  # killed: nobody could mark it

        resumed = start_eval(plan, "--resume", run_id, "--no-progress")
        out, err = resumed.communicate(timeout=120)
        assert resumed.returncode == 0, err
        requests = server.requests

    after = _rows(plan)
    assert len(after) == TOTAL
    keys = [(r[2], r[3]) for r in after]
    assert len(set(keys)) == TOTAL  # no (case, repeat) twice
    assert set(keys) == {(f"c{i:05d}", k) for i in range(N_CASES) for k in range(REPEAT)}
    assert {r[1] for r in after} == {run_id}  # finished the same run
    assert set(before) <= set(after)  # what was stored before the kill was kept as is
    # Only calls in flight (or in the last writer window) at the kill are made again.
    assert TOTAL <= requests <= TOTAL + 4 + 8
    with _db(plan) as c:
        status, summary = c.execute("SELECT status, summary FROM runs").fetchone()
    assert status == "completed"
    assert f'"n": {TOTAL}' in summary
    assert run_id in out


def test_sigint_stops_cleanly_and_prints_the_resume_command(tmp_path: Path) -> None:
    with JsonServer(spam_responder, latency_s=0.1) as server:
        plan = _workspace(tmp_path, server.url)
        proc = start_eval(plan, "--concurrency", "4", "--no-progress")
        wait_for_results(plan, proc, 8)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 130, err
        with _db(plan) as c:
            run_id, status = c.execute("SELECT id, status FROM runs").fetchone()
        assert status == "interrupted"
        assert f"phaseone eval --resume {run_id}" in err
        before = stored(plan)
        assert before < TOTAL

        resumed = start_eval(plan, "--resume", run_id, "--no-progress")
        _, err2 = resumed.communicate(timeout=120)
        assert resumed.returncode == 0, err2
    assert stored(plan) == TOTAL
    with _db(plan) as c:
        assert c.execute("SELECT status FROM runs").fetchone()[0] == "completed"


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    """On a TTY the run shows rich's live bar (done/total, rate, ETA, pass rate, errors)."""
    import pty

    with JsonServer(spam_responder, latency_s=0.02) as server:
        plan = write_workspace(tmp_path, cases=spam_cases(60), target=http_target(server.url))
        master, slave = pty.openpty()
        env = {**os.environ, "COLUMNS": "200", "TERM": "xterm"}
        env.pop("PHASEONE_DB_URL", None)
        proc = subprocess.Popen(
            [sys.executable, "-m", "phaseone.cli", "eval", "--plan", str(plan), "-c", "4"],
            stdout=subprocess.DEVNULL,
            stderr=slave,
            env=env,
            cwd=tmp_path,
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(60)
        os.close(master)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "60/60" in screen and "/s" in screen and "eta" in screen
    assert "pass 100.0%" in screen and "errors 0" in screen
    assert "\x1b[" in screen  # a live, redrawn bar: terminal control sequences
