"""Reading a request: the caller's key and the content headers, then the JSON body.

One reader for every route (``/v1/invoke`` straight from ASGI, the others through
Starlette, which hands over the same scope and ``receive``). The body's size cap is
enforced while it arrives: 413 as soon as the body is known to exceed the limit (by its
Content-Length, or by what has arrived), 415 when it is not declared JSON, 422 when the
client goes away or the body is not strict JSON (`phaseone.wire`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from phaseone.errors import GuardRefusal
from phaseone.guard.refusals import InvalidInput, TooLarge
from phaseone.wire import parse

if TYPE_CHECKING:
    from phaseone.guard.pipeline import Guard

log = logging.getLogger("phaseone.gateway")

Receive = Callable[[], Awaitable[Any]]


@dataclass(slots=True)
class RequestHead:
    """What the gateway reads from a request's headers."""

    #: ``Authorization: Bearer <key>``, else ``X-Api-Key``; None when neither has one.
    api_key: str | None
    content_length: bytes | None
    content_type: bytes | None


def read_head(headers: Iterable[tuple[bytes, bytes]]) -> RequestHead:
    """The key and content headers, in one pass over the ASGI headers (lower-case names)."""
    bearer = api_key = length = ctype = None
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if bearer is None and scheme.lower() == "bearer" and token.strip():
                bearer = token.strip()
        elif name == b"x-api-key":
            api_key = api_key or value.decode("latin-1").strip() or None
        elif name == b"content-length":
            length = value
        elif name == b"content-type":
            ctype = value
    return RequestHead(bearer or api_key, length, ctype)


def require_json(content_type: bytes | None) -> None:
    """415 unless the body is declared `application/json` (parameters such as
    ``; charset=utf-8`` allowed)."""
    if content_type is not None and is_json(content_type):
        return
    got = content_type.decode("latin-1") if content_type is not None else None
    raise GuardRefusal(
        f"the body must be application/json (Content-Type: {got or 'none'})",
        status=415,
        code="unsupported_media_type",
    )


def is_json(content_type: bytes) -> bool:
    """`application/json`, with or without parameters."""
    return content_type.partition(b";")[0].strip().lower() == b"application/json"


async def read_json_body(receive: Receive, content_length: bytes | None, limit: int) -> Any:
    """The parsed JSON body of the request `receive` delivers."""
    if content_length is not None:
        try:
            n = int(content_length)
        except ValueError:
            raise InvalidInput("Content-Length is not a number") from None
        if n > limit:
            raise TooLarge(f"the body has {n} bytes; the limit is {limit}")
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            # An ordinary event on a network, not a fault of the gateway: no error log.
            log.debug("the client went away before its body arrived")
            raise InvalidInput("the client went away", code="client_disconnected")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"the body exceeds the limit of {limit} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    try:
        return parse(chunks[0] if len(chunks) == 1 else b"".join(chunks))
    except ValueError as exc:
        raise InvalidInput(f"the body is not valid JSON ({exc})") from None


async def refusal_for_body(
    guard: Guard, api_key: str | None, request_id: str, refusal: GuardRefusal
) -> GuardRefusal:
    """What a caller whose body was refused (`refusal`) is told, recorded as the request's
    one trace: its key's refusal when the key is missing or not valid, so a caller without
    a valid key learns nothing about the body it sent; else the body's."""
    try:
        await guard.auth.aauthenticate(api_key, "invoke")
    except GuardRefusal as auth_refusal:
        refusal = auth_refusal
    guard.record_refusal(request_id, refusal)
    return refusal
