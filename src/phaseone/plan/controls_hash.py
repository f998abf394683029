"""The fingerprint of the controls a gateway enforces, so probes can be tied to a plan.

A probe batch proves that *some* gateway refused the bad and served the good. For that to
be evidence about the system the gate decides on, the gateway must enforce the plan's
controls as they are now: the running gateway reports `controls_hash` of the controls it
was started with (`X-Phaseone-Controls` on every answer), the probe runner stores it with
the batch, and the gate compares it with the hash of the plan's current controls.

The hash covers every setting that changes behaviour (limits, rates, budgets, guardrails,
resilience, monitoring, rollout). Connection settings (`*url`, `headers`, `api_key`) are left
out: they are not controls, and a hash must never become a way to test guesses of a
password the plan expands from `${VAR}`.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from phaseone.plan.schema import Controls

#: The response header a running gateway reports its controls hash in.
HEADER = "X-Phaseone-Controls"
#: How many hex digits are kept: enough to tell plans apart, short enough to read.
LENGTH = 16
_SECRET_NAMES = frozenset({"headers", "api_key", "password", "secret", "token", "canary"})


def _secret(name: str) -> bool:
    return name in _SECRET_NAMES or name.endswith("url")


def _scrub(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: ("<set>" if v is not None else None) if _secret(k) else _scrub(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def controls_hash(controls: Controls | None) -> str:
    """The hash of the controls a gateway built from them enforces.

    Args:
        controls: the plan's `controls` block; None means the guard's defaults, which is
            what `phaseone serve` enforces for a plan without one.
    """
    from phaseone.plan.schema import Controls

    c = controls if controls is not None else Controls()
    raw = json.dumps(_scrub(c.model_dump(mode="json")), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()[:LENGTH]
