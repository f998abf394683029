"""A guardrail the plan switches off explicitly is skipped by `verify`, as the gate skips it.

Before: `phaseone verify --url` ran `prompt_injection` although the plan said
`controls.guardrails.injection.action: off`, the probe failed, and verify exited 1 while
the gate called `controls.injection` not applicable. Here a real gateway is probed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from builders import go_evidence
from deployed import deployed_gateway
from test_probe_deployed import _plan_data, _write

from phaseone.gate import decide
from phaseone.plan.workspace import open_workspace
from phaseone.report.render import render
from phaseone.store.probes import batch_for_gate, skipped_reason
from servers import JsonServer

INJ = "controls.guardrails.injection.action: off"
PII = "controls.guardrails.pii.action: off"


def _verify(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str):
    from phaseone.cli import main

    monkeypatch.setattr(sys, "argv", ["phaseone", "verify", *args])
    monkeypatch.setenv("COLUMNS", "250")
    with pytest.raises(SystemExit) as exc:
        main()
    return exc.value.code, capsys.readouterr().out


@pytest.mark.parametrize(
    ("guardrails", "skipped"),
    [
        ({"injection": {"action": "off"}}, {"prompt_injection": INJ}),
        (
            {"injection": {"action": "off"}, "pii": {"action": "off"}},
            {"prompt_injection": INJ, "pii_redaction": PII},
        ),
    ],
)
def test_verify_skips_a_probe_whose_control_the_plan_disables(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    spam_server: JsonServer,
    guardrails: dict[str, Any],
    skipped: dict[str, str],
) -> None:
    data = _plan_data(tmp_path, spam_server)
    data["controls"]["guardrails"] = guardrails
    plan = _write(tmp_path, "phaseone.yaml", data)
    assert yaml.safe_load(plan.read_text())["controls"]["guardrails"] == guardrails
    loaded, store = open_workspace(plan)
    try:
        go_evidence(store, loaded, probes=False)
        with deployed_gateway(loaded, store) as gw:
            code, out = _verify(monkeypatch, capsys, "-p", str(plan), "--url", gw.url,
                                "--key", gw.key)  # fmt: skip
        assert code == 0, out
        for name, setting in skipped.items():
            assert name in out and f"disabled in the plan ({setting})" in out
        assert f"{len(skipped)} skipped (disabled in the plan)" in out
        assert "FAIL" not in out

        batch = batch_for_gate(store, loaded.plan.project.name)
        assert batch is not None and batch.deployed and batch.complete
        for name, setting in skipped.items():
            row = batch.rows[name]
            assert skipped_reason(row) == setting
            assert not row.passed  # a skip proves nothing
            assert row.summary == f"disabled in the plan ({setting})"
        ran = [r for n, r in batch.rows.items() if n not in skipped]
        assert ran and all(r.passed and skipped_reason(r) is None for r in ran)

        rec = decide(loaded, store)
        assert rec.record["probe_batch_id"] == batch.batch_id
        checks = {c.id: c for c in rec.checks if c.id.startswith("controls.")}
        for cid, c in checks.items():
            control = cid.removeprefix("controls.")
            if control in ("injection", "pii") and any(
                batch.rows[n].control == control for n in skipped
            ):
                assert c.status == "skipped" and "disabled in the plan" in c.reason, c
            else:
                assert c.status in ("pass", "skipped"), (cid, c.status, c.reason)
        assert checks["controls.limits"].status == "pass"
        assert rec.outcome == "GO", rec.reasons

        # The report names a skipped probe as skipped (with the plan's setting), not FAIL.
        probes = {p["probe"]: p for p in rec.record["probes"]}
        md, html = render(rec.record, "markdown"), render(rec.record, "html")
        for name, setting in skipped.items():
            assert probes[name]["skipped"] == setting
            row = next(line for line in md.splitlines() if line.startswith(f"| {name} |"))
            assert "| skipped |" in row and "FAIL" not in row, row
            assert f"disabled in the plan ({setting})" in row
        rows = [line for line in md.splitlines() if line.split(" | ")[0][2:] in probes]
        assert len(rows) == len(probes) and not any("FAIL" in line for line in rows), rows
        assert html.count('class="st st-skipped">skipped</span>') == len(skipped)
    finally:
        store.close()
