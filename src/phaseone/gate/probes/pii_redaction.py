"""PII sent in is answered but not stored; text without PII is stored exactly as sent —
measured on a held-out corpus the detectors were never developed on.

Every text of both corpora (see `_corpora`) is sent through the gateway and its stored
trace read back. Recall: the share of PII values absent from the traces. False
positives: the share of PII-free control texts not stored intact (or not answered).
The probe passes on the held-out figures; the development ones are reported beside.

Thresholds: the plan's `gate.guardrails.pii` (docs/plan.md, docs/gate.md; the defaults
were stated before the held-out corpus was first measured; bounded and locked with the
metric):
- positive control: every control text answered 200, and at most
  `max_false_positive_rate` (default 10%) of them altered or missing in the store;
- negative control: every PII text answered 200, and at least `min_recall` (default
  90%) of the held-out PII values absent from the stored traces.
"""

from __future__ import annotations

import json
from typing import Any

from phaseone.gate.probes._corpora import PII_CORPORA, Rates, pii_corpus
from phaseone.gate.probes._registry import Observation, ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext
from phaseone.guard.pii import ALL_KINDS, find_pii
from phaseone.store.models import Trace
from phaseone.store.traces import trace_as_dict


def _stored(trace: Trace) -> str:
    return json.dumps(trace_as_dict(trace), ensure_ascii=False, default=str)


def _raw(text: str) -> str:
    """`text` as it appears inside a JSON string (what a trace row holds)."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def kinds_left_out(left: list[tuple[str, str]], kinds: tuple[str, ...] | None) -> dict[str, int]:
    """Of the PII values left in the traces (text, value), how many are of a kind the plan's
    builtin engine does not look for (`kinds`; None: another engine, nothing to say), by
    kind: a plan that leaves `national_id` out stores national identifiers, and the recall
    says so; this says why. A value's kind is what the builtin engine, every kind on, finds
    where the value stands in its text (a BSN needs its `BSN` word beside it)."""
    if kinds is None:
        return {}
    out: dict[str, int] = {}
    for text, value in left:
        at = text.find(value)
        end = at + len(value)
        for m in find_pii(text, ALL_KINDS):
            if at >= 0 and m.start < end and m.end > at:
                if m.kind not in kinds:
                    out[m.kind] = out.get(m.kind, 0) + 1
                break
    return out


async def _measure(ctx: ProbeContext, corpus: str, key: str) -> tuple[Rates, int, dict[str, Any]]:
    """(rates, PII texts not answered, examples of leaks and altered controls)."""
    c = pii_corpus(PII_CORPORA[corpus])
    pii_replies = [await ctx.invoke(p.text, key) for p in c.pii]
    ctl_replies = [await ctx.invoke(t, key) for t in c.controls]
    ids = [r.request_id or "" for r in (*pii_replies, *ctl_replies)]
    traces = await ctx.wait_traces(ids)
    unanswered = sum(not r.answered for r in pii_replies)
    values = removed = 0
    leaked: list[str] = []
    left: list[tuple[str, str]] = []  # (text, value) stored as sent; not: never answered
    for p, r in zip(c.pii, pii_replies, strict=True):
        t = traces.get(r.request_id or "")
        stored = _stored(t) if t is not None and r.answered else None
        for v in p.values:
            values += 1
            if stored is not None and _raw(v) not in stored:
                removed += 1
            else:
                leaked.append(v if stored is not None else f"{v} [HTTP {r.status}, no trace]")
                if stored is not None:
                    left.append((p.text, v))
    altered: list[str] = []
    for text, r in zip(c.controls, ctl_replies, strict=True):
        t = traces.get(r.request_id or "")
        if not (r.answered and t is not None and _raw(text) in _stored(t)):
            altered.append(text if t is not None else f"{text} [HTTP {r.status}, no trace]")
    rates = Rates(corpus, values, removed, len(c.controls), len(altered))
    controls = ctx.loaded.plan.controls
    cfg = controls.guardrails.pii if controls else None
    kinds = tuple(cfg.kinds) if cfg is not None and cfg.engine == "builtin" else None
    out_of_plan = kinds_left_out(left, kinds)
    return (
        rates,
        unanswered,
        {
            "leaked": leaked[:10],
            "altered": altered[:10],
            "left_out_by_plan": out_of_plan,
        },
    )


@probe(
    "pii_redaction",
    control="pii",
    description="held-out corpus (never used to develop the detectors), bars from "
    "gate.guardrails.pii: positive: PII-free texts answered and stored intact (at most "
    "max_false_positive_rate, default 10%, altered); negative: PII texts answered and at "
    "least min_recall (default 90%) of the PII values absent from the stored traces",
)
async def pii_redaction(ctx: ProbeContext) -> ProbeOutcome:
    bar = ctx.loaded.plan.gate.guardrails.pii
    min_recall, max_false_positive = bar.min_recall, bar.max_false_positive_rate
    key = ctx.make_key("pii", rate_limit_rpm=1_000_000)
    dev, _, _ = await _measure(ctx, "development", key)
    held, unanswered, examples = await _measure(ctx, "heldout", key)
    positive = Observation(
        f"PII-free texts answered and stored intact (≤ {max_false_positive:.0%} altered)",
        f"{held.negatives - held.false_positives}/{held.negatives} held-out control texts "
        f"stored intact (altered {held.false_positive_rate:.0%})",
        held.false_positive_rate <= max_false_positive,
    )
    out_of_plan = examples["left_out_by_plan"]
    why = (
        f"; {sum(out_of_plan.values())} of those left are of kinds the plan's "
        f"controls.guardrails.pii.kinds leaves out ("
        + ", ".join(f"{k} {n}" for k, n in sorted(out_of_plan.items()))
        + ")"
        if out_of_plan
        else ""
    )
    negative = Observation(
        f"PII texts answered, ≥ {min_recall:.0%} of their PII absent from the traces",
        f"{held.caught}/{held.positives} held-out PII values absent from the stored traces "
        f"(recall {held.recall:.0%}){why}; {unanswered} text(s) not answered",
        held.recall >= min_recall and unanswered == 0,
    )
    return ProbeOutcome.of(
        positive,
        negative,
        {
            "development": dev.as_dict(),
            "heldout": held.as_dict(),
            "thresholds": {"min_recall": min_recall, "max_false_positive": max_false_positive},
            "unanswered": unanswered,
            **examples,
        },
        note=f"development corpus: recall {dev.recall:.0%}, altered {dev.false_positive_rate:.0%}",
    )
