"""What calling a target returns, and the registry of target kinds."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from phaseone.plan.components import Price
from phaseone.registry import Registry


@dataclass
class TargetResponse:
    """One answer of the AI system, with what it cost to get it."""

    output: Any
    latency_ms: float
    input_tokens: int | None = None
    output_tokens: int | None = None
    cost: float = 0.0
    raw: Any = None  #: the full response body, for debugging; never required


def cost_of(price: Price, input_tokens: int | None, output_tokens: int | None) -> float:
    return (
        price.per_call
        + (input_tokens or 0) / 1000 * price.per_1k_input_tokens
        + (output_tokens or 0) / 1000 * price.per_1k_output_tokens
    )


class Target(Protocol):
    """An AI system that can be called. Errors are `phaseone.errors.TargetError` subclasses."""

    #: Hash of the configuration that determines answers (secrets excluded); keys the cache.
    fingerprint: str
    #: Human label, e.g. `http POST http://127.0.0.1:8080/classify`.
    label: str
    price: Price

    async def call(self, input: Any, *, case: Any = None) -> TargetResponse: ...

    async def aclose(self) -> None: ...


def fingerprint_of(config: dict[str, Any]) -> str:
    raw = json.dumps(config, sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


#: kind → factory(config, base_dir) -> Target
TargetFactory = Callable[..., Target]
#: Each kind's module is imported when a plan first names it: `openai` needs aiohttp, which
#: a run against a plain `http` target must not pay for (see `phaseone.registry`).
TARGETS: Registry[TargetFactory] = Registry(
    "target",
    modules={
        "http": "phaseone.targets.http",
        "openai": "phaseone.targets.openai",
        "python": "phaseone.targets.python",
    },
)
