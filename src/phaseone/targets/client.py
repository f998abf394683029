"""One long-lived aiohttp session per target, and the mapping of HTTP failures to kinds.

A whole JSON answer over plain ``http://`` goes through `http1.Http1Pool` instead (a lean
keep-alive HTTP/1.1 client, a fraction of aiohttp's CPU per call: the gateway's hot path),
and so does a stream (`lean_stream`, read by `chat_openai.OpenAIUpstream.stream`);
everything else (``https://``, query parameters) through the aiohttp session. Both end in
the same failure kinds, with the same messages.

A new connection per call costs a TCP (and TLS) handshake each time and caps throughput
at high concurrency; one pooled session per target keeps connections alive. The session
is created lazily inside the running loop (aiohttp sessions are bound to the loop that
created them), and re-created if the target is later used from another loop.

Every aiohttp failure is mapped here, once, to timeout / connection / status /
bad_response, so the runner records *why* a case failed separately from a wrong answer.

aiohttp itself is imported only when a call needs it (its import builds two TLS contexts:
~0.14 s): a run against a plain ``http://`` target never does.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from typing import TYPE_CHECKING, Any

from phaseone.errors import (
    TargetBadResponse,
    TargetConnectionError,
    TargetError,
    TargetException,
    TargetStatusError,
    TargetTimeout,
)
from phaseone.redact import mask_url
from phaseone.targets import http1
from phaseone.wire import parse, quote

if TYPE_CHECKING:
    import aiohttp

#: The largest answer read from a target: a runaway one must not fill memory (and the
#: traces): a chat answer is kilobytes.
MAX_ANSWER_BYTES = 16 * 1024 * 1024


async def _read_capped(resp: aiohttp.ClientResponse, label: str) -> bytes:
    """The answer's body, refused past `MAX_ANSWER_BYTES` (before reading it when its
    Content-Length says so; while reading it when it is streamed)."""
    length = resp.content_length
    if length is not None and length <= MAX_ANSWER_BYTES:
        return await resp.read()  # the common case: one read, as before
    if length is not None:
        raise TargetBadResponse(
            f"{label}: the answer has {length} bytes; the most read is {MAX_ANSWER_BYTES}"
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.content.iter_any():
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise TargetBadResponse(
                f"{label}: the answer exceeds {MAX_ANSWER_BYTES} bytes, the most read"
            )
        chunks.append(chunk)
    return b"".join(chunks)


#: Connections kept per target; high because evals run hundreds of cases concurrently.
POOL_LIMIT = 1000
KEEPALIVE_S = 60.0


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After is either delta-seconds or an HTTP date; both become seconds from now."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def connect_failure(exc: aiohttp.ClientConnectorError) -> str:
    """Why a connection could not be made, in a few words a person recognises:
    ``connection refused``, ``cannot resolve host 'x' (DNS: …)``, or the OS's reason."""
    import aiohttp  # lazily (see the module docstring); `exc` says it is loaded already

    os_error = exc.os_error
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        reason = (os_error.strerror or str(os_error)) if isinstance(os_error, OSError) else ""
        return f"cannot resolve host {exc.host!r} (DNS: {reason or 'no address'})"
    if isinstance(os_error, ConnectionRefusedError):
        return "connection refused"
    reason = os_error.strerror if isinstance(os_error, OSError) and os_error.strerror else ""
    return f"cannot connect ({reason or type(os_error).__name__})"


class HttpClient:
    """Pooled JSON-over-HTTP calls with failures mapped to `TargetError` kinds."""

    def __init__(self, label: str, timeout_s: float) -> None:
        self.label = label
        self.timeout_s = timeout_s
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lean = http1.Http1Pool()

    def limit_timeout(self, seconds: float) -> None:
        """Lower the per-call timeout to `seconds` (never raise it). The guard does this so
        aiohttp's own timer is the only one on the request path."""
        if seconds < self.timeout_s:
            self.timeout_s = seconds

    @property
    def timeout(self) -> aiohttp.ClientTimeout:
        """aiohttp's timer for one call: `timeout_s` for the whole answer."""
        import aiohttp  # lazily (see the module docstring)

        return aiohttp.ClientTimeout(total=self.timeout_s)

    def session(self) -> aiohttp.ClientSession:
        import aiohttp  # lazily (see the module docstring)

        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            connector = aiohttp.TCPConnector(
                limit=POOL_LIMIT, limit_per_host=0, keepalive_timeout=KEEPALIVE_S
            )
            self._session = aiohttp.ClientSession(
                connector=connector, timeout=self.timeout, raise_for_status=False
            )
            self._loop = loop
        return self._session

    async def request_json(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str],
        body: bytes | None = None,
        params: dict[str, str] | None = None,
    ) -> Any:
        """Send one request; return the parsed JSON answer or raise a `TargetError`."""
        lean = params is None and method in ("POST", "GET") and self._lean.busy < POOL_LIMIT
        ep = http1.endpoint(url) if lean else None
        head = http1.request_head(method, ep, headers, len(body or b"")) if ep else None
        if ep is not None and head is not None:
            try:  # (`_lean_call` without its coroutine: a whole answer's path pays one less)
                answer = await self._lean.request(
                    ep, head, body or b"", self.timeout_s, MAX_ANSWER_BYTES
                )
            except (TimeoutError, OSError, http1.Http1Error) as exc:
                raise self._lean_failure(exc, url) from exc
            return self._read_answer(
                answer.status, answer.body, answer.retry_after, answer.content_type
            )
        return await self._aiohttp_call(method, url, headers, body, params)

    def lean_stream(
        self, url: str, headers: dict[str, str], body: bytes
    ) -> http1.Http1Stream | None:
        """A ``POST`` whose answer is read as it arrives, through `http1` (nothing is sent
        before its `open`); None when `http1` leaves this URL or these headers to aiohttp,
        or when as many calls as the pool holds are in flight already."""
        if self._lean.busy >= POOL_LIMIT:
            return None
        ep = http1.endpoint(url)
        head = http1.request_head("POST", ep, headers, len(body)) if ep else None
        if ep is None or head is None:
            return None
        return self._lean.stream(ep, head, body, self.timeout_s)

    async def _aiohttp_call(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        body: bytes | None,
        params: dict[str, str] | None,
    ) -> Any:
        """The call through the aiohttp session, its failures mapped to the kinds."""
        import aiohttp  # lazily (see the module docstring)

        try:
            async with self.session().request(
                method, url, headers=headers, data=body, params=params, timeout=self.timeout
            ) as resp:
                raw = await _read_capped(resp, self.label)
                status = resp.status
                retry_after = resp.headers.get("Retry-After")
                content_type = resp.headers.get("Content-Type", "")
        except TimeoutError as exc:  # aiohttp's timeouts subclass it
            raise self._timed_out() from exc
        except aiohttp.ClientConnectorError as exc:
            raise self._unreachable(connect_failure(exc), url) from exc
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as exc:
            raise self._lost(exc) from exc
        except aiohttp.ClientPayloadError as exc:
            raise TargetBadResponse(f"{self.label}: the answer was cut off ({exc})") from exc
        except aiohttp.InvalidURL as exc:
            raise TargetConnectionError(
                f"{self.label}: invalid URL {exc}", fix="use an absolute http(s):// URL"
            ) from exc
        except aiohttp.ClientError as exc:
            raise TargetConnectionError(f"{self.label}: {type(exc).__name__}: {exc}") from exc
        except ValueError as exc:  # aiohttp refuses the request itself (e.g. auth conflicts)
            raise TargetException(
                f"{self.label}: cannot send the request: {exc}",
                fix="check the target's url and headers",
            ) from exc
        return self._read_answer(status, raw, retry_after, content_type)

    def _lean_failure(self, exc: BaseException, url: str) -> TargetError:
        """`http1`'s failure as the kind (and words) aiohttp's path gives for it."""
        if isinstance(exc, TimeoutError):
            return self._timed_out()
        if isinstance(exc, http1.ConnectFailed):
            return self._unreachable(exc.reason, url)
        if isinstance(exc, http1.TooLarge):
            if exc.length is not None:
                return TargetBadResponse(
                    f"{self.label}: the answer has {exc.length} bytes;"
                    f" the most read is {MAX_ANSWER_BYTES}"
                )
            return TargetBadResponse(
                f"{self.label}: the answer exceeds {MAX_ANSWER_BYTES} bytes, the most read"
            )
        if isinstance(exc, http1.Disconnected):
            if exc.cut:
                return TargetBadResponse(f"{self.label}: the answer was cut off ({exc})")
            return self._lost(exc)
        if isinstance(exc, OSError):  # the write failed: the connection was reset
            return self._lost(exc)
        return TargetConnectionError(f"{self.label}: {exc}")

    def _timed_out(self) -> TargetTimeout:
        """No answer within the timeout: the same error from aiohttp's path and `http1`'s."""
        return TargetTimeout(
            f"{self.label}: no answer within {self.timeout_s:g}s",
            fix="raise the target's timeout_s, or make the system answer faster",
        )

    def _unreachable(self, reason: str, url: str) -> TargetConnectionError:
        """No connection could be made, in the words of `connect_failure`, on either path."""
        return TargetConnectionError(
            f"{reason} at {self._where(url)}",
            fix="check the URL and that the service is running and reachable",
        )

    def _lost(self, exc: BaseException) -> TargetConnectionError:
        """The connection was closed or reset before an answer began, on either path."""
        return TargetConnectionError(
            f"{self.label}: connection lost ({exc})",
            fix="the service closed the connection; check its logs",
        )

    def _read_answer(
        self, status: int, raw: bytes, retry_after: str | None, content_type: str
    ) -> Any:
        """The parsed JSON of an answer, or the `TargetError` its status or body says."""
        text = raw.decode("utf-8", errors="replace")
        if status >= 400:
            raise TargetStatusError(
                f"{self.label}: HTTP {status}: {quote(text)}",
                status=status,
                retry_after=parse_retry_after(retry_after),
            )
        try:
            return parse(text)  # strict: NaN/Infinity or a thousand-deep nesting is no answer
        except ValueError:
            kind = f" ({content_type.split(';')[0]})" if content_type else ""
            raise TargetBadResponse(
                f"{self.label}: answer is not JSON{kind}: {quote(text)}",
                fix="point the target at the JSON API (not a web page or a login redirect)",
            ) from None

    def _where(self, url: str) -> str:
        """The URL called (secrets masked), and the target's label when it adds something."""
        shown = mask_url(url)
        return shown if shown in self.label else f"{shown} ({self.label})"

    async def aclose(self) -> None:
        self._lean.close()
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None
