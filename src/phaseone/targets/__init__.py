"""How to call the AI system: python callables, JSON-over-HTTP services, OpenAI-compatible chat.

Public surface: `build_target(config, base_dir)` and the types from `targets.base`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from phaseone.redact import fingerprint_config, mask_url, redact_config
from phaseone.targets.base import (
    TARGETS,
    Target,
    TargetResponse,
    cost_of,
    fingerprint_of,
)
from phaseone.targets.python import load_callable

__all__ = [
    "TARGETS",
    "Target",
    "TargetResponse",
    "build_target",
    "cost_of",
    "fingerprint_config",
    "fingerprint_of",
    "load_callable",
    "mask_url",
    "redact_config",
]


def build_target(config: Any, base_dir: str | Path = ".") -> Target:
    """Build the target a plan names.

    Args:
        config: a `TargetConfig` model from the plan (python, http or openai).
        base_dir: the plan's directory; python import paths and relative paths resolve here.

    Raises:
        TargetConfigError: the configuration cannot work (import fails, template broken).
        UnknownComponent: no target of that kind is registered.
    """
    factory = TARGETS.get(str(config.kind))
    return factory(config, Path(base_dir))
