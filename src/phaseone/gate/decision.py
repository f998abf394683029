"""GO / NO-GO / INCONCLUSIVE from the rubric, stored append-only and hash-chained.

The rule is deliberately simple so an owner can check it by eye: GO when every
blocking check passes (skipped checks do not apply), NO-GO when any blocking check
fails, INCONCLUSIVE when none fails but at least one lacks evidence. Advisory checks
are reported and never change the outcome.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from phaseone.errors import ExitCode
from phaseone.gate.checks import ordered_checks
from phaseone.gate.context import GateContext
from phaseone.gate.model import Check, CheckResult, Evidence
from phaseone.store.database import Store
from phaseone.store.decisions import (
    append_decision,
    check_log_before_append,
    head_file,
    normalise,
)
from phaseone.store.gate_queries import failed_cases
from phaseone.store.probes import skipped_reason

if TYPE_CHECKING:
    from phaseone.plan.loader import LoadedPlan

Outcome = Literal["GO", "NO-GO", "INCONCLUSIVE"]
EXIT_CODES: dict[str, int] = {
    "GO": ExitCode.OK,
    "NO-GO": ExitCode.FAIL,
    "INCONCLUSIVE": ExitCode.INCONCLUSIVE,
}
#: How many failed cases the report shows under "failures worth reading".
MAX_FAILURES = 12
RECORD_VERSION = 1


@dataclass
class DecisionRecord:
    """A decision: its outcome, every check, and the JSON record that is stored and signed."""

    outcome: Outcome
    checks: list[CheckResult]
    record: dict[str, Any]
    seq: int | None = None
    record_hash: str | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.outcome]


def outcome_of(results: list[CheckResult]) -> tuple[Outcome, list[str]]:
    """The decision rule, and the blocking checks that drove it (the "why").

    Every outcome also names, in lines of their own, the checks that pass on a person's
    word (attested) and the controls the plan switched off, so neither hides behind
    "all blocking checks pass".
    """
    blocking = [r for r in results if r.blocking]
    failed = [r for r in blocking if r.status == "fail"]
    lacking = [r for r in blocking if r.status == "inconclusive"]
    if failed:
        also = [f"{r.id} (also lacks evidence): {r.reason}" for r in lacking]
        return "NO-GO", [f"{r.id}: {r.reason}" for r in failed] + also + notes_of(results)
    if lacking:
        return "INCONCLUSIVE", [f"{r.id}: {r.reason}" for r in lacking] + notes_of(results)
    passed = [r for r in blocking if r.status == "pass"]
    attested = [r for r in passed if r.attested]
    measured = len(passed) - len(attested)
    head = f"all {len(passed)} applicable blocking checks pass"
    if attested:
        head += f" ({measured} on software evidence, {len(attested)} on a person's word)"
    return "GO", [head, *notes_of(results)]


def notes_of(results: list[CheckResult]) -> list[str]:
    """What a reader of any outcome must see beside it: attestations and disabled controls."""
    notes = []
    attested = [r for r in results if r.attested]
    if attested:
        notes.append(
            f"{len(attested)} check(s) attested by people, not verified by software: "
            + "; ".join(f"{r.id} ({r.reason})" for r in attested)
        )
    disabled = [r for r in results if r.data.get("disabled_in_plan")]
    if disabled:
        notes.append(
            f"{len(disabled)} control(s) not applicable, disabled in the plan: "
            + "; ".join(f"{r.id} ({r.data['disabled_in_plan']})" for r in disabled)
        )
    return notes


def _apply_attestation(ctx: GateContext, check: Check, result: CheckResult) -> CheckResult:
    """A fresh attestation stands in for missing evidence of an *attestable* check only.

    Attestable checks are about people and process that software cannot observe (see
    `checks._registry.check`). On any other check a person's word would turn evidence the
    gate can produce by measuring into a pass, so it is ignored, and the reason says so.
    An attestation never overrides a failure.
    """
    rows = ctx.attestations.get(result.id) or []
    if not rows or result.status in ("pass", "fail", "skipped"):
        return result
    if not check.attestable:
        result.reason += (
            f" (an attestation by {rows[0].by} exists but does not count: software "
            "verifies this check, so only fresh evidence can pass it)"
        )
        return result
    fresh = [
        a for a in rows if (ctx.now - a.created_at).total_seconds() / 86400 <= ctx.max_age_days
    ]
    if not fresh:
        result.reason += (
            f" (an attestation by {rows[0].by} exists but is older than "
            f"{ctx.max_age_days:g} days: attest again)"
        )
        return result
    a = fresh[0]
    ev = Evidence(
        "attested", f"attestation by {a.by}", a.note, a.created_at, [f"attestation:{a.id}"]
    ).aged(ctx.now)
    result.data["software_reason"] = result.reason
    result.status = "pass"
    result.evidence = [ev, *[e for e in result.evidence if e.kind == "attested"]]
    result.reason = f"attested by {a.by}: {a.note}"
    result.fix = None
    return result


def run_checks(ctx: GateContext) -> list[CheckResult]:
    out = []
    for check in ordered_checks():
        try:
            result = check.fn(ctx, check)
        except Exception as exc:  # a broken check must not hide the others; it lacks evidence
            result = check.inconclusive(
                f"the check could not run: {type(exc).__name__}: {exc}",
                fix="report this as a phaseone bug, with the message",
            )
        out.append(ctx.future_result(check, _apply_attestation(ctx, check, result)))
    return out


def _failures(ctx: GateContext, run_id: str | None) -> list[dict[str, Any]]:
    if run_id is None:
        return []
    rows = failed_cases(ctx.store, run_id, MAX_FAILURES)
    return [
        {
            "case_id": r.case_id,
            "tags": list(r.tags or []),
            "input": r.input,
            "conversation": r.conversation,
            "expected": r.expected,
            "output": r.output,
            "error_kind": r.error_kind,
            "error": r.error_message,
            "scores": {
                k: {kk: vv for kk, vv in (v or {}).items() if kk in ("passed", "value", "reason")}
                for k, v in (r.scores or {}).items()
            },
        }
        for r in rows
    ]


def _suites(ctx: GateContext) -> dict[str, Any]:
    keep = (
        "n",
        "fresh_calls",
        "reused_answers",
        "scored",
        "errors",
        "error_rate",
        "pass_rate",
        "by_tag",
        "latency_ms",
        "cost",
        "verdict",
        "suite_threshold",
        "classification",
        "dataset",
    )
    out: dict[str, Any] = {}
    for s in ctx.plan.suites:
        run = ctx.latest_run(s.name)
        if run is None:
            out[s.name] = {"run_id": None, "tags": list(s.tags), "threshold": s.threshold}
            continue
        summ = ctx.summary(run)
        out[s.name] = {
            "run_id": run.id,
            "tags": list(s.tags),
            "threshold": s.threshold,
            "finished_at": (run.finished_at or run.started_at).isoformat(),
            "dataset_kind": s.dataset.kind,
            **summ.model_dump(mode="json", include=set(keep), exclude_unset=True),
        }
    return out


def _relock_notes(ctx: GateContext) -> list[str]:
    """Intentional re-locks: goalposts moved on purpose (metric or gate bars), with the
    reason given. Shown beside every outcome, not only in the `metric.locked` row."""
    from phaseone.plan.lock import lock_history, relock_lines

    lines = relock_lines(lock_history(ctx.store, ctx.project))
    if not lines:
        return []
    numbered = lines if len(lines) == 1 else [f"({i}) {t}" for i, t in enumerate(lines, 1)]
    return [
        f"the metric and gate bars were re-locked {len(lines)} time(s) after the first lock; "
        + " ".join(numbered)
    ]


def _diagnosis(ctx: GateContext) -> dict[str, Any]:
    """PLAN's stall-risk diagnosis: how the pilot was scoped, in the owner's words."""
    from phaseone.plan.diagnosis import diagnose

    return diagnose(ctx.plan).as_dict()


def build_record(ctx: GateContext, results: list[CheckResult]) -> DecisionRecord:
    from phaseone.gate.checks.cost import projection
    from phaseone.plan.lock import metric_drift

    outcome, reasons = outcome_of(results)
    reasons += _relock_notes(ctx)
    reasons += ctx.clock_notes()
    m = ctx.plan.success_metric
    metric_run = ctx.latest_run(m.suite) if m else None
    metric_data = next((r.data for r in results if r.id == "evals.metric"), {})
    drift = metric_drift(ctx.store, ctx.loaded, ctx.metric_dataset_identity)
    batch = ctx.probe_batch.batch_id if ctx.probe_batch else None
    probes = [
        {
            "probe": p.probe,
            "control": p.control,
            "passed": p.passed,
            "summary": p.summary,
            "batch_id": p.batch_id,
            "at": p.created_at.isoformat(),
            "age_days": round((ctx.now - p.created_at).total_seconds() / 86400, 3),
            "details": p.details,
            # a probe the plan switched off: neither pass nor fail (the report says which)
            "skipped": skipped_reason(p),
        }
        for p in sorted(ctx.probes.values(), key=lambda p: p.probe)
    ]
    baseline = next((r.data.get("baseline") for r in results if r.id == "evals.baseline"), None)
    cost = projection(ctx)
    counts = {
        s: sum(1 for r in results if r.status == s)
        for s in ("pass", "fail", "inconclusive", "skipped")
    }
    record = {
        "version": RECORD_VERSION,
        "outcome": outcome,
        "project": ctx.project,
        "plan_hash": ctx.loaded.content_hash,
        "plan_file": ctx.loaded.path.name,
        "decided_at": ctx.now.isoformat(),
        "reasons": reasons,
        "owner": ctx.plan.owner.model_dump(),
        "metric": {
            "declared": m.model_dump(mode="json") if m else None,
            "run_id": metric_run.id if metric_run else None,
            "result": metric_data.get("metric"),
            "more_cases_needed": metric_data.get("more_cases_needed"),
            # every look at the metric since the lock, and the level this run was judged at
            "looks": metric_data.get("looks"),
        },
        "metric_drift": ({**drift.as_dict(), "describe": drift.describe()} if drift else None),
        "counts": counts,
        "attested": [r.id for r in results if r.attested],
        "disabled_in_plan": [r.id for r in results if r.data.get("disabled_in_plan")],
        "checks": [r.to_dict() for r in results],
        "runs": {
            "metric": metric_run.id if metric_run else None,
            "baseline": baseline,
            "suites": {
                s.name: (r.id if (r := ctx.latest_run(s.name)) else None) for s in ctx.plan.suites
            },
        },
        "suites": _suites(ctx),
        "probe_batch_id": batch,
        "probes": probes,
        "cost": cost.to_json() if cost is not None else None,
        "diagnosis": _diagnosis(ctx),
        "failures": _failures(ctx, metric_run.id if metric_run else None),
        "next_steps": [
            {"check": r.id, "status": r.status, "blocking": r.blocking, "fix": r.fix}
            for r in results
            if r.status in ("fail", "inconclusive") and r.fix
        ],
        "gate": ctx.settings.model_dump(),
        "currency": ctx.plan.project.currency,
    }
    return DecisionRecord(outcome, results, normalise(record), reasons=reasons)


def evaluate(loaded: LoadedPlan, store: Store, *, now: dt.datetime | None = None) -> DecisionRecord:
    """Run every check and build the record, without storing it (`phaseone gate --dry-run`)."""
    ctx = GateContext(loaded, store, now=now or dt.datetime.now(dt.UTC))
    return build_record(ctx, run_checks(ctx))


def decide(loaded: LoadedPlan, store: Store, *, now: dt.datetime | None = None) -> DecisionRecord:
    """Evaluate the gate and append the decision to the hash chain.

    Raises:
        DecisionLogError: the log is broken, its head anchor is missing, or this
            workspace's log belongs to another project; checked before any check runs.
    """
    head = head_file(store, loaded.base_dir)
    check_log_before_append(store, loaded.plan.project.name, head)
    rec = evaluate(loaded, store, now=now)
    row = append_decision(store, loaded.plan.project.name, rec.record, head=head)
    rec.record = dict(row.record)
    rec.seq = row.seq
    rec.record_hash = row.record_hash
    rec.record["record_hash"] = row.record_hash
    return rec


def record_from_row(row: Any) -> dict[str, Any]:
    """A stored decision as the report renders it (the signed record plus its hash)."""
    rec = dict(row.record)
    rec["record_hash"] = row.record_hash
    return rec
