"""Leave-one-source-out: each source scored by a model that never saw it.

For every source, the classifier is trained on all the other sources (`fit.fit`: its
threshold chosen on their validation split), then scores the left-out source: recall
for an attack source, the share flagged for a benign one. The rules (`score_injection`
at the plan's default 0.5) and the two combined (either fires) are measured on the same
texts, so the three columns compare like with like.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import numpy as np

from phaseone.errors import UsageError
from phaseone.guard.classifier import ClassifierModel, score
from phaseone.guard.injection import score_injection
from phaseone.guard.training.fit import TRAIN_KINDS, cached_views, fit
from phaseone.guard.training.sources import Kind, Sample, eval_only

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
    only: Collection[str] | None = None,
) -> list[SourceResult]:
    """One `SourceResult` per source, in source order.

    Args:
        only: hold out only these sources (each still trained on when another is held
            out): a run over a handful of sources costs a handful of fits, not fifty-odd,
            so a change can be tried on the weak sources before a full run.

    Raises:
        UsageError: a name in `only` is not one of the sources.
    """
    sources = held_out_sources(samples, only)
    held_texts = {s.text for s in samples if s.source in sources}
    # The rules do not depend on the model: scored once per text.
    rules_fired = {
        t: score_injection(t, cached_views(t)).score >= RULES_THRESHOLD for t in held_texts
    }
    out = []
    # A source never trained on leaves the same training set behind whichever of them is
    # held out: one fit serves them all (43 of 97 sources, ~20 s a fit).
    untrained: ClassifierModel | None = None
    for source in sources:
        held = [s for s in samples if s.source == source]
        rest = [s for s in samples if s.source != source]
        if not eval_only(source):
            model = fit(rest, seed=seed, kinds=kinds).model
        else:
            if untrained is None:
                untrained = fit(rest, seed=seed, kinds=kinds).model
            model = untrained
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


def held_out_sources(samples: Sequence[Sample], only: Collection[str] | None) -> list[str]:
    """The sources to hold out, in source order: all of them, or those of `only`
    (every one of which must be a source of `samples`)."""
    known = sorted({s.source for s in samples})
    if only is None:
        return known
    unknown = sorted(set(only) - set(known))
    if unknown:
        raise UsageError(
            f"--sources: no source named {', '.join(unknown)}",
            fix=f"name sources among: {', '.join(known)}",
        )
    if not only:
        raise UsageError("--sources: the list is empty", fix="name at least one source")
    return [k for k in known if k in set(only)]


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
