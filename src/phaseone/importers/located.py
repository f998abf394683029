"""A promptfoo file read with the line of every value, and the notes an import makes.

An import that cannot translate something must say where it was written, so the user
can find it in their own file; `LocatedYaml` keeps the 1-based line of each path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from phaseone.errors import UsageError

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class ImportNote:
    """Something the import could not translate (or translated only approximately).

    Attributes:
        file: the promptfoo file it was written in.
        line: 1-based line in that file (None when the file has no lines, e.g. JSON rows).
        message: what was not translated.
        fix: what to do about it in the written plan.
    """

    file: str
    line: int | None
    message: str
    fix: str

    def render(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}\n    fix: {self.fix}"


@dataclass
class LocatedYaml:
    """Plain values of a YAML file plus the line where each path starts."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        """The line of `path`, else of its nearest written ancestor."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), 1)


@dataclass
class Notes:
    """Where notes go while one config is imported."""

    items: list[ImportNote] = field(default_factory=list)

    def add(self, doc: LocatedYaml, path: Path_, message: str, fix: str) -> None:
        self.items.append(ImportNote(doc.file, doc.line(path), message, fix))


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            out[key] = _build(value_node, (*path, key), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), lines) for i, item in enumerate(node.value)]
    ctor = yaml.SafeLoader.yaml_constructors.get(node.tag)
    if ctor is None:
        return node.value
    try:
        return ctor(yaml.SafeLoader(""), node)
    except (ValueError, yaml.YAMLError):
        return node.value


def read_yaml(path: Path, shown: str) -> LocatedYaml:
    """Read a YAML (or JSON) file; a syntax error is a `UsageError` with file:line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(
            f"promptfoo file not found: {shown}",
            fix="pass the path of your promptfooconfig.yaml (or the file it references)",
        ) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{shown}:{mark.line + 1}" if mark is not None else shown
        raise UsageError(
            f"{where}: YAML syntax error: {exc.problem or exc}",
            fix="fix the YAML (promptfoo would refuse it too), then import again",
        ) from None
    lines: dict[Path_, int] = {}
    data = None if node is None else _build(node, (), lines)
    return LocatedYaml(shown, data, lines)
