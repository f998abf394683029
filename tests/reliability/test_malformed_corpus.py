"""A corpus of malformed requests against a real `phaseone serve`: none gets a 5xx, each
is refused in the gateway's JSON error shape, the gateway keeps serving, and the HTTP
layer's refusals are counted in `/metrics` by reason (issue #21: "no 5xx on 52 malformed
requests").

Most requests are raw bytes over a socket (a client library would refuse to send them);
the ones a library can send go through httpx too, as an application would.
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from guardkit import http, write_plan
from relkit import Served, metric_samples, serving

from phaseone.store import Store
from phaseone.store.keys import create_key
from servers import JsonServer

#: Refusals made by the HTTP layer (`gateway/protocol.py`), before the app sees a request.
PROTOCOL_CODES = {
    "bad_request",
    "header_timeout",
    "body_timeout",
    "headers_too_large",
    "too_many_headers",
    "request_line_too_long",
    "too_many_connections",
}


@dataclass
class Gateway:
    served: Served
    key: str
    upstream: JsonServer


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    tmp = tmp_path_factory.mktemp("corpus")
    with JsonServer() as upstream:
        db = f"sqlite:///{tmp / 'gw.db'}"
        controls = {
            "rate_limit": {"requests_per_minute": 600000, "burst": 100000},
            # short deadlines: the truncated requests below are cut within a second or two
            "limits": {"header_timeout_s": 1, "body_timeout_s": 1, "max_body_bytes": 65536},
            "monitoring": {"flush_interval_s": 0.2},
        }
        loaded = write_plan(
            tmp, controls, target={"kind": "http", "url": upstream.url + "/a"}, store_url=db
        )
        store = Store(db)
        key = create_key(store, "svc", scopes=["invoke", "feedback", "metrics"])
        store.close()
        with serving(loaded.path, tmp / "serve.log") as served:
            yield Gateway(served, key, upstream)


# --- the corpus -------------------------------------------------------------------------


def _req(
    method: str,
    path: str,
    body: bytes | None = None,
    *,
    key: str | None = "KEY",
    ctype: str | None = "application/json",
    extra: tuple[str, ...] = (),
    length: int | None = None,
) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: gw"]
    if body is not None:
        lines.append(f"Content-Length: {len(body) if length is None else length}")
    if ctype is not None and body is not None:
        lines.append(f"Content-Type: {ctype}")
    if key is not None:
        lines.append(f"Authorization: Bearer {key}")
    lines += [*extra, "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b"")


def _invoke(body: bytes, **kw: Any) -> bytes:
    return _req("POST", "/v1/invoke", body, **kw)


def _chunked(chunks: bytes, *, extra: tuple[str, ...] = ()) -> bytes:
    head = "\r\n".join(
        [
            "POST /v1/invoke HTTP/1.1",
            "Host: gw",
            "Content-Type: application/json",
            "Authorization: Bearer KEY",
            "Transfer-Encoding: chunked",
            *extra,
            "Connection: close",
        ]
    )
    return (head + "\r\n\r\n").encode() + chunks


#: (name, raw request with KEY for the valid key, expected status, expected code)
RAW: list[tuple[str, bytes, int, str]] = [
    # bad JSON
    ("open brace", _invoke(b"{"), 422, "invalid_input"),
    ("truncated object", _invoke(b'{"input": "hi"'), 422, "invalid_input"),
    ("single quotes", _invoke(b"{'input': 'hi'}"), 422, "invalid_input"),
    ("trailing comma", _invoke(b'{"input": "hi",}'), 422, "invalid_input"),
    ("bare NaN", _invoke(b"NaN"), 422, "invalid_input"),
    ("NaN input", _invoke(b'{"input": NaN}'), 422, "invalid_input"),
    ("Infinity input", _invoke(b'{"input": Infinity}'), 422, "invalid_input"),
    ("empty body", _invoke(b""), 422, "invalid_input"),
    ("null body", _invoke(b"null"), 422, "invalid_input"),
    ("array body", _invoke(b"[]"), 422, "invalid_input"),
    ("string body", _invoke(b'"just text"'), 422, "invalid_input"),
    ("two documents", _invoke(b'{"input": "a"}{"input": "b"}'), 422, "invalid_input"),
    (
        "nested 10,000 deep",
        _invoke(b'{"input": "x", "metadata": {"a": ' + b"[" * 10000 + b"]" * 10000 + b"}}"),
        422,
        "invalid_input",
    ),
    ("a comment", _invoke(b'{"input": "hi" /* c */}'), 422, "invalid_input"),
    # wrong types
    ("number input", _invoke(b'{"input": 3}'), 422, "invalid_input"),
    ("boolean input", _invoke(b'{"input": true}'), 422, "invalid_input"),
    ("null input", _invoke(b'{"input": null}'), 422, "invalid_input"),
    ("list input", _invoke(b'{"input": ["hi"]}'), 422, "invalid_input"),
    ("object input", _invoke(b'{"input": {"q": 1}}'), 422, "invalid_input"),
    ("string metadata", _invoke(b'{"input": "hi", "metadata": "x"}'), 422, "invalid_input"),
    ("list metadata", _invoke(b'{"input": "hi", "metadata": [1]}'), 422, "invalid_input"),
    ("no input", _invoke(b"{}"), 422, "invalid_input"),
    ("empty input", _invoke(b'{"input": ""}'), 422, "invalid_input"),
    ("unknown field", _invoke(b'{"input": "hi", "imput": 1}'), 422, "invalid_input"),
    # huge numbers
    (
        "1e999 in metadata",
        _invoke(b'{"input": "hi", "metadata": {"n": 1e999}}'),
        422,
        "invalid_input",
    ),
    (
        "-1e999 in metadata",
        _invoke(b'{"input": "hi", "metadata": {"n": -1e999}}'),
        422,
        "invalid_input",
    ),
    (
        "5,000-digit integer",
        _invoke(b'{"input": "hi", "metadata": {"n": ' + b"9" * 5000 + b"}}"),
        422,
        "invalid_input",
    ),
    ("1e999 input", _invoke(b'{"input": 1e999}'), 422, "invalid_input"),
    (
        "feedback score 1e999",
        _req("POST", "/v1/feedback", b'{"request_id": "r", "score": 1e999}'),
        422,
        "invalid_input",
    ),
    # bad UTF-8
    ("invalid byte 0xff", _invoke(b'{"input": "\xff\xfe"}'), 422, "invalid_input"),
    ("truncated sequence", _invoke(b'{"input": "\xc3("}'), 422, "invalid_input"),
    ("encoded surrogate", _invoke(b'{"input": "\xed\xa0\x80"}'), 422, "invalid_input"),
    ("overlong encoding", _invoke(b'{"input": "\xc0\xaf"}'), 422, "invalid_input"),
    ("latin-1 body", _invoke('{"input": "café"}'.encode("latin-1")), 422, "invalid_input"),
    ("lone continuation byte", _invoke(b'{"input": "\x80"}'), 422, "invalid_input"),
    ("0xff in the key", _req("GET", "/metrics", key="\xff\xfe"), 401, "unauthorized"),
    # bad methods
    ("unknown method", _req("FOO", "/v1/invoke", b"{}"), 400, "bad_request"),
    ("lower-case method", _req("get", "/healthz"), 400, "bad_request"),
    ("HTTP/2 preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400, "bad_request"),
    ("HTTP/9.9", b"GET /healthz HTTP/9.9\r\nHost: gw\r\n\r\n", 400, "bad_request"),
    ("tab in the method", b"GE\tT /healthz HTTP/1.1\r\nHost: gw\r\n\r\n", 400, "bad_request"),
    ("no path", b"GET HTTP/1.1\r\nHost: gw\r\n\r\n", 400, "bad_request"),
    ("garbage line", b"\x00\x01\x02 GARBAGE\r\n\r\n", 400, "bad_request"),
    ("PUT invoke", _req("PUT", "/v1/invoke", b'{"input": "hi"}'), 405, "method_not_allowed"),
    ("DELETE feedback", _req("DELETE", "/v1/feedback"), 405, "method_not_allowed"),
    ("POST healthz", _req("POST", "/healthz", b"{}"), 405, "method_not_allowed"),
    # bad paths
    ("dot-dot path", _req("GET", "/../../etc/passwd"), 404, "not_found"),
    ("NUL escape in path", _req("GET", "/v1/%00"), 404, "not_found"),
    ("0xff escape in path", _req("GET", "/%ff%fe"), 404, "not_found"),
    (
        "upper-case route",
        _invoke(b'{"input": "hi"}').replace(b"/v1/invoke", b"/V1/INVOKE"),
        404,
        "not_found",
    ),
    ("double slashes", _req("POST", "//v1//invoke", b'{"input": "hi"}'), 404, "not_found"),
    ("URL over 8 KiB", _req("GET", "/healthz?" + "q" * 9000), 414, "request_line_too_long"),
    # headers
    (
        "two different Content-Lengths",
        _invoke(b'{"input": "hi"}', extra=("Content-Length: 3",)),
        400,
        "bad_request",
    ),
    (
        "Content-Length: abc",
        _invoke(b"{}", length=0).replace(b"Content-Length: 0", b"Content-Length: abc"),
        400,
        "bad_request",
    ),
    (
        "Content-Length: -1",
        _invoke(b"{}", length=0).replace(b"Content-Length: 0", b"Content-Length: -1"),
        400,
        "bad_request",
    ),
    (
        "Content-Length of 20 digits",
        _invoke(b"{}", length=0).replace(
            b"Content-Length: 0", b"Content-Length: 99999999999999999999"
        ),
        400,
        "bad_request",
    ),
    (
        "header without a colon",
        _req("GET", "/healthz", extra=("NoColonHere",)),
        400,
        "bad_request",
    ),
    (
        "space in a header name",
        _req("GET", "/healthz", extra=("Bad Name: x",)),
        400,
        "bad_request",
    ),
    (
        "NUL in a header value",
        _req("GET", "/healthz", extra=("X-A: a\x00b",)),
        400,
        "bad_request",
    ),
    (
        "200 headers",
        _req("GET", "/healthz", extra=tuple(f"X-{i}: v" for i in range(200))),
        431,
        "too_many_headers",
    ),
    (
        "a 20 KB header",
        _req("GET", "/healthz", extra=("X-Big: " + "b" * 20000,)),
        431,
        "headers_too_large",
    ),
    (
        "text/plain body",
        _invoke(b'{"input": "hi"}', ctype="text/plain"),
        415,
        "unsupported_media_type",
    ),
    (
        "Transfer-Encoding: gzip",
        _invoke(b'{"input": "hi"}', length=0, extra=("Transfer-Encoding: gzip",)).replace(
            b"Content-Length: 0\r\n", b""
        ),
        400,
        "bad_request",
    ),
    (
        "two chunked encodings",
        _chunked(b"2\r\n{}\r\n0\r\n\r\n", extra=("Transfer-Encoding: chunked",)),
        400,
        "bad_request",
    ),
    (
        "a bad key, then a good one",
        _invoke(b'{"input": "hi"}', key="nope", extra=("Authorization: Bearer KEY",)),
        401,
        "unauthorized",
    ),
    (
        "Basic auth",
        _invoke(b'{"input": "hi"}', key=None, extra=("Authorization: Basic dTpw",)),
        401,
        "unauthorized",
    ),
    ("a 10 KB key", _invoke(b'{"input": "hi"}', key="k" * 10000), 401, "unauthorized"),
    ("body over the limit", _invoke(b'{"input": "' + b"x" * 70000 + b'"}'), 413, "too_large"),
    # chunked framing
    ("chunk size zz", _chunked(b"zz\r\n{}\r\n0\r\n\r\n"), 400, "bad_request"),
    ("negative chunk size", _chunked(b"-1\r\n{}\r\n0\r\n\r\n"), 400, "bad_request"),
    (
        "chunk size overflow",
        _chunked(b"ffffffffffffffffffff\r\n{}\r\n0\r\n\r\n"),
        400,
        "bad_request",
    ),
    ("chunk without its CRLF", _chunked(b"2\r\n{}XX0\r\n\r\n"), 400, "bad_request"),
    (
        "chunked and Content-Length",
        _chunked(b"2\r\n{}\r\n0\r\n\r\n", extra=("Content-Length: 2",)),
        400,
        "bad_request",
    ),
    ("chunked JSON that is not JSON", _chunked(b"3\r\n{x}\r\n0\r\n\r\n"), 422, "invalid_input"),
    # bodies that never finish: cut at the 1 s body deadline
    (
        "Content-Length promises more",
        _invoke(b'{"input": "hi"}', length=100),
        408,
        "body_timeout",
    ),
    ("chunk promises more", _chunked(b'64\r\n{"input": '), 408, "body_timeout"),
    ("no last chunk", _chunked(b"2\r\n{}\r\n"), 408, "body_timeout"),
    # headers that never finish: cut at the 1 s header deadline
    (
        "headers without their end",
        b"GET /healthz HTTP/1.1\r\nHost: gw\r\n",
        408,
        "header_timeout",
    ),
]


def _parse(raw: bytes) -> tuple[int, dict[str, str], Any]:
    head, sep, rest = raw.partition(b"\r\n\r\n")
    assert sep, f"no HTTP answer: {raw[:200]!r}"
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", len(rest)))
    try:
        body: Any = json.loads(rest[:length])
    except ValueError:
        body = rest[:length].decode(errors="replace")
    return status, headers, body


def _exchange(port: int, data: bytes) -> tuple[int, dict[str, str], Any]:
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    got = bytearray()
    with contextlib.suppress(OSError):
        sock.sendall(data)
    with contextlib.suppress(OSError):
        while chunk := sock.recv(65536):
            got += chunk
    sock.close()
    return _parse(bytes(got))


def _httpx_cases(base: str, key: str) -> list[tuple[str, httpx.Request, int, str]]:
    auth = {"authorization": f"Bearer {key}"}
    js = {**auth, "content-type": "application/json"}

    def r(method: str, path: str, **kw: Any) -> httpx.Request:
        return httpx.Request(method, base + path, **kw)

    return [
        ("GET invoke", r("GET", "/v1/invoke", headers=auth), 405, "method_not_allowed"),
        ("PATCH metrics", r("PATCH", "/metrics", headers=auth), 405, "method_not_allowed"),
        ("DELETE openapi", r("DELETE", "/openapi.json"), 405, "method_not_allowed"),
        ("unknown route", r("GET", "/v2/invoke", headers=auth), 404, "not_found"),
        (
            "route with a suffix",
            r("POST", "/v1/invoke/x", headers=js, content=b"{}"),
            404,
            "not_found",
        ),
        ("no key", r("POST", "/v1/invoke", json={"input": "hi"}), 401, "unauthorized"),
        (
            "form body",
            r("POST", "/v1/invoke", headers=auth, data={"input": "hi"}),
            415,
            "unsupported_media_type",
        ),
        (
            "not JSON",
            r("POST", "/v1/invoke", headers=js, content=b"input=hi"),
            422,
            "invalid_input",
        ),
        (
            "input as a list",
            r("POST", "/v1/invoke", headers=auth, json={"input": [1, 2]}),
            422,
            "invalid_input",
        ),
        (
            "NaN in metadata",
            r("POST", "/v1/invoke", headers=js, content=b'{"input": "x", "metadata": {"n": NaN}}'),
            422,
            "invalid_input",
        ),
        (
            "feedback without an id",
            r("POST", "/v1/feedback", headers=auth, json={"score": 1}),
            422,
            "invalid_input",
        ),
        (
            "feedback score as text",
            r("POST", "/v1/feedback", headers=auth, json={"request_id": "r", "score": "high"}),
            422,
            "invalid_input",
        ),
        (
            "feedback id of 10,000 chars",
            r("POST", "/v1/feedback", headers=auth, json={"request_id": "r" * 10000, "score": 1}),
            422,
            "invalid_input",
        ),
        ("metrics without a key", r("GET", "/metrics"), 401, "unauthorized"),
    ]


def _assert_shape(
    name: str, status: int, headers: dict[str, str], body: Any, want: tuple[int, str]
) -> None:
    assert status < 500, f"{name}: {status} {body}"
    code = body.get("error", {}).get("code") if isinstance(body, dict) else body
    assert (status, code) == want, f"{name}: {status} {body}"
    assert headers.get("content-type", "").startswith("application/json"), (name, headers)
    assert set(body) == {"error"}, (name, body)
    assert set(body["error"]) == {"code", "message", "request_id"}, (name, body)
    assert body["error"]["message"], name
    assert body["error"]["request_id"] == headers.get("x-request-id"), (name, headers)


def test_no_malformed_request_gets_a_5xx_or_another_shape(gw: Gateway) -> None:
    port, key = gw.served.port, gw.key
    protocol_refusals: dict[str, int] = {}
    seen = 0
    wrong = []
    for name, raw, status, code in RAW:
        got = _exchange(port, raw.replace(b"Bearer KEY", b"Bearer " + key.encode()))
        try:
            _assert_shape(name, *got, (status, code))
        except AssertionError as exc:
            wrong.append(str(exc).splitlines()[0])
        if code in PROTOCOL_CODES:
            protocol_refusals[code] = protocol_refusals.get(code, 0) + 1
        seen += 1
    with httpx.Client(timeout=30) as client:
        for name, request, status, code in _httpx_cases(gw.served.url, key):
            resp = client.send(request)
            try:
                body = resp.json()
                _assert_shape(name, resp.status_code, dict(resp.headers), body, (status, code))
            except (AssertionError, ValueError) as exc:
                wrong.append(f"{name}: {resp.status_code} {exc}".splitlines()[0])
            seen += 1
    assert not wrong, "\n".join(wrong)
    assert seen >= 52 and len({name for name, *_ in RAW}) == len(RAW)

    # the gateway is still up, its log has no internal error, the target saw nothing
    status, _, body = http(gw.served.url + "/healthz")
    assert status == 200, body
    log = gw.served.log_text()
    assert "Traceback" not in log and "internal error" not in log, log[-3000:]
    assert gw.upstream.requests == 0

    # and every refusal of the HTTP layer is in /metrics, by reason
    status, _, text = http(gw.served.url + "/metrics", key=key)
    assert status == 200
    counted = metric_samples(text, "phaseone_http_refusals_total")
    assert counted == {f'reason="{c}"': float(n) for c, n in protocol_refusals.items()}, counted
    assert set(protocol_refusals) >= PROTOCOL_CODES - {"too_many_connections"}


def test_a_valid_request_after_the_corpus_is_served(gw: Gateway) -> None:
    """The control: the same gateway answers a well-formed request (so the refusals above
    are about the requests, not a gateway that refuses everything)."""
    status, _, body = http(gw.served.url + "/v1/invoke", {"input": "hello"}, key=gw.key)
    assert status == 200 and body["output"] is not None, body


def test_a_refused_connection_over_the_per_address_cap_is_counted(tmp_path: Any) -> None:
    """The one refusal the corpus cannot make on a gateway it shares: 429
    `too_many_connections`, counted like the others."""
    from phaseone.gateway import create_app, serve_in_thread

    store = Store(f"sqlite:///{tmp_path / 'cap.db'}")
    key = create_key(store, "svc", scopes=["invoke", "metrics"])
    controls = {"limits": {"max_connections_per_client": 2}}
    loaded = write_plan(tmp_path, controls)
    with serve_in_thread(create_app(loaded, store)) as server:
        held = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in "ab"]
        status, headers, body = _exchange(server.port, b"GET /healthz HTTP/1.1\r\n\r\n")
        _assert_shape("third connection", status, headers, body, (429, "too_many_connections"))
        for sock in held:
            sock.close()
        text, refused = "", 1
        for _ in range(100):  # the gateway sees the two close a moment later
            status, _, text = http(server.url + "/metrics", key=key)
            if status == 200:
                break
            assert status == 429, (status, text)
            refused += 1  # this one was over the cap too, and counted
            time.sleep(0.05)
        counted = metric_samples(text, "phaseone_http_refusals_total")
        assert counted == {'reason="too_many_connections"': float(refused)}, counted
    store.close()
