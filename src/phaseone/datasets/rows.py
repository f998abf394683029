"""What every dataset source shares: rows → cases, unique ids, identity, off-loop reading.

A source only has to stream `(location, row)` pairs; mapping columns to a `Case`,
rejecting duplicate ids (the runner resumes by case id), hashing the content for the
dataset identity and reading blocking sources in a worker thread live here, once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import difflib
import hashlib
import json
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import islice
from typing import Any, TypeVar

from phaseone.chat import Conversation, ConversationInvalid, parse_conversation
from phaseone.datasets.base import Case, DatasetIdentity, content_id, dataset_config
from phaseone.errors import DatasetError
from phaseone.jsonpath import PathNotFound, get_path
from phaseone.plan.components import Mapping

T = TypeVar("T")
Row = dict[str, Any]


@dataclass(frozen=True)
class Where:
    """Where a row came from, for error messages: `line 12`, `row 3`, `page 2 item 5`."""

    text: str
    line: int | None = None  #: 1-based file line, when the source is a text file

    def __str__(self) -> str:
        return self.text


def jsonable(value: Any) -> Any:
    """Database values (Decimal, datetime, UUID, bytes) as the JSON the store can hold."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return str(value)


def canonical(row: Any) -> bytes:
    return json.dumps(
        row, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode()


def parse_tags(value: Any) -> tuple[str, ...]:
    """Tags from a list, a JSON list in a string, or a comma-separated string."""
    if value is None:
        return ()
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = None
            if isinstance(parsed, list):
                return parse_tags(parsed)
        return tuple(t.strip() for t in text.split(",") if t.strip())
    if isinstance(value, list | tuple | set):
        return tuple(str(t).strip() for t in value if str(t).strip())
    return (str(value),)


def row_error(message: str, where: Where | None, source: str, fix: str | None) -> DatasetError:
    """A `DatasetError` at a row: `file:LINE: …` for text files, `source: row 3: …` otherwise."""
    if where is not None and where.line is None:
        message = f"{where}: {message}"
    return DatasetError(
        message, source=source, line=where.line if where is not None else None, fix=fix
    )


def missing_column(
    name: str, field: str, columns: list[str], source: str, where: Where | None
) -> DatasetError:
    close = difflib.get_close_matches(name, columns, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}? " if close else ""
    shown = ", ".join(repr(c) for c in columns[:30]) or "none"
    return row_error(
        f"no column {name!r} for mapping.{field}; available columns: {shown}",
        where,
        source,
        f"{hint}set `mapping.{field}` to one of the available columns",
    )


def check_columns(mapping: Mapping, columns: list[str], source: str) -> None:
    """Fail before the first row when a mapped column is not in a header/result set."""
    for field, name in _required(mapping):
        if name not in columns and not ("." in name and name.split(".", 1)[0] in columns):
            raise missing_column(name, field, columns, source, None)


def _required(mapping: Mapping) -> list[tuple[str, str]]:
    """Mapped columns that must exist: input (unless a conversation stands in for it and
    no input column is named), messages and id when set, and expected/tags set explicitly."""
    explicit = mapping.model_fields_set
    out: list[tuple[str, str]] = []
    if mapping.messages:
        out.append(("messages", mapping.messages))
    if not mapping.messages or "input" in explicit:
        out.append(("input", mapping.input))
    if mapping.id:
        out.append(("id", mapping.id))
    if mapping.expected and "expected" in explicit:
        out.append(("expected", mapping.expected))
    if mapping.tags and "tags" in explicit:
        out.append(("tags", mapping.tags))
    return out


class RowSource:
    """Base of the built-in sources: subclasses implement `describe()` and `rows()`."""

    mapping: Mapping = Mapping()
    #: What to do when the source has no rows at all.
    empty_fix: str = "add cases to the dataset, or point the suite at the right one"

    def describe(self) -> str:
        raise NotImplementedError

    def rows(self) -> AsyncIterator[tuple[Where, Row]]:
        raise NotImplementedError

    def error_source(self) -> str:
        """How errors name the source: the file path for files, else `describe()`."""
        label = getattr(self, "label", None)
        return label if isinstance(label, str) else self.describe()

    # --- mapping ---------------------------------------------------------------------

    def _pick(self, row: Row, name: str, field: str, where: Where, required: bool) -> Any:
        if name in row:
            return row[name]
        if "." in name:
            try:
                return get_path(row, name)
            except PathNotFound:
                pass
        if required:
            raise missing_column(name, field, [str(k) for k in row], self.error_source(), where)
        return None

    def _conversation(self, row: Row, where: Where) -> Conversation | None:
        """The row's conversation, checked, when the mapping names a messages column."""
        name = self.mapping.messages
        if not name:
            return None
        value = self._pick(row, name, "messages", where, True)
        if value is None or value == "":
            value = []  # an empty CSV cell or a null: reported as an empty conversation
        try:
            return parse_conversation(value)
        except ConversationInvalid as exc:
            raise row_error(
                f"column {name!r} (mapping.messages): {exc}", where, self.error_source(), exc.fix
            ) from None

    def to_case(self, row: Row, where: Where) -> Case:
        m = self.mapping
        explicit = m.model_fields_set
        conversation = self._conversation(row, where)
        if conversation is not None and "input" not in explicit:
            input: Any = conversation.last_user_text()
        else:
            input = self._pick(row, m.input, "input", where, True)
        expected = None
        if m.expected:
            expected = self._pick(row, m.expected, "expected", where, "expected" in explicit)
        tags: tuple[str, ...] = ()
        if m.tags:
            tags = parse_tags(self._pick(row, m.tags, "tags", where, "tags" in explicit))
        if m.id:
            raw_id = self._pick(row, m.id, "id", where, True)
            if raw_id is None or str(raw_id).strip() == "":
                raise row_error(
                    f"empty id in column {m.id!r}",
                    where,
                    self.error_source(),
                    "give every row an id, or remove `mapping.id` to use content hashes",
                )
            case_id = str(raw_id).strip()
        elif conversation is not None:
            case_id = content_id(input, expected, conversation.to_openai())
        else:
            case_id = content_id(input, expected)
        used = {m.input, m.expected, m.tags, m.id, m.messages}
        metadata = {k: v for k, v in row.items() if k not in used}
        return Case(
            id=case_id,
            input=input,
            expected=expected,
            tags=tags,
            metadata=metadata,
            conversation=conversation,
        )

    # --- the protocol ----------------------------------------------------------------

    async def _checked(self) -> AsyncIterator[tuple[Row, Case]]:
        """Rows with their cases; ids made unique (repeated content-hash ids get `~2`, `~3`)."""
        seen: dict[str, Where] = {}
        repeats: dict[str, int] = {}
        async for where, row in self.rows():
            case = self.to_case(row, where)
            if case.id in seen:
                if self.mapping.id:
                    first = seen[case.id]
                    raise row_error(
                        f"duplicate case id {case.id!r} (first at {first})",
                        where,
                        self.error_source(),
                        f"make column {self.mapping.id!r} unique; runs resume by case id",
                    )
                # identical content without an id column: keep both, stably numbered
                n = repeats.get(case.id, 1) + 1
                repeats[case.id] = n
                case = replace(case, id=f"{case.id}~{n}")
            seen[case.id] = where
            yield row, case
        if not seen:
            raise DatasetError(
                "the dataset has no cases", source=self.error_source(), fix=self.empty_fix
            )

    async def cases(self) -> AsyncIterator[Case]:
        """Stream the cases, in source order."""
        async for _row, case in self._checked():
            yield case

    async def identity(self) -> DatasetIdentity:
        """sha256 over the canonical JSON of every row in order; streams, holds no rows.

        It also maps every row, so calling it before a run rejects a bad dataset (missing
        column, duplicate id, empty) before the first call to the target.
        """
        digest = hashlib.sha256()
        n = 0
        async for row, _case in self._checked():
            digest.update(canonical(row))
            digest.update(b"\n")
            n += 1
        config = getattr(self, "config", None)
        return DatasetIdentity(
            source=self.describe(),
            content_hash=digest.hexdigest(),
            rows=n,
            config=dataset_config(config) if config is not None else None,
        )


async def iterate_in_thread(
    make: Callable[[], Iterator[T]], batch_size: int = 256
) -> AsyncIterator[T]:
    """Drive a blocking iterator on one worker thread, in batches, without blocking the loop.

    One dedicated thread (not the shared pool) because database cursors and SQLite
    connections must stay on the thread that opened them.
    """
    loop = asyncio.get_running_loop()
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="phaseone-dataset")
    it: Iterator[T] | None = None

    def next_batch() -> list[T]:
        nonlocal it
        if it is None:
            it = make()
        return list(islice(it, batch_size))

    def close() -> None:
        close_it = getattr(it, "close", None)
        if close_it is not None:
            close_it()

    try:
        while True:
            batch = await loop.run_in_executor(executor, next_batch)
            if not batch:
                return
            for item in batch:
                yield item
    finally:
        try:
            await loop.run_in_executor(executor, close)
        finally:
            executor.shutdown(wait=False)
