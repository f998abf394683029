"""`phaseone init`, pointed at a system that answers correctly, reaches GO — and every
output on the way reads as a person expects: no `None`, no `1e-06`, no `0.0 d`.

The "system" is a local HTTP service that routes each ticket to its right queue, and
its ticket database (SQLite) with 120 agent-labelled tickets: exactly what the starter's
comments ask a team to point it at. Nothing else in the starter is edited; the steps are
the ones its header lists (eval, verify, gate), run as a user runs them (subprocesses).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bench.ports import named_port

from known_gaps import KNOWN_GATE_GAPS, KNOWN_PROBE_GAPS, closed_gaps
from phaseone.plan.starter import write_starter
from readable import assert_readable
from servers import JsonServer

SRC = Path(__file__).resolve().parents[2] / "src"
QUEUES = {
    "billing": ["I was charged twice for order {i}", "Refund invoice {i} please"],
    "technical": ["The app crashes on screen {i}", "Sync fails with error {i}"],
    "account": ["I cannot log in to account {i}", "Change the email of user {i}"],
}


def tickets(n: int = 120) -> list[tuple[str, str, str]]:
    rows = []
    for i in range(n):
        queue = list(QUEUES)[i % 3]
        template = QUEUES[queue][(i // 3) % 2]
        rows.append((f"T-{i:04d}", template.format(i=i), queue))
    return rows


@dataclass
class Pilot:
    root: Path
    env: dict[str, str]
    outputs: dict[str, subprocess.CompletedProcess[str]]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "phaseone.cli", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=300,
            env=self.env,
            check=False,
        )


@pytest.fixture(scope="module")
def pilot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pilot]:
    base = tmp_path_factory.mktemp("starter")
    root = base / "ticket-router"
    write_starter(root)
    # The ticket database below is the team's own store, a SQLite file: the plan says so
    # (a SQLite file is otherwise an export and gets no live-data credit).
    plan = root / "phaseone.yaml"
    starter_url = "      url: ${TICKETS_DB_URL:-sqlite:///tickets.db}\n"
    assert starter_url in plan.read_text(encoding="utf-8")
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(starter_url, starter_url + "      live: true\n"),
        encoding="utf-8",
    )
    # The team's system: its ticket database, and a router service that gets them right.
    db = base / "system" / "tickets.db"
    db.parent.mkdir()
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE tickets (ticket_id TEXT, body TEXT, queue TEXT)")
        con.executemany("INSERT INTO tickets VALUES (?, ?, ?)", tickets())
    truth = {body: queue for _, body, queue in tickets()}
    for name in ("edge", "adversarial"):
        for line in (root / "cases" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            truth[case["input"]] = case["expected"]

    def route(payload: Any, request: Any) -> dict[str, Any]:
        text = payload.get("text") if isinstance(payload, dict) else None
        return {"queue": truth.get(str(text), "unknown")}

    with JsonServer(route) as router:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "COLUMNS": "200",
            "PYTHONPATH": str(SRC),
            "ROUTER_URL": f"{router.url}/classify",
            "TICKETS_DB_URL": f"sqlite:///{db}",
        }
        p = Pilot(root, env, {})
        for step in (("plan",), ("eval", "--no-progress")):
            p.outputs[step[0]] = p.run(*step)
        # The probes count only against the deployed gateway: `phaseone serve`, then
        # `phaseone verify --url` against it with an app's key, as the starter's header says.
        key = p.run("keys", "create", "router-app").stdout.strip()
        with served(p) as url:
            p.outputs["verify"] = p.run("verify", "--url", url, "--key", key)
        p.outputs["gate"] = p.run("gate")
        yield p


@contextlib.contextmanager
def served(p: Pilot) -> Iterator[str]:
    """`phaseone serve --port 0` in a subprocess (it binds any free port and names it); its
    URL once /healthz answers, stopped after."""
    log = p.root.parent / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "phaseone.cli", "serve", "--port", "0"],
            cwd=p.root,
            env=p.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{named_port(proc, log)}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    raise AssertionError(
                        f"phaseone serve did not start: {log.read_text()}"
                    ) from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_starter_pointed_at_a_correct_system_reaches_go(pilot: Pilot) -> None:
    """GO, except the known gaps (tests/known_gaps.py), which must fail and nothing else.

    Strict like an xfail: once issue #17 closes the injection gap this test fails and
    says to remove the entry; with no known gaps left it expects a plain GO (exit 0).
    """
    from phaseone.plan.loader import load_plan
    from phaseone.plan.schema import GateSettings

    out = pilot.outputs
    # The starter keeps the default bars: a gap is never closed by lowering one.
    gate_block = load_plan(pilot.root / "phaseone.yaml").plan.gate
    assert gate_block.guardrails == GateSettings().guardrails
    assert out["plan"].returncode == 0, out["plan"].stdout + out["plan"].stderr
    assert out["eval"].returncode == 0, out["eval"].stdout + out["eval"].stderr
    gate = out["gate"]
    report = (pilot.root / ".phaseone" / "reports" / "latest.json").read_text(encoding="utf-8")
    record = json.loads(report)
    failed_probes = {p["probe"] for p in record["probes"] if not p["passed"]}
    assert not closed_gaps(failed_probes, KNOWN_PROBE_GAPS), closed_gaps(
        failed_probes, KNOWN_PROBE_GAPS
    )
    assert failed_probes == set(KNOWN_PROBE_GAPS), out["verify"].stdout
    assert out["verify"].returncode == (1 if KNOWN_PROBE_GAPS else 0), out["verify"].stderr
    not_passing = {
        c["id"]: c["reason"]
        for c in record["checks"]
        if c["blocking"] and c["status"] not in ("pass", "skipped")
    }
    closed = closed_gaps(set(not_passing), KNOWN_GATE_GAPS)
    assert not closed, closed
    assert set(not_passing) == set(KNOWN_GATE_GAPS), not_passing
    assert all("held-out" in reason for reason in not_passing.values()), not_passing
    expected = "NO-GO" if KNOWN_GATE_GAPS else "GO"
    assert record["outcome"] == expected, gate.stdout
    assert gate.returncode == (1 if KNOWN_GATE_GAPS else 0), gate.stdout + gate.stderr
    assert f" {expected} " in gate.stdout
    # The cases kept their own ids (the dataset's id mapping), in results and report.
    assert {s: record["suites"][s]["verdict"] for s in ("happy", "edge", "adversarial")} == {
        "happy": "PASS",
        "edge": "PASS",
        "adversarial": "PASS",
    }
    from phaseone.plan.workspace import open_workspace
    from phaseone.store.runs import iter_case_results

    _, store = open_workspace(pilot.root / "phaseone.yaml")
    try:
        ids = {
            suite: {r.case_id for r in iter_case_results(store, record["runs"]["suites"][suite])}
            for suite in ("happy", "adversarial")
        }
    finally:
        store.close()
    assert ids["adversarial"] == {f"a{i:02d}" for i in range(1, 17)}
    assert ids["happy"] == {t[0] for t in tickets()}


def test_every_output_on_the_way_reads_well(pilot: Pilot, tmp_path: Path) -> None:
    """The CLI, the reports and the dashboard, as the team and the owner see them."""
    from phaseone.plan.workspace import open_workspace
    from phaseone.report import render
    from phaseone.ui import create_app
    from phaseone.ui.server import RunningDashboard

    for name, proc in pilot.outputs.items():
        assert_readable(proc.stdout + proc.stderr, f"`phaseone {name}`")
    for args in (("runs", "list"), ("decisions", "list"), ("report", "--format", "markdown")):
        proc = pilot.run(*args)
        assert proc.returncode == 0, proc.stderr
        assert_readable(proc.stdout + proc.stderr, f"`phaseone {' '.join(args)}`")
    reports = pilot.root / ".phaseone" / "reports"
    record = json.loads((reports / "latest.json").read_text(encoding="utf-8"))
    assert_readable(render(record, "html"), "the HTML report")
    assert_readable(render(record, "markdown"), "the Markdown report")
    html = render(record, "html")
    assert "EUR" in html and "just recorded" in html  # money in the currency, ages in words

    import httpx

    loaded, store = open_workspace(pilot.root / "phaseone.yaml")
    try:
        with RunningDashboard(create_app(loaded, store)) as server:
            page = httpx.get(f"{server.url}/").text
    finally:
        store.close()
    assert_readable(page, "the dashboard")
    assert "ago" in page  # run and decision times in words
