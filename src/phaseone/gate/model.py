"""A registered readiness check: its description (`evidence.CheckInfo`) and the function
that judges it from a `GateContext`.

The vocabulary (evidence, results, statuses, areas) lives in `phaseone.gate.evidence` and
is imported from here too, so a check module needs one import line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from phaseone.gate.evidence import (
    AREAS,
    CheckInfo,
    CheckResult,
    Evidence,
    EvidenceKind,
    Status,
)

if TYPE_CHECKING:
    from phaseone.gate.context import GateContext

__all__ = [
    "AREAS",
    "Check",
    "CheckFn",
    "CheckInfo",
    "CheckResult",
    "Evidence",
    "EvidenceKind",
    "Status",
]

CheckFn = Callable[["GateContext", "Check"], CheckResult]


@dataclass(frozen=True)
class Check(CheckInfo):
    """A registered readiness check: what it asks, how it is verified, the fix, and the
    function that answers it."""

    fn: CheckFn = field(kw_only=True)
