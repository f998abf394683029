"""What each injection engine costs per request, side by side in one run.

Engines, each on the same 200-character and 4 kB texts (p50 / p99 over repeated calls, one
thread; normalisation included, as the stage pays it once per input):

- **rules**: `score_injection` (the default stage);
- **classifier**: the shipped learned classifier;
- **onnx**: the `onnx` engine on a transformer of Prompt Guard 2 22M's size: the demo's
  int8 all-MiniLM-L6-v2 (22M parameters, from the ``demo`` extra) with a linear head on
  its mean-pooled output, written here with the ``onnx`` package (dev extra). Its scores
  mean nothing; its cost is a real 6-layer transformer's over 512-token windows;
- **judge**: the `judge` engine against a local OpenAI-compatible server that answers at
  once: the overhead of the call alone (a real LLM adds its own latency, typically
  100 ms to seconds), and a repeat of the same text (answered from the cache).

Run: ``python -m bench injection_engines``. Ratios are to the rules, measured in this run.
"""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np

from phaseone.guard.classifier import load_model, score
from phaseone.guard.engine_judge import JudgeEngine
from phaseone.guard.engine_onnx import OnnxEngine
from phaseone.guard.injection import score_injection
from phaseone.guard.normalize import views
from phaseone.plan.schema import JudgeEngine as JudgeConfig
from phaseone.plan.schema import OnnxEngine as OnnxConfig

BENIGN = (
    "Hi team, quick update on the quarterly report. Please disregard my earlier email about "
    "the meeting room; we moved to the third floor. Can someone stand in for Maria on "
    "Thursday and change the notification setting for the shared calendar? Thanks! "
)


def _texts() -> dict[str, str]:
    return {
        "200 B": BENIGN[:200],
        "4 kB": (BENIGN * (4096 // len(BENIGN) + 1))[:4096],
    }


def _time(fn: Callable[[], Any], n: int) -> tuple[float, float]:
    fn()
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.99 * len(samples)))]


def _minilm_classifier(directory: Path) -> Path | None:
    """The demo's MiniLM plus a mean-pool and a random 384x2 linear head, as one model."""
    try:
        import onnx
        from onnx import helper, numpy_helper

        from phaseone.scorers.embedding import model_file, tokenizer_file
    except ImportError as exc:
        print(f"  onnx engine skipped: {exc} (pip install 'phaseone[dev]')")
        return None
    model = onnx.load(str(model_file()))
    head = np.random.default_rng(0).normal(0, 0.05, (384, 2)).astype(np.float32)
    g = model.graph
    g.initializer.append(numpy_helper.from_array(head, "cls_head"))
    g.node.extend(
        [
            helper.make_node(
                "ReduceMean", ["last_hidden_state"], ["cls_pooled"], axes=[1], keepdims=0
            ),
            helper.make_node("MatMul", ["cls_pooled", "cls_head"], ["logits"]),
        ]
    )
    del g.output[:]
    g.output.append(helper.make_tensor_value_info("logits", onnx.TensorProto.FLOAT, ["b", 2]))
    directory.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(directory / "model.onnx"))
    shutil.copy(tokenizer_file(), directory / "tokenizer.json")
    return directory


class _Judge(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps(
            {"choices": [{"message": {"role": "assistant", "content": '{"probability": 0.1}'}}]}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        return None


def main(argv: list[str] | None = None) -> int:
    texts = _texts()
    model = load_model()
    rows: dict[str, dict[str, tuple[float, float]]] = {t: {} for t in texts}
    with tempfile.TemporaryDirectory() as tmp:
        built = _minilm_classifier(Path(tmp) / "minilm-head")
        onnx_engine = (
            OnnxEngine(OnnxConfig(path=str(built)), Path(tmp)) if built is not None else None
        )
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Judge)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        judge = JudgeEngine(JudgeConfig(base_url=url, model="bench", cache_size=0))
        cached = JudgeEngine(JudgeConfig(base_url=url, model="bench"))
        try:
            for label, text in texts.items():
                r = rows[label]
                r["rules"] = _time(lambda t=text: score_injection(t, views(t)), 300)
                r["classifier"] = _time(lambda t=text: score(model, t, views(t)), 300)
                if onnx_engine is not None:
                    r["onnx"] = _time(lambda t=text: onnx_engine.score(t, views(t)), 20)
                r["judge (local, no LLM)"] = _time(lambda t=text: judge.score(t, views(t)), 100)
                r["judge, cached"] = _time(lambda t=text: cached.score(t, views(t)), 300)
        finally:
            judge.close()
            cached.close()
            server.shutdown()
    print("engine cost per request, µs p50 / p99 (ratio of p50 to the rules')")
    for label, r in rows.items():
        base = r["rules"][0]
        print(f"  {label}")
        for name, (p50, p99) in r.items():
            print(f"    {name:22} {p50:10.0f} / {p99:10.0f}   x{p50 / base:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
