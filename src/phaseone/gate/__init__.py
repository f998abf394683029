"""The gate: the rubric of readiness checks, the probes, and the decision.

The number agreed up front (the locked metric), the evidence gathered in phase one
(runs, traces) and the 20% verified for real (probes) combine into one decision that
is stored append-only and rendered as the report the production owner signs.
"""

from phaseone.gate.checks import CHECKS, check, ordered_checks
from phaseone.gate.decision import DecisionRecord, decide, evaluate, outcome_of
from phaseone.gate.model import Check, CheckResult, Evidence

__all__ = [
    "CHECKS",
    "Check",
    "CheckResult",
    "DecisionRecord",
    "Evidence",
    "check",
    "decide",
    "evaluate",
    "ordered_checks",
    "outcome_of",
]


def __getattr__(name: str) -> object:
    # Probes pull in the gateway and guard; import them only when asked for.
    if name in ("PROBES", "run_probes"):
        from phaseone.gate import probes

        return getattr(probes, name)
    raise AttributeError(name)
