"""`HeldToolCalls` and `scan_tool_calls` on their own: however an upstream splits (or
interleaves) a tool call's arguments, what is sent is the scan of the whole arguments."""

from __future__ import annotations

import json
import random
from typing import Any

from phaseone.guard.holdback import OutputGuard
from phaseone.guard.output_values import merge_findings
from phaseone.guard.pii import PiiStage
from phaseone.guard.tool_calls import HeldToolCalls, scan_tool_calls
from phaseone.plan.schema import Guardrails

SECRET = "sk-abcdefghijklmnopqrstuvwxyz0123"
LEAKY = json.dumps({"to": "ann@example.com", "key": SECRET})
CLEAN = json.dumps({"city": "Lisbon"})


def guard(**output: Any) -> OutputGuard:
    g = Guardrails.model_validate({"pii": {"action": "redact"}, "output": output})
    return OutputGuard.from_plan(g, PiiStage.from_plan(g.pii))


def call(i: int, args: str) -> dict[str, Any]:
    return {"id": f"c{i}", "type": "function", "function": {"name": f"f{i}", "arguments": args}}


def deltas(i: int, args: str, rng: random.Random) -> list[dict[str, Any]]:
    """Call `i` as a stream writes it: id and name first, then random pieces."""
    out: list[dict[str, Any]] = [{"index": i, **call(i, "")}]
    at = 0
    while at < len(args):
        n = rng.randint(1, 6)
        out.append({"index": i, "function": {"arguments": args[at : at + n]}})
        at += n
    return out


def test_interleaved_pieces_are_joined_before_the_scan() -> None:
    """Two parallel calls whose pieces alternate: the secret, in pieces with the other
    call's between them, is still found, and the clean call is sent as written."""
    g = guard()
    for seed in range(20):
        rng = random.Random(seed)
        a, b = deltas(0, LEAKY, rng), deltas(1, CLEAN, rng)
        mixed = [a[0], b[0]] + [d for pair in zip(a[1:], b[1:], strict=False) for d in pair]
        mixed += a[len(b) :] + b[len(a) :]
        held = HeldToolCalls(g)
        for d in mixed:
            held.feed([d])
        assert held.held == 2
        out = held.close()
        assert out is not None and held.held == 0
        assert [c["id"] for c in out] == ["c0", "c1"]
        assert out[1]["function"]["arguments"] == CLEAN
        assert json.loads(out[0]["function"]["arguments"]) == {"to": "[EMAIL]", "key": "[SECRET]"}
        assert {f["type"] for f in held.findings} == {"output_pii", "secret"}


def test_block_withholds_every_call_and_says_why() -> None:
    held = HeldToolCalls(guard(secrets="block"))
    for d in deltas(0, CLEAN, random.Random(1)) + deltas(1, LEAKY, random.Random(2)):
        held.feed([d])
    assert held.close() is None
    assert held.blocked and "secret" in (held.reason or "")


def test_clean_calls_come_back_unchanged_and_without_findings() -> None:
    calls = [call(0, CLEAN), call(1, "")]
    scan = scan_tool_calls(guard(), calls)
    assert scan.calls == calls and scan.findings == [] and not scan.blocked


def test_custom_tool_input_is_scanned_too() -> None:
    tool = {"name": "shell", "input": f"export K={SECRET}"}
    custom = {"id": "c9", "type": "custom", "custom": tool}
    scan = scan_tool_calls(guard(), [custom])
    assert scan.calls is not None
    assert SECRET not in scan.calls[0]["custom"]["input"]


def test_merge_findings_adds_counts() -> None:
    one = [{"type": "secret", "action": "redact", "kinds": {"openai_key": 1}}]
    two = [
        {"type": "secret", "action": "redact", "kinds": {"openai_key": 2, "jwt": 1}},
        {"type": "exfiltration", "action": "redact", "kinds": {"url": 1}, "hosts": ["a.example"]},
    ]
    merged = merge_findings([one, two])
    assert merged[0]["kinds"] == {"openai_key": 3, "jwt": 1}
    assert merged[1]["hosts"] == ["a.example"]
    assert one[0]["kinds"] == {"openai_key": 1}  # the inputs are not changed


def test_deltas_without_an_index_are_told_apart_by_their_ids() -> None:
    """Some servers leave ``index`` out: a new ``id`` starts a new call, pieces without
    one continue the last call (two calls are not glued into one)."""
    held = HeldToolCalls(guard())
    for i, args in ((0, CLEAN), (1, LEAKY)):
        for d in deltas(i, args, random.Random(i)):
            del d["index"]
            held.feed([d])
    out = held.close()
    assert out is not None and [c["id"] for c in out] == ["c0", "c1"]
    assert out[0]["function"]["arguments"] == CLEAN
    assert json.loads(out[1]["function"]["arguments"]) == {"to": "[EMAIL]", "key": "[SECRET]"}
