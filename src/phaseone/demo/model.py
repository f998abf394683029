"""The pilot's model: MiniLM sentence embeddings + a logistic regression.

A deliberately small, real model. The embeddings come from phaseone's int8 ONNX
all-MiniLM-L6-v2 (`phaseone.scorers.embedding.Embedder`: onnxruntime and
tokenizers, no PyTorch, no network). The classifier on top is a logistic
regression trained by full-batch gradient descent with L2 in plain numpy, so it is
deterministic: the same 200 messages give the same weights on every machine.

Training takes well under a second once the 200 messages are embedded; the weights
and the training embeddings are cached in the workspace, so a second demo run skips
both. The service itself embeds every message it is asked about: a cache of the
evaluation messages would flatter the latency the evals measure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from phaseone.demo.data import HAM, SPAM

MODEL_NAME = "minilm-int8+logreg"
DIM = 384


class TextEmbedder(Protocol):
    """What the model needs from an embedder (`phaseone.scorers.embedding.Embedder`)."""

    def embed(self, texts: list[str]) -> np.ndarray: ...


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


class EmbeddingCache:
    """Text → embedding, kept in one `.npz` file so the same text is embedded once.

    Embedding is the only slow part of the pilot (a few ms per message on a laptop
    CPU); training data does not change between runs, so its vectors are kept.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._vectors: dict[str, np.ndarray] = {}
        self._dirty = False
        if path is not None and path.is_file():
            try:
                with np.load(path) as data:
                    keys, vectors = data["keys"], data["vectors"]
                self._vectors = {str(k): v for k, v in zip(keys, vectors, strict=True)}
            except (OSError, ValueError, KeyError):
                self._vectors = {}  # a damaged cache is recomputed, never trusted

    def __len__(self) -> int:
        return len(self._vectors)

    def get(self, text: str) -> np.ndarray | None:
        return self._vectors.get(_key(text))

    def put(self, text: str, vector: np.ndarray) -> None:
        self._vectors[_key(text)] = vector
        self._dirty = True

    def save(self, path: Path | None = None) -> None:
        """Write the cache to its file (when changed), or to `path` (always)."""
        target = path or self.path
        if target is None or not self._vectors or (path is None and not self._dirty):
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self._vectors), dtype="U24")
        vectors = np.stack(list(self._vectors.values())).astype(np.float32)
        tmp = target.with_suffix(".tmp.npz")
        np.savez(tmp, keys=keys, vectors=vectors)
        tmp.replace(target)
        if path is None:
            self._dirty = False


def embed_texts(
    embedder: TextEmbedder,
    texts: Sequence[str],
    *,
    cache: EmbeddingCache | None = None,
    chunk: int = 256,
) -> np.ndarray:
    """Embed many texts: cached ones are free, the rest go to the embedder in chunks.

    The embedder runs length-sorted batches of 16 inside each chunk, which keeps
    padding (wasted transformer work) small.
    """
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    todo: list[int] = []
    for i, text in enumerate(texts):
        hit = cache.get(text) if cache is not None else None
        if hit is None:
            todo.append(i)
        else:
            out[i] = hit
    for start in range(0, len(todo), chunk):
        part = todo[start : start + chunk]
        vectors = np.asarray(embedder.embed([texts[i] for i in part]), dtype=np.float32)
        for i, vector in zip(part, vectors, strict=True):
            out[i] = vector
            if cache is not None:
                cache.put(texts[i], vector)
    return out


@dataclass
class LogisticRegression:
    """Binary logistic regression, fitted by deterministic full-batch gradient descent."""

    weights: np.ndarray
    bias: float

    @classmethod
    def fit(
        cls,
        x: np.ndarray,
        y: np.ndarray,
        *,
        l2: float = 1e-3,
        learning_rate: float = 2.0,
        epochs: int = 300,
    ) -> LogisticRegression:
        """Fit on rows `x` (unit-norm embeddings) and 0/1 targets `y`.

        Args:
            l2: Weight decay. With 200 examples in 384 dimensions the model can fit
                the training set exactly; L2 (and a fixed, modest number of epochs)
                keeps it from memorising it.
            learning_rate: Step size; embeddings are unit-norm, so 2.0 is stable.
            epochs: Full passes over the data.
        """
        w = np.zeros(x.shape[1], dtype=np.float64)
        b = 0.0
        xd = x.astype(np.float64)
        yd = y.astype(np.float64)
        n = len(yd)
        for _ in range(epochs):
            p = _sigmoid(xd @ w + b)
            g = p - yd
            w -= learning_rate * (xd.T @ g / n + l2 * w)
            b -= learning_rate * float(g.mean())
        return cls(weights=w, bias=b)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        return _sigmoid(x.astype(np.float64) @ self.weights + self.bias)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0))))


@dataclass(frozen=True)
class Prediction:
    label: str
    score: float  #: probability of spam


class SpamModel:
    """The pilot: embed, then logistic regression. `classify` is what the service calls."""

    name = MODEL_NAME

    def __init__(
        self,
        embedder: TextEmbedder,
        classifier: LogisticRegression,
        *,
        cache: EmbeddingCache | None = None,
        threshold: float = 0.5,
    ) -> None:
        self.embedder = embedder
        self.classifier = classifier
        self.cache = cache
        self.threshold = threshold

    @classmethod
    def train(
        cls,
        embedder: TextEmbedder,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        cache: EmbeddingCache | None = None,
    ) -> SpamModel:
        x = embed_texts(embedder, texts, cache=cache)
        y = np.array([label == SPAM for label in labels], dtype=np.float64)
        return cls(embedder, LogisticRegression.fit(x, y), cache=cache)

    def classify(self, texts: Sequence[str]) -> list[Prediction]:
        if not texts:
            return []
        x = embed_texts(self.embedder, texts, cache=self.cache)
        probs = self.classifier.predict_proba(x)
        return [Prediction(SPAM if p >= self.threshold else HAM, float(p)) for p in probs]

    # --- the trained weights, cached in the workspace -------------------------------------

    def save(self, path: Path, fingerprint: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(
            tmp,
            weights=self.classifier.weights,
            bias=np.array(self.classifier.bias),
            fingerprint=np.array(fingerprint),
        )
        tmp.replace(path)

    @classmethod
    def load(
        cls,
        path: Path,
        fingerprint: str,
        embedder: TextEmbedder,
        *,
        cache: EmbeddingCache | None = None,
    ) -> SpamModel | None:
        """The cached model, or None when it is missing, damaged or for other data."""
        if not path.is_file():
            return None
        try:
            with np.load(path) as data:
                if str(data["fingerprint"]) != fingerprint:
                    return None
                clf = LogisticRegression(np.array(data["weights"]), float(data["bias"]))
        except (OSError, ValueError, KeyError):
            return None
        if clf.weights.shape != (DIM,):
            return None
        return cls(embedder, clf, cache=cache)
