"""The gateway on 127.0.0.1 with a plan's `models:` in front of local OpenAI servers, and
the official `openai` SDK pointed at it: what the tests of the OpenAI routes share."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openai
from guardkit import wait_until, write_plan
from sqlalchemy import select

from phaseone.gateway import create_app, serve_in_thread
from phaseone.guard.pipeline import Guard
from phaseone.store import Store
from phaseone.store.keys import create_key
from phaseone.store.models import Trace

BASE: dict[str, Any] = {
    "rate_limit": {"requests_per_minute": 60000, "burst": 1000},
    "resilience": {"timeout_s": 5, "retries": 0},
    "monitoring": {"flush_interval_s": 0.1},
}

#: The output guardrails off: each upstream chunk is passed on as it comes (with them on,
#: a hold-back window of `stream_window_chars` delays the text: tests of the stream's
#: transport use this; the PII test in test_openai_sdk.py the window).
NO_OUTPUT_GUARD: dict[str, Any] = {
    "guardrails": {"output": {"pii": "off", "secrets": "off", "exfiltration": "off"}}
}


def upstream(url: str, **kw: Any) -> dict[str, Any]:
    """An `openai` upstream config for a local server."""
    return {"kind": "openai", "base_url": url + "/v1", "model": "local-model", **kw}


@dataclass
class Gateway:
    url: str
    store: Store
    guard: Guard
    key: str

    def client(self, key: str | None = None, **kw: Any) -> openai.OpenAI:
        return openai.OpenAI(
            base_url=self.url + "/v1", api_key=key or self.key, max_retries=0, **kw
        )

    def async_client(self, key: str | None = None, **kw: Any) -> openai.AsyncOpenAI:
        return openai.AsyncOpenAI(
            base_url=self.url + "/v1", api_key=key or self.key, max_retries=0, **kw
        )

    def traces(self) -> list[Trace]:
        self.guard.flush()
        with self.store.session() as s:
            rows = list(s.scalars(select(Trace).order_by(Trace.started_at)))
            s.expunge_all()
        return rows

    def trace(self, request_id: str, timeout: float = 10.0) -> Trace:
        """The trace of `request_id`, once it is written."""
        found: list[Trace] = []

        def written() -> bool:
            found[:] = [t for t in self.traces() if t.id == request_id]
            return bool(found)

        assert wait_until(written, timeout), f"no trace for {request_id}"
        return found[0]


@contextmanager
def chat_gateway(
    tmp_path: Path,
    models: list[dict[str, Any]] | None,
    controls: dict[str, Any] | None = None,
    *,
    target: dict[str, Any] | None = None,
) -> Iterator[Gateway]:
    loaded = write_plan(
        tmp_path, {**BASE, **(controls or {})}, target=target, models=models, project="chatgw"
    )
    store = Store(f"sqlite:///{tmp_path / 'gw.db'}")
    app = create_app(loaded, store)
    try:
        with serve_in_thread(app) as server:
            yield Gateway(server.url, store, app.state.guard, create_key(store, "svc"))
    finally:
        store.close()
