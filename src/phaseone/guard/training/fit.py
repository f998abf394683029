"""Fitting the injection classifier: logistic regression on the hashed features, Platt
calibration and a threshold chosen on a validation split, never on the held-out data.

scikit-learn and scipy are needed here only (``pip install 'phaseone[train]'``); the
guard scores with numpy alone (`guard/classifier.py`).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO

import numpy as np
import numpy.typing as npt

from phaseone.errors import PhaseoneError
from phaseone.guard.classifier import SHRINK, ClassifierModel, features, prepare, raw_score
from phaseone.guard.normalize import views
from phaseone.guard.training.sources import Sample, eval_only

#: False-positive ceilings the threshold must keep on the validation split: natural
#: benign text and benign look-alikes (issue #17's goals).
MAX_FP_NATURAL = 0.01
MAX_FP_LOOKALIKE = 0.25
BITS = 18
#: The kinds of source trained on (harmful requests without injection wording are
#: measured, not trained on: see docs/guardrails.md).
TRAIN_KINDS = frozenset({"attack", "harmful", "natural", "lookalike"})
C = 4.0
#: The thresholds tried, lowest first: steps of 0.01, then 0.001 above 0.95 (where the
#: calibrated scores of attacks crowd).
THRESHOLDS = np.concatenate(
    (np.round(np.arange(0.05, 0.95, 0.01), 2), np.round(np.arange(0.95, 0.9995, 0.001), 3))
)


def _sklearn() -> tuple[type, object]:
    try:
        from scipy import sparse
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise PhaseoneError(
            f"training the classifier needs scikit-learn and scipy ({exc})",
            fix="pip install 'phaseone[train]'",
        ) from exc
    return LogisticRegression, sparse


def matrix(texts: Sequence[str], bits: int) -> object:
    """The training matrix: one row per text, `classifier.features` counted and scaled
    by ``1/sqrt(n + SHRINK)`` (what `ClassifierModel.raw` computes for a text of one window)."""
    _, sparse = _sklearn()
    rows, cols, vals = [], [], []
    for i, t in enumerate(texts):
        b, _ = features(prepare(t), bits)
        if len(b) == 0:
            continue
        rows.append(np.full(len(b), i, dtype=np.int64))
        cols.append(b)
        vals.append(np.full(len(b), 1.0 / np.sqrt(len(b) + SHRINK), dtype=np.float64))
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    v = np.concatenate(vals) if vals else np.zeros(0)
    return sparse.csr_matrix((v, (r, c)), shape=(len(texts), 1 << bits))  # type: ignore[attr-defined]


def split(
    samples: Sequence[Sample], seed: int, share: float = 0.2
) -> tuple[list[Sample], list[Sample]]:
    """(train, validation): `share` of each source to validation, fixed seed."""
    by: dict[str, list[Sample]] = {}
    for s in samples:
        by.setdefault(s.source, []).append(s)
    rng = random.Random(seed)
    train: list[Sample] = []
    val: list[Sample] = []
    for source in sorted(by):
        items = list(by[source])
        rng.shuffle(items)
        k = max(1, round(len(items) * share)) if len(items) >= 5 else 0
        val.extend(items[:k])
        train.extend(items[k:])
    return train, val


#: Long benign documents made per benign source of the training split (see `documents`),
#: and the length each grows to.
DOCS_PER_SOURCE = 40
DOC_CHARS = 2000


def documents(train: Sequence[Sample], seed: int) -> list[Sample]:
    """Long benign texts made by joining each benign source's own training texts.

    Why: almost every long text in the public sources is a jailbreak, and a linear score
    over ``1/sqrt(n)``-scaled counts grows with a text's length when its n-grams lean even
    slightly to the attack side, so a model trained on short benign texts alone learns
    "long means attack" and flags a long memo. Joining a source's texts (within the
    training split only, so nothing of the validation split leaks in) shows it long
    benign text of every kind it knows short.
    """
    rng = random.Random(seed)
    by: dict[str, list[Sample]] = {}
    for s in train:
        if s.label == 0:
            by.setdefault(s.source, []).append(s)
    out: list[Sample] = []
    for source in sorted(by):
        texts = [s.text for s in by[source]]
        kind = by[source][0].kind
        for _ in range(min(DOCS_PER_SOURCE, len(texts) // 4)):
            picked: list[str] = []
            while sum(len(t) + 1 for t in picked) < DOC_CHARS and len(picked) < len(texts):
                picked.append(texts[rng.randrange(len(texts))])
            out.append(Sample(" ".join(picked), 0, source, kind))
    return out


def _weights(samples: Sequence[Sample]) -> npt.NDArray[np.float64]:
    """Per-sample weights: each source counts by the square root of its size (a large
    source still counts more, but does not drown the small ones), then the two classes
    equally."""
    n = Counter(s.source for s in samples)
    w = np.array([1.0 / np.sqrt(n[s.source]) for s in samples])
    y = np.array([s.label for s in samples])
    for label in (0, 1):
        mask = y == label
        if mask.any():
            w[mask] *= len(samples) / (2 * w[mask].sum())
    return w


@dataclass(frozen=True)
class Fitted:
    model: ClassifierModel
    #: Validation figures at the chosen threshold.
    val_recall: float
    val_fp_natural: float
    val_fp_lookalike: float


#: `normalize.views` of each text, kept for the process: leave-one-source-out scores the
#: same texts with thirty-odd models, and the readings do not depend on the model.
cached_views = lru_cache(maxsize=None)(views)


def raw_scores(model: ClassifierModel, texts: Sequence[str]) -> npt.NDArray[np.float64]:
    """Uncalibrated scores as the guard computes them (normalised readings, windows)."""
    return np.array([raw_score(model, t, cached_views(t))[0] for t in texts])


def _flagged(probs: npt.NDArray[np.float64], t: float) -> float:
    return float((probs >= t).mean()) if len(probs) else 0.0


def choose_threshold(
    probs: npt.NDArray[np.float64], samples: Sequence[Sample]
) -> tuple[float, float, float, float]:
    """The lowest probability threshold that keeps the validation false positives under
    `MAX_FP_NATURAL` (pooled, and for each natural source on its own) and
    `MAX_FP_LOOKALIKE` (pooled): (threshold, recall, fp natural, fp look-alike).

    The per-source ceiling is what makes the threshold hold on a source it never saw: a
    pooled 1% can hide one kind of text (chat messages, say) flagged at 10%, and a new
    source is more like one of them than like their average. A source's ceiling is never
    under one text of its validation share (``1 / n``): one text of a handful is not a rate.
    """
    kinds = np.array([s.kind for s in samples])
    sources = np.array([s.source for s in samples])
    y = np.array([s.label for s in samples])
    nat, look = probs[kinds == "natural"], probs[kinds == "lookalike"]
    per_source = [
        probs[(kinds == "natural") & (sources == src)]
        for src in sorted(set(sources[kinds == "natural"]))
    ]
    pos = probs[y == 1]
    for t in THRESHOLDS:
        fp_n, fp_l = _flagged(nat, t), _flagged(look, t)
        if fp_n > MAX_FP_NATURAL or fp_l > MAX_FP_LOOKALIKE:
            continue
        if all(_flagged(p, t) <= max(MAX_FP_NATURAL, 1 / len(p)) for p in per_source):
            return float(t), _flagged(pos, t), fp_n, fp_l
    t = float(THRESHOLDS[-1])
    return t, _flagged(pos, t), _flagged(nat, t), _flagged(look, t)


#: Share of the natural and of the look-alike sources left out of each first fit (see
#: `unseen_sources`): enough sources to see how text of a kind the model never saw scores,
#: few enough that the first fit still knows most kinds of benign text.
UNSEEN_SHARE = 0.25
#: Whether `fit` raises the threshold to what sources left out of a first fit allow (see
#: `fit`). On: the recipe of the shipped weights (session 16), which it rebuilds byte for
#: byte; the validation split alone, trained on the writers' texts, chose 0.86 and let
#: twice the natural false positives through on sources the model never saw
#: (docs/guardrails.md, "Learned from the writers"). Off: the threshold from the
#: validation split alone.
THRESHOLD_ON_UNSEEN = True
#: How many first fits, each leaving out its own `UNSEEN_SHARE` of the sources (fold 0,
#: 1, …; at most ``1 / UNSEEN_SHARE``, which leaves every source out of one of them).
#: Measured at 4: the floor became the one odd source's (``debian/fortunes`` asks the cap,
#: 0.999) and recall fell below the shipped recipe's, so 1 (the same docs section).
UNSEEN_FOLDS = 1


def _unit(seed: int, source: str) -> float:
    """A number in [0, 1) fixed by the seed and the source's name (not Python's `hash`,
    which changes between processes)."""
    digest = hashlib.sha256(f"{seed}\0{source}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


def unseen_sources(
    samples: Sequence[Sample], seed: int, share: float = UNSEEN_SHARE, fold: int = 0
) -> frozenset[str]:
    """The natural and look-alike sources left out of first fit number `fold`, to choose
    the threshold on: by rule, never by hand.

    A source is left out of fold ``f`` when a seeded hash of its name falls in
    ``[f * share, (f + 1) * share)``, so whether one is left out depends on its name alone,
    not on which other sources are there (in leave-one-source-out, holding one source out
    does not reshuffle the rest), and folds ``0 … 1/share - 1`` leave out each source once.
    A kind with fewer than two sources keeps them, and the source of each kind with the
    highest hash is always kept: a first fit never loses a whole kind.
    """
    lo, hi = fold * share, (fold + 1) * share
    out: set[str] = set()
    for kind in ("natural", "lookalike"):
        names = sorted({s.source for s in samples if s.kind == kind})
        if len(names) < 2:
            continue
        kept = max(names, key=lambda n: (_unit(seed, n), n))
        out |= {n for n in names if lo <= _unit(seed, n) < hi and n != kept}
    return frozenset(out)


@dataclass(frozen=True)
class _Core:
    """One logistic fit with its Platt calibration, and its validation split scored."""

    weights: npt.NDArray[np.float32]
    bias: float
    platt_a: float
    platt_b: float
    train: list[Sample]
    val: list[Sample]
    val_probs: npt.NDArray[np.float64]

    def probs(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        uncal = ClassifierModel(self.weights, self.bias, 1.0, 0.0, 0.5, {})
        raw = raw_scores(uncal, texts)
        return 1.0 / (1.0 + np.exp(-(self.platt_a * raw + self.platt_b)))


def _fit_core(usable: Sequence[Sample], seed: int, bits: int, c: float) -> _Core:
    """Fit on 80% of each source of `usable`, calibrate on the other 20%."""
    logistic, _ = _sklearn()
    train, val = split(usable, seed)
    train = [*train, *documents(train, seed)]
    x = matrix([s.text for s in train], bits)
    y = np.array([s.label for s in train])
    lr = logistic(C=c, solver="liblinear", max_iter=1000, random_state=seed)
    lr.fit(x, y, sample_weight=_weights(train))
    # Rounded to float16 now, as shipped, so the calibration is of the shipped weights.
    weights = np.asarray(lr.coef_[0], dtype=np.float16).astype(np.float32)
    bias = float(lr.intercept_[0])
    uncal = ClassifierModel(weights, bias, 1.0, 0.0, 0.5, {})
    raw = raw_scores(uncal, [s.text for s in val])
    yv = np.array([s.label for s in val])
    platt = logistic(C=1e6, solver="lbfgs")
    platt.fit(raw.reshape(-1, 1), yv, sample_weight=_weights(val))
    a, b = float(platt.coef_[0][0]), float(platt.intercept_[0])
    probs = 1.0 / (1.0 + np.exp(-(a * raw + b)))
    return _Core(weights, bias, a, b, train, val, probs)


def _rates(
    probs: npt.NDArray[np.float64], samples: Sequence[Sample], t: float
) -> tuple[float, float, float]:
    """(recall, fp natural, fp look-alike) of `samples` at threshold `t`."""
    kinds = np.array([s.kind for s in samples])
    y = np.array([s.label for s in samples])
    return (
        _flagged(probs[y == 1], t),
        _flagged(probs[kinds == "natural"], t),
        _flagged(probs[kinds == "lookalike"], t),
    )


def fit(
    samples: Sequence[Sample],
    *,
    seed: int = 17,
    bits: int = BITS,
    c: float = C,
    kinds: frozenset[str] = TRAIN_KINDS,
) -> Fitted:
    """Train on `samples` of `kinds` (minus the evaluation-only sources): fit on 80% of
    each source, calibrate on the other 20%, and choose the lowest threshold that keeps
    that validation split under its ceilings (`choose_threshold`); with
    `THRESHOLD_ON_UNSEEN`, no lower than sources the model never saw allow.

    Why two fits then: a validation split of the same sources a model is fitted on flatters
    it, so the threshold that keeps that split under 1% is too low for a source never
    seen (training on the blind writers' texts lowered it from 0.93–0.99 to 0.86, and
    the natural text of held-out sources was flagged 1.3% → 2.0%). So a first fit leaves
    out whole sources (`unseen_sources`: a rule-chosen share of the natural and the
    look-alike ones) and scores them: the lowest threshold that keeps each left-out
    natural source and the left-out look-alikes under their ceilings (`choose_threshold`)
    is the floor (with `UNSEEN_FOLDS` > 1, the highest of several such first fits, each
    leaving out other sources). The model returned is the last fit, on every source,
    calibrated on its own validation split; its threshold is the higher of that floor and
    the lowest one its validation split allows. Each first fit costs a training, so
    leave-one-source-out takes about twice as long with one fold, five times with four.
    """
    usable = [s for s in samples if not eval_only(s.source) and s.kind in kinds]
    final = _fit_core(usable, seed, bits, c)
    t_val = choose_threshold(final.val_probs, final.val)[0]
    threshold = t_val
    folds: list[dict[str, object]] = []
    for fold in range(UNSEEN_FOLDS if THRESHOLD_ON_UNSEEN else 0):
        unseen = unseen_sources(usable, seed, fold=fold)
        if not any(s.kind == "natural" and s.source in unseen for s in usable):
            continue
        first = _fit_core([s for s in usable if s.source not in unseen], seed, bits, c)
        left = [s for s in usable if s.source in unseen]
        left_probs = first.probs([s.text for s in left])
        t_fold = choose_threshold(left_probs, left)[0]
        _, un_n, un_l = _rates(left_probs, left, t_fold)
        threshold = max(threshold, t_fold)
        folds.append(
            {
                "sources": sorted(unseen),
                "threshold": t_fold,
                "fp_natural": un_n,
                "fp_lookalike": un_l,
            }
        )
    recall, fp_n, fp_l = _rates(final.val_probs, final.val, threshold)
    meta: dict[str, object] = {
        "bias": final.bias,
        "platt_a": final.platt_a,
        "platt_b": final.platt_b,
        "threshold": threshold,
        "bits": bits,
        "C": c,
        "seed": seed,
        "train_sources": sorted({s.source for s in final.train}),
        "n_train": len(final.train),
        "n_validation": len(final.val),
        "validation": {"recall": recall, "fp_natural": fp_n, "fp_lookalike": fp_l},
    }
    if folds:
        meta["unseen"] = {"validation_threshold": t_val, "folds": folds}
    model = ClassifierModel(
        final.weights, final.bias, final.platt_a, final.platt_b, threshold, meta
    )
    return Fitted(model, recall, fp_n, fp_l)


def to_bytes(model: ClassifierModel) -> bytes:
    """The weights file: float16 weights and the metadata as JSON, in a compressed npz."""
    buf = BytesIO()
    np.savez_compressed(
        buf,
        weights=model.weights.astype(np.float16),
        meta=np.array(json.dumps(model.meta, sort_keys=True)),
    )
    return buf.getvalue()
