"""What every probe needs: a gateway to talk to, probe keys, and a way to read traces.

Probes talk HTTP to the gateway exactly as a client would (aiohttp, one session), and
then read what the gateway wrote to the store (traces, budget ledger), because a
control that answers correctly but records the wrong thing is not working.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp

from phaseone.plan.components import Price
from phaseone.store.database import Store
from phaseone.store.gate_queries import PROBE_KEY_PREFIX, trace_by_id, traces_by_id
from phaseone.store.models import Trace
from phaseone.targets.base import TargetResponse

if TYPE_CHECKING:
    from phaseone.plan.loader import LoadedPlan

#: Extra seconds, beyond three flush intervals, to wait for a trace to be written.
TRACE_GRACE_S = 2.0
#: Price of the probe target behind an in-process gateway: known, so budgets can trip.
PROBE_PRICE = Price(per_call=0.01)


class ProbeTarget:
    """The stand-in AI system behind an in-process probe gateway.

    Probes verify the guard, not the model: a local, free, instant target keeps them
    deterministic and keeps probe traffic away from the real system (and its bill).
    It answers with a fixed text, so anything found in a trace came from the request.
    """

    def __init__(self, price: Price = PROBE_PRICE) -> None:
        self.price = price
        self.label = "phaseone probe target"
        self.fingerprint = "phaseone-probe-target"
        self.calls = 0

    async def call(self, input: Any, *, case: Any = None) -> TargetResponse:
        self.calls += 1
        return TargetResponse(output="probe answer", latency_ms=0.1, cost=self.price.per_call)

    async def aclose(self) -> None:
        return None


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str]
    elapsed_s: float

    @property
    def request_id(self) -> str | None:
        rid = self.headers.get("X-Request-Id") or self.headers.get("x-request-id")
        if rid:
            return rid
        if isinstance(self.body, dict):
            err = self.body.get("error")
            if isinstance(err, dict) and err.get("request_id"):
                return str(err["request_id"])
            if self.body.get("request_id"):
                return str(self.body["request_id"])
        return None

    @property
    def answered(self) -> bool:
        """HTTP 200 with an answer in it: what a positive control must see."""
        return (
            self.status == 200
            and isinstance(self.body, dict)
            and self.body.get("output") not in (None, "")
        )

    def shown(self) -> str:
        """The reply in a few words for a probe's evidence: status, error code or route."""
        if self.answered:
            return f"HTTP 200 with an answer (route {self.route or '?'})"
        return f"HTTP {self.status}" + (f" {self.code}" if self.code else "")

    @property
    def route(self) -> str | None:
        return self.body.get("route") if isinstance(self.body, dict) else None

    @property
    def code(self) -> str | None:
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            return str(self.body["error"].get("code"))
        return None


@dataclass
class ProbeContext:
    """One probe's view: the plan, the store the gateway writes to, and the gateway URL."""

    loaded: LoadedPlan
    store: Store
    batch_id: str
    url: str
    session: aiohttp.ClientSession
    api_key: str | None = None
    in_process: bool = False
    #: For drills: the gateway's target, whose fault mode the probe switches.
    target: Any = None
    keys: list[str] = field(default_factory=list)
    #: Every `X-Phaseone-Controls` value the gateway's replies carried in this batch.
    seen_controls: set[str] = field(default_factory=set)
    #: The request ids of the gateway's replies not yet noted as probe traffic.
    sent: list[str] = field(default_factory=list)

    def _saw(self, headers: Any) -> None:
        from phaseone.plan.controls_hash import HEADER

        value = headers.get(HEADER)
        if value:
            self.seen_controls.add(value)
        request_id = headers.get("x-request-id")
        if request_id:
            self.sent.append(request_id)

    def take_sent(self) -> list[str]:
        """The ids of the requests answered since the last call (to be noted in the store
        as probe traffic: `store.probes.record_probe_requests`)."""
        sent, self.sent = self.sent, []
        return sent

    @property
    def project(self) -> str:
        return self.loaded.plan.project.name

    def make_key(self, suffix: str, **kw: Any) -> str:
        """A fresh probe key (revoked when the batch ends); name marks it as probe traffic."""
        from phaseone.store.keys import create_key

        name = f"{PROBE_KEY_PREFIX}-{self.batch_id}-{suffix}-{uuid.uuid4().hex[:6]}"
        key = create_key(self.store, name, **kw)
        self.keys.append(name)
        return key

    def key_name(self, key: str) -> str | None:
        from phaseone.store.keys import lookup_key

        rec = lookup_key(self.store, key)
        return rec.name if rec else None

    def general_key(self) -> str:
        if self.api_key is None:
            self.api_key = self.make_key("general", rate_limit_rpm=1_000_000)
        return self.api_key

    async def invoke(
        self, input: Any, key: str | None, *, timeout_s: float = 30.0, raw_body: bytes | None = None
    ) -> Reply:
        headers = {"Content-Type": "application/json"}
        if key is not None:
            headers["Authorization"] = f"Bearer {key}"
        data = (
            raw_body
            if raw_body is not None
            else json.dumps({"input": input, "metadata": {"probe": self.batch_id}}).encode()
        )
        t0 = time.perf_counter()
        async with self.session.post(
            f"{self.url}/v1/invoke",
            data=data,
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=timeout_s),
        ) as resp:
            self._saw(resp.headers)
            text = await resp.text()
            try:
                body: Any = json.loads(text) if text else None
            except json.JSONDecodeError:
                body = text
            return Reply(resp.status, body, dict(resp.headers), time.perf_counter() - t0)

    async def refused(self, key: str) -> tuple[Reply, int, str]:
        """A request the gateway must refuse, for the probes whose negative control is
        "refused traffic is recorded too": (reply, the status it must have, what it was).

        Without a key (401) when the plan requires keys, else one character over
        `max_input_chars` (413): the monitoring probes must not fail on an auth choice.
        """
        c = self.loaded.plan.controls
        if c is None or c.auth.required:
            return await self.invoke("probe: refused", None), 401, "no key"
        limit = c.limits.max_input_chars
        return await self.invoke("x" * (limit + 1), key), 413, f"{limit + 1} chars"

    async def get(self, path: str, key: str | None) -> tuple[int, str]:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        async with self.session.get(f"{self.url}{path}", headers=headers) as resp:
            self._saw(resp.headers)
            return resp.status, await resp.text()

    async def reported_controls(self) -> str | None:
        """The controls hash the gateway reports (on /healthz, like on every answer)."""
        from phaseone.plan.controls_hash import HEADER

        try:
            async with self.session.get(
                f"{self.url}/healthz", timeout=aiohttp.ClientTimeout(total=10)
            ) as resp:
                value = resp.headers.get(HEADER)
        except (aiohttp.ClientError, TimeoutError):
            return None
        if value:
            self.seen_controls.add(value)
        return value or None

    async def wait_trace(
        self, request_id: str | None, timeout_s: float | None = None
    ) -> Trace | None:
        """The stored trace of a request; traces are written in batches, so poll a little."""
        if not request_id:
            return None
        mon = self.loaded.plan.controls.monitoring if self.loaded.plan.controls else None
        wait = (
            timeout_s
            if timeout_s is not None
            else 3 * (mon.flush_interval_s if mon else 1) + TRACE_GRACE_S
        )
        deadline = time.monotonic() + wait
        while True:
            row = trace_by_id(self.store, request_id)
            if row is not None or time.monotonic() > deadline:
                return row
            await asyncio.sleep(0.1)

    async def wait_traces(self, request_ids: list[str]) -> dict[str, Trace]:
        """The stored traces of many requests (one poll for all); missing ids are absent."""
        ids = [r for r in request_ids if r]
        mon = self.loaded.plan.controls.monitoring if self.loaded.plan.controls else None
        deadline = time.monotonic() + 3 * (mon.flush_interval_s if mon else 1) + TRACE_GRACE_S
        found: dict[str, Trace] = {}
        while ids:
            found.update(traces_by_id(self.store, ids))
            if len(found) == len(set(ids)) or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.1)
        return found


def revoke_probe_keys(store: Store, names: list[str]) -> None:
    from phaseone.store.keys import revoke_key

    for name in names:
        with contextlib.suppress(Exception):
            revoke_key(store, name)


@contextlib.contextmanager
def scratch_store() -> Iterator[Store]:
    """A throw-away SQLite store for drills: a drill must never flip the real kill switch."""
    with tempfile.TemporaryDirectory(prefix="phaseone-drill-") as d:
        store = Store(f"sqlite:///{Path(d) / 'drill.db'}")
        try:
            yield store
        finally:
            store.close()


@contextlib.contextmanager
def in_process_gateway(loaded: LoadedPlan, store: Store, target: Any) -> Iterator[str]:
    """GUARD's gateway on an ephemeral loopback port, around `target`; yields its URL."""
    from phaseone.gateway import create_app, serve_in_thread

    app = create_app(loaded, store, target=target)
    server = serve_in_thread(app, host="127.0.0.1", port=0)
    try:
        yield str(server.url).rstrip("/")
    finally:
        server.stop()
