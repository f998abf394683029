"""PII sent in must not be stored: the trace row must not contain the raw strings."""

from __future__ import annotations

import json

from phaseone.gate.probes._registry import ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext
from phaseone.store.traces import trace_as_dict

#: Synthetic PII: reserved example domain, UK drama number range, a test card number.
SAMPLES = {
    "email": "jane.probe@example.com",
    "phone": "+44 20 7946 0958",
    "card": "4111 1111 1111 1111",
}


@probe(
    "pii_redaction",
    control="pii",
    description="send an e-mail, a phone and a card number; read the stored trace",
)
async def pii_redaction(ctx: ProbeContext) -> ProbeOutcome:
    text = (
        f"Please call me on {SAMPLES['phone']} or mail {SAMPLES['email']}; "
        f"my card is {SAMPLES['card']}."
    )
    reply = await ctx.invoke(text, ctx.general_key())
    trace = await ctx.wait_trace(reply.request_id)
    if trace is None:
        return ProbeOutcome(
            False,
            f"HTTP {reply.status}, but no trace was stored for request "
            f"{reply.request_id}: redaction cannot be verified",
            {"status": reply.status},
        )
    stored = json.dumps(trace_as_dict(trace), ensure_ascii=False, default=str)
    leaked = [kind for kind, raw in SAMPLES.items() if raw in stored]
    ok = not leaked
    return ProbeOutcome(
        ok,
        f"trace {trace.id}: no raw PII stored ({', '.join(SAMPLES)} redacted)"
        if ok
        else f"trace {trace.id} stores raw {', '.join(leaked)}",
        {"status": reply.status, "trace_id": trace.id, "leaked": leaked},
    )
