"""Reading a request's JSON body, with the size cap enforced while it arrives.

One reader for every route (``/v1/invoke`` straight from ASGI, ``/v1/feedback`` through
Starlette, which hands over the same ``receive``): 413 as soon as the body is known to
exceed the limit (by its Content-Length, or by what has arrived), 422 when the client
goes away or the body is not strict JSON (`phaseone.wire`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from phaseone.guard.refusals import InvalidInput, TooLarge
from phaseone.wire import parse

log = logging.getLogger("phaseone.gateway")

Receive = Callable[[], Awaitable[Any]]


async def read_json_body(receive: Receive, content_length: bytes | str | None, limit: int) -> Any:
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
