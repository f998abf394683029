"""`X-Phaseone-Controls` on every answer: which controls this gateway enforces.

The probe runner reads it to record what it probed (`gate/probes/runner.py`); the gate
accepts probe results only from a gateway whose hash equals the plan's current one
(`plan/controls_hash.py`). The value is a hash of settings, never a secret.
"""

from __future__ import annotations

from typing import Any

from phaseone.plan.controls_hash import HEADER, controls_hash


def controls_header(controls: Any) -> tuple[bytes, bytes]:
    """The (name, value) ASGI header for the controls a guard enforces."""
    return HEADER.lower().encode(), controls_hash(controls).encode()


def stamped(send: Any, header: tuple[bytes, bytes]) -> Any:
    """`send` that adds `header` to the response start message (every route, every status)."""

    async def send_stamped(message: Any) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", ()), header]}
        await send(message)

    return send_stamped
