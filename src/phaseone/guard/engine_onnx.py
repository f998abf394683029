"""A prompt-injection model the user installs, as an `InjectionEngine` (ONNX Runtime).

Any HuggingFace sequence classifier exported to ONNX fits (Llama Prompt Guard 2,
deberta-v3 prompt-injection models): a directory with ``model.onnx`` and the model's
``tokenizer.json`` (and ``config.json`` to name the labels). Nothing is downloaded: a
missing or unreadable file is a `PlanError` naming the file and the fix (the plan loader
checks the directory first, `plan/loader.py`, and places the error at the plan's line). onnxruntime
and tokenizers come with the ``demo`` extra, already used for the demo's MiniLM.

A text longer than the model's context is read in windows of `max_tokens` (overlapping
by an eighth) and the highest score counts, so an injection at the end of a long
document is not cut off; past `max_windows`, windows spread evenly from the first to the
last are read. The attack probability is the chosen label's softmax share;
its log-odds go through the plan's Platt calibration (default: unchanged).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from phaseone.errors import MissingExtraError, PlanError, PlanIssue
from phaseone.guard.engines import EngineScore, log_odds, platt
from phaseone.guard.normalize import Normalised
from phaseone.plan.loader import (
    ONNX_MODEL_FILE,
    ONNX_MODEL_FIX,
    ONNX_TOKENIZER_FILE,
    onnx_model_problem,
)
from phaseone.plan.schema import OnnxEngine as OnnxEngineConfig

CONFIG_FILE = "config.json"


PLAN_PATH = "controls.guardrails.injection.engines"


def plan_error(index: int, field: str, message: str, fix: str) -> PlanError:
    """A plan error at ``engines[index].field`` (the loader adds file and line)."""
    return PlanError([PlanIssue(message, path=f"{PLAN_PATH}[{index}].{field}", fix=fix)])


def label_index(config: OnnxEngineConfig, index: int, directory: Path, n_labels: int) -> int:
    """The output index of the attack label: `attack_label` as given, or looked up by
    name in ``config.json``'s ``id2label``."""
    label = config.attack_label
    if isinstance(label, int):
        out = label
    else:
        names: dict[str, Any] = {}
        cfg = directory / CONFIG_FILE
        if cfg.is_file():
            try:
                raw = json.loads(cfg.read_text("utf-8")).get("id2label", {})
                names = raw if isinstance(raw, dict) else {}
            except (OSError, ValueError) as exc:
                raise plan_error(
                    index,
                    "attack_label",
                    f"{cfg}: cannot read the label names ({exc})",
                    "give `attack_label` as an output index instead (e.g. 1)",
                ) from exc
        found = [int(k) for k, v in names.items() if str(v).lower() == label.lower()]
        if not found:
            known = ", ".join(str(v) for v in names.values()) or "none: no config.json"
            raise plan_error(
                index,
                "attack_label",
                f"attack_label {label!r} is not a label of the model (labels: {known})",
                "set `attack_label` to one of those names, or to the output's index",
            )
        out = found[0]
    if not 0 <= out < n_labels:
        raise plan_error(
            index,
            "attack_label",
            f"attack_label {out} is out of range: the model has {n_labels} outputs",
            f"set `attack_label` to an index from 0 to {n_labels - 1}",
        )
    return out


class OnnxEngine:
    """The plan's `onnx` engine: loads the model once, scores each text in windows."""

    offload = True

    def __init__(self, config: OnnxEngineConfig, base_dir: Path, index: int = 0) -> None:
        """Load the model in `config.path` (relative to `base_dir`, the plan's directory);
        `index` is the engine's place in the plan's list, for errors."""
        try:
            import onnxruntime as ort  # optional extra (demo), named when missing
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise MissingExtraError(
                f"the onnx injection engine ({PLAN_PATH}[{index}])",
                "demo",
                exc.name or "onnxruntime",
            ) from exc
        self.name = config.name or config.kind
        self.threshold = config.threshold
        self.calibration = config.calibration
        directory = Path(config.path)
        directory = directory if directory.is_absolute() else base_dir / directory
        problem = onnx_model_problem(directory)
        if problem is not None:
            raise plan_error(index, "path", problem, ONNX_MODEL_FIX)
        try:
            self.tokenizer = Tokenizer.from_file(str(directory / ONNX_TOKENIZER_FILE))
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1
            self.session = ort.InferenceSession(
                str(directory / ONNX_MODEL_FILE), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime and tokenizers raise their own kinds
            raise plan_error(
                index, "path", f"cannot load the model in {directory}: {exc}", ONNX_MODEL_FIX
            ) from exc
        # One ONNX session is safe to share, but the tokenizer's truncation state is not
        # documented as thread-safe: one text at a time through it.
        self._lock = threading.Lock()
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(config.max_tokens, stride=config.max_tokens // 8)
        self.max_windows = config.max_windows
        self.inputs = {i.name for i in self.session.get_inputs()}
        if "input_ids" not in self.inputs:
            raise plan_error(
                index,
                "path",
                f"{directory / ONNX_MODEL_FILE} takes no `input_ids`"
                f" (inputs: {', '.join(sorted(self.inputs))})",
                "export a sequence-classification model (task text-classification)",
            )
        shape = self.session.get_outputs()[0].shape
        n_labels = shape[-1] if shape and isinstance(shape[-1], int) else 0
        if n_labels < 2:
            n_labels = len(self._logits("test"))
        self.attack = label_index(config, index, directory, n_labels)

    def _feed(self, ids: list[int], mask: list[int], types: list[int]) -> dict[str, Any]:
        def arr(x: list[int]) -> npt.NDArray[np.int64]:
            return np.asarray([x], dtype=np.int64)

        feed = {"input_ids": arr(ids)}
        if "attention_mask" in self.inputs:
            feed["attention_mask"] = arr(mask)
        if "token_type_ids" in self.inputs:
            feed["token_type_ids"] = arr(types)
        return feed

    def _logits(self, text: str) -> npt.NDArray[np.float64]:
        """The first window's logits (to learn the output size of a model that does
        not declare it)."""
        enc = self.tokenizer.encode(text)
        out = self.session.run(None, self._feed(enc.ids, enc.attention_mask, enc.type_ids))
        return np.asarray(out[0], dtype=np.float64).reshape(-1)

    def raw(self, text: str) -> float:
        """The highest attack log-odds over the text's windows."""
        with self._lock:
            enc = self.tokenizer.encode(text)
        windows = [enc, *enc.overflowing]
        if len(windows) > self.max_windows:
            # Spread over the text, first and last included: an injection is as likely
            # at the end of a long document as at its start.
            picks = np.linspace(0, len(windows) - 1, self.max_windows).round().astype(int)
            windows = [windows[i] for i in sorted(set(picks.tolist()))]
        best = -np.inf
        for w in windows:
            out = self.session.run(None, self._feed(w.ids, w.attention_mask, w.type_ids))
            logits = np.asarray(out[0], dtype=np.float64).reshape(-1)
            z = logits - logits.max()
            p = np.exp(z) / np.exp(z).sum()
            best = max(best, log_odds(float(p[self.attack])))
        return float(best)

    def score(self, text: str, normalised: Normalised) -> EngineScore:
        # The cleaned reading (invisible characters removed), not every decoded one: one
        # transformer pass per window is the cost; the rules read the decoded payloads.
        raw = self.raw(normalised.views[0].text if normalised.views else text)
        p = platt(raw, self.calibration.a, self.calibration.b)
        return EngineScore(round(p, 6), self.name, {"raw": round(raw, 4)})

    def close(self) -> None:
        return None
