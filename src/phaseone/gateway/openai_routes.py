"""The OpenAI-compatible routes: thin adapters from the wire to the guard's chat path.

    POST /v1/chat/completions   whole, or ``stream: true`` as server-sent events ending
                                with ``data: [DONE]`` (``stream_options.include_usage``: a
                                last chunk with the usage)
    GET  /v1/models             the public models (`models:` in the plan)
    POST /v1/embeddings         where an upstream of the model has them

Served straight from the ASGI scope like ``/v1/invoke`` (no Starlette routing or
Request objects on the hot path). The key is the gateway's (``Authorization: Bearer
p1_…``, scope ``invoke``); the body is read with the same size cap and strict JSON as
every route; errors are OpenAI's shape (`openai_errors.py`). Every answer says who gave
it in ``x-phaseone-route`` (``primary``, ``fallback``, ``kill_switch``).

A stream's reader may leave at any time: the route watches for the disconnect while it
sends, stops the upstream and closes the guard's stream, which settles the budget on
what was produced and records the request as cut (499).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from phaseone.errors import GuardRefusal
from phaseone.gateway.chat_body import check_chat, check_embeddings
from phaseone.gateway.error_body import internal_error
from phaseone.gateway.openai_errors import openai_error, stream_error
from phaseone.gateway.request import (
    read_head,
    read_json_body,
    refusal_for_body,
    require_json,
)
from phaseone.guard.chat import ChatAnswer, ChatStart
from phaseone.guard.pipeline import Guard
from phaseone.guard.trace_row import new_request_id
from phaseone.targets.chat import ChatChunk, ChatRequest
from phaseone.wire import dumps, encode_text, encoded

log = logging.getLogger("phaseone.gateway")

Send = Callable[[dict[str, Any]], Awaitable[None]]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Headers = list[tuple[bytes, bytes]]


def completion_json(answer: ChatAnswer) -> dict[str, Any]:
    """A whole answer as OpenAI's ``chat.completion`` object (the shape; `completion_body`
    writes its bytes)."""
    c = answer.completion
    message: dict[str, Any] = {"role": "assistant", "content": c.content}
    if c.tool_calls:
        message["tool_calls"] = c.tool_calls
    return {
        "id": "chatcmpl-" + answer.request_id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": answer.model,
        "choices": [
            {"index": 0, "message": message, "finish_reason": c.finish_reason, "logprobs": None}
        ],
        "usage": answer.usage.as_dict(),
    }


def _value(v: Any) -> str:
    """`v` as `dumps` writes it (before UTF-8): strings and whole numbers directly."""
    t = type(v)
    if t is str:
        return encode_text(v)
    if t is int:
        return int.__repr__(v)
    return encoded(v)


def completion_body(answer: ChatAnswer) -> bytes:
    """``dumps(completion_json(answer))``, the same bytes, written from the answer's parts:
    no dict built to be walked by the general encoder, on every whole answer. (Text UTF-8
    cannot carry, a lone surrogate, goes the general way, which escapes it.)"""
    c = answer.completion
    u = answer.usage
    calls = ',"tool_calls":' + encoded(c.tool_calls) if c.tool_calls else ""
    p, n = u.prompt_tokens, u.completion_tokens
    try:
        return (
            f'{{"id":{encode_text("chatcmpl-" + answer.request_id)},"object":"chat.completion",'
            f'"created":{int(time.time())},"model":{_value(answer.model)},'
            f'"choices":[{{"index":0,"message":{{"role":"assistant",'
            f'"content":{_value(c.content)}{calls}}},"finish_reason":{_value(c.finish_reason)},'
            f'"logprobs":null}}],"usage":{{"prompt_tokens":{_value(p)},'
            f'"completion_tokens":{_value(n)},"total_tokens":{_value(u.total_tokens)}}}}}'
        ).encode()
    except UnicodeEncodeError:
        return dumps(completion_json(answer))


def chunk_choice_json(event: ChatChunk, role: bool) -> bytes:
    """The ``choices`` part of a streamed ``chat.completion.chunk`` (after its head): the
    delta as a dict through `dumps` (`chunk_choice` writes the same bytes)."""
    delta: dict[str, Any] = {}
    if role:
        delta["role"] = "assistant"
    if event.content is not None:
        delta["content"] = event.content
    if event.tool_calls:
        delta["tool_calls"] = event.tool_calls
    return (
        b',"choices":[{"index":0,"delta":'
        + dumps(delta)
        + b',"finish_reason":'
        + dumps(event.finish_reason)
        + b',"logprobs":null}]}\n\n'
    )


def chunk_choice(event: ChatChunk, role: bool) -> bytes:
    """``chunk_choice_json(event, role)``, the same bytes, written from the chunk's parts
    for a delta of text: no dict and two general encodes per chunk of every stream. Tool
    calls, and text UTF-8 cannot carry (a lone surrogate, which `dumps` escapes), go the
    general way."""
    content, finish = event.content, event.finish_reason
    if not event.tool_calls and (content is None or type(content) is str):
        try:
            return (
                ',"choices":[{"index":0,"delta":{'
                + ('"role":"assistant"' if role else "")
                + ("," if role and content is not None else "")
                + (f'"content":{encode_text(content)}' if content is not None else "")
                + '},"finish_reason":'
                + ("null" if finish is None else _value(finish))
                + ',"logprobs":null}]}\n\n'
            ).encode()
        except UnicodeEncodeError:
            pass
    return chunk_choice_json(event, role)


class OpenAIRoutes:
    """The OpenAI routes of one gateway, by path."""

    def __init__(
        self, guard: Guard, body_limit: int, controls: tuple[bytes, bytes] | None = None
    ) -> None:
        self.guard = guard
        self.body_limit = body_limit
        #: Added to every answer's head (``X-Phaseone-Controls``; `controls_header.py`):
        #: these routes build their heads, so no wrapper around `send` is needed for it.
        self.stamp: Headers = [controls] if controls is not None else []
        self.paths: dict[str, Callable[[Any, Receive, Send], Awaitable[None]]] = {
            "/v1/chat/completions": self.chat,
            "/v1/models": self.models,
            "/v1/embeddings": self.embeddings,
        }

    # -- reading -------------------------------------------------------------------------

    async def _read(
        self, scope: Any, receive: Receive, rid: str, method: str = "POST"
    ) -> tuple[str | None, Any]:
        """The caller's key and the parsed body. A body refused (method, type, size, JSON)
        is answered with the key's refusal first: a caller without a valid key learns
        nothing about what it sent."""
        head = read_head(scope["headers"])
        try:
            if scope["method"] != method:
                raise GuardRefusal(f"use {method}", status=405, code="method_not_allowed")
            if method == "GET":
                return head.api_key, None
            require_json(head.content_type)
            body = await read_json_body(receive, head.content_length, self.body_limit)
        except GuardRefusal as body_refusal:
            raise await refusal_for_body(self.guard, head.api_key, rid, body_refusal) from None
        return head.api_key, body

    async def _checked(self, key: str | None, rid: str, check: Callable[[], Any]) -> Any:
        """`check()`'s result; its refusal after the key's (as `_read`)."""
        try:
            return check()
        except GuardRefusal as body_refusal:
            raise await refusal_for_body(self.guard, key, rid, body_refusal) from None

    # -- routes --------------------------------------------------------------------------

    async def chat(self, scope: Any, receive: Receive, send: Send) -> None:
        rid = new_request_id()
        try:
            key, body = await self._read(scope, receive, rid)
            try:
                req = check_chat(body)
            except GuardRefusal as body_refusal:  # after the key's refusal (as `_read`)
                raise await refusal_for_body(self.guard, key, rid, body_refusal) from None
            if req.stream:
                await self._stream(req, key, rid, receive, send)
                return
            answer = await self.guard.chat(req, key, request_id=rid)
            status, data = 200, completion_body(answer)
            extra = [(b"x-phaseone-route", answer.route.encode()), *self.stamp]
        except Exception as exc:
            status, data, extra = self._error(exc, rid)
            extra += self.stamp
        await _send_json(send, status, data, rid, extra)

    async def models(self, scope: Any, receive: Receive, send: Send) -> None:
        rid = new_request_id()
        extra: Headers = []
        try:
            key, _ = await self._read(scope, receive, rid, "GET")
            await self.guard.auth.aauthenticate(key, "invoke")
            owner = self.guard.project
            data = dumps(
                {
                    "object": "list",
                    "data": [
                        {"id": m.name, "object": "model", "created": 0, "owned_by": owner}
                        for m in self.guard.models
                    ],
                }
            )
            status = 200
        except Exception as exc:
            status, data, extra = self._error(exc, rid)
        await _send_json(send, status, data, rid, extra + self.stamp)

    async def embeddings(self, scope: Any, receive: Receive, send: Send) -> None:
        rid = new_request_id()
        extra: Headers = []
        try:
            key, body = await self._read(scope, receive, rid)
            model, checked = await self._checked(key, rid, lambda: check_embeddings(body))
            doc = await self.guard.embeddings(model, checked, key, request_id=rid)
            status, data = 200, dumps(doc)
        except Exception as exc:
            status, data, extra = self._error(exc, rid)
        await _send_json(send, status, data, rid, extra + self.stamp)

    @staticmethod
    def _error(exc: Exception, rid: str) -> tuple[int, bytes, Headers]:
        if isinstance(exc, GuardRefusal):
            return openai_error(exc)
        log.exception("internal error on request %s", rid)
        return openai_error(internal_error(exc))

    # -- streaming -----------------------------------------------------------------------

    async def _stream(
        self, req: ChatRequest, key: str | None, rid: str, receive: Receive, send: Send
    ) -> None:
        events = self.guard.chat_stream(req, key, request_id=rid)
        start = await anext(events)  # every refusal comes before the first event
        if not isinstance(start, ChatStart):  # the guard's contract; never seen
            await events.aclose()
            raise RuntimeError("a chat stream must begin with ChatStart")
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/event-stream; charset=utf-8"),
                    (b"cache-control", b"no-cache"),
                    (b"x-request-id", rid.encode()),
                    (b"x-phaseone-route", start.route.encode()),
                    *self.stamp,
                ],
            }
        )
        # The events are sent from this task, so the first chunk, which the guard hands
        # over without waiting, leaves in the same loop step as the head and in the same
        # write (`protocol._HeadWithBody`); a task of its own would start a loop turn
        # later, and under load a turn is what the time to first token waited for.
        task = asyncio.current_task()
        assert task is not None
        watch = _ReaderWatch(receive, task)
        try:
            await self._pump(events, start, req, rid, send, watch)
        except asyncio.CancelledError:
            # The reader left (the upstream is stopped, the budget settled and the request
            # recorded as cut by the guard's stream closing); any other cancellation goes on.
            if not watch.cut or task.uncancel() > 0:
                raise
        finally:
            watch.stop()

    async def _pump(
        self,
        events: Any,
        start: ChatStart,
        req: ChatRequest,
        rid: str,
        send: Send,
        watch: _ReaderWatch,
    ) -> None:
        """Send each event as an SSE chunk; ``[DONE]`` at the end, an ``error`` event if
        the answer fails part-way. The usage chunk (the guard's last event, after the
        answer has ended) goes out with ``[DONE]`` and the end of the body in one write."""
        head = (
            b'data: {"id":"chatcmpl-' + rid.encode() + b'","object":"chat.completion.chunk",'
            b'"created":%d,"model":' % int(time.time()) + dumps(start.model)
        )
        role_sent = False
        tail = b""  # sent with the end of the body
        try:
            async for event in events:
                if not isinstance(event, ChatChunk):
                    continue
                if event.usage is not None and event.content is None:
                    if req.include_usage:
                        usage = dumps(event.usage.as_dict())
                        tail += head + b',"choices":[],"usage":' + usage + b"}\n\n"
                    continue
                choice = chunk_choice(event, not role_sent)
                role_sent = True
                await _more(send, tail + head + choice)  # (a usage chunk is the last event)
                tail = b""
            tail += b"data: [DONE]\n\n"
        except GuardRefusal as exc:
            tail += stream_error(exc)
        except (asyncio.CancelledError, OSError):
            raise
        except Exception as exc:
            log.exception("internal error in the stream of request %s", rid)
            tail += stream_error(internal_error(exc))
        finally:
            watch.stop()  # from here on the stream ends by itself: closing is not cut short
            await events.aclose()
            try:
                await send({"type": "http.response.body", "body": tail, "more_body": False})
            except (OSError, RuntimeError):
                pass  # the reader is gone


async def _more(send: Send, data: bytes) -> None:
    await send({"type": "http.response.body", "body": data, "more_body": True})


class _ReaderWatch:
    """Cancels a stream's task when its reader leaves, until `stop` (the stream is ending
    anyway): `cut` tells that cancellation from any other."""

    __slots__ = ("_stopped", "_task", "_watcher", "cut")

    def __init__(self, receive: Receive, task: asyncio.Task[Any]) -> None:
        self.cut = False
        self._stopped = False
        self._task = task
        self._watcher = asyncio.ensure_future(self._watch(receive))

    async def _watch(self, receive: Receive) -> None:
        await _disconnected(receive)
        if not self._stopped:
            self.cut = True
            self._task.cancel()

    def stop(self) -> None:
        self._stopped = True
        self._watcher.cancel()


async def _disconnected(receive: Receive) -> None:
    """Returns when the client has gone away (the body was already read)."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return


async def _send_json(send: Send, status: int, data: bytes, rid: str, extra: Headers) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", b"%d" % len(data)),
        (b"x-request-id", rid.encode()),
        *extra,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})
