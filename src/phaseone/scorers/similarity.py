"""Semantic similarity: cosine of sentence embeddings of the output and the expected."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from phaseone.datasets.base import Case
from phaseone.plan.components import SimilarityScorer
from phaseone.scorers._common import BaseScorer, ScorerUnavailable, as_text, no_expected
from phaseone.scorers.base import SCORERS, Score
from phaseone.scorers.context import ScorerContext
from phaseone.scorers.embedding import Embedder
from phaseone.targets.base import TargetResponse

if TYPE_CHECKING:
    import numpy as np


class EmbedBatcher:
    """Gathers the texts of concurrently scored cases into one `Embedder.embed` call.

    While one call runs in the worker thread, new requests queue up; when it
    finishes they all go in the next call. Idle, a request runs at once (no timer,
    no added latency); under load, calls grow to many texts, which `Embedder` runs in
    length-sorted batches (measured: 400 texts as 200 pairs 2.35 s, as one call 1.18 s).
    """

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._pending: list[tuple[list[str], asyncio.Future[np.ndarray]]] = []
        self._draining = False

    async def embed(self, texts: list[str]) -> np.ndarray:
        fut: asyncio.Future[np.ndarray] = asyncio.get_running_loop().create_future()
        self._pending.append((texts, fut))
        if not self._draining:
            self._draining = True
            asyncio.get_running_loop().create_task(self._drain())
        return await fut

    async def _drain(self) -> None:
        try:
            while self._pending:
                batch, self._pending = self._pending, []
                flat = [t for texts, _ in batch for t in texts]
                try:
                    vectors = await asyncio.to_thread(self.embedder.embed, flat)
                except Exception as exc:
                    for _, fut in batch:
                        if not fut.done():
                            fut.set_exception(exc)
                    continue
                start = 0
                for texts, fut in batch:
                    if not fut.done():
                        fut.set_result(vectors[start : start + len(texts)])
                    start += len(texts)
        finally:
            self._draining = False


@SCORERS.register("similarity")
class Similarity(BaseScorer):
    """Passes when ``cosine(output, expected) ≥ threshold``; the value is the cosine in [0, 1].

    The model (int8 all-MiniLM-L6-v2, the ``demo`` extra) loads when the suite is
    built, so a missing extra stops the run up front with the install command — except
    where the scorer only checks its config (``ctx.load_models`` False: the Dask driver,
    whose workers load the model and must have the extra).
    Embedding runs in a worker thread, batched across concurrent cases.
    """

    kind = "similarity"

    def __init__(self, config: SimilarityScorer, ctx: ScorerContext) -> None:
        super().__init__(config, ctx)
        self.threshold = config.threshold
        self.embedder = Embedder.default() if ctx.load_models else None
        self._batchers: dict[asyncio.AbstractEventLoop, EmbedBatcher] = {}

    def _batcher(self) -> EmbedBatcher:
        loop = asyncio.get_running_loop()
        b = self._batchers.get(loop)
        if b is None:
            if self.embedder is None:
                raise ScorerUnavailable(
                    f"scorer {self.name!r} was built to check its config only (no model loaded)",
                    fix="build it with ScorerContext(load_models=True) to score with it",
                )
            self._batchers = {lp: x for lp, x in self._batchers.items() if not lp.is_closed()}
            b = self._batchers[loop] = EmbedBatcher(self.embedder)
        return b

    async def ascore(self, case: Case, response: TargetResponse) -> Score:
        if case.expected is None:
            return no_expected(self.name)
        output, expected = as_text(response.output), as_text(case.expected)
        vectors = await self._batcher().embed([output, expected])
        cos = float(vectors[0] @ vectors[1])
        value = min(1.0, max(0.0, cos))
        ok = value >= self.threshold
        return Score(
            value,
            ok,
            f"cosine similarity {cos:.3f} {'≥' if ok else '<'} {self.threshold:g}",
            {"cosine": cos},
        )
