"""The demo's last act: a simulated stretch of production after the decision.

Seven simulated hours of traffic go into a store of their own (never the evidence store
the gate reads): six healthy hours (0.2% of answers from the fallback), then the model's
host degrades and 12% of answers come from the fallback. `phaseone watch`'s evaluation
runs every five simulated minutes with the demo plan's `slos:`; when the availability
budget burns too fast, the alert is emailed to a local SMTP inbox (aiosmtpd on
127.0.0.1) that the demo started, and the demo prints what arrived.

The traffic is synthetic (trace rows at simulated times, so an hour takes no hour), and
the demo says so; the alerting, the store, the SMTP delivery and the inbox are the real
ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from phaseone.plan.slo_schema import Slos
from phaseone.slo.notify import channels
from phaseone.slo.watch import step
from phaseone.store.database import Store
from phaseone.store.trace_row import TraceRow
from phaseone.store.traces import write_batch

PER_MINUTE = 20
HEALTHY_MIN, DEGRADED_MIN = 360, 60
HEALTHY_BAD, DEGRADED_BAD = 0.002, 0.12
EVERY_MIN = 5


@dataclass
class AfterGo:
    """What the simulated production period showed."""

    fault_at: dt.datetime
    fired: list[tuple[int, str]] = field(default_factory=list)  #: (minutes after fault, alert)
    emails: list[EmailMessage] = field(default_factory=list)
    requests: int = 0
    inbox_file: Path | None = None

    @property
    def page(self) -> EmailMessage | None:
        """The first email that pages someone, if one arrived."""
        return next(
            (m for m in self.emails if str(m["Subject"]).strip().startswith("[PAGE]")), None
        )


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        self.messages.append(msg)
        return "250 OK"


def _traffic(store: Store, project: str, start: dt.datetime, minutes: int, bad: float) -> int:
    rows: list[TraceRow] = []
    owed = 0.0
    for m in range(minutes):
        for i in range(PER_MINUTE):
            owed += bad
            degraded = owed >= 1.0
            owed -= 1.0 if degraded else 0.0
            rows.append(
                TraceRow(
                    f"sim-{start.timestamp():.0f}-{m}-{i}",
                    project,
                    key_name="simulated",
                    started_at=start + dt.timedelta(minutes=m, seconds=i * 60 / PER_MINUTE),
                    latency_ms=40.0,
                    outcome="fallback" if degraded else "ok",
                    route="fallback" if degraded else "primary",
                )
            )
    write_batch(store, rows)
    return len(rows)


def simulate(slos: Slos, project: str, root: Path) -> AfterGo:
    """Run the simulated production period; raises ImportError without aiosmtpd."""
    # aiosmtpd, the `demo` extra; the caller names it
    from phaseone.demo.smtp_inbox import AnyPortController

    inbox = _Inbox()
    controller = AnyPortController(inbox)  # on a port the kernel chose: none to lose
    controller.start()
    port = controller.port
    store = Store(f"sqlite:///{root / '.phaseone' / 'after-go.db'}")
    try:
        email = slos.notify.email
        notify = slos.notify.model_copy(
            update={"email": email.model_copy(update={"host": "127.0.0.1", "port": port})}
            if email is not None
            else {}
        )
        sinks = channels(notify)
        start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=1)
        fault = start + dt.timedelta(minutes=HEALTHY_MIN)
        result = AfterGo(fault)
        result.requests += _traffic(store, project, start, HEALTHY_MIN, HEALTHY_BAD)
        result.requests += _traffic(store, project, fault, DEGRADED_MIN, DEGRADED_BAD)
        for m in range(0, DEGRADED_MIN + 1, EVERY_MIN):
            done = step(store, slos, project, sinks, now=fault + dt.timedelta(minutes=m))
            result.fired += [(m, i.alert) for i in done.fired]
        result.emails = list(inbox.messages)
        if result.emails:
            result.inbox_file = root / "after-go-inbox.eml"
            result.inbox_file.write_bytes(bytes(result.page or result.emails[0]))
        return result
    finally:
        store.close()
        controller.stop()
