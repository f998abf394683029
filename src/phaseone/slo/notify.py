"""Sending an alert event to people: a Slack-compatible webhook and email over SMTP.

Both are plain, synchronous and bounded by a timeout: the watcher sends a handful of
messages per incident, and a channel that fails is retried on the next evaluation (each
message is claimed in the store before it is sent, `store.delivery_claims`), so no queue
or async client is needed here. Each message carries its idempotency key: the webhook's
``Idempotency-Key`` header, the email's ``Message-ID``.
"""

from __future__ import annotations

import json
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import urlsplit

from phaseone.plan.slo_schema import EmailNotify, Notify, WebhookNotify


@dataclass(frozen=True)
class AlertEvent:
    """One thing to tell people: an incident fired or resolved."""

    event: str  #: fired | resolved
    project: str
    alert: str
    slo: str
    severity: str
    summary: str  #: one line
    details: str  #: the evidence, in sentences
    fired_at: str
    resolved_at: str | None = None
    #: The same for every attempt to send this message (`store.delivery_claims`): a
    #: receiver that dedupes on it drops the copy a crashed watcher's successor re-sends.
    key: str | None = None

    def text(self) -> str:
        head = "RESOLVED" if self.event == "resolved" else self.severity.upper()
        return f"[{head}] {self.summary}\n{self.details}"


class Channel(Protocol):
    """Somewhere an alert event can be delivered; `send` raises `DeliveryFailed`."""

    name: str

    def send(self, event: AlertEvent) -> None: ...


class DeliveryFailed(Exception):
    """A channel did not take the event; the watcher tries again next time."""


class Webhook:
    """POSTs ``{"text": …, "phaseone": {…}}``: Slack shows `text`, other tools read the rest."""

    name = "webhook"

    def __init__(self, config: WebhookNotify) -> None:
        self.config = config

    def send(self, event: AlertEvent) -> None:
        body = json.dumps({"text": event.text(), "phaseone": event.__dict__}).encode()
        headers = {"Content-Type": "application/json", "User-Agent": "phaseone-watch"}
        if event.key:
            headers["Idempotency-Key"] = event.key
        request = urllib.request.Request(self.config.url, data=body, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout_s) as answer:
                answer.read(65536)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise DeliveryFailed(f"webhook {_host(self.config.url)}: {exc}") from exc


def _host(url: str) -> str:
    """Scheme and host only: a webhook's path is often its secret (Slack's is)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}"


class Email:
    """One email per event to the plan's recipients."""

    name = "email"

    def __init__(self, config: EmailNotify) -> None:
        self.config = config

    def send(self, event: AlertEvent) -> None:
        c = self.config
        msg = EmailMessage()
        msg["From"] = c.sender
        msg["To"] = ", ".join(c.to)
        msg["Subject"] = event.text().splitlines()[0]
        if event.key:  # a re-sent copy has the same Message-ID: mail systems drop it
            msg["Message-ID"] = f"<{event.key}@phaseone.watch>"
        msg.set_content(event.text() + "\n\nSent by phaseone watch.\n")
        try:
            with smtplib.SMTP(c.host, c.port, timeout=c.timeout_s) as smtp:
                if c.starttls:
                    smtp.starttls()
                if c.username:
                    smtp.login(c.username, c.password or "")
                smtp.send_message(msg)
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryFailed(f"email via {c.host}:{c.port}: {exc}") from exc


def channels(notify: Notify) -> list[Channel]:
    """The channels the plan configures (none: incidents are only stored)."""
    found: list[Channel] = []
    if notify.webhook is not None:
        found.append(Webhook(notify.webhook))
    if notify.email is not None:
        found.append(Email(notify.email))
    return found
