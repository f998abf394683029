"""A JSON-over-HTTP service as the target: request template in, dotted path out.

This is the "real integration" target: the pilot's own API, called the way production
will call it. Body templates are compiled once; each call renders them over the case.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from phaseone.plan.components import HttpTarget
from phaseone.redact import fingerprint_config, mask_url
from phaseone.targets.base import TARGETS, TargetResponse, fingerprint_of
from phaseone.targets.json_target import (
    AnswerFields,
    JsonOverHttpTarget,
    JsonRequest,
    read_path,
    read_tokens,
)
from phaseone.targets.templates import compile_tree, render
from phaseone.wire import dumps


class HttpJsonTarget(JsonOverHttpTarget):
    """POSTs (or GETs) a rendered body and reads the answer at `output_path`."""

    def __init__(self, config: HttpTarget, base_dir: Path | None = None) -> None:
        headers = {"Accept": "application/json", **config.headers}
        if not any(h.lower() == "content-type" for h in headers):
            headers["Content-Type"] = "application/json"
        super().__init__(f"http {config.method} {mask_url(config.url)}", config.timeout_s, headers)
        self.config = config
        self.price = config.price
        self.fingerprint = fingerprint_of(fingerprint_config(config))
        self._body = compile_tree(config.body, "target.body")
        self._url = compile_tree(config.url, "target.url") if "{{" in config.url else None

    def _request(self, input: Any, case: Any) -> JsonRequest:
        method = self.config.method
        url = str(render(self._url, input, case)) if self._url else self.config.url
        body = render(self._body, input, case)
        if method == "GET":
            if isinstance(body, dict):
                params = {
                    k: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
                    for k, v in body.items()
                }
                return JsonRequest(method, url, params=params)
            return JsonRequest(method, url)
        if body is None:
            return JsonRequest(method, url)
        if isinstance(body, str):
            return JsonRequest(method, url, body.encode())
        return JsonRequest(method, url, dumps(body))

    def _read(self, doc: Any) -> AnswerFields:
        cfg, label = self.config, self.label
        return AnswerFields(
            output=read_path(doc, cfg.output_path, label, "output_path"),
            input_tokens=read_tokens(doc, cfg.input_tokens_path, label, "input_tokens_path"),
            output_tokens=read_tokens(doc, cfg.output_tokens_path, label, "output_tokens_path"),
        )

    async def call(self, input: Any, *, case: Any = None) -> TargetResponse:
        return await self._answer(self._request(input, case), self._read)


@TARGETS.register("http")
def http_target(config: HttpTarget, base_dir: Path) -> HttpJsonTarget:
    return HttpJsonTarget(config, base_dir)
