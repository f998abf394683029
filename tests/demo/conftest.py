"""Fixtures of the demo tests: the real split and the real model, trained once per session."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from phaseone.demo.baseline import NaiveBayes
from phaseone.demo.data import Split, split
from phaseone.demo.model import EmbeddingCache, SpamModel


@dataclass
class Trained:
    split: Split
    model: SpamModel
    baseline: NaiveBayes
    cache: EmbeddingCache


@pytest.fixture(scope="session")
def demo_split() -> Split:
    return split()


@pytest.fixture(scope="session")
def trained(demo_split: Split) -> Trained:
    from phaseone.scorers.embedding import Embedder

    texts = [m.text for m in demo_split.train]
    labels = [m.label for m in demo_split.train]
    cache = EmbeddingCache()
    model = SpamModel.train(Embedder.default(), texts, labels, cache=cache)
    return Trained(demo_split, model, NaiveBayes.train(texts, labels), cache)
