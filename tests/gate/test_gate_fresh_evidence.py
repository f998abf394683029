"""The gate counts fresh calls only, and says how old they are (issue #15 §1).

First on evidence rows written as the runner writes them (one fact per test), then end
to end: a bot served over HTTP is evaluated and gated GO; its module is rewritten to
answer wrongly with the plan untouched; `phaseone eval` and `phaseone gate` must then not
say GO — neither by default (fresh calls see the wrong answers) nor with `--cache`
(reused answers are not evidence).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import sqlite3
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from builders import (
    add_run,
    add_trace,
    go_evidence,
    go_plan_dict,
    loaded_plan,
    metric_summary,
    summary,
)
from deployed import deployed_gateway

from phaseone.gate import CheckResult, evaluate
from phaseone.plan.workspace import open_workspace
from phaseone.store.database import Store

FIX = "run `phaseone eval` without --cache"


def reused_summary(*, fresh: int, reused: int, errors: int = 0) -> dict[str, Any]:
    """A metric run's summary with `reused` answers from the response cache, as the
    runner's summary writes it (fresh latency only from fresh calls)."""
    n = fresh + reused
    s = summary(n=n, metric=metric_summary(n=n))
    s.update(
        cached=reused,
        fresh_calls=fresh,
        reused_answers=reused,
        fresh_errors=errors,
        errors=errors,
        error_rate=errors / n,
        scored=n - errors,
        fresh_scored=fresh - errors,
    )
    s["latency_ms"] = {"p50": 100.0 if fresh else None, "p95": 300.0 if fresh else None}
    s["latency_ms"]["n"] = fresh
    s["cost"] = {
        "total": 0.001 * fresh,
        "mean": 0.001,
        "p95": 0.001,
        "fresh_mean": 0.001 if fresh else None,
        "fresh_p95": 0.001 if fresh else None,
    }
    return s


def gate_with_main_run(
    tmp_path: Path, store: Store, main: dict[str, Any], *, at: dt.datetime | None = None
) -> tuple[str, dict[str, CheckResult]]:
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded, at=at)
    add_run(store, "main", main, at=(at or dt.datetime.now(dt.UTC)) + dt.timedelta(seconds=5))
    rec = evaluate(loaded, store)
    return rec.outcome, {c.id: c for c in rec.checks}


def test_a_run_of_reused_answers_only_is_no_evidence(tmp_path: Path, store: Store) -> None:
    outcome, r = gate_with_main_run(tmp_path, store, reused_summary(fresh=0, reused=200))
    assert outcome != "GO"
    live = r["integration.live_target"]
    assert live.status == "inconclusive" and "0 fresh calls" in live.reason
    assert live.fix is not None and "without --cache" in live.fix
    metric = r["evals.metric"]
    assert metric.status == "inconclusive" and metric.fix == FIX
    assert "not evidence" in metric.reason and "reused 200" in metric.reason
    for cid in ("integration.latency_errors", "reliability.runs"):
        assert r[cid].status == "inconclusive", (cid, r[cid].reason)
        assert "no fresh" in r[cid].reason and "without --cache" in (r[cid].fix or "")
    # no cost per request from the run: none of its answers was a call made now
    assert "runs" not in (r["cost.run_cost"].data.get("cost_per_request") or {}).get("sources", {})


def test_a_partly_reused_run_counts_its_fresh_calls_and_cannot_support_go(
    tmp_path: Path, store: Store
) -> None:
    outcome, r = gate_with_main_run(tmp_path, store, reused_summary(fresh=150, reused=50))
    live = r["integration.live_target"]
    assert live.status == "pass"
    assert "answered 150/150 fresh calls" in live.reason and "50 reused" in live.reason
    assert r["evals.metric"].status == "inconclusive" and r["evals.metric"].fix == FIX
    assert outcome != "GO"


def test_error_rate_is_over_fresh_calls_only(tmp_path: Path, store: Store) -> None:
    """2 errors in 20 fresh calls is 10%, over gate.max_error_rate 5%, however many reused
    answers (which never error) dilute it in the whole run."""
    _, r = gate_with_main_run(tmp_path, store, reused_summary(fresh=20, reused=180, errors=2))
    live = r["integration.live_target"]
    assert live.status == "fail" and "error rate 10.0%" in live.reason


def test_checks_say_how_old_their_runs_are(tmp_path: Path, store: Store) -> None:
    three_hours_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3, minutes=1)
    add_trace(store)
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded, at=three_hours_ago)
    r = {c.id: c for c in evaluate(loaded, store).checks}
    assert r["integration.live_target"].status == "pass"
    assert "answers observed 3 hours ago" in r["integration.live_target"].reason
    assert "3 hours ago" in r["reliability.runs"].reason
    assert "3 hours ago" in r["cost.run_cost"].reason
    assert "fresh calls" in r["cost.run_cost"].reason


# --- end to end: a changed bot behind the same URL ---------------------------------------------

RIGHT = """
def label(text):
    return "spam" if "win" in text.lower() else "ham"
"""
WRONG = """
def label(text):
    # a change that broke it; the service, its URL and the plan stay the same
    return "ham"
"""


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    from phaseone.cli import main

    monkeypatch.setattr(sys, "argv", ["phaseone", *args])
    monkeypatch.delenv("PHASEONE_DB_URL", raising=False)
    with pytest.raises(SystemExit) as info:
        main()
    return int(info.value.code or 0)


def _deploy(root: Path, module: str, source: str) -> None:
    """Rewrite the bot's module and make the service load it on its next request (as a
    redeploy would); the sizes differ, so a stale .pyc is never used."""
    (root / f"{module}.py").write_text(source)
    sys.modules.pop(module, None)
    importlib.invalidate_caches()


def test_changed_bot_is_not_go_with_default_eval_nor_with_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fastapi import FastAPI

    from phaseone.gateway import serve_in_thread

    module = f"p1_served_bot_{uuid.uuid4().hex[:8]}"
    monkeypatch.syspath_prepend(str(tmp_path))
    _deploy(tmp_path, module, RIGHT)
    service = FastAPI()

    @service.post("/classify")
    async def classify(body: dict[str, Any]) -> dict[str, Any]:
        bot = importlib.import_module(module)
        return {"label": bot.label(str(body.get("text", "")))}

    db = tmp_path / "inbox.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE messages (id TEXT, body TEXT, label TEXT)")
    con.executemany(
        "INSERT INTO messages VALUES (?, ?, ?)",
        [
            (f"m{i:03d}", f"WIN a prize {i}" if i % 3 == 0 else f"notes {i}", "spam")
            if i % 3 == 0
            else (f"m{i:03d}", f"notes {i}", "ham")
            for i in range(120)
        ],
    )
    con.commit()
    con.close()
    for name, texts in (("edge", ["", "WIN", "   ", "wInNeR"]), ("adv", ["w-i-n", "hello"])):
        with (tmp_path / f"{name}.jsonl").open("w") as f:
            for j, t in enumerate(texts * 3):
                expected = "spam" if "win" in t.lower() else "ham"
                f.write(json.dumps({"id": f"{name}{j}", "input": t, "expected": expected}) + "\n")

    with serve_in_thread(service, host="127.0.0.1", port=0) as server:
        data = go_plan_dict()
        data["target"] = {
            "kind": "http",
            "url": f"{server.url}/classify",
            "body": {"text": "{{ input }}"},
            "output_path": "label",
            "price": {"per_call": 0.001},
        }
        data["success_metric"].update(min_cases=100, threshold=0.85)
        data["suites"][0]["dataset"] = {
            "kind": "sql",
            "url": f"sqlite:///{db}",
            "query": "SELECT id, body AS input, label AS expected FROM messages",
            "mapping": {"id": "id", "tags": None},
            "live": True,  # the inbox's own store, not an export
        }
        data["suites"][1]["threshold"] = data["suites"][2]["threshold"] = 0.5
        # A classifier whose answer is one of two labels: the owner scoped the injection
        # guardrail out (its held-out gap, issue #17, is not what this test is about), so
        # its probe is not run and its check is "not applicable: disabled in the plan".
        data["controls"]["guardrails"] = {"injection": {"action": "off"}}
        data["store"] = {"url": f"sqlite:///{tmp_path / 'store.db'}"}
        # not what this test is about, and a known gap of today's rules (test_gate_probes.py
        # KNOWN_GAPS): without it the first gate would be NO-GO on controls.injection
        data["controls"]["guardrails"] = {"injection": {"action": "off"}}
        plan = tmp_path / "phaseone.yaml"
        plan.write_text(yaml.safe_dump(data, sort_keys=False))
        p = ["-p", str(plan)]

        def eval_(*extra: str) -> dict[str, Any]:
            code = _cli(monkeypatch, "eval", "main", *p, "--no-progress", "-f", "json", *extra)
            (run,) = json.loads(capsys.readouterr().out)["runs"]
            run["exit_code"] = code
            return run

        def gate() -> tuple[int, dict[str, Any]]:
            code = _cli(monkeypatch, "gate", *p)
            capsys.readouterr()
            record = json.loads((tmp_path / ".phaseone/reports/latest.json").read_text())
            return code, {c["id"]: c for c in record["checks"]} | {"outcome": record["outcome"]}

        # The bot as built: fresh evidence, GO. `--cache` here only fills the cache.
        first = eval_("--cache")
        assert first["exit_code"] == 0 and first["summary"]["fresh_calls"] == 120
        assert _cli(monkeypatch, "eval", "edge", "adv", *p, "--no-progress") == 0
        # the probes count only against the deployed gateway (`verify --url`)
        loaded, store = open_workspace(plan)
        try:
            with deployed_gateway(loaded, store) as gw:
                # exit 0: the plan turns injection off, so its probe is skipped, as the gate
                # skips controls.injection (`plan.disabled`)
                assert _cli(monkeypatch, "verify", *p, "--url", gw.url, "--key", gw.key) == 0
        finally:
            store.close()
        capsys.readouterr()
        code, checks = gate()
        assert code == 0 and checks["outcome"] == "GO", checks
        assert "answered 120/120 fresh calls" in checks["integration.live_target"]["reason"]

        _deploy(tmp_path, module, WRONG)  # same URL, same plan, wrong answers

        # --cache reuses the old bot's answers (the URL is all it can key on): the run's
        # verdict still says PASS, but the gate takes none of it as evidence.
        cached = eval_("--cache")
        assert cached["summary"]["reused_answers"] == 120
        assert cached["summary"]["fresh_calls"] == 0
        code, checks = gate()
        assert code == 3 and checks["outcome"] == "INCONCLUSIVE"
        live, metric = checks["integration.live_target"], checks["evals.metric"]
        assert live["status"] == "inconclusive" and "0 fresh calls" in live["reason"]
        assert metric["status"] == "inconclusive" and metric["fix"] == FIX

        # The default eval asks the changed bot: its wrong answers fail the metric.
        fresh = eval_()
        assert fresh["exit_code"] == 1 and fresh["summary"]["verdict"] == "FAIL"
        assert fresh["summary"]["reused_answers"] == 0
        code, checks = gate()
        assert code == 1 and checks["outcome"] == "NO-GO"
        assert checks["evals.metric"]["status"] == "fail"
        assert checks["integration.live_target"]["status"] == "pass"

    # the report says, per suite, how many answers were fresh and how many reused
    assert _cli(monkeypatch, "report", *p, "-f", "markdown") == 0
    report = capsys.readouterr().out
    assert "| Suite | Run | Cases | Fresh calls | Reused answers | Verdict |" in report
    assert f"| main | {fresh['id']} | 120 | 120 | 0 | FAIL |" in report


def test_no_regression_is_not_passed_by_a_run_of_reused_answers(
    tmp_path: Path, store: Store
) -> None:
    """After a GO, a `--cache` run that only fixes cases shows no regression on paper; its
    answers were not observed now, so evals.no_regression cannot pass on it (issue #15)."""
    from phaseone.gate import decide

    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    assert decide(loaded, store).outcome == "GO"
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
    every_case_passes = {f"c{i:03d}": True for i in range(200)}
    add_run(store, "main", reused_summary(fresh=0, reused=200), at=later, cases=every_case_passes)
    r = {c.id: c for c in evaluate(loaded, store).checks}["evals.no_regression"]
    assert r.status == "inconclusive", r.reason
    assert "not evidence" in r.reason and "reused 200" in r.reason
    assert r.fix == FIX
