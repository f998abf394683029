"""The plan's optional injection engines (`controls.guardrails.injection.engines`), built.

Kept apart from `engines.py` (the interface) so the interface does not import the
engines that implement it, and the stage (`injection.py`) knows none of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from phaseone.guard.engine_judge import JudgeEngine
from phaseone.guard.engine_onnx import OnnxEngine
from phaseone.guard.engines import InjectionEngine
from phaseone.plan.schema import JudgeEngine as JudgeEngineConfig
from phaseone.plan.schema import OnnxEngine as OnnxEngineConfig


def build_engines(
    configs: Sequence[OnnxEngineConfig | JudgeEngineConfig], base_dir: Path
) -> list[InjectionEngine]:
    """One engine per entry, in plan order; an ONNX model is loaded now (a missing or
    broken one fails the gateway's start, not a request). `base_dir`: the plan's folder."""
    built: list[InjectionEngine] = []
    try:
        for i, cfg in enumerate(configs):
            if isinstance(cfg, OnnxEngineConfig):
                built.append(OnnxEngine(cfg, base_dir, i))
            else:
                built.append(JudgeEngine(cfg, base_dir))
    except BaseException:
        for engine in built:
            engine.close()
        raise
    return built
