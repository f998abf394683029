"""What `phaseone verify|gate|report|attest|decisions` do; cli.py only parses and calls.

Each function takes the open `Workspace` (the CLI opens and closes it), returns the
process exit code of its outcome and prints with the console it is given, so the CLI
stays thin and the commands are testable in-process. What can be refused from the
arguments alone (`known_probes`, `attestable_check`) is checked before the CLI opens the
store.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from phaseone.errors import ExitCode, UsageError
from phaseone.plan.workspace import Workspace

if TYPE_CHECKING:
    from phaseone.gate.model import Check
    from phaseone.plan.schema import Controls
    from phaseone.store.probes import ProbeBatch

STATUS_STYLE = {"pass": "green", "fail": "red", "inconclusive": "yellow", "skipped": "dim"}
OUTCOME_STYLE = {
    "GO": "bold white on green",
    "NO-GO": "bold white on red",
    "INCONCLUSIVE": "bold black on yellow",
    "CANARY-ROLLBACK": "red",  # canary steps (`phaseone watch`) share the chain
    "CANARY-PROMOTE": "green",
    "CANARY-HOLD": "yellow",
}


class NotAttestable(UsageError):
    """`phaseone attest` on a check that software verifies (exit 2)."""


def reports_dir(base_dir: Path) -> Path:
    return base_dir / ".phaseone" / "reports"


def known_probes(only: Sequence[str]) -> None:
    """Refuse an unknown probe name with "did you mean …", before anything runs."""
    from phaseone.gate.probes import PROBES

    for name in only:
        PROBES.get(name)


def cmd_verify(
    ws: Workspace,
    url: str | None,
    key: str | None,
    console: Console,
    only: list[str] | None = None,
) -> int:
    from phaseone.gate.probes import run_probes
    from phaseone.store.probes import ProbeBatch, batch_results, skipped_reason

    known_probes(only or [])
    batch = run_probes(ws.loaded, ws.store, gateway_url=url, api_key=key, only=only)
    rows = batch_results(ws.store, batch)
    done = ProbeBatch.of(batch, rows)
    table = Table(title=f"probes — batch {batch}", title_justify="left")
    for col in ("probe", "control", "result", "what happened"):
        table.add_column(col)
    skipped = [r for r in rows if skipped_reason(r)]
    for r in rows:
        if r in skipped:
            res = "[yellow]skipped[/]"
        else:
            res = "[green]pass[/]" if r.passed else "[red]FAIL[/]"
        table.add_row(r.probe, r.control, res, r.summary)
    console.print(table)
    # A probe the plan scoped out did not run: it neither passes nor fails the command.
    ran = [r for r in rows if r not in skipped]
    failed = [r for r in ran if not r.passed]
    console.print(
        f"{len(ran) - len(failed)}/{len(ran)} probes passed"
        + (f", {len(skipped)} skipped (disabled in the plan)" if skipped else "")
        + f"; stored as batch {batch}"
    )
    for line in verify_notes(done, ws.plan.controls, ws.plan_path.name):
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


def cmd_gate(ws: Workspace, console: Console) -> int:
    from phaseone.gate.decision import decide
    from phaseone.report import write_reports
    from phaseone.store.decisions import head_file

    rec = decide(ws.loaded, ws.store)
    table = Table(show_header=True, header_style="bold")
    for col in ("check", "status", "why"):
        table.add_column(col, overflow="fold")
    for c in rec.checks:
        status = c.status + (" (attested)" if c.attested else "")
        name = c.id + ("" if c.blocking else " [dim](advisory)[/]")
        table.add_row(name, f"[{STATUS_STYLE[c.status]}]{status}[/]", c.reason)
    console.print(table)
    attested = [c.id for c in rec.checks if c.attested]
    by_people = f" — {len(attested)} check(s) attested by people" if attested else ""
    console.print(
        f"decision {rec.seq}: [{OUTCOME_STYLE[rec.outcome]}] {rec.outcome} [/]{by_people}  "
        f"(record {str(rec.record_hash)[:16]}…; keep it:"
        f" `phaseone decisions verify --anchor {str(rec.record_hash)[:16]}` proves it is still"
        " in the log)"
    )
    head = head_file(ws.store, ws.base_dir)
    if head is not None:
        console.print(f"head anchor: {head} (decision {rec.seq})", highlight=False)
    for reason in rec.reasons:
        console.print(f"  • {reason}", highlight=False, markup=False)
    paths = write_reports(rec.record, reports_dir(ws.base_dir))
    for fmt, path in paths.items():
        console.print(f"{fmt:>8}: {path}", highlight=False)
    return rec.exit_code


def cmd_report(ws: Workspace, fmt: str, out: Path | None, seq: int | None, console: Console) -> int:
    from phaseone.gate.decision import record_from_row
    from phaseone.report import render
    from phaseone.store.decisions import CANARY_PREFIX, get_decision

    row = get_decision(ws.store, ws.project, seq)
    if row.outcome.startswith(CANARY_PREFIX):
        raise UsageError(
            f"decision {row.seq} is a canary step ({row.outcome}), not a gate decision: it has"
            " no report",
            fix=f"`phaseone decisions show {row.seq}` prints its record and evidence",
        )
    text = render(record_from_row(row), fmt)
    if out is None:
        console.out(text, end="", highlight=False)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {out}", highlight=False)
    return ExitCode.OK


def attestable_check(check_id: str) -> Check:
    """The check a person may vouch for; refused (exit 2) with "did you mean …" for an
    unknown id, and with the evidence to produce for a check that software verifies."""
    from phaseone.gate.checks import CHECKS

    check = CHECKS.get(check_id)
    if not check.attestable:
        raise NotAttestable(
            f"{check_id} cannot be attested: software verifies it ({check.verified_by}), so a "
            "person's word cannot stand in for the evidence",
            fix=f"produce the evidence instead: {check.fix} (`phaseone gate` names the exact "
            "step for the check's current state)",
        )
    return check


def cmd_attest(ws: Workspace, check_id: str, by: str, note: str, console: Console) -> int:
    from phaseone.store.attestations import add_attestation

    attestable_check(check_id)
    aid = add_attestation(ws.store, ws.project, check_id, by=by, note=note)
    console.print(
        f"attestation {aid} stored: {check_id} attested by {by}. It counts where software "
        f"evidence is missing, for gate.evidence_max_age_days "
        f"({ws.plan.gate.evidence_max_age_days:g} days), and every report lists it as "
        "attested by people.",
        highlight=False,
    )
    return ExitCode.OK


def cmd_decisions_list(ws: Workspace, console: Console) -> int:
    from phaseone.store.decisions import list_decisions, signed_time

    rows = list_decisions(ws.store, ws.project)
    if not rows:
        console.print("no decisions yet: run `phaseone gate`")
        return ExitCode.OK
    table = Table()
    for col in ("seq", "decided (UTC, signed)", "outcome", "plan", "record hash"):
        table.add_column(col)
    for r in rows:
        # The time inside the hashed record, never the row's own created_at column: a
        # column edited in the database must not show as the decision's date.
        signed = signed_time(r)
        when = f"{_utc(signed)} ({_ago_iso(signed)})" if signed else "[dim]unsigned[/]"
        table.add_row(
            str(r.seq),
            when,
            f"[{OUTCOME_STYLE.get(r.outcome, '')}] {r.outcome} [/]",
            r.plan_hash[:12],
            r.record_hash[:16],
        )
    console.print(table)
    return ExitCode.OK


def _ago_iso(iso: str) -> str:
    """How long ago an ISO time was, in words ("3 hours ago"); the text itself if unreadable."""
    import datetime as dt

    from phaseone.humanize import ago

    try:
        return ago(dt.datetime.fromisoformat(iso))
    except ValueError:
        return iso


def _utc(iso: str) -> str:
    import datetime as dt

    try:
        at = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
    return f"{at.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S}"


def cmd_decisions_show(ws: Workspace, seq: int | None, console: Console) -> int:
    from phaseone.gate.decision import record_from_row
    from phaseone.store.decisions import get_decision

    row = get_decision(ws.store, ws.project, seq)
    console.out(
        json.dumps(record_from_row(row), indent=2, ensure_ascii=False, sort_keys=True),
        highlight=False,
    )
    return ExitCode.OK


def cmd_decisions_verify(ws: Workspace, console: Console, anchors: Sequence[str] = ()) -> int:
    from phaseone.store.decisions import FIELDS_COVERED, head_file, verify_chain

    head = head_file(ws.store, ws.base_dir)
    report = verify_chain(ws.store, ws.project, anchors, head=head)
    say = console.print
    last = report.head_seq
    say(f"decision log of {ws.project!r}:", highlight=False)
    say(
        f"  entries   {report.count}" + (f" (seq 1..{last})" if last else ""),
        highlight=False,
    )
    say(
        "  chain     every record re-hashed (sha256) and linked to the one before it",
        highlight=False,
    )
    say(f"  fields    {FIELDS_COVERED}", highlight=False, soft_wrap=True)
    if report.legacy:
        say(
            f"            {report.legacy} decision(s) predate hash version 2: their"
            " created_at column is not covered (`decisions list` shows their signed"
            " decided_at, which is)",
            highlight=False,
            soft_wrap=True,
        )
    if head is None:
        say("  head      no anchor file for this store", highlight=False)
    elif report.head_started:
        say(f"  head      {head}: started now at decision {last} (none before)", highlight=False)
    elif report.head_entries:
        extra = (
            f"; {report.unanchored} newer decision(s) were appended elsewhere"
            if report.unanchored
            else ""
        )
        say(
            f"  head      {head}: {report.head_entries} anchored decision(s) checked{extra}",
            highlight=False,
            soft_wrap=True,
        )
    else:
        say(f"  head      {head}: none yet (written by the next `phaseone gate`)", highlight=False)
    if anchors:
        say(f"  anchors   {report.anchors_found}/{len(anchors)} found", highlight=False)
    if report.head_hash and report.ok:  # an anchor to keep only from a log that holds
        say(
            f"  head hash {report.head_hash}\n            keep it outside this machine (a CI"
            " log, a ticket) and check later with `phaseone decisions verify --anchor"
            f" {report.head_hash[:16]}`",
            highlight=False,
            soft_wrap=True,
        )
    if report.ok:
        say(
            f"[green]ok[/]: {report.count} decision(s), chain intact"
            + (f", {report.anchors_found} anchor(s) found" if anchors else ""),
            highlight=False,
        )
        return ExitCode.OK
    say(f"[red]chain broken[/]: {len(report.problems)} problem(s) in {report.count} decision(s)")
    for p in report.problems:
        say(f"  • {p}", highlight=False, markup=False, soft_wrap=True)
    return ExitCode.FAIL
