"""One case source named by a test module's marker, as a `Suite` of the plan's schema.

``pytest.mark.phaseone(dataset="cases.jsonl", scorers=[{"kind": "exact"}], name="smoke")``
runs a case file that is not a suite of the plan against the plan's target; with
``suite="spam", dataset="other.jsonl"`` the plan's suite lends its scorers, threshold,
tags and repeat to another case source. Either way the marker's fields become a `Suite`
validated by the plan's schema (`plan.fragment.validate_suite`), so a mistake reads as
one in the plan would, located at the marker's module and line, with the field and the
fix. The session then runs it with the plan's suites, as one eval, stored as a normal
run under its own name.

Its own name, always: a run stored under a suite of the plan but read from other data
would be taken for that suite's evidence (and, for the success metric's suite, fail the
gate's lock check until re-locked). So the name defaults to the file's stem (``cases``),
or ``spam.other`` for another source of ``spam``, and may not be a plan suite's name.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from phaseone.errors import PlanError, PlanIssue
from phaseone.evals.scoring import find_suite
from phaseone.plan.fragment import validate_suite
from phaseone.plan.loader import FILE_DATASET_KINDS, LoadedPlan
from phaseone.plan.schema import Suite

#: The marker's keywords that write a case source (besides ``suite=`` and ``plan=``).
SOURCE_KEYS = frozenset({"dataset", "scorers", "name", "threshold", "tags", "repeat"})

#: A dataset file's kind by its suffix, for ``dataset="cases.jsonl"``.
_KIND_BY_SUFFIX = {".jsonl": "jsonl", ".csv": "csv", ".yaml": "yaml", ".yml": "yaml"}

_WHAT = "the phaseone marker"


def case_source(
    given: dict[str, Any],
    suite: str | None,
    loaded: LoadedPlan,
    module: Path,
    *,
    file: str,
    line: int | None,
) -> Suite:
    """The `Suite` a marker's case-source keywords write.

    Args:
        given: The marker's keywords among `SOURCE_KEYS` (``dataset`` is required).
        suite: The plan's suite that lends its scorers, threshold, tags and repeat (a
            keyword the marker gives wins), or None.
        loaded: The session's plan.
        module: The test module; a relative dataset path is relative to its directory.
        file, line: The module as the errors name it, and the marker's line there.

    Raises:
        PlanError: a bad keyword, each issue with its field and fix; UsageError: ``suite=``
            names no suite of the plan.
    """

    def fail(message: str, path: str, fix: str) -> PlanError:
        error = PlanError([PlanIssue(message, path=path, file=file, line=line, fix=fix)])
        error.message = f"{file}: 1 problem in {_WHAT}"
        error.fix = f"fix the problem listed in {_WHAT}"
        return error

    fields: dict[str, Any] = {}
    if suite is not None:
        lent = find_suite(loaded, suite).model_dump(mode="json", by_alias=True)
        fields = {k: lent[k] for k in ("scorers", "threshold", "tags", "repeat") if k in lent}
        fields["description"] = f"suite {suite}'s scorers on another case source"
    fields.update({k: v for k, v in given.items() if k != "dataset"})
    if "dataset" not in given:
        raise fail(
            "a case source needs `dataset`",
            "dataset",
            'add dataset="cases.jsonl" (a path relative to the test module) or a dataset'
            " mapping as in the plan's suites[].dataset",
        )
    fields["dataset"], stem = _dataset(given["dataset"], module.parent, fail)
    if "name" not in fields:
        if stem is None:
            raise fail(
                "a case source without a file needs `name`",
                "name",
                'add name="smoke": its runs are stored under that suite name',
            )
        clean = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-") or "cases"
        fields["name"] = f"{suite}.{clean}" if suite is not None else clean
    name = fields["name"]
    if isinstance(name, str) and name in [s.name for s in loaded.plan.suites]:
        raise fail(
            f"name `{name}` is a suite of the plan; a case source is stored as a suite of"
            " its own, so that its runs are never taken for that suite's evidence",
            "name",
            f'give it another name, e.g. name="{name}.{stem or "marker"}"',
        )
    return validate_suite(fields, file=file, line=line, what=_WHAT)


def _dataset(
    value: Any, here: Path, fail: Callable[[str, str, str], PlanError]
) -> tuple[Any, str | None]:
    """The dataset config (paths made absolute) and the file's stem, if it has a file."""
    if isinstance(value, str | Path):
        path = Path(value)
        kind = _KIND_BY_SUFFIX.get(path.suffix.lower())
        if kind is None:
            raise fail(
                f"cannot tell the kind of dataset `{value}` from its suffix",
                "dataset",
                f"name a {', '.join(_KIND_BY_SUFFIX)} file, or give the dataset as a mapping"
                ' with its kind: dataset={"kind": "jsonl", "path": "…"}',
            )
        config: dict[str, Any] = {"kind": kind, "path": str(path)}
    elif isinstance(value, dict):
        config = dict(value)
    else:
        raise fail(
            f"`dataset` must be a path or a mapping, got {type(value).__name__}",
            "dataset",
            'write dataset="cases.jsonl" or dataset={"kind": "jsonl", "path": "cases.jsonl"}',
        )
    raw = config.get("path")
    if config.get("kind") not in FILE_DATASET_KINDS or not isinstance(raw, str):
        return config, None
    full = (here / raw).resolve()
    if not full.is_file():
        what = "is a directory, not a file" if full.is_dir() else "does not exist"
        raise fail(
            f"dataset file `{raw}` {what} (looked for {full})",
            "dataset.path" if isinstance(value, dict) else "dataset",
            f"create it, or fix the path; it is relative to the test module's directory {here}",
        )
    config["path"] = str(full)
    if not isinstance(value, dict) and _first_row_has_id(full, str(config["kind"])):
        config["mapping"] = {"id": "id"}  # readable item ids (a row without one: the fix)
    return config, full.stem


def _first_row_has_id(path: Path, kind: str) -> bool:
    """Whether the file's first case has an ``id`` (JSONL key, CSV column, YAML key):
    then ``dataset="cases.jsonl"`` names its items by it, as a plan would with
    ``mapping: {id: id}``; else the plan's default, a content hash. An unreadable file
    says False here and its error when the dataset is read, with the line."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            if kind == "csv":
                return "id" in next(csv.reader(f), [])
            if kind == "jsonl":
                first = next((line for line in f if line.strip()), "")
                row = json.loads(first) if first else None
            else:
                rows = yaml.safe_load(f)
                row = rows[0] if isinstance(rows, list) and rows else None
    except (OSError, ValueError, yaml.YAMLError):
        return False
    return isinstance(row, dict) and "id" in row


__all__ = ["SOURCE_KEYS", "case_source"]
