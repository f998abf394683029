"""A chat conversation as OpenAI's API defines it: typed, validated once, sent as read.

An eval case may carry a whole conversation instead of one input: a system prompt, user
and assistant turns, assistant tool calls and the tool results that answer them. The
dataset reads it (`parse_conversation` turns a JSON list into a `Conversation`, or says
which message and field is wrong and how to fix it), the openai target sends it
(`Conversation.to_openai`), and scorers read it with the answer (`Transcript`).

It lives below datasets, targets and scorers because all three speak it, and it checks
what an OpenAI-compatible server would refuse anyway (an unknown role, a tool result for
no call, a tool call left unanswered), so a bad case fails at its file line before any
call instead of as a 400 in the middle of a run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

#: The roles OpenAI's chat API takes; the gateway accepts each.
Role = Literal["system", "user", "assistant", "tool", "developer"]
ROLES: frozenset[str] = frozenset(("system", "user", "assistant", "tool", "developer"))
#: The roles an eval case's conversation may hold, in the order its fix names them.
CASE_ROLES = ("system", "user", "assistant", "tool")
_MESSAGE_FIELDS = frozenset({"role", "content", "name", "tool_calls", "tool_call_id"})
_EXAMPLE = '[{"role": "user", "content": "…"}]'


class ConversationInvalid(ValueError):
    """A conversation breaks a rule; `field` is the path in it (``messages[2].role``)."""

    def __init__(self, message: str, *, field: str, fix: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message
        self.fix = fix


@dataclass(frozen=True)
class ToolCall:
    """One function call an assistant turn asked for.

    Attributes:
        id: The id the matching ``tool`` message answers with ``tool_call_id``.
        name: The function's name.
        arguments: The arguments as JSON text, as the API carries them (an object
            written in a YAML or JSONL case is serialised to this text once, on reading).
    """

    id: str
    name: str
    arguments: str

    def to_openai(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": "function",
            "function": {"name": self.name, "arguments": self.arguments},
        }

    @classmethod
    def of(cls, call: Any) -> ToolCall:
        """A tool call from its wire object (what is missing reads as empty)."""
        fn = call.get("function") if isinstance(call, dict) else None
        fn = fn if isinstance(fn, dict) else {}
        return cls(
            str(call.get("id", "")) if isinstance(call, dict) else "",
            str(fn.get("name", "")),
            str(fn.get("arguments", "")),
        )


@dataclass(slots=True)
class ChatMessage:
    """One message of a chat conversation, in OpenAI's wire shape.

    One type wherever a conversation comes from: an eval case's (`parse_conversation`
    checks it strictly: text content, well-formed tool calls, every call answered) or a
    gateway client's (`gateway/chat_body.py` checks what the controls read and carries
    the rest as sent: content parts, tool-call objects). The targets, the guard and the
    scorers read the same fields.

    Attributes:
        role: ``system``, ``user``, ``assistant``, ``tool`` (or ``developer``, from a
            gateway client).
        content: Text, a list of content parts (``{"type": "text", "text": …}``,
            images…; a gateway client's only), or None (an assistant turn that only
            calls tools).
        name: An optional participant name.
        tool_calls: An assistant turn's tool calls as the API carries them
            (``[{"id", "type": "function", "function": {"name", "arguments"}}]``; a
            case's arguments are JSON text), None when it makes none.
        tool_call_id: For a ``tool`` message: the id of the call it answers.
    """

    role: str
    content: str | list[dict[str, Any]] | None
    name: str | None = None
    tool_calls: list[dict[str, Any]] | None = None
    tool_call_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The message in the OpenAI wire shape (absent fields left out)."""
        out: dict[str, Any] = {"role": self.role, "content": self.content}
        if self.name is not None:
            out["name"] = self.name
        if self.tool_calls is not None:
            out["tool_calls"] = self.tool_calls
        if self.tool_call_id is not None:
            out["tool_call_id"] = self.tool_call_id
        return out

    def text(self) -> str:
        """The text a model reads in this message: its content's text parts and its tool
        calls' names and arguments (what the guardrails and the token bound read)."""
        parts: list[str] = []
        c = self.content
        if isinstance(c, str):
            parts.append(c)
        elif isinstance(c, list):
            parts.extend(str(p.get("text", "")) for p in c if isinstance(p, dict))
        for call in self.tool_calls or ():
            fn = call.get("function") if isinstance(call, dict) else None
            if isinstance(fn, dict):
                parts.append(f"{fn.get('name', '')} {fn.get('arguments', '')}")
        return "\n".join(parts)

    def calls(self) -> tuple[ToolCall, ...]:
        """The tool calls typed (a checked case message's; fields a client left out of
        one read as empty)."""
        return tuple(ToolCall.of(c) for c in self.tool_calls or ())

    def transcript(self) -> str:
        """One readable line group for a transcript: ``[role] content`` and its calls."""
        head = f"[{self.role}" + (f" {self.name}" if self.name else "")
        if self.tool_call_id is not None:
            head += f" → call {self.tool_call_id}"
        content = self.content if isinstance(self.content, str) else self.text()
        lines = [f"{head}] {content if self.content is not None else ''}".rstrip()]
        lines += [f"  calls {c.name}({c.arguments}) as {c.id}" for c in self.calls()]
        return "\n".join(lines)


@dataclass(frozen=True)
class Conversation:
    """The messages a case sends, in order; valid by construction (`parse_conversation`)."""

    messages: tuple[ChatMessage, ...]

    def __iter__(self) -> Iterator[ChatMessage]:
        return iter(self.messages)

    def __len__(self) -> int:
        return len(self.messages)

    def to_openai(self) -> list[dict[str, Any]]:
        """The ``messages`` list of a chat-completion request (JSON-ready)."""
        return [m.as_dict() for m in self.messages]

    def last_user_text(self) -> str:
        """The last user turn's text: a conversation case's `input` unless one is mapped."""
        for m in reversed(self.messages):
            if m.role == "user" and isinstance(m.content, str):
                return m.content
        return ""

    def text(self) -> str:
        """The conversation as plain text, one message after another (a judge reads it)."""
        return "\n".join(m.transcript() for m in self.messages)


@dataclass(frozen=True)
class Transcript:
    """What a scorer of a conversation case reads: the conversation and the final answer.

    Attributes:
        conversation: The case's messages as sent (without the plan's system prompt,
            which is the target's configuration, not the case).
        answer: The target's final answer (its output).
    """

    conversation: Conversation
    answer: Any

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The whole exchange as OpenAI messages: the conversation, then the answer as
        the assistant's turn (a non-text answer as JSON text)."""
        answer = self.answer if isinstance(self.answer, str) else _json_text(self.answer)
        return [*self.conversation.to_openai(), {"role": "assistant", "content": answer}]

    def text(self) -> str:
        answer = self.answer if isinstance(self.answer, str) else _json_text(self.answer)
        return f"{self.conversation.text()}\n[assistant — the answer under test] {answer}"


def transcript_text(messages: Any) -> str:
    """Stored messages (OpenAI's shape, as a case result keeps its conversation) as the
    readable transcript `Conversation.text` writes; a message not in that shape is shown
    as its JSON text rather than refused (a report shows what was stored)."""
    if not isinstance(messages, list):
        return _json_text(messages)
    lines = []
    for m in messages:
        if not isinstance(m, dict) or not isinstance(m.get("role"), str):
            lines.append(_json_text(m))
            continue
        calls = m.get("tool_calls")
        lines.append(
            ChatMessage(
                m["role"],
                m.get("content"),
                m.get("name"),
                calls if isinstance(calls, list) else None,
                m.get("tool_call_id"),
            ).transcript()
        )
    return "\n".join(lines)


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def parse_conversation(value: Any) -> Conversation:
    """Read and check a conversation: a list of OpenAI chat messages, or its JSON text.

    Args:
        value: A list of message objects, or a string holding one as JSON (a CSV cell, a
            SQL text column).

    Rules (each broken one raises `ConversationInvalid` naming the message and field):
    a non-empty list; every message an object with a known ``role`` and only the fields
    ``role, content, name, tool_calls, tool_call_id``; ``content`` a string (null only
    for an assistant turn with ``tool_calls``; lists of content parts are not taken);
    tool calls with a unique id, a function name and arguments (an object is written as
    its JSON text); every ``tool`` message answers, by ``tool_call_id``, a call of the
    assistant turn before it, and every call is answered before the next turn; at least
    one user message; and the last message is a ``user`` or ``tool`` message, since the
    answer under test comes next (a conversation ending with the assistant would carry
    its own answer).
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ConversationInvalid(
                f"not valid JSON ({exc})",
                field="messages",
                fix=f"write the conversation as a JSON list of messages, e.g. {_EXAMPLE}",
            ) from None
    if not isinstance(value, list):
        raise ConversationInvalid(
            f"expected a list of messages, got {_kind(value)}",
            field="messages",
            fix=f"write the conversation as a list of messages, e.g. {_EXAMPLE}",
        )
    if not value:
        raise ConversationInvalid(
            "the conversation is empty",
            field="messages",
            fix=f"give the case at least one user message, e.g. {_EXAMPLE}",
        )
    messages = tuple(_message(item, i) for i, item in enumerate(value))
    _check_order(messages)
    return Conversation(messages)


def _message(item: Any, i: int) -> ChatMessage:
    at = f"messages[{i}]"
    if not isinstance(item, dict):
        raise ConversationInvalid(
            f"expected a message object, got {_kind(item)}",
            field=at,
            fix='write each message as an object, e.g. {"role": "user", "content": "…"}',
        )
    unknown = sorted(str(k) for k in item if k not in _MESSAGE_FIELDS)
    if unknown:
        raise ConversationInvalid(
            f"unknown field {unknown[0]!r}",
            field=f"{at}.{unknown[0]}",
            fix=f"a message has only the fields {', '.join(sorted(_MESSAGE_FIELDS))}",
        )
    role = item.get("role")
    if role not in CASE_ROLES:
        raise ConversationInvalid(
            f"role {role!r} is not a chat role",
            field=f"{at}.role",
            fix=f"use one of {', '.join(CASE_ROLES)}",
        )
    calls = _tool_calls(item.get("tool_calls"), at, role)
    content = item.get("content")
    if not isinstance(content, str) and not (content is None and role == "assistant" and calls):
        need = "a string (or null when the assistant turn has tool_calls)"
        raise ConversationInvalid(
            f"content of {_a(role)} message is {_kind(content)}; it must be "
            + (need if role == "assistant" else "a string"),
            field=f"{at}.content",
            fix="write the text as one string (lists of content parts are not supported)",
        )
    name = item.get("name")
    if name is not None and not isinstance(name, str):
        raise ConversationInvalid(
            f"name is {_kind(name)}, not a string", field=f"{at}.name", fix="write it as a string"
        )
    call_id = item.get("tool_call_id")
    if role == "tool":
        if not isinstance(call_id, str) or not call_id:
            raise ConversationInvalid(
                "a tool message needs the id of the call it answers",
                field=f"{at}.tool_call_id",
                fix="set tool_call_id to the id of a tool call in the assistant turn before it",
            )
    elif call_id is not None:
        raise ConversationInvalid(
            f"only tool messages carry tool_call_id, not {_a(role)} message",
            field=f"{at}.tool_call_id",
            fix="remove it, or make the message role 'tool'",
        )
    wire = [c.to_openai() for c in calls] if calls else None
    return ChatMessage(role, content, name, wire, call_id)


def _tool_calls(value: Any, at: str, role: Any) -> tuple[ToolCall, ...]:
    if value is None or value == []:  # some clients write an empty list for "no calls"
        return ()
    if role != "assistant":
        raise ConversationInvalid(
            f"only assistant messages make tool calls, not {_a(role)} message",
            field=f"{at}.tool_calls",
            fix="move the calls to an assistant message",
        )
    if not isinstance(value, list) or not value:
        raise ConversationInvalid(
            f"tool_calls is {_kind(value)}; it must be a non-empty list",
            field=f"{at}.tool_calls",
            fix='write [{"id": "call_1", "type": "function", "function": '
            '{"name": "…", "arguments": "{}"}}], or leave tool_calls out',
        )
    return tuple(_tool_call(c, f"{at}.tool_calls[{j}]") for j, c in enumerate(value))


def _tool_call(value: Any, at: str) -> ToolCall:
    shape = '{"id": "call_1", "type": "function", "function": {"name": "…", "arguments": "{}"}}'
    if not isinstance(value, dict):
        raise ConversationInvalid(
            f"expected a tool call object, got {_kind(value)}", field=at, fix=f"write {shape}"
        )
    call_id = value.get("id")
    if not isinstance(call_id, str) or not call_id:
        raise ConversationInvalid(
            "a tool call needs an id", field=f"{at}.id", fix="give it an id, e.g. call_1"
        )
    if value.get("type", "function") != "function":
        raise ConversationInvalid(
            f"type {value.get('type')!r} is not 'function'",
            field=f"{at}.type",
            fix="tool calls are of type 'function'",
        )
    fn = value.get("function")
    if not isinstance(fn, dict) or not isinstance(fn.get("name"), str) or not fn["name"]:
        raise ConversationInvalid(
            "a tool call needs function.name", field=f"{at}.function", fix=f"write {shape}"
        )
    args = fn.get("arguments", "{}")
    if isinstance(args, dict | list):
        args = _json_text(args)
    if not isinstance(args, str):
        raise ConversationInvalid(
            f"arguments is {_kind(args)}",
            field=f"{at}.function.arguments",
            fix="write the arguments as a JSON object (or its text)",
        )
    return ToolCall(call_id, fn["name"], args)


def _check_order(messages: tuple[ChatMessage, ...]) -> None:
    """Tool results answer the calls just made, every call is answered, a user speaks,
    and the conversation ends where the answer under test comes next."""
    open_calls: dict[str, int] = {}  # call id → index of the assistant message
    seen_ids: set[str] = set()
    for i, m in enumerate(messages):
        if m.role == "tool":
            assert m.tool_call_id is not None
            if m.tool_call_id not in open_calls:
                answered = m.tool_call_id in seen_ids
                raise ConversationInvalid(
                    f"tool result for call {m.tool_call_id!r}, which "
                    + (
                        "was already answered"
                        if answered
                        else "no assistant message before it made"
                    ),
                    field=f"messages[{i}].tool_call_id",
                    fix="put the assistant message whose tool_calls has this id right before "
                    "its tool results, and answer each call once",
                )
            del open_calls[m.tool_call_id]
            continue
        if open_calls:
            first = next(iter(open_calls))
            raise ConversationInvalid(
                f"tool call {first!r} of messages[{open_calls[first]}] has no tool result "
                "before this message",
                field=f"messages[{i}]",
                fix=f'add {{"role": "tool", "tool_call_id": "{first}", "content": "…"}} '
                "right after the assistant message that made the call",
            )
        for c in m.calls():
            if c.id in seen_ids:
                raise ConversationInvalid(
                    f"tool call id {c.id!r} is used twice",
                    field=f"messages[{i}].tool_calls",
                    fix="give every tool call its own id",
                )
            seen_ids.add(c.id)
            open_calls[c.id] = i
    if open_calls:
        first = next(iter(open_calls))
        raise ConversationInvalid(
            f"tool call {first!r} has no tool result",
            field=f"messages[{open_calls[first]}].tool_calls",
            fix=f'add {{"role": "tool", "tool_call_id": "{first}", "content": "…"}} after it',
        )
    if not any(m.role == "user" for m in messages):
        raise ConversationInvalid(
            "the conversation has no user message",
            field="messages",
            fix='add the user\'s turn: {"role": "user", "content": "…"}',
        )
    last = messages[-1]
    if last.role not in ("user", "tool"):
        raise ConversationInvalid(
            f"the conversation ends with {_a(last.role)} message; the answer under test "
            "comes next, after a user or tool message",
            field=f"messages[{len(messages) - 1}]",
            fix="end the conversation with the user's turn (or the tool results); put the "
            "answer you expect under `expected`",
        )


def _a(role: Any) -> str:
    return "an assistant" if role == "assistant" else f"a {role}"


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return f"a {type(value).__name__}"
