"""JSONL files: one JSON object per line, streamed, errors located by line number."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from phaseone.datasets.base import SOURCES, resolve_path
from phaseone.datasets.files import decode_error, open_text
from phaseone.datasets.rows import Row, RowSource, Where, iterate_in_thread
from phaseone.errors import DatasetError
from phaseone.plan.components import JsonlSource


class JsonlFile(RowSource):
    def __init__(self, config: JsonlSource, base_dir: Path) -> None:
        self.config = config
        self.mapping = config.mapping
        self.path = resolve_path(base_dir, config.path)
        self.label = config.path

    def describe(self) -> str:
        return f"jsonl {self.config.path}"

    def _read(self) -> Iterator[tuple[Where, Row]]:
        with open_text(self.path, self.label) as f:
            lineno = 0
            try:
                for lineno, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    yield Where(f"line {lineno}", lineno), self._parse(line, lineno)
            except UnicodeDecodeError:
                raise decode_error(self.label, lineno + 1) from None

    def _parse(self, line: str, lineno: int) -> Row:
        try:
            row: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(
                f"malformed JSON: {exc.msg} (column {exc.colno})",
                source=self.label,
                line=lineno,
                fix="each line must be one complete JSON object, e.g. "
                '{"input": "…", "expected": "…"}',
            ) from None
        if not isinstance(row, dict):
            raise DatasetError(
                f"expected a JSON object, got {type(row).__name__}",
                source=self.label,
                line=lineno,
                fix='write each case as an object, e.g. {"input": "…", "expected": "…"}',
            )
        return row

    def rows(self) -> AsyncIterator[tuple[Where, Row]]:
        return iterate_in_thread(self._read)


@SOURCES.register("jsonl")
def jsonl_source(config: JsonlSource, base_dir: Path, store: object = None) -> JsonlFile:
    return JsonlFile(config, base_dir)
