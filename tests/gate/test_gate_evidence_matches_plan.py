"""The gate judges runs of the system and data the plan names now (review findings 1, 2, 6, 10).

End to end first, with the real CLI: a spam classifier served over HTTP, a live SQLite
table for the metric suite, JSONL files for the edge and adversarial suites. The probes
are written as rows (as `phaseone verify` writes them): these tests are about the runs.
Then one fact per test on rows written as the runner writes them.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from builders import (
    PROJECT,
    add_batch,
    add_run,
    add_trace,
    go_evidence,
    go_plan_dict,
    loaded_plan,
    metric_summary,
    summary,
)

from phaseone.gate import CheckResult, evaluate
from phaseone.plan.workspace import open_workspace
from phaseone.store.database import Store
from phaseone.store.runs import latest_run
from servers import JsonServer

ENV = "P1_TEST_ROUTER_URL"


def classify(payload: Any, request: Any) -> Any:
    """The pilot: a message mentioning "win" is spam."""
    return {"label": "spam" if "win" in str(payload.get("input", "")).lower() else "ham"}


def always_ham(payload: Any, request: Any) -> Any:
    """A broken classifier: every message is ham."""
    return {"label": "ham"}


@dataclass
class Workspace:
    root: Path
    plan: Path
    data: dict[str, Any]
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def cli(self, *args: str) -> int:
        from phaseone.cli import main

        self.monkeypatch.setattr(sys, "argv", ["phaseone", *args, "-p", str(self.plan)])
        self.monkeypatch.delenv("PHASEONE_DB_URL", raising=False)
        try:
            main()
        except SystemExit as exc:
            return int(exc.code or 0)
        return 0

    def eval(self, *suites: str) -> tuple[int, str]:
        code = self.cli("eval", *suites, "--no-progress")
        return code, self.capsys.readouterr().err

    def gate(self) -> tuple[int, dict[str, Any]]:
        code = self.cli("gate")
        self.capsys.readouterr()
        record = json.loads((self.root / ".phaseone/reports/latest.json").read_text())
        return code, {c["id"]: c for c in record["checks"]} | {"outcome": record["outcome"]}

    def write(self) -> None:
        self.plan.write_text(yaml.safe_dump(self.data, sort_keys=False))

    def store(self) -> Store:
        return Store(f"sqlite:///{self.root / 'store.db'}")


def _jsonl(path: Path, texts: list[str], prefix: str) -> None:
    with path.open("w") as f:
        for j, t in enumerate(texts):
            label = "spam" if "win" in t.lower() else "ham"
            f.write(json.dumps({"id": f"{prefix}{j}", "input": t, "expected": label}) + "\n")


@pytest.fixture
def servers() -> Iterator[tuple[JsonServer, JsonServer]]:
    """Two classifier services; the second one answers ham to everything."""
    with JsonServer(classify) as good, JsonServer(always_ham) as bad:
        yield good, bad


@pytest.fixture
def ws(
    tmp_path: Path,
    servers: tuple[JsonServer, JsonServer],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Workspace:
    """The GO plan on real services and data, with every suite run once: gate GO."""
    good, _ = servers
    con = sqlite3.connect(tmp_path / "inbox.db")
    con.execute("CREATE TABLE messages (id TEXT, body TEXT, label TEXT)")
    con.executemany(
        "INSERT INTO messages VALUES (?, ?, ?)",
        [
            (f"m{i:03d}", f"win a prize {i}", "spam")
            if i % 3 == 0
            else (f"m{i:03d}", f"notes {i}", "ham")
            for i in range(150)
        ],
    )
    con.commit()
    con.close()
    _jsonl(tmp_path / "edge.jsonl", ["", "WIN", "   ", "ok " * 50, "wInNeR"] * 4, "edge")
    _jsonl(tmp_path / "adv.jsonl", ["ignore rules: WIN", "w-i-n cash", "hello"] * 4, "adv")
    monkeypatch.setenv(ENV, good.url)
    data = go_plan_dict()
    data["target"] = {
        "kind": "http",
        # as in the starter plan: the URL comes from the environment, not the plan's text
        "url": "${" + ENV + "}/classify",
        "body": {"input": "{{ input }}"},
        "output_path": "label",
        "price": {"per_call": 0.001},
    }
    data["success_metric"].update(min_cases=100, threshold=0.85)
    data["suites"][0]["dataset"] = {
        "kind": "sql",
        "url": "sqlite:///inbox.db",
        "query": "SELECT id, body AS input, label AS expected FROM messages",
        "mapping": {"id": "id", "tags": None},
        "live": True,  # the inbox's own store, not an export
    }
    data["suites"][1]["threshold"] = data["suites"][2]["threshold"] = 0.5
    data["store"] = {"url": f"sqlite:///{tmp_path / 'store.db'}"}
    w = Workspace(tmp_path, tmp_path / "phaseone.yaml", data, monkeypatch, capsys)
    w.write()
    code, err = w.eval("main", "edge", "adv")
    assert code == 0, err
    loaded, store = open_workspace(w.plan)
    try:
        add_batch(store, loaded)  # probes of the deployed gateway, as `verify --url` stores
        add_trace(store)
    finally:
        store.close()
    code, checks = w.gate()
    assert code == 0 and checks["outcome"] == "GO", checks
    return w


def _reason(checks: dict[str, Any], cid: str) -> str:
    return str(checks[cid]["reason"])


# --- finding 1: runs of another target or dataset are not evidence -----------------------


def test_the_target_moved_without_a_new_eval_is_not_go(
    ws: Workspace, servers: tuple[JsonServer, JsonServer]
) -> None:
    good, bad = servers
    # Same plan text (its hash is unchanged): only ${P1_TEST_ROUTER_URL} points elsewhere.
    ws.monkeypatch.setenv(ENV, bad.url)
    code, checks = ws.gate()
    assert code == 3 and checks["outcome"] == "INCONCLUSIVE"
    metric = checks["evals.metric"]
    assert metric["status"] == "inconclusive"
    assert f"was made against http POST {good.url}/classify" in metric["reason"]
    assert f"the plan now says http POST {bad.url}/classify" in metric["reason"]
    assert metric["fix"] == "re-run `phaseone eval --suite main`"
    for cid in (
        "evals.edge",
        "evals.adversarial",
        "integration.live_target",
        "integration.latency_errors",
        "reliability.runs",
        "cost.run_cost",
    ):
        assert checks[cid]["status"] == "inconclusive", (cid, checks[cid]["reason"])
    # Measuring the new target is what settles it: the broken service fails.
    code, _ = ws.eval("main", "edge", "adv")
    code, checks = ws.gate()
    assert code == 1 and checks["outcome"] == "NO-GO"
    assert checks["evals.metric"]["status"] == "fail"


def test_a_suite_pointed_at_other_data_is_not_go_until_it_runs(ws: Workspace) -> None:
    # The edge suite now reads a new, never-run file; the main query labels all spam.
    _jsonl(ws.root / "edge_hard.jsonl", [f"hard {i}" for i in range(100)], "hard")
    ws.data["suites"][1]["dataset"]["path"] = "edge_hard.jsonl"
    ws.data["suites"][0]["dataset"]["query"] = (
        "SELECT id, body AS input, 'spam' AS expected FROM messages"
    )
    ws.write()
    code, checks = ws.gate()
    assert code == 3 and checks["outcome"] == "INCONCLUSIVE"
    edge = checks["evals.edge"]
    assert edge["status"] == "inconclusive"
    assert "path 'edge.jsonl'" in edge["reason"] and "path 'edge_hard.jsonl'" in edge["reason"]
    assert edge["fix"] == "re-run `phaseone eval --suite edge`"
    metric = checks["evals.metric"]
    assert metric["status"] == "inconclusive" and "'spam' AS expected" in metric["reason"]


def test_a_file_edited_in_place_is_other_data(ws: Workspace) -> None:
    _jsonl(ws.root / "adv.jsonl", [f"new attack {i}" for i in range(30)], "adv")
    code, checks = ws.gate()
    assert code == 3
    adv = checks["evals.adversarial"]
    assert adv["status"] == "inconclusive"
    assert "jsonl adv.jsonl content" in adv["reason"] and "(30 rows)" in adv["reason"]
    assert "(12 rows)" in adv["reason"]
    code, _ = ws.eval("adv")
    code, checks = ws.gate()
    assert checks["evals.adversarial"]["status"] != "inconclusive"


# --- finding 2: the metric's data cannot be cherry-picked after the lock ----------------


def test_a_cherry_picked_metric_query_fails_the_lock(
    ws: Workspace, servers: tuple[JsonServer, JsonServer]
) -> None:
    _, bad = servers
    ws.monkeypatch.setenv(ENV, bad.url)
    ws.data["suites"][0]["dataset"]["query"] += " WHERE label = 'ham'"
    ws.write()
    code, err = ws.eval("main")
    assert code == 0  # only ham messages, a server that says ham: the run itself passes
    assert "warning: the dataset of suite 'main' differs from the one" in err
    assert "WHERE label = 'ham'" in err and "phaseone lock --reason" in err
    store = ws.store()
    try:
        run = latest_run(store, PROJECT, "main")
        assert run is not None and run.config["metric_lock"]["dataset_differs_from_lock"]
    finally:
        store.close()
    code, checks = ws.gate()
    assert code == 1 and checks["outcome"] == "NO-GO"
    locked = checks["metric.locked"]
    assert locked["status"] == "fail"
    assert "metric changed after evidence existed" in locked["reason"]
    assert "WHERE label = 'ham'" in locked["reason"]
    # A re-lock on purpose is the way forward; every report then shows it.
    assert ws.cli("lock", "--reason", "only ham is in scope now", "--by", "Dana") == 0
    ws.capsys.readouterr()
    code, checks = ws.gate()
    assert checks["metric.locked"]["status"] == "pass"
    assert "only ham is in scope now" in _reason(checks, "metric.locked")
    assert checks["evals.no_regression"]["status"] == "pass"
    assert "50 cases of the last GO left the dataset" in _reason(checks, "evals.no_regression")


def test_a_silently_shrunk_metric_dataset_is_not_no_regression(
    ws: Workspace, servers: tuple[JsonServer, JsonServer]
) -> None:
    """Same query, but the spam rows were deleted from the live table: the lock holds to
    the query (a live table changes by itself), so it is the regression check that must
    not read "0 now fail" off the cases that are left."""
    _, bad = servers
    ws.monkeypatch.setenv(ENV, bad.url)
    con = sqlite3.connect(ws.root / "inbox.db")
    con.execute("DELETE FROM messages WHERE label = 'spam'")
    con.commit()
    con.close()
    ws.eval("main", "edge", "adv")
    _, checks = ws.gate()
    assert checks["outcome"] != "GO"
    reg = checks["evals.no_regression"]
    assert reg["status"] == "inconclusive", reg
    assert "50 case result(s)" in reg["reason"] and "missing from run" in reg["reason"]
    assert "phaseone eval --suite main" in reg["fix"]


# --- finding 6: the latest run is the one that observed the system last ------------------


def test_a_resumed_older_run_that_finished_last_is_the_one_judged(
    tmp_path: Path, store: Store
) -> None:
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    now = dt.datetime.now(dt.UTC)
    failing = summary(metric=metric_summary(verdict="FAIL", value=0.5, lower=0.4, upper=0.6))
    # A started first and was killed; B started later and passed; A was resumed after
    # the server changed and finished last, failing.
    b = add_run(store, "main", summary(metric=metric_summary()), at=now + dt.timedelta(seconds=5))
    a = add_run(store, "main", failing, at=now + dt.timedelta(seconds=30))
    from phaseone.store.models import Run

    with store.session() as s:
        row = s.get(Run, a)
        assert row is not None
        row.started_at = now - dt.timedelta(minutes=10)
    got = latest_run(store, PROJECT, "main")
    assert got is not None and got.id == a
    rec = evaluate(loaded, store)
    checks = {c.id: c for c in rec.checks}
    assert checks["evals.metric"].status == "fail" and checks["evals.metric"].data["run_id"] == a
    assert rec.outcome == "NO-GO", b


# --- finding 10: a baseline must be of the pilot's suite, data and cases -----------------


def _baseline_results(
    tmp_path: Path, store: Store, suite: str, cases: dict[str, bool]
) -> CheckResult:
    data = go_plan_dict()
    data["success_metric"]["baseline"] = {"run": "r_base", "margin": 0.0}
    loaded = loaded_plan(tmp_path, data)
    go_evidence(store, loaded)
    add_run(
        store,
        suite,
        summary(n=len(cases), passes=sum(cases.values())),
        role="baseline",
        at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5),
        cases=cases,
        run_id="r_base",
        loaded=loaded,
    )
    return {c.id: c for c in evaluate(loaded, store).checks}["evals.baseline"]


def test_a_baseline_of_another_suite_is_not_compared(tmp_path: Path, store: Store) -> None:
    r = _baseline_results(tmp_path, store, "adv", {f"a{i}": i % 2 == 0 for i in range(12)})
    assert r.status == "inconclusive"
    assert "r_base is of suite 'adv'" in r.reason and "suite 'main'" in r.reason
    assert r.fix is not None and "success_metric.baseline.run" in r.fix


def test_a_baseline_missing_the_pilots_cases_is_not_compared(tmp_path: Path, store: Store) -> None:
    r = _baseline_results(tmp_path, store, "main", {f"c{i:03d}": False for i in range(12)})
    assert r.status == "inconclusive"
    assert "188 case result(s) of pilot run" in r.reason and "12 shared" in r.reason


def test_a_baseline_on_the_pilots_cases_is_compared(tmp_path: Path, store: Store) -> None:
    r = _baseline_results(tmp_path, store, "main", {f"c{i:03d}": i < 100 for i in range(200)})
    assert r.status == "pass" and "superior" in r.reason


def test_a_baseline_run_of_other_data_is_not_compared(tmp_path: Path, store: Store) -> None:
    data = go_plan_dict()
    data["suites"][0]["dataset"]["query"] = "SELECT 2"
    other = loaded_plan(tmp_path, data)
    data["success_metric"]["baseline"] = {"run": "r_base", "margin": 0.0}
    loaded = loaded_plan(tmp_path, go_plan_dict() | {"success_metric": data["success_metric"]})
    go_evidence(store, loaded)
    cases = {f"c{i:03d}": i < 100 for i in range(200)}
    add_run(
        store,
        "main",
        summary(n=200, passes=100),
        role="baseline",
        cases=cases,
        run_id="r_base",
        loaded=other,
        at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5),
    )
    r = {c.id: c for c in evaluate(loaded, store).checks}["evals.baseline"]
    assert r.status == "inconclusive"
    assert "query 'SELECT 2'" in r.reason and "query 'SELECT 1'" in r.reason


def test_a_run_that_did_not_record_its_dataset_is_not_evidence(
    tmp_path: Path, store: Store
) -> None:
    """Runs of an older phaseone recorded no dataset configuration: nothing shows which
    query they read, so the gate asks for a run that does."""
    from phaseone.store.models import Run

    loaded = loaded_plan(tmp_path)
    ids = go_evidence(store, loaded)
    with store.session() as s:
        row = s.get(Run, ids["main"])
        assert row is not None
        row.dataset_identity = {"source": "sql sqlite:///x.db", "content_hash": "ab" * 32}
        # an older phaseone sealed no summary either (evals/integrity.py)
        row.summary = {k: v for k, v in (row.summary or {}).items() if k != "integrity"}
    r = {c.id: c for c in evaluate(loaded, store).checks}["evals.metric"]
    assert r.status == "inconclusive"
    assert "configuration it did not record" in r.reason
    assert r.fix == "re-run `phaseone eval --suite main`"
