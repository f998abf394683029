"""The event loop an eval runs on: uvloop when installed, else asyncio's own.

uvloop roughly halves the event loop's own cost per HTTP call, which is most of the
runner's overhead at high concurrency. The blocking entry points (`run_evals`,
`run_suite`, `resume`) and the gate's spot check run their coroutines here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion on uvloop when it is installed (else asyncio's loop)."""
    factory: Callable[[], asyncio.AbstractEventLoop] | None = None
    try:
        import uvloop  # an optional speed-up, looked for only when a run starts

        factory = uvloop.new_event_loop
    except ImportError:  # pragma: no cover - uvloop is a dependency except on Windows
        factory = None
    with asyncio.Runner(loop_factory=factory) as runner:
        return runner.run(coro)
