"""The pilot model and the baseline learn spam from 200 messages, on real embeddings."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from phaseone.demo.data import SPAM
from phaseone.demo.model import EmbeddingCache, LogisticRegression, SpamModel, embed_texts

from .conftest import Trained


def _rates(expected: list[str], predicted: list[str]) -> tuple[float, float, float]:
    y = np.array([e == SPAM for e in expected])
    p = np.array([q == SPAM for q in predicted])
    accuracy = float((y == p).mean())
    precision = float((y & p).sum() / max(p.sum(), 1))
    recall = float((y & p).sum() / max(y.sum(), 1))
    return accuracy, precision, recall


def test_pilot_beats_chance_on_the_held_out_inbox(trained: Trained) -> None:
    inbox = trained.split.inbox[:500]  # half the inbox: enough for a stable band, half the time
    preds = trained.model.classify([m.text for m in inbox])
    expected = [m.label for m in inbox]
    accuracy, precision, recall = _rates(expected, [p.label for p in preds])
    majority = max(expected.count(SPAM), len(expected) - expected.count(SPAM)) / len(expected)
    assert accuracy >= 0.9
    assert accuracy > majority  # better than always answering "ham"
    assert precision >= 0.7 and recall >= 0.5
    assert all(0.0 <= p.score <= 1.0 for p in preds)


def test_baseline_trains_and_predicts(trained: Trained) -> None:
    inbox = trained.split.inbox
    preds = trained.baseline.classify([m.text for m in inbox])
    accuracy, precision, _ = _rates([m.label for m in inbox], [p.label for p in preds])
    assert accuracy >= 0.9
    assert precision > 0.5
    assert trained.baseline.classify(["WIN a FREE prize! Call now to claim"])[0].label == SPAM


def test_logistic_regression_is_deterministic_and_learns() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 384)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y = (x[:, 0] > 0).astype(np.float64)
    a = LogisticRegression.fit(x, y, epochs=200)
    b = LogisticRegression.fit(x, y, epochs=200)
    assert np.array_equal(a.weights, b.weights) and a.bias == b.bias
    assert ((a.predict_proba(x) >= 0.5) == (y == 1)).mean() > 0.9


def test_weights_round_trip_and_are_keyed_by_data(trained: Trained, tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    trained.model.save(path, "fp-1")
    loaded = SpamModel.load(path, "fp-1", trained.model.embedder)
    assert loaded is not None
    assert np.array_equal(loaded.classifier.weights, trained.model.classifier.weights)
    assert SpamModel.load(path, "other-data", trained.model.embedder) is None
    path.write_bytes(b"not a numpy file")
    assert SpamModel.load(path, "fp-1", trained.model.embedder) is None


class CountingEmbedder:
    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.texts = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.embed(texts)  # type: ignore[attr-defined]


def test_embedding_cache_survives_a_restart(trained: Trained, tmp_path: Path) -> None:
    counting = CountingEmbedder(trained.model.embedder)
    texts = ["Is the shop open on Sunday?", "WIN a FREE holiday, txt WIN to 80082", ""]
    cache = EmbeddingCache(tmp_path / "emb.npz")
    first = embed_texts(counting, texts, cache=cache)
    cache.save()
    assert counting.texts == 3
    again = embed_texts(counting, texts, cache=EmbeddingCache(tmp_path / "emb.npz"))
    assert counting.texts == 3  # nothing embedded the second time
    assert np.allclose(first, again)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-4)
