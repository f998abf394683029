"""The gate on a real phase one: real runner summaries, real gateway probes, GO."""

from __future__ import annotations

from builders import Pilot

from phaseone.gate import evaluate
from phaseone.report import render


def test_real_pilot_is_go(pilot: Pilot) -> None:
    rec = evaluate(pilot.loaded, pilot.store)
    statuses = {c.id: (c.status, c.reason) for c in rec.checks}
    not_ok = {
        k: v
        for k, v in statuses.items()
        if v[0] not in ("pass", "skipped") and k != "reliability.live_traffic"
    }
    assert not_ok == {}
    assert rec.outcome == "GO"
    assert rec.record["runs"]["metric"] == pilot.runs["main"].id
    assert rec.record["probe_batch_id"] == pilot.batch
    metric = rec.record["metric"]["result"]
    assert metric["verdict"] == "PASS" and metric["n"] == 150
    assert rec.record["failures"], "the rule's wrong answers are failures worth reading"
    html = render(rec, "html")
    assert "m007" in html  # a failed case id from the live SQL data
