"""Any OpenAI-compatible API as a chat upstream: ``/chat/completions`` (whole or streamed
as server-sent events) and ``/embeddings``, through `client.HttpClient` (its lean
HTTP/1.1 client `http1` over plain ``http://``, for whole answers and streams; its aiohttp
session otherwise).

Spoken directly rather than through the `openai` SDK, like the openai target: one
protocol, no extra dependency, the same failure kinds. A stream is read line by line:
``data: {…}`` lines are chunks, ``data: [DONE]`` ends it; the usage is asked for
(``stream_options.include_usage``) so the guard can settle on what was billed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from phaseone.chat import ChatMessage
from phaseone.errors import (
    TargetBadResponse,
    TargetConnectionError,
    TargetStatusError,
    TargetTimeout,
)
from phaseone.plan.components import OpenAITarget, Price
from phaseone.redact import mask_url
from phaseone.targets import http1
from phaseone.targets.chat import ChatChunk, ChatCompletion, ChatRequest, ChatUsage
from phaseone.targets.client import HttpClient, connect_failure, parse_retry_after
from phaseone.wire import dumps, encode_text, encoded, parse, quote

#: The longest line read from an event stream: a chunk is a few hundred bytes, and a
#: server that never ends a line must not fill memory.
MAX_EVENT_BYTES = 1024 * 1024
#: `OpenAIUpstream._line`'s answer for ``data: [DONE]``.
_DONE = ChatChunk(finish_reason="[DONE]")


def usage_of(doc: Any) -> ChatUsage | None:
    """The ``usage`` of an answer or chunk; None when absent or not counts."""
    usage = doc.get("usage") if isinstance(doc, dict) else None
    if not isinstance(usage, dict):
        return None
    p, c = usage.get("prompt_tokens"), usage.get("completion_tokens")
    if not isinstance(p, int) or not isinstance(c, int) or isinstance(p | c, bool):
        return None
    return ChatUsage(max(0, p), max(0, c))


_STREAM_FIELDS = ',"stream":true,"stream_options":{"include_usage":true}}'


def _message_json(m: ChatMessage) -> str:
    """``encoded(m.as_dict())``; a message of a role and text written directly."""
    plain = m.name is None and m.tool_calls is None and m.tool_call_id is None
    if plain and type(m.content) is str:
        return f'{{"role":{encode_text(m.role)},"content":{encode_text(m.content)}}}'
    return encoded(m.as_dict())


class OpenAIUpstream:
    """One OpenAI-compatible API serving a public model."""

    #: aiohttp times each call: the whole answer, or a stream's connect and each read.
    times_itself = True

    def __init__(self, config: OpenAITarget, price: Price | None = None) -> None:
        self.model = config.model
        self.label = f"openai {config.model} @ {mask_url(config.base_url)}"
        self.price = price if price is not None else config.price
        self.timeout_s = config.timeout_s
        self.base_url = config.base_url.rstrip("/")
        self._headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if config.api_key:
            self._headers["Authorization"] = f"Bearer {config.api_key}"
        self._client = HttpClient(self.label, config.timeout_s)

    def limit_timeout(self, seconds: float) -> None:
        """At most `seconds` per call (a model's `timeout_s`)."""
        self._client.limit_timeout(seconds)
        self.timeout_s = self._client.timeout_s

    def _body(self, req: ChatRequest, max_tokens: int, stream: bool) -> bytes:
        """The request body: the client's other fields as sent, then the upstream's model,
        the messages and the output allowance."""
        if not req.extra and type(max_tokens) is int:
            # The common body (no other field) written from its parts: the same bytes as
            # the dict below through `dumps`, without the dicts (on every call).
            try:
                return (
                    f'{{"model":{encode_text(self.model)},"messages":['
                    + ",".join(map(_message_json, req.messages))
                    + f'],"max_tokens":{int.__repr__(max_tokens)}'
                    + (_STREAM_FIELDS if stream else "}")
                ).encode()
            except UnicodeEncodeError:  # a lone surrogate: `dumps` escapes it
                pass
        return self.general_body(req, max_tokens, stream)

    def general_body(self, req: ChatRequest, max_tokens: int, stream: bool) -> bytes:
        """Any body, through a dict and `dumps`: what `_body` writes when the client sent
        other fields, and the bytes its common-body path must equal."""
        body: dict[str, Any] = dict(req.extra)
        body["model"] = self.model
        body["messages"] = [m.as_dict() for m in req.messages]
        body["max_tokens"] = max_tokens
        if stream:
            body["stream"] = True
            body["stream_options"] = {"include_usage": True}
        return dumps(body)

    async def complete(self, req: ChatRequest, max_tokens: int) -> ChatCompletion:
        doc = await self._client.request_json(
            "POST",
            self.base_url + "/chat/completions",
            headers=self._headers,
            body=self._body(req, max_tokens, stream=False),
        )
        try:
            choice = doc["choices"][0]
            message = choice["message"]
            content = message.get("content")
        except (KeyError, IndexError, TypeError, AttributeError):
            raise TargetBadResponse(
                f"{self.label}: the answer is not a chat completion: {quote(str(doc))}"
            ) from None
        if content is not None and not isinstance(content, str):
            raise TargetBadResponse(f"{self.label}: the answer's content is not text")
        calls = message.get("tool_calls")
        return ChatCompletion(
            content=content,
            usage=usage_of(doc),
            finish_reason=choice.get("finish_reason") or "stop",
            tool_calls=calls if isinstance(calls, list) else None,
            model=doc.get("model") if isinstance(doc.get("model"), str) else None,
        )

    async def stream(self, req: ChatRequest, max_tokens: int) -> AsyncIterator[ChatChunk]:
        # A stream has no total timeout (a long answer is fine): the connection and every
        # read between two chunks get `timeout_s`.
        url = self.base_url + "/chat/completions"
        headers = {**self._headers, "Accept": "text/event-stream"}
        body = self._body(req, max_tokens, stream=True)
        lean = self._client.lean_stream(url, headers, body)
        if lean is None:
            async for chunk in self._aiohttp_stream(url, headers, body):
                yield chunk
            return
        try:
            answer = await lean.open()
            if answer.status >= 400:
                text = await _first_bytes(lean, 4096)
                raise TargetStatusError(
                    f"{self.label}: HTTP {answer.status}: {quote(text)}",
                    status=answer.status,
                    retry_after=parse_retry_after(answer.retry_after),
                )
            async for chunk in self._chunks(_Pieces(lean)):
                yield chunk
        except TimeoutError as exc:
            raise TargetTimeout(f"{self.label}: no data within {self.timeout_s:g}s") from exc
        except http1.ConnectFailed as exc:
            raise TargetConnectionError(f"{exc.reason} at {self.label}") from exc
        except http1.Disconnected as exc:
            if exc.cut:
                raise TargetBadResponse(f"{self.label}: the stream was cut off ({exc})") from exc
            raise TargetConnectionError(f"{self.label}: connection lost ({exc})") from exc
        except OSError as exc:  # the write failed: the connection was reset
            raise TargetConnectionError(f"{self.label}: connection lost ({exc})") from exc
        except http1.Http1Error as exc:
            raise TargetBadResponse(f"{self.label}: {exc}") from exc
        finally:
            lean.close()

    async def _aiohttp_stream(
        self, url: str, headers: dict[str, str], body: bytes
    ) -> AsyncIterator[ChatChunk]:
        """The stream through aiohttp (``https://``, or a URL `http1` leaves to it)."""
        import aiohttp  # lazily, as `client.py` does: a plain http:// upstream never needs it

        timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=self.timeout_s, sock_read=self.timeout_s
        )
        try:
            async with self._client.session().post(
                url, headers=headers, data=body, timeout=timeout
            ) as resp:
                if resp.status >= 400:
                    text = (await resp.content.read(4096)).decode("utf-8", "replace")
                    raise TargetStatusError(
                        f"{self.label}: HTTP {resp.status}: {quote(text)}",
                        status=resp.status,
                        retry_after=parse_retry_after(resp.headers.get("Retry-After")),
                    )
                async for chunk in self._chunks(resp.content.iter_any()):
                    yield chunk
        except TimeoutError as exc:
            raise TargetTimeout(f"{self.label}: no data within {self.timeout_s:g}s") from exc
        except aiohttp.ClientConnectorError as exc:
            raise TargetConnectionError(f"{connect_failure(exc)} at {self.label}") from exc
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as exc:
            raise TargetConnectionError(f"{self.label}: connection lost ({exc})") from exc
        except aiohttp.ClientPayloadError as exc:
            raise TargetBadResponse(f"{self.label}: the stream was cut off ({exc})") from exc
        except aiohttp.ClientError as exc:
            raise TargetConnectionError(f"{self.label}: {type(exc).__name__}: {exc}") from exc

    async def _chunks(self, pieces: AsyncIterator[bytes]) -> AsyncIterator[ChatChunk]:
        """The chunks of an event stream, from its body's pieces as they arrive: each read
        is split into lines here, one step per read rather than one `readline` per line
        (two a server-sent event); ``data: [DONE]`` ends it."""
        rest = b""
        async for part in pieces:
            lines = (rest + part).split(b"\n") if rest else part.split(b"\n")
            rest = lines.pop()  # an unfinished line waits for the next read
            if len(rest) > MAX_EVENT_BYTES:
                raise TargetBadResponse(
                    f"{self.label}: a stream line is over {MAX_EVENT_BYTES} bytes"
                )
            for raw in lines:
                if not raw:  # the blank line that ends each event
                    continue
                chunk = self._line(raw)
                if chunk is _DONE:
                    return
                if chunk is not None:
                    yield chunk
        if rest:  # the last line, without its newline
            chunk = self._line(rest)
            if chunk is not None and chunk is not _DONE:
                yield chunk

    def _line(self, raw: bytes) -> ChatChunk | None:
        """One line of the event stream: a chunk, `_DONE`, or None (comments, ``event:``
        lines, blank separators, events that carry nothing)."""
        line = raw.strip()
        if not line.startswith(b"data:"):
            return None
        data = line[5:].strip()
        if data == b"[DONE]":
            return _DONE
        return self._chunk(data)

    def _chunk(self, data: bytes) -> ChatChunk | None:
        try:
            # An event stream is UTF-8 (the SSE standard): no encoding to detect.
            doc = parse(data.decode())
        except ValueError:
            text = data.decode("utf-8", "replace")
            raise TargetBadResponse(
                f"{self.label}: a stream event is not JSON: {quote(text)}"
            ) from None
        if not isinstance(doc, dict):
            return None
        if isinstance(doc.get("error"), dict):  # some servers report a failure mid-stream
            raise TargetStatusError(
                f"{self.label}: error in the stream: {quote(str(doc))}", status=502
            )
        usage = usage_of(doc)
        choices = doc.get("choices")
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
            return ChatChunk(usage=usage) if usage is not None else None
        choice = choices[0]
        delta = choice.get("delta")
        if not isinstance(delta, dict):
            delta = {}
        content = delta.get("content")
        calls = delta.get("tool_calls")
        return ChatChunk(
            content=content if isinstance(content, str) else None,
            finish_reason=choice.get("finish_reason"),
            tool_calls=calls if isinstance(calls, list) else None,
            usage=usage,
        )

    async def embeddings(self, body: dict[str, Any]) -> dict[str, Any]:
        doc = await self._client.request_json(
            "POST",
            self.base_url + "/embeddings",
            headers=self._headers,
            body=dumps({**body, "model": self.model}),
        )
        if not isinstance(doc, dict):
            raise TargetBadResponse(f"{self.label}: the embeddings answer is not an object")
        return doc

    async def aclose(self) -> None:
        await self._client.aclose()


class _Pieces:
    """A lean stream's body, piece by piece as it arrives (as aiohttp's ``iter_any``).

    An iterator class, not an async generator: `_chunks` returns at ``data: [DONE]``
    with the body's iterator still open, and an async generator left so is closed by the
    event loop's finalizer hook, which schedules a task for its ``aclose`` from "another
    thread" (a write to the loop's wake-up socket, a system call): on every stream, for
    nothing to clean up. This one just stops being referred to."""

    __slots__ = ("_stream",)

    def __init__(self, stream: http1.Http1Stream) -> None:
        self._stream = stream

    def __aiter__(self) -> _Pieces:
        return self

    async def __anext__(self) -> bytes:
        data = await self._stream.read()
        if not data:
            raise StopAsyncIteration
        return data


async def _first_bytes(stream: http1.Http1Stream, limit: int) -> str:
    """Up to `limit` bytes of an error answer's body, as text."""
    got = b""
    while len(got) < limit and (data := await stream.read()):
        got += data
    return got[:limit].decode("utf-8", "replace")
