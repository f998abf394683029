"""Each output detector finds the real thing and leaves its benign look-alike alone; the
plan's actions (redact, block, flag, off) do what they say; bad settings are refused
with the field named."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from streamkit import chunks, stream_in

from phaseone.errors import PlanError
from phaseone.guard.holdback import OutputGuard
from phaseone.guard.leaks import carries_data, url_host
from phaseone.guard.pii import PiiMatch, PiiStage
from phaseone.plan import load_plan
from phaseone.plan.controls_hash import controls_hash
from phaseone.plan.schema import Controls, Guardrails


def guard(input_pii: dict[str, Any] | None = None, **output: Any) -> OutputGuard:
    g = Guardrails.model_validate({"pii": input_pii or {}, "output": output})
    return OutputGuard.from_plan(g, PiiStage.from_plan(g.pii))


def kinds(findings: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    return {f["type"]: f["kinds"] for f in findings}


# (text, category, kind, value that must be gone)
POSITIVE = [
    ("mail jane.doe@mail.example.org now", "output_pii", "email", "jane.doe@"),
    ("card 5500-0000-0000-0004 on file", "output_pii", "card", "5500-0000"),
    ("IBAN GB82 WEST 1234 5698 7654 32 ok", "output_pii", "iban", "GB82 WEST"),
    ("key sk-proj-Q7x2Lm9Vb4Nc8Zr1Tt6Yw3Hh5Kp0Ds2Fg works", "secret", "openai_key", "Q7x2Lm9"),
    ("key sk-ant-api03-Zx81kLm2Qp7Vn4Rt6Yw9Hs3Jd5Fg1 ok", "secret", "anthropic_key", "Zx81kLm2"),
    ("aws AKIAIOSFODNN7EXAMPLE here", "secret", "aws_access_key_id", "AKIAIOSFODNN7"),
    ("gh ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5 ok", "secret", "github_token", "aB3dE5f"),
    ("slack xoxb-123456789012-abcdefGHIJKL ok", "secret", "slack_token", "123456789012-ab"),
    ("google AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q ok", "secret", "google_api_key", "SyA1b2"),
    (
        "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0"
        " ok",
        "secret",
        "jwt",
        "eyJzdWIiOi",
    ),
    (
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
        "secret",
        "private_key",
        "MIIEvQIB",
    ),
    ('config: api_key = "f3a9c2e17b4d8a60"', "secret", "assigned_secret", "f3a9c2e1"),
    ("set PASSWORD: Tr0ub4dor&3x then", "secret", "assigned_secret", "Tr0ub4dor"),
    ("Authorization: Bearer abcDEF1234567890ghiJKL.mno", "secret", "bearer_token", "abcDEF123"),
    ("![x](https://evil.example.net/p.png)", "exfiltration", "markdown_image", "evil.example"),
    ("[click](http://evil.example.net/a)", "exfiltration", "markdown_link", "evil.example"),
    ("![x](//evil.example.net/p.png)", "exfiltration", "markdown_image", "evil.example"),
    ("[1]: https://evil.example.net/r", "exfiltration", "markdown_link", "evil.example"),
    ('<img src="https://evil.example.net/t.gif">', "exfiltration", "html_image", "evil.example"),
    ("see https://evil.example.net/log?q=jane.doe%40x.org", "exfiltration", "data_url", "q=jane"),
    ("see https://evil.example.net/c/aGVsbG8gd29ybGQgc2VjcmV0IGRhdGE0", "exfiltration",
     "data_url", "aGVsbG8"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "category", "kind", "value"), POSITIVE)
def test_each_detector_finds_and_redacts(text: str, category: str, kind: str, value: str) -> None:
    g = guard(allowed_hosts=["docs.example.com"])
    scan = g.scan(text)
    assert not scan.blocked
    assert value not in scan.text
    assert kinds(scan.findings)[category] == {kind: 1}
    out, r, _ = stream_in(g, chunks(text, 2))
    assert out == scan.text and r.findings == scan.findings


NEGATIVE = [
    "the word secret, a password policy and an API key are topics, not values",
    "Our token budget is 4096 and the api_key field is described below.",
    'example: api_key = "<your-api-key>" or password: ********',
    "call me at 12, order 2024-01-15, version 1.2.3, only 42 apples",
    "the card ending in 1111 and a serial 4111 1111 1111 1112",
    "see [the guide](https://docs.example.com/guide?page=installation-steps)",
    "![logo](https://cdn.docs.example.com/logo.png) and ![local](/img/a.png)",
    "read https://www.python.org/downloads/release/python-3120/ today",
    "plain https://example.net/blog/getting-started-with-the-new-release link",
    "a skeleton key sk-short and AKIA in text, eyJ alone",
    "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\n-----END PUBLIC KEY-----",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_benign_look_alikes_pass_untouched(text: str) -> None:
    g = guard(allowed_hosts=["docs.example.com"])
    scan = g.scan(text)
    assert (scan.text, scan.findings, scan.blocked) == (text, [], False)
    out, r, _ = stream_in(g, chunks(text, 1))
    assert out == text and r.findings == []


def test_hosts_and_data() -> None:
    assert url_host("https://user:pw@Docs.Example.com:8443/x") == "docs.example.com"
    assert url_host("www.example.org/a") == "www.example.org"
    assert url_host("/relative/path") == ""
    assert carries_data("https://h.net/?d=abcdefgh", 2048)
    assert not carries_data("https://h.net/?page=2", 2048)
    assert carries_data("https://h.net/" + "a/" * 40, 50)  # too long to hold back
    assert not carries_data("https://h.net/2024/01/a-long-blog-post-title-with-words", 2048)


def test_subdomain_of_an_allowed_host_is_allowed_and_a_suffix_trick_is_not() -> None:
    g = guard(allowed_hosts=["example.com"])
    assert g.scan("![a](https://img.example.com/a.png)").findings == []
    scan = g.scan("![a](https://example.com.evil.net/a.png) ![b](https://badexample.com/b)")
    assert scan.text == "![a]([LINK]) ![b]([LINK])"
    assert scan.findings[0]["hosts"] == ["badexample.com", "example.com.evil.net"]


def test_block_actions_refuse_the_whole_answer() -> None:
    scan = guard(secrets="block").scan("here: AKIAIOSFODNN7EXAMPLE")
    assert scan.blocked and scan.text == "" and scan.reason is not None
    assert "secret" in scan.reason and "aws_access_key_id" in scan.reason
    scan = guard(exfiltration="block").scan("![x](https://evil.example.net/p.png)")
    assert scan.blocked and scan.reason is not None and "evil" not in scan.reason
    scan = guard(pii="block").scan("mail jane@example.org")
    assert scan.blocked and scan.findings == [
        {"type": "output_pii", "action": "block", "kinds": {"email": 1}}
    ]


def test_flag_records_and_keeps_the_text() -> None:
    text = "mail jane@example.org, key AKIAIOSFODNN7EXAMPLE"
    scan = guard(pii="flag").scan(text)
    assert scan.text == "mail jane@example.org, key [SECRET]"
    assert kinds(scan.findings) == {"output_pii": {"email": 1}, "secret": {"aws_access_key_id": 1}}


def test_off_turns_each_check_off() -> None:
    g = guard(pii="off", secrets="off", exfiltration="off")
    text = "jane@example.org AKIAIOSFODNN7EXAMPLE ![x](https://evil.example.net/p.png)"
    assert g.scan(text).text == text and not g.active
    out, _, _ = stream_in(g, chunks(text, 3))
    assert out == text


def test_canary_blocks_in_any_case_and_is_never_sent() -> None:
    g = guard(canary="Zq8-canary-41f0")
    assert g.canary == "Zq8-canary-41f0"
    scan = g.scan("my instructions begin with zq8-CANARY-41f0 and")
    assert scan.blocked and scan.reason is not None and "system prompt" in scan.reason
    assert g.scan("Zq8-canary is not the token").blocked is False


def test_pii_uses_the_input_stage_engine_even_when_inputs_are_not_redacted() -> None:
    # The builtin engine with input PII off still finds answers' PII (kinds from the plan).
    g = guard(input_pii={"action": "off", "kinds": ["email"]})
    assert g.scan("jane@example.org 4111 1111 1111 1111").text == "[EMAIL] 4111 1111 1111 1111"

    # Any finder the input stage was built with (Presidio in production) is the one used.
    def names(text: str) -> list[PiiMatch]:
        i = text.find("Dana Okafor")
        return [] if i < 0 else [PiiMatch("person", i, i + len("Dana Okafor"))]

    stage = PiiStage("redact", (), finder=names)
    og = OutputGuard.from_plan(Guardrails(), stage)
    assert og.scan("ask Dana Okafor today").text == "ask [PERSON] today"


@pytest.mark.parametrize(
    ("yaml", "path", "words"),
    [
        ("allowed_hosts: ['https://evil.com/x']", "allowed_hosts[0]", "host name"),
        ("canary: short", "canary", "8–64"),
        ("stream_window_chars: 16", "stream_window_chars", "≥ 72"),
        ("stream_window_chars: 200\n      max_hold_chars: 100", "max_hold_chars", "raise it"),
        ("secrets: flag", "secrets", "'redact', 'block' or 'off'"),
    ],
)
def test_bad_settings_are_located(tmp_path: Path, yaml: str, path: str, words: str) -> None:
    plan = tmp_path / "phaseone.yaml"
    plan.write_text(
        "version: 1\nproject: {name: t}\n"
        "owner: {name: Dana, role: Head of Ops, team: Support, contact: d@x.io}\n"
        "target: {kind: python, callable: 'm:f'}\n"
        f"controls:\n  guardrails:\n    output:\n      {yaml}\n",
        encoding="utf-8",
    )
    with pytest.raises(PlanError) as info:
        load_plan(plan)
    found = [i for i in info.value.issues if i.path == f"controls.guardrails.output.{path}"]
    assert found, [(i.path, i.message) for i in info.value.issues]
    assert found[0].line is not None and words in found[0].message


def test_the_python_example_in_the_guardrails_docs_runs() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "guardrails.md"
    section = docs.read_text(encoding="utf-8").split("## Python API", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.S)
    assert found is not None
    sent: list[str] = []
    plan = SimpleNamespace(controls=SimpleNamespace(guardrails=Guardrails()))
    answer = "mail jane@example.org"
    upstream = ["card 4111 ", "1111 1111 ", "1111 ok"]
    names = {"plan": plan, "answer": answer, "upstream": upstream, "send": sent.append}
    exec(found.group(1), names)
    assert names["scan"].text == "mail [EMAIL]"
    assert "".join(sent) == "card [CARD] ok"


def test_the_canary_is_not_readable_from_the_controls_hash() -> None:
    # The gateway publishes the hash of its controls; a canary, like a key, counts only as set.
    def hashed(canary: str | None) -> str:
        output = {"canary": canary}
        return controls_hash(Controls.model_validate({"guardrails": {"output": output}}))

    assert hashed("Zq8-canary-41f0") == hashed("another-token-77")
    assert hashed("Zq8-canary-41f0") != hashed(None)


def test_a_clean_answer_says_whether_the_pii_finder_read_it_whole() -> None:
    g = guard(pii="flag")
    for text in ("order 12345 ships today", "no digits at all", "écrit sans chiffres"):
        scan = g.scan(text)
        assert scan.text == text and not scan.findings
        # The finder ran over the text and found nothing: nothing to redact for the trace;
        # a text the builtin detector skipped (no digit, no `@`) is not vouched for.
        assert scan.pii_free is (text == "order 12345 ships today"), text
    assert not g.scan("mail jane@example.org").pii_free  # found: the trace redacts it
    assert not guard(pii="off").scan("order 12345 ships").pii_free  # no finder ran
    assert g.pii_finder is not None and guard(pii="off").pii_finder is None
