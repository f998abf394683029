"""docs/gateway.md is true: every example runs against a live gateway, and the page, the
OpenAPI document and the request checks agree with each other."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from guardkit import write_plan

from phaseone.gateway import create_app, serve_in_thread
from phaseone.gateway.models import FeedbackRequest, InvokeRequest, check_feedback, check_invoke
from phaseone.guard.refusals import InvalidInput
from phaseone.store import Store
from phaseone.store.keys import create_key
from servers import JsonServer

DOC = Path(__file__).resolve().parents[2] / "docs" / "gateway.md"
FENCE = re.compile(r"```http\n(.*?)```", re.S)
ANY = "…"


def examples() -> list[tuple[str, str]]:
    """(request, expected answer) pairs: each request block is followed by its answer."""
    blocks = FENCE.findall(DOC.read_text())
    pairs = []
    i = 0
    while i < len(blocks):
        request = blocks[i]
        assert not request.startswith("HTTP/"), f"an answer without a request: {request!r}"
        assert i + 1 < len(blocks) and blocks[i + 1].startswith("HTTP/1.1 "), request
        pairs.append((request, blocks[i + 1]))
        i += 2
    return pairs


def split(block: str) -> tuple[str, list[tuple[str, str]], str]:
    head, _, body = block.partition("\n\n")
    first, *lines = head.strip("\n").split("\n")
    headers = [(n.strip(), v.strip()) for n, _, v in (line.partition(":") for line in lines)]
    return first, headers, body.strip("\n")


def send(port: int, request: str, subs: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    for name, value in subs.items():
        request = request.replace(name, value)
    first, headers, body = split(request)
    names = {n.lower() for n, _ in headers}
    raw_body = (body + "\r\n" if "transfer-encoding" in names else body).encode()
    if raw_body and "content-length" not in names and "transfer-encoding" not in names:
        headers.append(("Content-Length", str(len(raw_body))))
    headers += [("Host", "gw"), ("Connection", "close")]
    data = "\r\n".join([first, *(f"{n}: {v}" for n, v in headers)]) + "\r\n\r\n"
    sock = socket.create_connection(("127.0.0.1", port), timeout=15)
    got = bytearray()
    try:
        sock.sendall(data.encode() + raw_body)
        while chunk := sock.recv(65536):
            got += chunk
    except OSError:
        pass
    finally:
        sock.close()
    head, _, rest = bytes(got).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    hdrs = {n.strip().lower(): v.strip() for n, _, v in (ln.partition(":") for ln in lines[1:])}
    if "content-length" in hdrs:
        rest = rest[: int(hdrs["content-length"])]
    return status, hdrs, rest


def same_shape(expected: Any, got: Any, where: str = "body") -> None:
    """Objects have exactly the documented fields; `"…"` stands for any value; any other
    value written in the example must be the value answered."""
    if expected == ANY:
        return
    if isinstance(expected, dict):
        assert isinstance(got, dict), f"{where}: {got!r}"
        assert set(got) == set(expected), f"{where}: fields {sorted(got)} ≠ {sorted(expected)}"
        for k, v in expected.items():
            same_shape(v, got[k], f"{where}.{k}")
        return
    assert got == expected, f"{where}: {got!r} ≠ {expected!r}"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, dict[str, str]]]:
    tmp = tmp_path_factory.mktemp("docs")
    with JsonServer() as upstream:
        controls = {
            "rate_limit": {"requests_per_minute": 600000, "burst": 100000},
            "monitoring": {"flush_interval_s": 0.1},
        }
        loaded = write_plan(
            tmp, controls, target={"kind": "http", "url": upstream.url + "/a"}, project="docs"
        )
        store = Store(f"sqlite:///{tmp / 'gw.db'}")
        subs = {
            "$METRICS_KEY": create_key(store, "metrics-only", scopes=["metrics"]),
            "$KEY": create_key(store, "svc", scopes=["invoke", "feedback", "metrics"]),
        }
        with serve_in_thread(create_app(loaded, store)) as server:
            yield server.port, subs
        store.close()


def test_every_example_in_docs_gateway_md_is_what_a_live_gateway_answers(
    live: tuple[int, dict[str, str]],
) -> None:
    port, subs = live
    pairs = examples()
    assert len(pairs) >= 12
    statuses = set()
    for request, expected in pairs:
        status, headers, body = send(port, request, subs)
        first, exp_headers, exp_body = split(expected)
        want = int(first.split(" ")[1])
        assert status == want, (request, status, body[:300])
        statuses.add(status)
        assert headers.get("x-request-id"), request
        for name, value in exp_headers:
            if name.lower() == "content-type":
                assert headers["content-type"] == value, (request, headers)
        if exp_body:
            answer = json.loads(body)
            same_shape(json.loads(exp_body), answer)
            if "error" in answer:
                assert answer["error"]["request_id"] == headers["x-request-id"]
            if "request_id" in answer and "$REQUEST_ID" not in subs:
                subs["$REQUEST_ID"] = answer["request_id"]
    assert {200, 202, 400, 401, 403, 404, 405, 413, 415, 422} <= statuses


def test_the_error_table_lists_every_code_the_gateway_answers_with() -> None:
    """Every `code=` in the guard, the gateway and the HTTP layer is in the page's table."""
    src = Path(__file__).resolve().parents[2] / "src" / "phaseone"
    text = (
        "\n".join(p.read_text() for d in ("guard", "gateway") for p in (src / d).glob("*.py"))
        + (src / "errors.py").read_text()
    )
    codes = set(re.findall(r'code="([a-z_]+)"', text))
    codes |= set(re.findall(r'^\s+code = "([a-z_]+)"', text, re.M))
    codes |= {c for _, c in re.findall(r'_refuse\(\s*(\d{3}),\s*"([a-z_]+)"', text)}
    codes |= {c for _, c in re.findall(r'_Refusal\(\s*(\d{3}),\s*"([a-z_]+)"', text)}
    codes -= {"refused", "blocked", "unavailable"}  # base classes, always answered with a subcode
    table = set(re.findall(r"^\| \d{3} \| `([a-z_]+)` \|", DOC.read_text(), re.M))
    assert codes, "found no codes"
    assert codes <= table, f"not documented: {sorted(codes - table)}"
    assert {"headers_too_large", "too_many_headers", "header_timeout", "body_timeout"} <= codes


def test_openapi_and_the_request_checks_describe_the_same_bodies(
    live: tuple[int, dict[str, str]],
) -> None:
    port, subs = live
    status, _, raw = send(port, "GET /openapi.json HTTP/1.1\n", subs)
    assert status == 200
    doc = json.loads(raw)
    assert set(doc["paths"]) == {"/v1/invoke", "/v1/feedback", "/metrics", "/healthz"}
    schemas = doc["components"]["schemas"]
    for model in (InvokeRequest, FeedbackRequest):
        schema = schemas[model.__name__]
        assert schema["additionalProperties"] is False
        assert set(schema["properties"]) == set(model.model_fields)
    # what the models require, the checks require; what they do not know, the checks refuse
    with pytest.raises(InvalidInput):
        check_invoke({"metadata": {}}, "string")
    with pytest.raises(InvalidInput):
        check_invoke({"input": "x", "extra": 1}, "string")
    with pytest.raises(InvalidInput):
        check_feedback({"request_id": "r"})
    assert check_feedback({"request_id": "r", "score": 0}).score == 0.0
    invoke = doc["paths"]["/v1/invoke"]["post"]
    assert {"401", "413", "415", "422", "431"} <= set(invoke["responses"])
    assert {"HTTPBearer", "APIKeyHeader"} <= set(doc["components"]["securitySchemes"])
