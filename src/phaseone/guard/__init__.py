"""The runtime 20%: auth, limits, guardrails, rate limits, budgets, resilience, tracing.

`Guard` wraps a target (or any callable) with the plan's `controls`; the gateway
(`phaseone serve`) is an HTTP service around the same `Guard`.
"""

from phaseone.errors import GuardRefusal
from phaseone.guard.callable import CallableTarget, StaticTarget
from phaseone.guard.engines import EngineScore, InjectionEngine
from phaseone.guard.faults import FaultyTarget
from phaseone.guard.injection import InjectionFinding, load_corpus, score_injection
from phaseone.guard.pii import find_pii, redact
from phaseone.guard.pipeline import Guard, GuardResult
from phaseone.guard.refusals import (
    Blocked,
    BudgetExhausted,
    Forbidden,
    InvalidInput,
    RateLimited,
    TooLarge,
    Unauthorized,
    Unavailable,
    UpstreamError,
    UpstreamTimeout,
)

__all__ = [
    "Blocked",
    "BudgetExhausted",
    "CallableTarget",
    "EngineScore",
    "FaultyTarget",
    "Forbidden",
    "Guard",
    "GuardRefusal",
    "GuardResult",
    "InjectionEngine",
    "InjectionFinding",
    "InvalidInput",
    "RateLimited",
    "StaticTarget",
    "TooLarge",
    "Unauthorized",
    "Unavailable",
    "UpstreamError",
    "UpstreamTimeout",
    "find_pii",
    "load_corpus",
    "redact",
    "score_injection",
]
