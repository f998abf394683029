"""YAML files: a list of case mappings (or a mapping with a `cases:` list)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import yaml

from phaseone.datasets.base import SOURCES, resolve_path
from phaseone.datasets.files import open_text
from phaseone.datasets.rows import Row, RowSource, Where, iterate_in_thread
from phaseone.errors import DatasetError
from phaseone.plan.components import YamlSource


class YamlFile(RowSource):
    """Read whole (YAML cannot be streamed per item), items located by their line."""

    def __init__(self, config: YamlSource, base_dir: Path) -> None:
        self.config = config
        self.mapping = config.mapping
        self.path = resolve_path(base_dir, config.path)
        self.label = config.path

    def describe(self) -> str:
        return f"yaml {self.config.path}"

    def _load(self) -> tuple[Any, list[int]]:
        with open_text(self.path, self.label) as f:
            try:
                text = f.read()
            except UnicodeDecodeError:
                raise DatasetError("the file is not UTF-8 text", source=self.label) from None
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            raise DatasetError(
                f"invalid YAML: {exc.problem}",
                source=self.label,
                line=mark.line + 1 if mark else None,
                fix="check indentation and quoting at that line",
            ) from None
        except yaml.YAMLError as exc:
            raise DatasetError(f"invalid YAML: {exc}", source=self.label) from None
        if isinstance(data, dict) and isinstance(data.get("cases"), list):
            data = data["cases"]
            node = next(v for k, v in node.value if k.value == "cases")  # type: ignore[union-attr]
        if not isinstance(data, list):
            raise DatasetError(
                f"expected a list of cases, got {type(data).__name__}",
                source=self.label,
                fix="write the file as a list: `- input: …` / `  expected: …`",
            )
        lines = [n.start_mark.line + 1 for n in node.value] if node is not None else []
        return data, lines

    def _read(self) -> Iterator[tuple[Where, Row]]:
        data, lines = self._load()
        for i, item in enumerate(data):
            line = lines[i] if i < len(lines) else None
            if not isinstance(item, dict):
                raise DatasetError(
                    f"case {i + 1} is a {type(item).__name__}, not a mapping",
                    source=self.label,
                    line=line,
                    fix="each case is a mapping: `- input: …`",
                )
            yield Where(f"line {line}" if line else f"item {i + 1}", line), item

    def rows(self) -> AsyncIterator[tuple[Where, Row]]:
        return iterate_in_thread(self._read)


@SOURCES.register("yaml")
def yaml_source(config: YamlSource, base_dir: Path, store: object = None) -> YamlFile:
    return YamlFile(config, base_dir)
