"""The load generator numbers each request where the body says ``{n}``, so a gateway
that keeps verdicts on messages it has read never sees the same user turn twice."""

from __future__ import annotations

import json

from bench.loadgen import LoadGen


def _split(request: bytes) -> tuple[dict[str, str], bytes]:
    head, _, body = request.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")[1:]
    return {k.lower(): v.strip() for k, v in (ln.split(":", 1) for ln in lines)}, body


def test_each_request_gets_its_own_number_and_a_correct_length() -> None:
    body = json.dumps({"input": "order {n}, please"}).encode()
    gen = LoadGen("http://127.0.0.1:9/v1/invoke", "k", body)
    seen = set()
    for i in range(1, 4):
        headers, sent = _split(gen.next_request())
        assert int(headers["content-length"]) == len(sent)
        assert json.loads(sent) == {"input": f"order {i:08d}, please"}
        seen.add(sent)
    assert len(seen) == 3


def test_a_body_without_the_mark_is_sent_as_given() -> None:
    body = b'{"input": "hello"}'
    gen = LoadGen("http://127.0.0.1:9/v1/invoke", "", body)
    first, second = gen.next_request(), gen.next_request()
    assert first is second
    headers, sent = _split(first)
    assert sent == body and int(headers["content-length"]) == len(body)
