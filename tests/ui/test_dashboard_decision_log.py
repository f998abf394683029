"""The dashboard's decision log says what `phaseone decisions verify` says (head anchor
file included), and its history shows the signed time, never the unsigned column."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import httpx
import sqlalchemy as sa
from builders import go_evidence, go_plan_dict, loaded_plan

from phaseone.gate import decide
from phaseone.store.database import Store
from phaseone.store.decisions import head_file, list_decisions, signed_time, verify_chain
from phaseone.ui import create_app
from phaseone.ui.server import RunningDashboard

PROJECT = "inbox-screening"


def _three(tmp_path: Path, store: Store) -> Path:
    loaded = loaded_plan(tmp_path, go_plan_dict())
    go_evidence(store, loaded)
    for _ in range(3):
        decide(loaded, store)
    head = head_file(store, loaded.base_dir)
    assert head is not None and head.exists()
    return head


def _sql(store: Store, statement: str, **params: object) -> None:
    with store.engine.begin() as c:
        c.execute(sa.text(statement), params)


def _summary(tmp_path: Path, store: Store) -> tuple[dict, str]:
    loaded = loaded_plan(tmp_path, go_plan_dict())
    with RunningDashboard(create_app(loaded, store)) as server:
        data = httpx.get(f"{server.url}/api/summary").json()
        html = httpx.get(f"{server.url}/").text
    return data, html


def test_a_deleted_newest_decision_shows_as_a_broken_log(tmp_path: Path, store: Store) -> None:
    """What is left after deleting the newest decision is a valid, shorter chain: only the
    head anchor file shows it, so the dashboard must read that file as `verify` does."""
    head = _three(tmp_path, store)
    data, html = _summary(tmp_path, store)
    assert data["decision"]["chain"]["ok"] is True and "decision log intact" in html

    _sql(store, "DELETE FROM decisions WHERE seq = 3")
    data, html = _summary(tmp_path, store)
    chain = data["decision"]["chain"]
    expected = verify_chain(store, PROJECT, head=head, start_head=False)
    assert not expected.ok  # what `phaseone decisions verify` reports
    assert chain["ok"] is False and chain["problems"] == expected.problems
    assert any(p.startswith("decision 3 is missing") for p in chain["problems"])
    assert "Decision log broken" in html and "decision log intact" not in html


def test_the_dashboard_does_not_start_an_anchor_file(tmp_path: Path, store: Store) -> None:
    """Read-only: with no anchor file the chain still verifies, and none is written."""
    head = _three(tmp_path, store)
    head.unlink()
    data, _ = _summary(tmp_path, store)
    assert data["decision"]["chain"]["ok"] is True
    assert not head.exists()


def test_history_shows_the_signed_time_not_the_created_at_column(
    tmp_path: Path, store: Store
) -> None:
    _three(tmp_path, store)
    forged = dt.datetime(2020, 1, 1, 9, 0, tzinfo=dt.UTC)
    _sql(store, "UPDATE decisions SET created_at = :t WHERE seq IN (2, 3)", t=forged)
    signed = {row.seq: signed_time(row) for row in list_decisions(store, PROJECT)}
    assert all(signed.values())
    data, html = _summary(tmp_path, store)
    d = data["decision"]
    assert d["decided_at"] == signed[3]
    assert [(h["seq"], h["decided_at"]) for h in d["history"]] == [
        (3, signed[3]),
        (2, signed[2]),
        (1, signed[1]),
    ]
    shown = re.search(r'<p id="decision-history".*?</p>', html, re.S)
    assert shown is not None and "2020-01-01" not in shown.group(0)
    assert shown.group(0).count(signed[3][:10]) == 3  # the signed day, three times
    # and the forged column is what the log's verification reports
    assert any("column created_at=2020-01-01" in p for p in d["chain"]["problems"])


def test_a_canary_step_is_in_the_history_but_not_the_verdict(tmp_path: Path, store: Store) -> None:
    """A canary step (`phaseone watch`) is listed with the decisions, without a report link;
    the verdict shown stays the gate's newest decision, and the step's /report is a 404."""
    from phaseone.store.decisions import append_decision

    head = _three(tmp_path, store)
    gate = list_decisions(store, PROJECT)[-1]
    step = {"kind": "canary", "outcome": "CANARY-ROLLBACK", "plan_hash": gate.plan_hash}
    append_decision(store, PROJECT, step, head=head)
    data, html = _summary(tmp_path, store)
    d = data["decision"]
    assert d["seq"] == 3 and d["outcome"] == gate.outcome and d["chain"]["ok"] is True
    assert [(h["seq"], h["outcome"], h["report_url"]) for h in d["history"][:2]] == [
        (4, "CANARY-ROLLBACK", None),
        (3, gate.outcome, "/report/3"),
    ]
    shown = re.search(r'<p id="decision-history".*?</p>', html, re.S)
    assert shown is not None and "#4 CANARY-ROLLBACK" in shown.group(0)
    assert 'href="/report/4"' not in shown.group(0)
    loaded = loaded_plan(tmp_path, go_plan_dict())
    with RunningDashboard(create_app(loaded, store)) as server:
        page = httpx.get(f"{server.url}/report/4")
    assert page.status_code == 404 and "canary step" in page.text
