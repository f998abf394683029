"""Sending an alert event to people: a Slack-compatible webhook and email over SMTP.

Both are plain, synchronous and bounded by a timeout on the whole exchange (not only on
each socket operation: a server that answers a byte at a time would otherwise hold a send
for hours, past the claim's lease, and a second watcher would send a copy). The watcher
sends a handful of
messages per incident, and a channel that fails is retried on the next evaluation (each
message is claimed in the store before it is sent, `store.delivery_claims`), so no queue
or async client is needed here. Each message carries its idempotency key: the webhook's
``Idempotency-Key`` header, the email's ``Message-ID``.
"""

from __future__ import annotations

import functools
import http.client
import json
import smtplib
import socket
import ssl
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any, Protocol
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


class _Deadline:
    """Shuts a connection's socket down once its whole exchange has taken `seconds`.

    Socket timeouts bound one read or write; a peer that keeps sending a byte just inside
    that bound is never timed out. A blocked read on a socket that is shut down returns at
    once, so the client library fails the send with its usual error.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._lock = threading.Lock()
        self._holders: list[object] = []  # objects whose `.sock` is the live socket
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def arm(self, holder: object, sock: socket.socket | None = None) -> None:
        """Watch `holder.sock`, read when the deadline passes (STARTTLS replaces it);
        `sock` is the socket it is about to hold, for a deadline that has already passed."""
        with self._lock:
            self._holders.append(holder)
            expired = self.expired
        if expired:  # connected after the deadline: no exchange may start
            _shut(holder) if sock is None else _shut_socket(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            holders = list(self._holders)
        for holder in holders:
            _shut(holder)


def _shut(holder: object) -> None:
    sock = getattr(holder, "sock", None)
    if sock is not None:
        _shut_socket(sock)


def _shut_socket(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed: nothing is left to bound


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, deadline: _Deadline, **kwargs: Any) -> None:
        self._deadline = deadline
        super().__init__(*args, **kwargs)

    def connect(self) -> None:
        super().connect()
        self._deadline.arm(self)


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, deadline: _Deadline, **kwargs: Any) -> None:
        self._deadline = deadline
        super().__init__(*args, **kwargs)

    def connect(self) -> None:
        # HTTPSConnection.connect with the handshake after `self.sock` is the TLS socket,
        # so a handshake that drips is bounded too (wrapping detaches the plain socket).
        http.client.HTTPConnection.connect(self)
        self._deadline.arm(self)
        host = getattr(self, "_tunnel_host", None) or self.host
        context: ssl.SSLContext = self._context  # type: ignore[attr-defined]
        self.sock = context.wrap_socket(
            self.sock, server_hostname=host, do_handshake_on_connect=False
        )
        self.sock.do_handshake()


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_HTTPConnection, deadline=self._deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_HTTPSConnection, deadline=self._deadline), req)


class _SMTP(smtplib.SMTP):
    def __init__(self, deadline: _Deadline, host: str, port: int, timeout: float) -> None:
        self._deadline = deadline  # before SMTP.__init__, which connects and reads the greeting
        super().__init__(host, port, timeout=timeout)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        sock: socket.socket = super()._get_socket(host, port, timeout)  # type: ignore[misc]
        self._deadline.arm(self, sock)  # `self.sock` is set from this once it returns
        return sock


def _late(deadline: _Deadline, what: str, exc: BaseException) -> str:
    if deadline.expired:
        return f"{what}: no complete exchange within {deadline.seconds:g} s (timeout_s)"
    return f"{what}: {exc}"


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
        timeout = self.config.timeout_s
        with _Deadline(timeout) as deadline:
            # build_opener puts these in place of urllib's own HTTP(S) handlers; proxies
            # from the environment still apply, as with urlopen.
            opener = urllib.request.build_opener(_HTTPHandler(deadline), _HTTPSHandler(deadline))
            try:
                with opener.open(request, timeout=timeout) as answer:
                    answer.read(65536)
            except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
                what = f"webhook {_host(self.config.url)}"
                raise DeliveryFailed(_late(deadline, what, exc)) from exc


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
        with _Deadline(c.timeout_s) as deadline:
            try:
                with _SMTP(deadline, c.host, c.port, c.timeout_s) as smtp:
                    if c.starttls:
                        smtp.starttls()
                    if c.username:
                        smtp.login(c.username, c.password or "")
                    smtp.send_message(msg)
            except (smtplib.SMTPException, OSError) as exc:
                raise DeliveryFailed(_late(deadline, f"email via {c.host}:{c.port}", exc)) from exc


def channels(notify: Notify) -> list[Channel]:
    """The channels the plan configures (none: incidents are only stored)."""
    found: list[Channel] = []
    if notify.webhook is not None:
        found.append(Webhook(notify.webhook))
    if notify.email is not None:
        found.append(Email(notify.email))
    return found
