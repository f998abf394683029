"""Checking an OpenAI-shaped request body: ``/v1/chat/completions`` and ``/v1/embeddings``.

Written out rather than validated by a pydantic model of the whole body (as
`models.check_invoke` is, for the same reason: microseconds on every request): only the
fields the controls read are checked and typed (model, messages, max_tokens, n, stream);
every other field is carried as sent to the upstream. A message may have only the fields
the guardrails read (role, content, name, tool_calls, tool_call_id): text anywhere else
would reach the model unchecked.

Each refusal is a 400 naming the field (`InvalidParam.param`, OpenAI's ``param``).
"""

from __future__ import annotations

from typing import Any

from phaseone.chat import ROLES, ChatMessage
from phaseone.gateway.models import json_type
from phaseone.guard.refusals import InvalidInput
from phaseone.targets.chat import ChatRequest

#: Fields of a message the guardrails read; any other is refused.
MESSAGE_FIELDS = frozenset(("role", "content", "name", "tool_calls", "tool_call_id"))
#: Fields of the body read here; the rest pass through to the upstream as sent.
_READ = frozenset(
    ("model", "messages", "max_tokens", "max_completion_tokens", "n", "stream", "stream_options")
)
#: The most messages one request may carry.
MAX_MESSAGES = 2048


class InvalidParam(InvalidInput):
    """A field of the body is missing or wrong; `param` names it (OpenAI's ``param``)."""

    status = 400
    code = "invalid_request"

    def __init__(self, message: str, *, param: str | None, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.param = param


def check_chat(body: Any) -> ChatRequest:
    """`body` as a `ChatRequest`, or an `InvalidParam` naming the field and the fix."""
    if not isinstance(body, dict):
        raise InvalidParam(f"the body must be a JSON object, not {json_type(body)}", param=None)
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise InvalidParam(
            '"model": required, the name of a model (GET /v1/models lists them)', param="model"
        )
    raw = body.get("messages")
    if not isinstance(raw, list) or not raw:
        raise InvalidParam('"messages": required, a non-empty list of messages', param="messages")
    if len(raw) > MAX_MESSAGES:
        raise InvalidParam(
            f'"messages": {len(raw)} messages; at most {MAX_MESSAGES}', param="messages"
        )
    messages = [_message(m, i) for i, m in enumerate(raw)]
    max_tokens = _max_tokens(body)
    n = body.get("n")
    if n is not None and (type(n) is not int or n != 1):
        raise InvalidParam(
            '"n": only 1 is served (one answer per request); send n requests for n answers',
            param="n",
        )
    stream = body.get("stream")
    if stream is not None and not isinstance(stream, bool):
        raise InvalidParam(
            f'"stream": must be true or false, not {json_type(stream)}', param="stream"
        )
    options = body.get("stream_options")
    include_usage = False
    if options is not None:
        if not isinstance(options, dict):
            raise InvalidParam('"stream_options": must be an object', param="stream_options")
        usage = options.get("include_usage")
        if usage is not None and not isinstance(usage, bool):
            raise InvalidParam(
                '"stream_options.include_usage": must be true or false',
                param="stream_options.include_usage",
            )
        include_usage = bool(usage)
    extra = {k: v for k, v in body.items() if k not in _READ}
    return ChatRequest(model, messages, max_tokens, bool(stream), include_usage, extra)


def _message(m: Any, i: int) -> ChatMessage:
    # The common message (a known role, text content, nothing else) is taken at once: the
    # checks below build the field's name for their refusals, for every message.
    if type(m) is dict and m.keys() <= _PLAIN_FIELDS:
        role = m.get("role")
        content = m.get("content")
        if role in _PLAIN_ROLES and type(content) is str:
            return ChatMessage(role, content)
    return _checked_message(m, i)


#: A message with only these fields, a role of `_PLAIN_ROLES` and text content is valid.
_PLAIN_FIELDS = frozenset(("role", "content"))
_PLAIN_ROLES = ROLES - {"tool"}  # a tool message must name its call


def _checked_message(m: Any, i: int) -> ChatMessage:
    where = f"messages[{i}]"
    if not isinstance(m, dict):
        raise InvalidParam(f'"{where}": must be an object, not {json_type(m)}', param=where)
    for name in m:
        if name not in MESSAGE_FIELDS:
            known = ", ".join(sorted(MESSAGE_FIELDS))
            raise InvalidParam(
                f'"{where}.{name}": unknown field (a message has {known})', param=f"{where}.{name}"
            )
    role = m.get("role")
    if role not in ROLES:
        roles = ", ".join(sorted(ROLES))
        raise InvalidParam(
            f'"{where}.role": {role!r} is not a role (roles: {roles})', param=f"{where}.role"
        )
    content = m.get("content")
    if isinstance(content, list):
        for j, part in enumerate(content):
            if not isinstance(part, dict) or not isinstance(part.get("type"), str):
                raise InvalidParam(
                    f'"{where}.content[{j}]": a content part is an object with a "type"',
                    param=f"{where}.content",
                )
    elif content is None:
        if role != "assistant":
            raise InvalidParam(
                f'"{where}.content": required for a {role} message', param=f"{where}.content"
            )
    elif not isinstance(content, str):
        raise InvalidParam(
            f'"{where}.content": must be a string or a list of content parts,'
            f" not {json_type(content)}",
            param=f"{where}.content",
        )
    name = m.get("name")
    if name is not None and not isinstance(name, str):
        raise InvalidParam(f'"{where}.name": must be a string', param=f"{where}.name")
    calls = m.get("tool_calls")
    if calls is not None:
        if role != "assistant" or not isinstance(calls, list):
            raise InvalidParam(
                f'"{where}.tool_calls": only an assistant message has tool_calls, a list',
                param=f"{where}.tool_calls",
            )
        if not all(isinstance(c, dict) for c in calls):
            raise InvalidParam(
                f'"{where}.tool_calls": each tool call is an object', param=f"{where}.tool_calls"
            )
    call_id = m.get("tool_call_id")
    if role == "tool" and not isinstance(call_id, str):
        raise InvalidParam(
            f'"{where}.tool_call_id": a tool message names the call it answers',
            param=f"{where}.tool_call_id",
        )
    if call_id is not None and not isinstance(call_id, str):
        raise InvalidParam(
            f'"{where}.tool_call_id": must be a string', param=f"{where}.tool_call_id"
        )
    return ChatMessage(role, content, name, calls, call_id)


def _max_tokens(body: dict[str, Any]) -> int | None:
    for field in ("max_completion_tokens", "max_tokens"):
        value = body.get(field)
        if value is None:
            continue
        if type(value) is not int or value < 1:
            raise InvalidParam(f'"{field}": must be a whole number ≥ 1', param=field)
        return value
    return None


def check_embeddings(body: Any) -> tuple[str, dict[str, Any]]:
    """The model and the body of ``POST /v1/embeddings`` (``input``: a string or a list of
    strings; token arrays are not served: the guardrails read text)."""
    if not isinstance(body, dict):
        raise InvalidParam(f"the body must be a JSON object, not {json_type(body)}", param=None)
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise InvalidParam('"model": required, the name of a model', param="model")
    value = body.get("input")
    texts = [value] if isinstance(value, str) else value
    ok = isinstance(texts, list) and texts and all(isinstance(v, str) and v for v in texts)
    if not ok:
        raise InvalidParam(
            '"input": required, a non-empty string or list of non-empty strings', param="input"
        )
    return model, body
