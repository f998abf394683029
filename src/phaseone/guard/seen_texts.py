"""What an input guardrail concluded about a message the same key sent before.

Why: a chat app sends its system prompt, its tool descriptions and the conversation so far
with every request, and only the newest turn is new. The guardrails' verdict on a message
is a function of its text alone (the plan's detectors do not change while a gateway runs),
so reading the same 4 kB system prompt on every call buys nothing: it is read once, and
each later request pays a dictionary lookup for it.

Entries are kept per API key, never shared between keys: a shared table would answer a
text another tenant sent faster than a new one, and that difference in time would tell a
caller what somebody else had sent. Bounded in entries and in characters held (least
recently used first out), so a stream of unique messages costs memory only up to the
bound. Texts shorter than `min_chars` are not kept: reading them costs less than keeping
them. Not thread-safe: used on the event loop only (a stage that runs on worker threads
does not use it).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Generic, TypeVar

V = TypeVar("V")

#: At most this many characters of message text are held by one table (~4-16 MB).
MAX_CHARS = 4_000_000
#: At most this many entries per table.
MAX_ENTRIES = 16_384
#: Shorter texts are read every time.
MIN_CHARS = 16


def is_messages(value: Any) -> bool:
    """Whether `value` is a conversation's contents as the chat route hands them to the
    guardrails: a list of strings only, read message by message (exact types: a subclass
    of `str` or `list` is some other input, walked as a whole)."""
    return type(value) is list and all(type(v) is str for v in value)


class SeenTexts(Generic[V]):
    """A bounded, least-recently-used map from (key, text) to a verdict."""

    __slots__ = ("_chars", "_entries", "hits", "max_chars", "max_entries", "min_chars", "misses")

    def __init__(
        self, max_chars: int = MAX_CHARS, max_entries: int = MAX_ENTRIES, min_chars: int = MIN_CHARS
    ) -> None:
        self.max_chars = max_chars
        self.max_entries = max_entries
        self.min_chars = min_chars
        self._entries: OrderedDict[tuple[str, str], V] = OrderedDict()
        self._chars = 0
        #: Lookups answered from the table, and those that were not (texts too short or
        #: too long to keep included): what `bench/` and the tests read.
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def chars(self) -> int:
        """Characters of text held now."""
        return self._chars

    def get(self, key: str, text: str) -> V | None:
        """The verdict kept for `text` sent with `key`, or ``None``."""
        if len(text) < self.min_chars:
            self.misses += 1
            return None
        entry = (key, text)
        value = self._entries.get(entry)
        if value is None:
            self.misses += 1
            return None
        self._entries.move_to_end(entry)
        self.hits += 1
        return value

    def put(self, key: str, text: str, value: V) -> None:
        """Keep `value` for `text` sent with `key`, dropping the least recently used
        entries beyond the bounds (a text longer than the whole bound is not kept)."""
        n = len(text)
        if n < self.min_chars or n + len(key) > self.max_chars:
            return
        entry = (key, text)
        if entry in self._entries:
            self._entries.move_to_end(entry)
            self._entries[entry] = value
            return
        self._entries[entry] = value
        self._chars += n + len(key)
        while (self._chars > self.max_chars or len(self._entries) > self.max_entries) and (
            self._entries
        ):
            (old_key, old_text), _ = self._entries.popitem(last=False)
            self._chars -= len(old_text) + len(old_key)


__all__ = ["MAX_CHARS", "MAX_ENTRIES", "MIN_CHARS", "SeenTexts"]
