"""Any Python callable (sync or async) as a Target, for `Guard.protect` and tests."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable
from typing import Any

from phaseone.errors import TargetError, TargetException
from phaseone.plan.components import Price
from phaseone.targets.base import TargetResponse, fingerprint_of


class CallableTarget:
    """Wraps `fn(input)`; a dict answer with ``output`` (and token counts) is unpacked.

    Sync functions run in a worker thread so they never stall the event loop.
    """

    def __init__(
        self, fn: Callable[..., Any], *, price: Price | None = None, label: str | None = None
    ) -> None:
        self.fn = fn
        self.price = price or Price()
        name = getattr(fn, "__qualname__", type(fn).__name__)
        self.label = label or f"callable {getattr(fn, '__module__', '?')}:{name}"
        self.fingerprint = fingerprint_of({"callable": self.label})
        self._is_async = inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(
            getattr(fn, "__call__", None)  # noqa: B004
        )

    async def call(self, input: Any, *, case: Any = None) -> TargetResponse:
        start = time.perf_counter()
        try:
            if self._is_async:
                result = await self.fn(input)
            else:
                result = await asyncio.to_thread(self.fn, input)
        except TargetError:
            raise
        except Exception as exc:
            raise TargetException(f"{self.label} raised {type(exc).__name__}: {exc}") from exc
        latency_ms = (time.perf_counter() - start) * 1000
        if isinstance(result, TargetResponse):
            return result
        in_tok = out_tok = None
        output = result
        if isinstance(result, dict) and "output" in result:
            output = result["output"]
            in_tok, out_tok = result.get("input_tokens"), result.get("output_tokens")
        cost = self.price.per_call
        if in_tok:
            cost += in_tok / 1000 * self.price.per_1k_input_tokens
        if out_tok:
            cost += out_tok / 1000 * self.price.per_1k_output_tokens
        return TargetResponse(output, latency_ms, in_tok, out_tok, cost)

    async def aclose(self) -> None:
        return None


class StaticTarget:
    """Always answers the same thing at no cost: the plan's `fallback: {static: …}`."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.price = Price()
        self.label = "static fallback"
        self.fingerprint = fingerprint_of({"static": answer})

    async def call(self, input: Any, *, case: Any = None) -> TargetResponse:
        return TargetResponse(self.answer, 0.0, None, None, 0.0)

    async def aclose(self) -> None:
        return None
