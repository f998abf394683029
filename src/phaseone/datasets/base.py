"""What a case is, and the registry of dataset sources."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from phaseone.chat import Conversation
from phaseone.redact import fingerprint_config
from phaseone.registry import Registry


@dataclass(frozen=True)
class Case:
    """One input to the AI system, with what it should answer and its tags.

    Attributes:
        conversation: A whole conversation to send instead of one input (the dataset's
            `mapping.messages`); `input` is then its last user message unless the
            mapping names an input column too. None for a single-input case.
    """

    id: str
    input: Any
    expected: Any = None
    tags: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)
    conversation: Conversation | None = None

    @property
    def messages(self) -> list[dict[str, Any]] | None:
        """The conversation as OpenAI messages (JSON-ready), or None.

        This is what a request template reaches as `{{ case.messages }}`: an http
        target's body can send it as it is.
        """
        return None if self.conversation is None else self.conversation.to_openai()

    def request_identity(self) -> Any:
        """What the target is asked, for the response cache key: the input, and the
        conversation when there is one (a changed conversation is another question).
        A single-input case keys by its input alone, as before conversations existed."""
        if self.conversation is None:
            return self.input
        return {"input": self.input, "messages": self.conversation.to_openai()}


def content_id(input: Any, expected: Any = None, messages: Any = None) -> str:
    """A stable id from content, for sources without an id column.

    `messages` (a conversation case's OpenAI messages) joins the hash only when given,
    so the ids of single-input cases are the ids they always had.
    """
    parts = [input, expected] if messages is None else [input, expected, messages]
    raw = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


@dataclass
class DatasetIdentity:
    """Which data a run saw: recorded with every run and with the metric lock.

    `config` is the suite's dataset configuration (secrets masked): `source` names the
    kind and location only, and two SQL queries on one database read different cases.
    The gate compares it with the plan's, so a run of another query or file is no
    evidence for the suite as the plan now defines it.
    """

    source: str  #: kind and location, secrets removed
    content_hash: str
    rows: int
    config: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "content_hash": self.content_hash,
            "rows": self.rows,
        }
        if self.config is not None:
            out["config"] = self.config
        return out


def dataset_config(config: Any) -> dict[str, Any]:
    """What decides which cases a dataset config yields: the config with secrets masked
    and without its timeout (how long a page may take does not change the cases)."""
    return fingerprint_config(config)


class DatasetSource(Protocol):
    """A source of cases. `cases()` streams; it never has to hold all rows in memory."""

    def describe(self) -> str:
        """Kind and location, without secrets."""
        ...

    def cases(self) -> AsyncIterator[Case]: ...

    async def identity(self) -> DatasetIdentity:
        """Hash of the content and row count (reads the source once)."""
        ...


#: kind → factory(config, base_dir: Path, store) -> DatasetSource
SourceFactory = Callable[..., DatasetSource]
#: Each kind's module is imported when a plan first names it: `http` needs aiohttp, which a
#: run reading a JSONL file must not pay for (see `phaseone.registry`).
SOURCES: Registry[SourceFactory] = Registry(
    "dataset source",
    modules={
        "csv": "phaseone.datasets.csv_file",
        "http": "phaseone.datasets.http",
        "jsonl": "phaseone.datasets.jsonl",
        "sql": "phaseone.datasets.sql",
        "traces": "phaseone.datasets.traces",
        "yaml": "phaseone.datasets.yaml_file",
    },
)


def resolve_path(base_dir: Path, path: str) -> Path:
    p = Path(path)
    return p if p.is_absolute() else (base_dir / p)
