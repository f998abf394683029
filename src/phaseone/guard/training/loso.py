"""Leave-one-source-out: each source scored by a model that never saw it.

For every source, the classifier is trained on all the other sources (`fit.fit`: its
threshold chosen on their validation split), then scores the left-out source: recall
for an attack source, the share flagged for a benign one. The rules (`score_injection`
at the plan's default 0.5) and the two combined (either fires) are measured on the same
texts, so the three columns compare like with like.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from phaseone.guard.classifier import score
from phaseone.guard.injection import score_injection
from phaseone.guard.training.fit import TRAIN_KINDS, cached_views, fit
from phaseone.guard.training.sources import Kind, Sample

RULES_THRESHOLD = 0.5


@dataclass(frozen=True)
class SourceResult:
    """How each engine did on one left-out source: the share of its texts flagged
    (recall for attacks, false-positive rate for benign sources)."""

    source: str
    kind: Kind
    n: int
    rules: float
    classifier: float
    combined: float
    #: The threshold the model trained without this source chose on its validation split.
    threshold: float


def leave_one_source_out(
    samples: Sequence[Sample],
    *,
    seed: int = 17,
    kinds: frozenset[str] = TRAIN_KINDS,
    progress: Callable[[str], None] | None = None,
) -> list[SourceResult]:
    """One `SourceResult` per source, in source order."""
    # The rules do not depend on the model: scored once per text.
    rules_fired = {
        s.text: score_injection(s.text, cached_views(s.text)).score >= RULES_THRESHOLD
        for s in samples
    }
    sources = sorted({s.source for s in samples})
    out = []
    for source in sources:
        held = [s for s in samples if s.source == source]
        rest = [s for s in samples if s.source != source]
        model = fit(rest, seed=seed, kinds=kinds).model
        rules = np.array([rules_fired[s.text] for s in held])
        probs = [score(model, s.text, cached_views(s.text)).probability for s in held]
        clf = np.array(probs) >= model.threshold
        out.append(
            SourceResult(
                source,
                held[0].kind,
                len(held),
                float(rules.mean()),
                float(clf.mean()),
                float((rules | clf).mean()),
                model.threshold,
            )
        )
        if progress is not None:
            progress(source)
    return out


def pooled(
    results: Sequence[SourceResult], kinds: tuple[str, ...]
) -> tuple[int, float, float, float]:
    """(texts, rules, classifier, combined) over the sources of `kinds`, each source
    weighted by its number of texts."""
    sel = [r for r in results if r.kind in kinds]
    n = sum(r.n for r in sel)
    if n == 0:
        return 0, 0.0, 0.0, 0.0
    return (
        n,
        sum(r.rules * r.n for r in sel) / n,
        sum(r.classifier * r.n for r in sel) / n,
        sum(r.combined * r.n for r in sel) / n,
    )
