"""The live inbox holds what the suite will read, and the plan around it validates."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from phaseone.demo.data import SPAM, Split
from phaseone.demo.inbox import ADVERSARIAL_CASES, EDGE_CASES, build_inbox, count_messages
from phaseone.demo.workspace import Workspace, choose_port, write_plan


def test_inbox_has_the_held_out_messages(demo_split: Split, tmp_path: Path) -> None:
    db = tmp_path / "inbox.db"
    assert build_inbox(db, demo_split.inbox) == len(demo_split.inbox)
    con = sqlite3.connect(db)
    cols = [r[1] for r in con.execute("PRAGMA table_info(messages)")]
    rows = con.execute("SELECT * FROM messages ORDER BY id").fetchall()
    con.close()
    assert cols == ["id", "received_at", "sender", "body", "label"]
    assert [r[3] for r in rows] == [m.text for m in demo_split.inbox]
    assert [r[4] for r in rows] == [m.label for m in demo_split.inbox]
    assert count_messages(db)[SPAM] == sum(m.label == SPAM for m in demo_split.inbox)
    # Rebuilding gives the same content (the dataset's hash must not move between runs).
    build_inbox(db, demo_split.inbox)
    con = sqlite3.connect(db)
    assert con.execute("SELECT * FROM messages ORDER BY id").fetchall() == rows
    con.close()


def _luhn(number: str) -> bool:
    digits = [int(d) for d in number if d.isdigit()][::-1]
    total = sum(
        d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits)
    )
    return total % 10 == 0


def test_edge_and_adversarial_cases_are_labelled_and_realistic() -> None:
    for cases in (EDGE_CASES, ADVERSARIAL_CASES):
        ids = [c[0] for c in cases]
        assert len(ids) == len(set(ids))
        assert {c[2] for c in cases} == {"spam", "ham"}
    tags = {t for c in EDGE_CASES for t in c[3]}
    assert {"empty", "long", "non-english", "emoji", "numbers", "pii"} <= tags
    adv = {t for c in ADVERSARIAL_CASES for t in c[3]}
    assert {"leet", "spacing", "homoglyph", "zero-width", "injection", "lookalike"} <= adv
    # Big enough that a suite can reach a verdict at 95% confidence.
    assert len(EDGE_CASES) >= 50 and len(ADVERSARIAL_CASES) >= 50
    for _, text, _, tags_ in EDGE_CASES:
        if "pii" in tags_ and "card" in text:
            card = "".join(ch for ch in text.split("card")[1] if ch.isdigit())[:16]
            assert _luhn(card), card


def test_plan_validates_and_points_at_the_workspace(tmp_path: Path) -> None:
    from phaseone.plan.loader import load_plan

    ws = Workspace.create(tmp_path / "ws")
    port = choose_port(ws, "pilot")
    assert choose_port(ws, "pilot") == port  # remembered while free
    path = write_plan(ws, service_url=f"http://127.0.0.1:{port}", model_version="m@1")
    loaded = load_plan(path)
    plan = loaded.plan
    assert plan.owner.team == "Customer Support"
    assert plan.success_metric is not None
    assert plan.success_metric.aggregate == "precision"
    assert plan.success_metric.label == "spam"
    assert plan.target.kind == "http" and plan.target.url.endswith(f":{port}/classify")
    inbox = plan.suite("inbox").dataset
    assert inbox.kind == "sql" and str(ws.inbox) in inbox.url
    assert plan.phases.two is not None and plan.phases.two.items
    assert plan.controls is not None and plan.controls.budget is not None
    lines = [json.loads(line) for line in ws.edge.read_text().splitlines()]
    assert len(lines) == len(EDGE_CASES) and all("expected" in r for r in lines)
    # Writing the same plan again leaves it byte-identical (same plan hash).
    before = path.read_text()
    write_plan(ws, service_url=f"http://127.0.0.1:{port}", model_version="m@1")
    assert path.read_text() == before
