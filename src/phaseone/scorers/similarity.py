"""Semantic similarity: cosine of sentence embeddings of the output and the expected."""

from __future__ import annotations

import asyncio

from phaseone.datasets.base import Case
from phaseone.plan.components import SimilarityScorer
from phaseone.scorers._common import BaseScorer, as_text, no_expected
from phaseone.scorers.base import SCORERS, Score
from phaseone.scorers.context import ScorerContext
from phaseone.scorers.embedding import Embedder
from phaseone.targets.base import TargetResponse


@SCORERS.register("similarity")
class Similarity(BaseScorer):
    """Passes when ``cosine(output, expected) ≥ threshold``; the value is the cosine in [0, 1].

    The model (int8 all-MiniLM-L6-v2, the ``demo`` extra) loads when the suite is
    built, so a missing extra stops the run up front with the install command.
    Embedding runs in a worker thread to keep the event loop free for other cases.
    """

    kind = "similarity"

    def __init__(self, config: SimilarityScorer, ctx: ScorerContext) -> None:
        super().__init__(config, ctx)
        self.threshold = config.threshold
        self.embedder = Embedder.default()

    async def ascore(self, case: Case, response: TargetResponse) -> Score:
        if case.expected is None:
            return no_expected(self.name)
        output, expected = as_text(response.output), as_text(case.expected)
        vectors = await asyncio.to_thread(self.embedder.embed, [output, expected])
        cos = float(vectors[0] @ vectors[1])
        value = min(1.0, max(0.0, cos))
        ok = value >= self.threshold
        return Score(
            value,
            ok,
            f"cosine similarity {cos:.3f} {'≥' if ok else '<'} {self.threshold:g}",
            {"cosine": cos},
        )
