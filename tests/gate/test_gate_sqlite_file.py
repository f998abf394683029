"""A SQLite file read with SQL is a file (review 2, N12).

Its labels edited for one eval and put back must not leave a GO: the run recorded the
hash of the query's result rows, and the gate compares it with the rows now, as it does
for a JSONL suite. And a `.db` beside the plan is an export unless the plan declares it
the system's own store (`live: true`): no live-data credit by default.
"""

from __future__ import annotations

import shutil
import sqlite3

from test_gate_evidence_matches_plan import Workspace, servers, ws  # noqa: F401  (fixtures)

from phaseone.plan.components import content_compared, is_live_dataset, sqlite_file
from servers import JsonServer

ENV = "P1_TEST_ROUTER_URL"


def test_sqlite_labels_edited_for_the_eval_and_restored_are_not_go(
    ws: Workspace,  # noqa: F811
    servers: tuple[JsonServer, JsonServer],  # noqa: F811
) -> None:
    _, bad = servers
    inbox = ws.root / "inbox.db"
    shutil.copy(inbox, ws.root / "inbox.bak")
    with sqlite3.connect(inbox) as con:
        con.execute("UPDATE messages SET label = 'ham'")
    ws.monkeypatch.setenv(ENV, bad.url)  # a system answering ham to everything
    code, err = ws.eval("main")
    assert code == 0, err  # it passes on the edited labels
    shutil.copy(ws.root / "inbox.bak", inbox)  # and the labels are put back
    code, checks = ws.gate()
    assert checks["outcome"] != "GO" and code != 0
    metric = checks["evals.metric"]
    assert metric["status"] == "inconclusive", metric["reason"]
    assert "inbox.db" in metric["reason"] and "content" in metric["reason"]
    assert metric["fix"] == "re-run `phaseone eval --suite main`"


def test_a_sqlite_file_is_an_export_unless_the_plan_says_it_is_live(ws: Workspace) -> None:  # noqa: F811
    code, checks = ws.gate()
    assert code == 0
    live = checks["integration.live_dataset"]
    assert live["status"] == "pass" and "declares the live store" in live["reason"]
    del ws.data["suites"][0]["dataset"]["live"]
    ws.write()
    code, checks = ws.gate()
    assert code == 1 and checks["outcome"] == "NO-GO"
    live = checks["integration.live_dataset"]
    assert live["status"] == "fail"
    assert "main read(s) a SQLite file: an export" in live["reason"]
    assert "`live: true`" in live["reason"]


def test_which_sql_urls_are_files() -> None:
    assert sqlite_file("sqlite:///inbox.db") and sqlite_file("sqlite:////abs/inbox.db")
    assert not sqlite_file("sqlite://") and not sqlite_file("sqlite:///:memory:")
    assert not sqlite_file("postgresql+psycopg://app@db/inbox")
    assert sqlite_file("sqlite:/inbox.db")  # as a run records it (redacted)
    pg = {"kind": "sql", "url": "postgresql+psycopg://app@db/inbox"}
    lite = {"kind": "sql", "url": "sqlite:///inbox.db"}
    assert is_live_dataset(pg) and not content_compared(pg)
    assert not is_live_dataset(lite) and content_compared(lite)
    assert is_live_dataset({**lite, "live": True}) and content_compared({**lite, "live": True})
    assert not is_live_dataset({"kind": "jsonl", "path": "a.jsonl"})
