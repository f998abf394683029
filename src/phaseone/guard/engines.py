"""One interface for every prompt-injection engine (the rules and classifier are adapted
to it in `injection.py`).

The injection stage asks each engine the same question, "how likely is this text an
attack?", and gets an `EngineScore`: a calibrated probability, the engine's name and
what the trace may show of why (never the text). An input is an attack when any engine
reaches its own threshold, so the stage needs nothing else from an engine; adding one
(an ONNX model the user installs, an LLM judge: `engine_onnx.py`, `engine_judge.py`) is
writing this one method. `normalised` is the one `normalize.views` of the text that
every engine may read, so de-obfuscation runs once per input whatever the engines.

Calibration: an engine's probability is the share of inputs scored so that are attacks
on its validation data (Platt scaling, ``1 / (1 + exp(-(a * raw + b)))`` over the
engine's raw log-odds), so one threshold means roughly the same across engines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Protocol

from phaseone.guard.normalize import Normalised


@dataclass(frozen=True)
class EngineScore:
    """What one engine said about one input.

    Attributes:
        probability: calibrated probability that the input is an attack, in [0, 1].
        engine: the engine's name (``rules``, ``classifier``, ``onnx``, ``judge`` or the
            name the plan gave it).
        detail: what the finding may show of why (rule ids, the reading, an error);
            JSON-ready, never the input text.
    """

    probability: float
    engine: str
    detail: dict[str, Any] = field(default_factory=dict)


class InjectionEngine(Protocol):
    """A prompt-injection detector the stage can run.

    `offload` is true for an engine that blocks for long (a model, a network call): the
    gateway then runs the stage off its event loop. `close` frees what the engine holds
    (a session, a thread); engines that hold nothing do nothing.
    """

    name: str
    threshold: float
    offload: bool

    def score(self, text: str, normalised: Normalised) -> EngineScore: ...

    def close(self) -> None: ...


def platt(raw: float, a: float, b: float) -> float:
    """``1 / (1 + exp(-(a * raw + b)))`` without overflow for any raw score."""
    z = a * raw + b
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def log_odds(p: float) -> float:
    """``log(p / (1 - p))``, with p clipped away from 0 and 1 (a stated 0 or 1 stays finite)."""
    p = min(max(p, 1e-6), 1.0 - 1e-6)
    return math.log(p / (1.0 - p))
