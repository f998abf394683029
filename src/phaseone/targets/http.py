"""A JSON-over-HTTP service as the target: request template in, dotted path out.

This is the "real integration" target: the pilot's own API, called the way production
will call it. Body templates are compiled once; each call renders them over the case.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from phaseone.errors import TargetBadResponse
from phaseone.jsonpath import PathNotFound, get_path
from phaseone.plan.components import HttpTarget
from phaseone.redact import fingerprint_config, mask_url
from phaseone.targets.base import TARGETS, TargetResponse, cost_of, fingerprint_of
from phaseone.targets.client import HttpClient
from phaseone.targets.templates import compile_tree, render
from phaseone.wire import dumps, quote


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


class HttpJsonTarget:
    """POSTs (or GETs) a rendered body and reads the answer at `output_path`."""

    def __init__(self, config: HttpTarget, base_dir: Path | None = None) -> None:
        self.config = config
        self.price = config.price
        self.label = f"http {config.method} {mask_url(config.url)}"
        self.fingerprint = fingerprint_of(fingerprint_config(config))
        self._body = compile_tree(config.body, "target.body")
        self._url = compile_tree(config.url, "target.url") if "{{" in config.url else None
        headers = {"Accept": "application/json", **config.headers}
        if not any(h.lower() == "content-type" for h in headers):
            headers["Content-Type"] = "application/json"
        self._headers = headers
        self._client = HttpClient(self.label, config.timeout_s)

    def _request(self, input: Any, case: Any) -> tuple[str, bytes | None, dict[str, str] | None]:
        url = str(render(self._url, input, case)) if self._url else self.config.url
        body = render(self._body, input, case)
        if self.config.method == "GET":
            if isinstance(body, dict):
                params = {
                    k: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
                    for k, v in body.items()
                }
                return url, None, params
            return url, None, None
        if body is None:
            return url, None, None
        if isinstance(body, str):
            return url, body.encode(), None
        return url, dumps(body), None

    async def call(self, input: Any, *, case: Any = None) -> TargetResponse:
        url, data, params = self._request(input, case)
        start = time.perf_counter()
        doc = await self._client.request_json(
            self.config.method, url, headers=self._headers, body=data, params=params
        )
        latency_ms = (time.perf_counter() - start) * 1000
        output = read_path(doc, self.config.output_path, self.label, "output_path")
        in_tok = read_tokens(doc, self.config.input_tokens_path, self.label, "input_tokens_path")
        out_tok = read_tokens(doc, self.config.output_tokens_path, self.label, "output_tokens_path")
        return TargetResponse(
            output=output,
            latency_ms=latency_ms,
            input_tokens=in_tok,
            output_tokens=out_tok,
            cost=cost_of(self.price, in_tok, out_tok),
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


@TARGETS.register("http")
def http_target(config: HttpTarget, base_dir: Path) -> HttpJsonTarget:
    return HttpJsonTarget(config, base_dir)
