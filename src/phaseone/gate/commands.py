"""What `phaseone verify|gate|report|attest|decisions` do; cli.py only parses and calls.

Each function returns the process exit code and prints with the console it is given,
so the CLI stays thin and the commands are testable in-process.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from phaseone.errors import ExitCode
from phaseone.plan.workspace import open_workspace

if TYPE_CHECKING:
    from phaseone.plan.schema import Controls
    from phaseone.store.probes import ProbeBatch

STATUS_STYLE = {"pass": "green", "fail": "red", "inconclusive": "yellow", "skipped": "dim"}
OUTCOME_STYLE = {
    "GO": "bold white on green",
    "NO-GO": "bold white on red",
    "INCONCLUSIVE": "bold black on yellow",
}


def reports_dir(base_dir: Path) -> Path:
    return base_dir / ".phaseone" / "reports"


def cmd_verify(
    plan: Path, url: str | None, key: str | None, console: Console, only: list[str] | None = None
) -> int:
    from phaseone.gate.probes import PROBES, run_probes
    from phaseone.store.probes import ProbeBatch, batch_results

    for name in only or []:
        PROBES.get(name)  # unknown name → "did you mean …" before anything runs
    loaded, store = open_workspace(plan)
    try:
        batch = run_probes(loaded, store, gateway_url=url, api_key=key, only=only)
        rows = batch_results(store, batch)
        done = ProbeBatch.of(batch, rows)
    finally:
        store.close()
    table = Table(title=f"probes — batch {batch}", title_justify="left")
    for col in ("probe", "control", "result", "what happened"):
        table.add_column(col)
    for r in rows:
        res = "[green]pass[/]" if r.passed else "[red]FAIL[/]"
        table.add_row(r.probe, r.control, res, r.summary)
    console.print(table)
    failed = [r for r in rows if not r.passed]
    console.print(f"{len(rows) - len(failed)}/{len(rows)} probes passed; stored as batch {batch}")
    for line in verify_notes(done, loaded.plan.controls, loaded.path.name):
        console.print(line, highlight=False)
    return ExitCode.FAIL if failed else ExitCode.OK


def verify_notes(batch: ProbeBatch, controls: Controls | None, plan_file: str) -> list[str]:
    """What the gate will make of this batch, said at once (the gate says it again)."""
    from phaseone.plan.controls_hash import controls_hash

    if not batch.deployed:
        return [
            "[yellow]rehearsal[/]: these probes ran against a gateway started inside this "
            "command around a stand-in target, not the deployed one. They show the plan's "
            "controls can work; they cannot support GO. Deploy (`phaseone serve`), then run "
            "`phaseone verify --url URL --key KEY` against it."
        ]
    want = controls_hash(controls)
    if batch.gateway_controls != want:
        got = batch.gateway_controls or "nothing"
        return [
            f"[yellow]not the plan's controls[/]: the gateway at {batch.probed} reported "
            f"controls {got}, {plan_file} has {want}; the gate will not count this batch. "
            f"Redeploy with `phaseone serve --plan {plan_file}` and verify again."
        ]
    if not batch.complete:
        return ["[yellow]partial batch[/]: the gate counts only a run of every probe."]
    return [f"probed the gateway at {batch.probed}, which enforces the plan's controls ({want})"]


def cmd_explain(console: Console) -> int:
    """The rubric as a table: what each check asks, how it is verified, what it cites."""
    from phaseone.gate.checks import ordered_checks
    from phaseone.gate.probes import PROBES

    table = Table(title="checks", title_justify="left", show_lines=True)
    for col in ("check", "kind", "verified by", "cites"):
        table.add_column(col, overflow="fold")
    for c in ordered_checks():
        table.add_row(
            f"{c.id}\n[dim]{c.title}[/]",
            "blocking" if c.blocking else "advisory",
            c.verified_by,
            c.cites,
        )
    console.print(table)
    probes = Table(title="probes (`phaseone verify`)", title_justify="left")
    for col in ("probe", "control", "what it does"):
        probes.add_column(col, overflow="fold")
    for name, p in PROBES.items():
        probes.add_row(name, p.control, p.description + (" [dim](drill)[/]" if p.drill else ""))
    console.print(probes)
    console.print(
        "GO when every blocking check passes; NO-GO when one fails; INCONCLUSIVE when one "
        "lacks evidence. Exit codes 0 / 1 / 3.",
        highlight=False,
    )
    return ExitCode.OK


def cmd_gate(plan: Path, console: Console) -> int:
    from phaseone.gate.decision import decide
    from phaseone.report import write_reports

    loaded, store = open_workspace(plan)
    try:
        rec = decide(loaded, store)
    finally:
        store.close()
    table = Table(show_header=True, header_style="bold")
    for col in ("check", "status", "why"):
        table.add_column(col, overflow="fold")
    for c in rec.checks:
        status = c.status + (" (attested)" if c.attested else "")
        name = c.id + ("" if c.blocking else " [dim](advisory)[/]")
        table.add_row(name, f"[{STATUS_STYLE[c.status]}]{status}[/]", c.reason)
    console.print(table)
    console.print(
        f"decision {rec.seq}: [{OUTCOME_STYLE[rec.outcome]}] {rec.outcome} [/]  "
        f"(record {str(rec.record_hash)[:16]}…; keep it:"
        f" `phaseone decisions verify --anchor {str(rec.record_hash)[:16]}` proves it is still"
        " in the log)"
    )
    for reason in rec.reasons:
        console.print(f"  • {reason}", highlight=False, markup=False)
    paths = write_reports(rec.record, reports_dir(loaded.base_dir))
    for fmt, path in paths.items():
        console.print(f"{fmt:>8}: {path}", highlight=False)
    return rec.exit_code


def cmd_report(plan: Path, fmt: str, out: Path | None, seq: int | None, console: Console) -> int:
    from phaseone.gate.decision import record_from_row
    from phaseone.report import render
    from phaseone.store.decisions import get_decision

    loaded, store = open_workspace(plan)
    try:
        row = get_decision(store, loaded.project, seq)
    finally:
        store.close()
    text = render(record_from_row(row), fmt)
    if out is None:
        console.out(text, end="", highlight=False)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {out}", highlight=False)
    return ExitCode.OK


def cmd_attest(plan: Path, check_id: str, by: str, note: str, console: Console) -> int:
    from phaseone.gate.checks import CHECKS
    from phaseone.store.attestations import add_attestation

    CHECKS.get(check_id)  # unknown id → "did you mean …"
    loaded, store = open_workspace(plan)
    try:
        aid = add_attestation(store, loaded.project, check_id, by=by, note=note)
    finally:
        store.close()
    console.print(
        f"attestation {aid} stored: {check_id} attested by {by}. It counts where software "
        f"evidence is missing, for gate.evidence_max_age_days "
        f"({loaded.plan.gate.evidence_max_age_days:g} days), and reports show it as attested.",
        highlight=False,
    )
    return ExitCode.OK


def cmd_decisions_list(plan: Path, console: Console) -> int:
    from phaseone.store.decisions import list_decisions

    loaded, store = open_workspace(plan)
    try:
        rows = list_decisions(store, loaded.project)
    finally:
        store.close()
    if not rows:
        console.print("no decisions yet: run `phaseone gate`")
        return ExitCode.OK
    from phaseone.humanize import ago

    table = Table()
    for col in ("seq", "when (UTC)", "outcome", "plan", "record hash"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            str(r.seq),
            f"{r.created_at:%Y-%m-%d %H:%M:%S} ({ago(r.created_at)})",
            f"[{OUTCOME_STYLE.get(r.outcome, '')}] {r.outcome} [/]",
            r.plan_hash[:12],
            r.record_hash[:16],
        )
    console.print(table)
    return ExitCode.OK


def cmd_decisions_show(plan: Path, seq: int | None, console: Console) -> int:
    from phaseone.gate.decision import record_from_row
    from phaseone.store.decisions import get_decision

    loaded, store = open_workspace(plan)
    try:
        row = get_decision(store, loaded.project, seq)
    finally:
        store.close()
    console.out(
        json.dumps(record_from_row(row), indent=2, ensure_ascii=False, sort_keys=True),
        highlight=False,
    )
    return ExitCode.OK


def cmd_decisions_verify(plan: Path, console: Console, anchors: Sequence[str] = ()) -> int:
    from phaseone.store.decisions import verify_chain

    loaded, store = open_workspace(plan)
    try:
        report = verify_chain(store, loaded.project, anchors)
    finally:
        store.close()
    if report.ok:
        console.print(
            f"[green]ok[/]: {report.count} decision(s), chain intact"
            + (f", {len(anchors)} anchor(s) found" if anchors else "")
            + f"; head {report.head_hash}",
            highlight=False,
            soft_wrap=True,
        )
        return ExitCode.OK
    console.print(
        f"[red]chain broken[/]: {len(report.problems)} problem(s) in {report.count} decision(s)"
    )
    for p in report.problems:
        console.print(f"  • {p}", highlight=False, markup=False)
    return ExitCode.FAIL
