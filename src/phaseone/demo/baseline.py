"""The baseline the pilot must beat: multinomial naive Bayes on word counts.

This is what a team would have without the AI pilot: a classic spam filter, trained
on the same 200 messages. The plan declares it as the success metric's baseline,
so the gate compares the pilot against it on the same inbox. If the pilot is not
better (within the plan's margin), that is evidence against phase two.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from phaseone.demo.data import HAM, SPAM
from phaseone.demo.model import Prediction

BASELINE_NAME = "naive-bayes-words"
_WORD = re.compile(r"[a-z0-9£$€]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@dataclass
class NaiveBayes:
    """Multinomial naive Bayes with Laplace smoothing (`alpha`), in plain Python."""

    alpha: float = 1.0
    log_prior: dict[str, float] = field(default_factory=dict)
    log_likelihood: dict[str, dict[str, float]] = field(default_factory=dict)

    name = BASELINE_NAME

    @classmethod
    def train(cls, texts: Sequence[str], labels: Sequence[str], alpha: float = 1.0) -> NaiveBayes:
        counts: dict[str, Counter[str]] = {SPAM: Counter(), HAM: Counter()}
        docs: Counter[str] = Counter()
        for text, label in zip(texts, labels, strict=True):
            counts[label].update(words(text))
            docs[label] += 1
        vocab = set(counts[SPAM]) | set(counts[HAM])
        model = cls(alpha=alpha)
        for label in (SPAM, HAM):
            total = sum(counts[label].values()) + alpha * len(vocab)
            model.log_prior[label] = math.log(docs[label] / len(texts))
            model.log_likelihood[label] = {
                w: math.log((counts[label][w] + alpha) / total) for w in vocab
            }
        return model

    def spam_probability(self, text: str) -> float:
        scores = dict(self.log_prior)
        for w in words(text):
            if w not in self.log_likelihood[SPAM]:
                continue  # a word never seen in training says nothing about either class
            for label in (SPAM, HAM):
                scores[label] += self.log_likelihood[label][w]
        diff = scores[HAM] - scores[SPAM]
        return 1.0 / (1.0 + math.exp(min(diff, 700.0)))

    def classify(self, texts: Sequence[str]) -> list[Prediction]:
        out = []
        for text in texts:
            p = self.spam_probability(text)
            out.append(Prediction(SPAM if p >= 0.5 else HAM, p))
        return out
