"""What the default input guardrails cost on a conversation, read whole or message by message.

A chat app resends its system prompt (and the conversation so far) with every request. The
gateway's input stages (PII, then the injection rules; `InputGuardrails`) read each message
of a conversation once per API key (`phaseone.guard.seen_texts`); read whole, they would
read the system prompt again on every turn. Both ways run here side by side, in one
process, taking turns round by round: the same stages, the same system prompt, each call
a new user turn (numbered, as no user sends the same turn twice). Timed in the thread's
CPU time (`time.thread_time`), so another job on the core does not count.

Reported per system-prompt size: p50 / p99 in µs per request, read whole and by message,
and the ratio of the p50s; and that both ways reached the same decisions.

Run: ``python -m bench conversation [--rounds 5] [-n 400]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from phaseone.guard.injection import InjectionStage
from phaseone.guard.input_guardrails import InputGuardrails
from phaseone.guard.limits import InputLimits
from phaseone.guard.pii import ALL_KINDS, PiiStage
from phaseone.plan.schema import LimitsControl
from phaseone.store.trace_row import TraceRow

#: A support bot's system prompt, as apps write them (policies, tone, what not to do).
POLICY = (
    "You are the customer support assistant of Example Travel. Answer in the customer's "
    "language, briefly and politely. You may look up bookings by their reference, explain "
    "fares, baggage allowances and change fees, and help customers rebook within the rules "
    "of their ticket. Do not promise refunds the fare rules do not allow; offer to pass the "
    "case to a human agent instead. Never ask for full card numbers or passwords. "
)
TURN = "Hi, my flight EX{n} tomorrow was cancelled; can I rebook onto the evening one?"


def system_prompt(chars: int) -> str:
    """`POLICY` repeated to `chars` characters (at least one sentence)."""
    return (POLICY * (chars // len(POLICY) + 1))[: max(chars, 32)]


def _guardrails() -> InputGuardrails:
    return InputGuardrails(
        InputLimits(LimitsControl()),
        PiiStage("redact", ALL_KINDS),
        InjectionStage("block", 0.5),
        store_io=False,
    )


def _one(guard: InputGuardrails, messages: list[str], key: str | None) -> tuple[float, str]:
    """One request's input check; `key` None reads the conversation whole (the text as
    the stages saw it before messages were read one by one)."""
    trace = TraceRow("r", "bench")
    trace.key_name = "app"
    t0 = time.thread_time()
    if key is None:
        text = guard.limits.check(messages)
        target, _, pii = guard.pii.apply(messages)
        if target is not messages:
            text = "\n".join(reversed(target))
        injection = guard.injection.check(text)
        found = [f for f in (pii, injection) if f is not None]
    else:
        _run(guard.check(messages, trace))
        found = trace.findings
    took = time.thread_time() - t0
    return took, repr(found)


def _run(coro: Any) -> Any:
    try:
        return coro.send(None)
    except StopIteration as done:  # the check awaits nothing for these stages
        return done.value


def measure(chars: int, rounds: int, n: int) -> dict[str, Any]:
    """Whole and by-message timings for one system-prompt size."""
    system = system_prompt(chars)
    whole, by_message = _guardrails(), _guardrails()
    times: dict[str, list[float]] = {"whole": [], "by message": []}
    decisions: dict[str, list[str]] = {"whole": [], "by message": []}
    i = 0
    for _ in range(rounds):
        for name, guard, key in (("whole", whole, None), ("by message", by_message, "app")):
            for j in range(n):
                messages = [system, TURN.format(n=100 + i + j)]
                took, said = _one(guard, messages, key)
                times[name].append(took)
                decisions[name].append(said)
        i += n
    out: dict[str, Any] = {"chars": len(system)}
    for name, samples in times.items():
        s = sorted(samples)
        out[name] = (statistics.median(s) * 1e6, s[int(len(s) * 0.99) - 1] * 1e6)
    out["ratio"] = out["whole"][0] / out["by message"][0]
    out["same decisions"] = decisions["whole"] == decisions["by message"]
    return out


def main(argv: list[str] | None = None) -> dict[int, dict[str, Any]]:
    parser = argparse.ArgumentParser(prog="bench conversation")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("-n", type=int, default=400, help="requests per round and way")
    parser.add_argument("--sizes", default="32,1000,4000", help="system prompt characters")
    args = parser.parse_args(argv if argv is not None else [])
    results = {}
    print("the default input guardrails (PII + injection rules), µs per request, p50 / p99")
    print(f"{'system prompt':>14} {'read whole':>16} {'by message':>16} {'ratio':>7} same")
    for chars in (int(c) for c in args.sizes.split(",")):
        r = measure(chars, args.rounds, args.n)
        results[chars] = r
        w, m = r["whole"], r["by message"]
        print(
            f"{r['chars']:>12} ch {w[0]:>8.1f} /{w[1]:>6.0f} {m[0]:>8.1f} /{m[1]:>6.0f}"
            f" {r['ratio']:>6.1f}x {'yes' if r['same decisions'] else 'NO'}"
        )
    return results


if __name__ == "__main__":
    main()
