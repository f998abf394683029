"""The texts the injection and PII probes send, kept apart from the guardrails' own.

Detection figures measured on the texts a detector was written against say little about
the texts it will meet. So two corpora are shipped in ``phaseone/guard/data``:

- **development** (``injection_attacks.txt``, ``benign.txt``, ``dev_pii.yaml``, and the
  texts in ``tests/guard``): what the rules were developed and unit-tested on;
- **held-out** (``heldout_injection_attacks.txt``, ``heldout_benign.txt``,
  ``heldout_pii.yaml``): written separately, in several languages and wordings, with
  benign look-alikes full of trigger words; never used to tune the rules.

The probes send both and report both, but pass or fail only on the held-out figures.
`near_duplicate` is the rule that keeps the two apart (tests/gate/test_probe_corpora.py):
no held-out text may share half or more of its character 5-grams with a development text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

#: Character n-gram size and Jaccard bound of the near-duplicate rule.
SHINGLE = 5
MAX_JACCARD = 0.5

INJECTION_CORPORA = {
    "development": ("injection_attacks.txt", "benign.txt"),
    "heldout": ("heldout_injection_attacks.txt", "heldout_benign.txt"),
}
PII_CORPORA = {"development": "dev_pii.yaml", "heldout": "heldout_pii.yaml"}


def _data(name: str) -> str:
    return resources.files("phaseone.guard").joinpath("data", name).read_text(encoding="utf-8")


@cache
def text_corpus(name: str) -> tuple[str, ...]:
    """One text per line; ``#`` lines and blank lines skipped; ``\\n`` stands for a newline."""
    return tuple(
        ln.strip().replace("\\n", "\n")
        for ln in _data(name).splitlines()
        if ln.strip() and not ln.startswith("#")
    )


@dataclass(frozen=True)
class PiiText:
    """A text with PII in it and the exact substrings that must not reach a trace."""

    text: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class PiiCorpus:
    pii: tuple[PiiText, ...]
    #: Texts without PII that must be stored exactly as sent.
    controls: tuple[str, ...]


@cache
def pii_corpus(name: str) -> PiiCorpus:
    raw: Any = yaml.safe_load(_data(name))
    return PiiCorpus(
        tuple(PiiText(str(p["text"]), tuple(str(v) for v in p["values"])) for p in raw["pii"]),
        tuple(str(c) for c in raw["controls"]),
    )


def normalise(text: str) -> str:
    """NFKC, case-folded, every run of non-alphanumerics one space: wording, not layout."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def shingles(text: str, n: int = SHINGLE) -> frozenset[str]:
    t = normalise(text)
    if len(t) <= n:
        return frozenset({t})
    return frozenset(t[i : i + n] for i in range(len(t) - n + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def near_duplicate(text: str, others: list[str] | tuple[str, ...]) -> tuple[float, str | None]:
    """The highest 5-gram Jaccard of `text` against `others`, and that text."""
    mine = shingles(text)
    best, which = 0.0, None
    for o in others:
        j = jaccard(mine, shingles(o))
        if j > best:
            best, which = j, o
    return best, which


@dataclass(frozen=True)
class Rates:
    """Detection on one corpus: of `positives` bad texts `caught`; of `negatives` good
    texts `false_positives` were treated as bad (or not served)."""

    corpus: str
    positives: int
    caught: int
    negatives: int
    false_positives: int

    @property
    def recall(self) -> float:
        return self.caught / self.positives if self.positives else 0.0

    @property
    def false_positive_rate(self) -> float:
        return self.false_positives / self.negatives if self.negatives else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "recall": self.recall,
            "false_positive_rate": self.false_positive_rate,
            "caught": self.caught,
            "positives": self.positives,
            "false_positives": self.false_positives,
            "negatives": self.negatives,
        }

    def line(self) -> str:
        return (
            f"{self.corpus}: recall {self.recall:.0%} ({self.caught}/{self.positives}), "
            f"false positives {self.false_positive_rate:.0%} "
            f"({self.false_positives}/{self.negatives})"
        )


def offline_rates(injection_threshold: float = 0.5) -> dict[str, tuple[Rates, Rates]]:
    """{"injection" | "pii": (development, held-out)} measured by calling the shipped
    detectors directly (the builtin PII engine with every kind; injection: the rules at
    the plan's default threshold, and the learned classifier when the plan's default turns
    it on): what the probes
    measure through a gateway with default settings. For docs/gate.md, so the page shows
    the figures of the detectors it ships with."""
    from phaseone.guard.injection import InjectionStage
    from phaseone.guard.pii import redact
    from phaseone.plan.schema import InjectionClassifier

    out: dict[str, tuple[Rates, Rates]] = {}
    inj = []
    stage = InjectionStage("flag", injection_threshold, classifier=InjectionClassifier().enabled)
    for corpus in ("development", "heldout"):
        attacks, benign = (text_corpus(n) for n in INJECTION_CORPORA[corpus])
        caught = sum(bool(stage.detect(t).fired) for t in attacks)
        flagged = sum(bool(stage.detect(t).fired) for t in benign)
        inj.append(Rates(corpus, len(attacks), caught, len(benign), flagged))
    out["injection"] = (inj[0], inj[1])
    pii = []
    for corpus in ("development", "heldout"):
        c = pii_corpus(PII_CORPORA[corpus])
        values = removed = 0
        for p in c.pii:
            stored = redact(p.text)[0]
            values += len(p.values)
            removed += sum(v not in stored for v in p.values)
        altered = sum(redact(t)[0] != t for t in c.controls)
        pii.append(Rates(corpus, values, removed, len(c.controls), altered))
    out["pii"] = (pii[0], pii[1])
    return out
