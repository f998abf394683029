"""What the http and openai targets share: a pooled client, a timed JSON call, the answer.

Both targets send one JSON request and read fields out of one JSON answer; they differ
only in how the request is built and where the fields are. Timing the call, pricing the
tokens, reporting a missing field as the target's bad response, and the guard's hook to
lower the per-call timeout are the same rules for both, so they live here once.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from phaseone.errors import TargetBadResponse
from phaseone.jsonpath import PathNotFound, get_path
from phaseone.plan.components import Price
from phaseone.targets.base import TargetResponse, cost_of
from phaseone.targets.client import HttpClient
from phaseone.wire import quote


def read_path(doc: Any, path: str, label: str, what: str) -> Any:
    """`get_path` with the failure reported as the target's bad response."""
    try:
        return get_path(doc, path)
    except PathNotFound as exc:
        body = json.dumps(doc, ensure_ascii=False, default=str)
        raise TargetBadResponse(
            f"{label}: {what} {exc} in the answer {quote(body)}",
            fix=f"set the target's {what} to where the value is in the JSON answer",
        ) from None


def read_tokens(doc: Any, path: str | None, label: str, what: str) -> int | None:
    """The token count at `path` (None when no path is configured or the value is null)."""
    if not path:
        return None
    value = read_path(doc, path, label, what)
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise TargetBadResponse(
            f"{label}: {what} '{path}' is {value!r}, not a token count",
            fix=f"point {what} at an integer in the JSON answer",
        ) from None


@dataclass(frozen=True)
class AnswerFields:
    """What a target reads out of its JSON answer."""

    output: Any
    input_tokens: int | None = None
    output_tokens: int | None = None


@dataclass(frozen=True)
class JsonRequest:
    """One request as a target built it for a case."""

    method: str
    url: str
    body: bytes | None = None
    params: dict[str, str] | None = None


class JsonOverHttpTarget:
    """Base of the targets that call a JSON API: subclasses build the request and read the
    answer's fields; the call, its timing and its price are done here."""

    label: str
    price: Price
    fingerprint: str

    def __init__(self, label: str, timeout_s: float, headers: dict[str, str]) -> None:
        self.label = label
        self._headers = headers
        self._client = HttpClient(label, timeout_s)

    async def _answer(
        self, request: JsonRequest, read: Callable[[Any], AnswerFields]
    ) -> TargetResponse:
        """Send `request`, read the answer with `read`, and price the tokens it used."""
        start = time.perf_counter()
        doc = await self._client.request_json(
            request.method,
            request.url,
            headers=self._headers,
            body=request.body,
            params=request.params,
        )
        latency_ms = (time.perf_counter() - start) * 1000
        fields = read(doc)
        return TargetResponse(
            output=fields.output,
            latency_ms=latency_ms,
            input_tokens=fields.input_tokens,
            output_tokens=fields.output_tokens,
            cost=cost_of(self.price, fields.input_tokens, fields.output_tokens),
            raw=doc,
        )

    @property
    def timeout_s(self) -> float:
        """The timeout this target applies to each call itself."""
        return self._client.timeout_s

    def limit_timeout(self, seconds: float) -> None:
        """Apply at most `seconds` per call (the guard's `resilience.timeout_s`)."""
        self._client.limit_timeout(seconds)

    async def aclose(self) -> None:
        await self._client.aclose()
