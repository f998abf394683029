"""Helpers for the output-guard tests: feed an answer to a stream in pieces."""

from __future__ import annotations

import random

from phaseone.guard.holdback import OutputGuard, StreamRedactor


def stream_in(g: OutputGuard, pieces: list[str]) -> tuple[str, StreamRedactor, list[str]]:
    """(all that was sent, the redactor, what each `feed` and the `close` returned)."""
    r = g.stream()
    sent = [r.feed(p) for p in pieces]
    sent.append(r.close())
    return "".join(sent), r, sent


def chunks(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


def random_split(text: str, rng: random.Random) -> list[str]:
    cuts = sorted(rng.sample(range(1, len(text)), k=min(len(text) - 1, rng.randint(1, 40))))
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
