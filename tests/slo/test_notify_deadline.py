"""A channel's `timeout_s` bounds the whole send, not each socket operation.

The claim a watcher holds on a message lapses after `CLAIM_LEASE`; a send that outlives it
lets a second watcher send a copy. Socket timeouts alone do not bound a send: a server
that sends one byte just inside the timeout keeps it going. These servers do exactly
that (real sockets on 127.0.0.1), and the controls show the drip defeats a plain
per-operation timeout, so the tests could fail.
"""

from __future__ import annotations

import shutil
import smtplib
import socket
import ssl
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from phaseone.plan.slo_schema import EmailNotify, WebhookNotify
from phaseone.slo.notify import AlertEvent, DeliveryFailed, Email, Webhook

DRIP_EVERY_S = 0.1  # far inside every timeout below
TIMEOUT_S = 0.6


class DripServer:
    """Accepts connections and answers `reply` one byte every DRIP_EVERY_S seconds."""

    def __init__(self, reply: bytes, read_first: bool) -> None:
        self.reply = reply
        self.read_first = read_first
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        with conn:
            try:
                if self.read_first:
                    conn.recv(65536)
                for byte in self.reply:
                    if self.stop.is_set():
                        return
                    conn.sendall(bytes([byte]))
                    time.sleep(DRIP_EVERY_S)
            except OSError:
                return

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.fixture
def http_drip() -> Iterator[DripServer]:
    # A status line and headers long enough to take ~30 s at one byte per 0.1 s.
    head = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 300 + b"\r\n\r\n"
    server = DripServer(head, read_first=True)
    yield server
    server.close()


@pytest.fixture
def smtp_drip() -> Iterator[DripServer]:
    server = DripServer(b"220 " + b"s" * 300 + b"\r\n", read_first=False)
    yield server
    server.close()


def _event() -> AlertEvent:
    return AlertEvent(
        event="fired", project="p", alert="a", slo="s", severity="page", summary="x",
        details="y", fired_at="2026-12-07T00:00:00Z", key="k",
    )  # fmt: skip


def _still_running_after(fn: object, seconds: float) -> bool:
    done = threading.Event()

    def run() -> None:
        try:
            fn()  # type: ignore[operator]
        except Exception:
            pass
        done.set()

    threading.Thread(target=run, daemon=True).start()
    return not done.wait(seconds)


def test_control_a_dripping_http_answer_outlives_a_per_operation_timeout(
    http_drip: DripServer,
) -> None:
    url = f"http://127.0.0.1:{http_drip.port}/hook"

    def plain() -> None:
        req = urllib.request.Request(url, data=b"{}", method="POST")
        with urllib.request.urlopen(req, timeout=TIMEOUT_S) as answer:
            answer.read()

    assert _still_running_after(plain, 4 * TIMEOUT_S)


def test_a_webhook_send_gives_up_after_timeout_s_in_all(http_drip: DripServer) -> None:
    hook = Webhook(
        WebhookNotify(url=f"http://127.0.0.1:{http_drip.port}/hook", timeout_s=TIMEOUT_S)
    )
    t0 = time.monotonic()
    with pytest.raises(DeliveryFailed, match=r"no complete exchange within 0.6 s"):
        hook.send(_event())
    assert time.monotonic() - t0 < TIMEOUT_S + 1.0


def test_control_a_dripping_smtp_greeting_outlives_a_per_operation_timeout(
    smtp_drip: DripServer,
) -> None:
    def plain() -> None:
        with smtplib.SMTP("127.0.0.1", smtp_drip.port, timeout=TIMEOUT_S):
            pass

    assert _still_running_after(plain, 4 * TIMEOUT_S)


def test_an_email_send_gives_up_after_timeout_s_in_all(smtp_drip: DripServer) -> None:
    mail = Email(
        EmailNotify(
            host="127.0.0.1",
            port=smtp_drip.port,
            sender="a@example.com",
            to=["b@example.com"],
            timeout_s=TIMEOUT_S,
        )
    )
    t0 = time.monotonic()
    with pytest.raises(DeliveryFailed, match=r"no complete exchange within 0.6 s"):
        mail.send(_event())
    assert time.monotonic() - t0 < TIMEOUT_S + 1.0


@pytest.fixture
def tls_files(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with Debian's openssl."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _read_request(conn: socket.socket) -> None:
    """The whole request (head and body): closing before reading it all resets the peer."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
    while len(body) < length:
        body += conn.recv(65536)


def _tls_server(cert: Path, key: Path, drip: bool) -> tuple[socket.socket, threading.Event]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"

    def serve() -> None:
        while not stop.is_set():
            try:
                raw, _ = listener.accept()
                conn = context.wrap_socket(raw, server_side=True)
                _read_request(conn)
                if not drip:
                    conn.sendall(answer)
                else:
                    for byte in answer[:-4] + b"x" * 300:
                        if stop.is_set():
                            break
                        conn.sendall(bytes([byte]))
                        time.sleep(DRIP_EVERY_S)
                conn.close()
            except OSError:
                continue

    threading.Thread(target=serve, daemon=True).start()
    return listener, stop


@pytest.mark.parametrize("drip", [False, True], ids=["answers", "drips"])
def test_a_webhook_over_https_is_verified_and_bounded(
    tls_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, drip: bool
) -> None:
    cert, key = tls_files
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust this certificate alone
    listener, stop = _tls_server(cert, key, drip)
    port = listener.getsockname()[1]
    hook = Webhook(WebhookNotify(url=f"https://127.0.0.1:{port}/hook", timeout_s=TIMEOUT_S))
    try:
        t0 = time.monotonic()
        if drip:
            with pytest.raises(DeliveryFailed, match=r"no complete exchange within 0.6 s"):
                hook.send(_event())
            assert time.monotonic() - t0 < TIMEOUT_S + 1.0
        else:
            hook.send(_event())  # TLS with the hostname checked, the answer read
    finally:
        stop.set()
        listener.close()


def test_a_webhook_over_https_refuses_an_untrusted_certificate(
    tls_files: tuple[Path, Path],
) -> None:
    cert, key = tls_files
    listener, stop = _tls_server(cert, key, drip=False)
    port = listener.getsockname()[1]
    hook = Webhook(WebhookNotify(url=f"https://127.0.0.1:{port}/hook", timeout_s=TIMEOUT_S))
    try:
        with pytest.raises(DeliveryFailed, match="CERTIFICATE_VERIFY_FAILED"):
            hook.send(_event())
    finally:
        stop.set()
        listener.close()
