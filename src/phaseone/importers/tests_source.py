"""promptfoo's `tests:` as plain test records: inline, or from CSV / JSON / YAML files.

A CSV row is a test the way promptfoo reads it: every column is a var except the
`__expected…` columns (each one assertion, `contains: Paris`, `not-icontains:x`,
`grade: …`, or a bare value meaning `equals`) and `__description`.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phaseone.importers.located import LocatedYaml, Notes, Path_, read_yaml

_STRING_ASSERT = re.compile(
    r"^(not-)?(equals|contains-any|contains-all|icontains-any|icontains-all|contains-json|"
    r"is-json|regex|icontains|contains|starts-with|similar|latency|cost)"
    r"(?:\((\d+(?:\.\d+)?)\))?(?::([\s\S]*))?$"
)


@dataclass
class PfTest:
    """One promptfoo test: its vars and assertions, and where it was written."""

    index: int
    vars: dict[str, Any]
    asserts: list[tuple[dict[str, Any], LocatedYaml, Path_]]
    doc: LocatedYaml
    path: Path_
    description: str = ""
    own_kinds: tuple[str, ...] = ()  #: the test's own assertion types (not defaultTest's)


def assertion_from_string(text: str) -> dict[str, Any]:
    """promptfoo's `__expected` cell syntax."""
    for prefix in ("javascript:", "fn:", "eval:"):
        if text.startswith(prefix):
            return {"type": "javascript", "value": text[len(prefix) :].strip()}
    for prefix in ("grade:", "llm-rubric:"):
        if text.startswith(prefix):
            return {"type": "llm-rubric", "value": text[len(prefix) :]}
    if text.startswith("python:"):
        return {"type": "python", "value": text[len("python:") :].strip()}
    m = _STRING_ASSERT.match(text)
    if m is None:
        return {"type": "equals", "value": text}
    neg, kind, threshold, value = m.groups()
    out: dict[str, Any] = {"type": f"{neg or ''}{kind}"}
    if kind in ("contains-any", "contains-all", "icontains-any", "icontains-all"):
        out["value"] = [v.strip() for v in (value or "").split(",")]
    elif value is not None:
        out["value"] = value.strip()
    if threshold is not None:
        out["threshold"] = float(threshold)
    elif kind == "similar":
        out["threshold"] = 0.8
    return out


def _csv_tests(path: Path, shown: str) -> list[tuple[dict[str, Any], LocatedYaml, Path_]]:
    """Rows as test mappings; the doc records each row's line (header is line 1)."""
    doc = LocatedYaml(shown, None)
    out: list[tuple[dict[str, Any], LocatedYaml, Path_]] = []
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        for i, row in enumerate(reader):
            vars: dict[str, Any] = {}
            asserts: list[Any] = []
            test: dict[str, Any] = {}
            for key, cell in row.items():
                if key is None:
                    continue
                if key.startswith("__expected"):
                    if cell and cell.strip():
                        asserts.append(assertion_from_string(cell))
                elif key == "__description":
                    test["description"] = cell
                elif not key.startswith("__"):
                    vars[key] = cell
            test.update({"vars": vars, "assert": asserts})
            doc.lines[(i,)] = reader.line_num
            out.append((test, doc, (i,)))
    return out


_GLOB = re.compile(r"[*?\[]")


def _file_tests(ref: str, base: Path, doc: LocatedYaml, path: Path_, notes: Notes) -> list[Any]:
    """The tests of `file://tests.csv`, or of every file a glob (`file://tests/*.yaml`)
    matches, in name order, as promptfoo expands it relative to the config."""
    name = ref.removeprefix("file://")
    if _GLOB.search(name) is None:
        return _one_file_tests(name, base, doc, path, notes)
    matches = sorted(f for f in base.glob(name) if f.is_file())
    if not matches:
        notes.add(
            doc,
            path,
            f"tests pattern {name} matches no file",
            f"check the pattern (it is read relative to {base}), then import again",
        )
        return []
    out: list[Any] = []
    for file in matches:
        out.extend(_one_file_tests(file.relative_to(base).as_posix(), base, doc, path, notes))
    return out


def _one_file_tests(
    name: str, base: Path, doc: LocatedYaml, path: Path_, notes: Notes
) -> list[Any]:
    file = base / name
    if not file.is_file():
        notes.add(doc, path, f"tests file {name} not found", f"put it at {file} and import again")
        return []
    if file.suffix.lower() == ".csv":
        return _csv_tests(file, name)
    if file.suffix.lower() in (".yaml", ".yml", ".json"):
        sub = read_yaml(file, name)
        items = sub.data if isinstance(sub.data, list) else []
        return [(t, sub, (i,)) for i, t in enumerate(items)]
    if file.suffix.lower() == ".jsonl":
        rows: list[tuple[dict[str, Any], LocatedYaml, Path_]] = []
        sub = LocatedYaml(name, None)
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                sub.lines[(len(rows),)] = n
                rows.append((json.loads(line), sub, (len(rows),)))
        return rows
    notes.add(doc, path, f"tests file {name}: unknown format", "use CSV, JSON, JSONL or YAML")
    return []


def _asserts_of(
    test: dict[str, Any], doc: LocatedYaml, path: Path_
) -> list[tuple[dict[str, Any], LocatedYaml, Path_]]:
    raw = test.get("assert") or []
    return [(a, doc, (*path, "assert", i)) for i, a in enumerate(raw) if isinstance(a, dict)]


def load_tests(config: LocatedYaml, base: Path, notes: Notes) -> list[PfTest]:
    """Every test of the config, defaultTest's vars and assertions merged in."""
    data = config.data
    default: dict[str, Any] = data.get("defaultTest") or {}
    if not isinstance(default, dict):
        notes.add(
            config,
            ("defaultTest",),
            "defaultTest from a file is not read",
            "write defaultTest's vars and assert inline in the config",
        )
        default = {}
    default_vars: dict[str, Any] = default.get("vars") or {}
    default_asserts = _asserts_of(default, config, ("defaultTest",))
    _note_scoring_keys(default_asserts, notes)
    raw = data.get("tests")
    entries: list[tuple[Any, LocatedYaml, Path_]] = []
    refs = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    for i, item in enumerate(refs):
        where: Path_ = ("tests",) if isinstance(raw, str) else ("tests", i)
        if isinstance(item, str):
            entries.extend(_file_tests(item, base, config, where, notes))
        elif isinstance(item, dict):
            entries.append((item, config, where))
    tests: list[PfTest] = []
    for test, doc, path in entries:
        _note_scoring_keys(_asserts_of(test, doc, path), notes)
        raw_vars = {**default_vars, **(test.get("vars") or {})}
        for name, value in raw_vars.items():
            if isinstance(value, str) and value.startswith("file://"):
                notes.add(
                    doc,
                    (*path, "vars", name),
                    f"var `{name}` is a file reference; its content is not loaded",
                    "put the file's text in the var (or the dataset file) directly",
                )
        for key in ("options", "threshold", "provider", "providerOutput"):
            if key in test:
                notes.add(
                    doc,
                    (*path, key),
                    f"test-level `{key}` is not translated",
                    "express it in the plan (a suite's `threshold`, the target) by hand",
                )
        for vars in expand_vars(raw_vars):
            tests.append(
                PfTest(
                    index=len(tests) + 1,
                    vars=vars,
                    asserts=[*default_asserts, *_asserts_of(test, doc, path)],
                    doc=doc,
                    path=path,
                    description=str(test.get("description") or ""),
                    own_kinds=tuple(
                        str(a.get("type")) for a, _d, _p in _asserts_of(test, doc, path)
                    ),
                )
            )
    return tests


def _note_scoring_keys(
    asserts: list[tuple[dict[str, Any], LocatedYaml, Path_]], notes: Notes
) -> None:
    """`weight` and `metric` shape promptfoo's score and its named-score columns, not
    whether a test passes (all assertions must pass unless the test sets a `threshold`,
    which is reported on its own); say so once per assertion as written. A `metric`
    names the scorer (see `assertions.translate`)."""
    for assertion, doc, path in asserts:
        if "weight" in assertion:
            notes.add(
                doc,
                (*path, "weight"),
                f"`weight: {assertion['weight']}` only weighs promptfoo's score; pass/fail "
                "does not change (every scorer must pass), so it is dropped",
                "nothing to do; with a test `threshold`, set the suite's threshold by hand",
            )
        if "metric" in assertion:
            notes.add(
                doc,
                (*path, "metric"),
                f"`metric: {assertion['metric']}` names a score in promptfoo's report; "
                "the scorer is named after it, pass/fail does not change",
                "nothing to do; reports show the scorer under that name",
            )


def expand_vars(vars: dict[str, Any]) -> list[dict[str, Any]]:
    """A var that is a list makes one test per item (several lists: every combination),
    as promptfoo expands them."""
    names = list(vars)
    choices = [v if isinstance(v, list) and v else [v] for v in vars.values()]
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*choices)]
