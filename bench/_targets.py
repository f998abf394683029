"""Python callables the eval benchmark uses as targets (kept out of the `bench_*` pattern)."""

from __future__ import annotations

from typing import Any


async def instant(text: Any) -> str:
    """Answers at once: measures the runner's own cost per case."""
    return "spam" if "prize" in str(text) else "ham"
