"""The gate's rubric: one file per area, every check registered in `CHECKS`."""

from phaseone.gate.checks import (  # noqa: F401  (importing registers the checks)
    controls,
    cost,
    evals,
    integration,
    metric,
    ownership,
    reliability,
    rollout,
    spot_check,
)
from phaseone.gate.checks._registry import CHECKS, check, ordered_checks

__all__ = ["CHECKS", "check", "ordered_checks"]
