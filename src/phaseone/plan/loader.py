"""Loading `phaseone.yaml`: YAML → located values → validated `Plan`.

The YAML is *composed* (not loaded) so every value keeps the line and column it was
written at; pydantic's error locations are then mapped back to the file, and every
problem is reported at once as one `PlanError`. `${VAR}` interpolation happens on the
composed scalars, so a missing variable is located exactly and the raw text (what we
store) never contains an expanded secret.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from phaseone.errors import PlanError, PlanIssue
from phaseone.plan.locate import (
    Segment,
    close_match,
    explain_error,
    field_at,
    format_path,
    kinds_at,
    model_fields_at,
    strip_union_tags,
)
from phaseone.plan.schema import Plan

__all__ = ["DEFAULT_PLAN", "LoadedPlan", "load_plan", "parse_plan"]

DEFAULT_PLAN = "phaseone.yaml"
FILE_DATASET_KINDS = frozenset({"jsonl", "csv", "yaml"})
# Errors the loader re-checks on the raw tree with a precise location and a did-you-mean.
_RECHECKED = frozenset({"duplicate_suite", "duplicate_model", "unknown_suite", "unknown_scorer"})
_ENV = re.compile(r"\$(\$)?\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")

Path_ = tuple[Segment, ...]


@dataclass(frozen=True)
class LoadedPlan:
    """A validated plan and where it came from.

    Attributes:
        plan: the validated model, with `${VAR}` expanded (may hold secrets: never store it
            as a whole; store `text`).
        path: absolute path of the plan file.
        base_dir: directory of the plan file; relative paths in the plan resolve here.
        text: the raw file text with `${VAR}` NOT expanded — safe to store and show.
        content_hash: sha256 of `text`; a plan version's identity.
    """

    plan: Plan
    path: Path
    base_dir: Path
    text: str
    content_hash: str

    @property
    def project(self) -> str:
        return self.plan.project.name

    @classmethod
    def from_model(cls, plan: Plan, base_dir: str | os.PathLike[str] = ".") -> LoadedPlan:
        """Wrap a plan built in Python (tests, the demo) as if it had been loaded from a file.

        The text is the plan dumped as YAML, so it holds whatever the model holds; do not
        put real secrets in a plan built this way.
        """
        base = Path(base_dir).resolve()
        text = yaml.safe_dump(plan.model_dump(mode="json", by_alias=True), sort_keys=False)
        return cls(plan, base / DEFAULT_PLAN, base, text, _sha256(text))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- locating -------------------------------------------------------------------------


@dataclass(frozen=True)
class Spot:
    """1-based line and column."""

    line: int
    column: int


def _spot(mark: yaml.Mark | None) -> Spot | None:
    return None if mark is None else Spot(mark.line + 1, mark.column + 1)


@dataclass
class Tree:
    """The plan as plain Python values plus where each path was written."""

    data: Any
    keys: dict[Path_, Spot] = field(default_factory=dict)  #: where a mapping key starts
    values: dict[Path_, Spot] = field(default_factory=dict)  #: where a value starts
    secret_paths: set[Path_] = field(default_factory=set)  #: values that came from ${VAR}
    unset_paths: set[Path_] = field(default_factory=set)  #: values with an unset ${VAR}
    issues: list[PlanIssue] = field(default_factory=list)

    def at(self, path: Path_, *, prefer_key: bool = False) -> Spot | None:
        """The best location for `path`: itself, else its nearest written ancestor."""
        p = tuple(path)
        while True:
            first, second = (self.keys, self.values) if prefer_key else (self.values, self.keys)
            spot = first.get(p) or second.get(p)
            if spot is not None:
                return spot
            if not p:
                return Spot(1, 1)
            p = p[:-1]


class _Builder:
    """Turns a composed YAML node tree into values, recording marks and expanding ${VAR}."""

    def __init__(self, file: str, env: dict[str, str]) -> None:
        self.file = file
        self.env = env
        self.tree = Tree(None)
        self._ctor = yaml.SafeLoader("")

    def issue(self, message: str, path: Path_, spot: Spot | None, fix: str | None) -> None:
        self.tree.issues.append(_issue_at(message, path, self.file, spot, fix))

    def build(self, node: yaml.Node, path: Path_ = ()) -> Any:
        self.tree.values.setdefault(path, _spot(node.start_mark) or Spot(1, 1))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        merged: list[yaml.MappingNode] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                seq = isinstance(value_node, yaml.SequenceNode)
                items = value_node.value if seq else [value_node]
                merged.extend(n for n in items if isinstance(n, yaml.MappingNode))
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "":
                self.issue(
                    "a mapping key must be a plain word",
                    path,
                    _spot(key_node.start_mark),
                    "write `name: value`",
                )
                continue
            # Keys are names: keep them as written (`on:` stays "on", never True).
            key: str = key_node.value
            sub = (*path, key)
            if key in out:
                self.issue(
                    f"key `{key}` appears twice in the same mapping (first at line"
                    f" {self.tree.keys[sub].line}); YAML would silently keep only the last",
                    sub,
                    _spot(key_node.start_mark),
                    f"remove one of the two `{key}:` entries",
                )
                continue
            # setdefault: keys merged in from an anchor never move an explicit key's place.
            self.tree.keys.setdefault(sub, _spot(key_node.start_mark) or Spot(1, 1))
            out[key] = self.build(value_node, sub)
        for extra in merged:  # `<<: *anchor` — explicit keys win, as in YAML 1.1
            for key, value in self._mapping(extra, path).items():
                out.setdefault(key, value)
        return out

    def _ctor_scalar(self, node: yaml.ScalarNode) -> Any:
        ctor = yaml.SafeLoader.yaml_constructors.get(node.tag)
        if ctor is None:
            return node.value
        try:
            return ctor(self._ctor, node)
        except (ValueError, yaml.YAMLError):
            # e.g. `2026-13-01` resolves as a timestamp but is not a date: let the schema
            # report it as the field's type error, with the text as written.
            return node.value

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        if node.tag not in yaml.SafeLoader.yaml_constructors:
            self.issue(
                f"unsupported YAML tag `{node.tag}`",
                path,
                _spot(node.start_mark),
                "remove the tag; phaseone.yaml is plain YAML",
            )
            return node.value
        value = self._ctor_scalar(node)
        if isinstance(value, str) and "${" in value:
            return self._interpolate(value, node, path)
        return value

    def _interpolate(self, value: str, node: yaml.ScalarNode, path: Path_) -> str:
        start = _spot(node.start_mark) or Spot(1, 1)
        quoted = 1 if node.style in ("'", '"') else 0

        def column_of(offset: int) -> int:
            if node.style in (None, "'", '"') and "\n" not in value[:offset]:
                return start.column + quoted + offset
            return start.column

        def expand(m: re.Match[str]) -> str:
            if m.group(1):  # `$${VAR}` is a literal `${VAR}`
                return m.group(0)[1:]
            name, default = m.group(2), m.group(3)
            found = self.env.get(name)
            if found is not None and (found != "" or default is None):
                self.tree.secret_paths.add(path)
                return found
            if default is not None:
                return default
            self.tree.unset_paths.add(path)
            self.issue(
                f"environment variable `{name}` is not set (used as ${{{name}}})",
                path,
                Spot(start.line, column_of(m.start())),
                f"export {name}=… before running phaseone, or give a default: ${{{name}:-value}}",
            )
            return ""

        return _ENV.sub(expand, value)


def _compose(text: str, file: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        spot = _spot(mark)
        problem = (exc.problem or "invalid YAML").replace("'\\t'", "a tab")
        context = f" ({exc.context})" if exc.context else ""
        raise PlanError(
            [
                PlanIssue(
                    f"YAML syntax error: {problem}{context}",
                    file=file,
                    line=spot.line if spot else None,
                    column=spot.column if spot else None,
                    fix=_yaml_fix(problem),
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise PlanError([PlanIssue(f"YAML syntax error: {exc}", file=file)]) from None


def _yaml_fix(problem: str) -> str:
    if "tab" in problem or "'\\t'" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "put a space after each `:`, and quote values that contain `: `"
    if "expected a single document" in problem:
        return "keep one YAML document in the plan (remove the extra `---`)"
    return "check indentation and quoting on this line (values with `: ` or ` #` need quotes)"


# --- checks that need the raw tree ----------------------------------------------------


def _close(word: str, options: list[str]) -> str:
    import difflib

    match = difflib.get_close_matches(word, options, n=1, cutoff=0.5)
    return f"did you mean `{match[0]}`? " if match else ""


def _issue_at(
    message: str, path: Path_, file: str, spot: Spot | None, fix: str | None
) -> PlanIssue:
    """An issue about `path`, located at `spot` in `file` (line and column, 1-based)."""
    return PlanIssue(
        message,
        path=format_path(path),
        file=file,
        line=spot.line if spot else None,
        column=spot.column if spot else None,
        fix=fix,
    )


#: What an `onnx` injection engine's directory must hold (`guard/engine_onnx.py` loads them).
ONNX_MODEL_FILE = "model.onnx"
ONNX_TOKENIZER_FILE = "tokenizer.json"
ONNX_MODEL_FIX = (
    "export the model to ONNX into that directory (`optimum-cli export onnx --model"
    " <model> --task text-classification <dir>`, docs/guardrails.md) so it holds"
    " model.onnx and tokenizer.json; the path is relative to the plan file"
)


def onnx_model_problem(directory: Path) -> str | None:
    """Why `directory` cannot hold an `onnx` injection engine's model (``None``: it can)."""
    if not directory.is_dir():
        return f"{directory} {'is not a directory' if directory.exists() else 'does not exist'}"
    missing = [f for f in (ONNX_MODEL_FILE, ONNX_TOKENIZER_FILE) if not (directory / f).is_file()]
    if missing:
        return f"{directory} has no {' and no '.join(missing)}"
    return None


def _engine_checks(tree: Tree, base_dir: Path, file: str) -> list[PlanIssue]:
    """The `onnx` injection engines' model directories exist and hold a model."""
    data = tree.data if isinstance(tree.data, dict) else {}
    issues: list[PlanIssue] = []
    injection = data.get("controls", {})
    for key in ("guardrails", "injection"):
        injection = injection.get(key, {}) if isinstance(injection, dict) else {}
    engines = injection.get("engines") if isinstance(injection, dict) else None
    for i, engine in enumerate(engines if isinstance(engines, list) else []):
        if not isinstance(engine, dict) or engine.get("kind") != "onnx":
            continue
        raw = engine.get("path")
        where: Path_ = ("controls", "guardrails", "injection", "engines", i, "path")
        if not isinstance(raw, str) or not raw or where in tree.unset_paths:
            continue
        problem = onnx_model_problem(base_dir / raw)
        if problem is not None:
            spot = tree.at(where)
            issues.append(
                _issue_at(f"onnx engine model: {problem}", where, file, spot, ONNX_MODEL_FIX)
            )
    return issues


def _raw_checks(tree: Tree, base_dir: Path, file: str) -> list[PlanIssue]:
    data = tree.data if isinstance(tree.data, dict) else {}
    issues: list[PlanIssue] = []

    def add(message: str, path: Path_, fix: str, prefer_key: bool = False) -> None:
        spot = tree.at(path, prefer_key=prefer_key)
        issues.append(_issue_at(message, path, file, spot, fix))

    models = data.get("models")
    first_model: dict[str, int] = {}
    for i, model in enumerate(models if isinstance(models, list) else []):
        name = model.get("name") if isinstance(model, dict) else None
        if not isinstance(name, str):
            continue
        if name in first_model:
            first = tree.at(("models", first_model[name], "name"))
            add(
                f"model name `{name}` is used twice (first at line"
                f" {first.line if first else '?'}); a public model name must be unique",
                ("models", i, "name"),
                "rename one of the models, or list both upstreams under one model",
            )
        else:
            first_model[name] = i

    suites = data.get("suites")
    suites = suites if isinstance(suites, list) else []
    by_name: dict[str, tuple[int, dict[str, Any]]] = {}
    for i, suite in enumerate(suites):
        if not isinstance(suite, dict):
            continue
        name = suite.get("name")
        if isinstance(name, str):
            if name in by_name:
                first = tree.at(("suites", by_name[name][0], "name"))
                add(
                    f"suite name `{name}` is used twice (first at line"
                    f" {first.line if first else '?'}); suite names must be unique",
                    ("suites", i, "name"),
                    "rename one of the suites",
                )
            else:
                by_name[name] = (i, suite)
        dataset = suite.get("dataset")
        kind = dataset.get("kind") if isinstance(dataset, dict) else None
        # A `kind` that is not a word (a list, a mapping) is the schema's error to report.
        if isinstance(dataset, dict) and isinstance(kind, str) and kind in FILE_DATASET_KINDS:
            raw = dataset.get("path")
            where: Path_ = ("suites", i, "dataset", "path")
            if isinstance(raw, str) and raw and where not in tree.unset_paths:
                full = base_dir / raw
                if not full.is_file():
                    what = "is a directory, not a file" if full.is_dir() else "does not exist"
                    shown = "(from an environment variable)" if where in tree.secret_paths else raw
                    add(
                        f"dataset file `{shown}` {what}"
                        + ("" if where in tree.secret_paths else f" (looked for {full})"),
                        where,
                        f"create it, or fix the path; paths are relative to {base_dir}",
                    )

    metric = data.get("success_metric")
    if isinstance(metric, dict):
        suite_name = metric.get("suite")
        if isinstance(suite_name, str):
            if suite_name not in by_name:
                names = list(by_name)
                add(
                    f"success_metric.suite `{suite_name}` is not a suite of this plan",
                    ("success_metric", "suite"),
                    _close(suite_name, names)
                    + (f"suites: {', '.join(names)}" if names else "add the suite under `suites:`"),
                )
            else:
                scorer = metric.get("scorer")
                labels = _scorer_labels(by_name[suite_name][1])
                if isinstance(scorer, str) and scorer not in labels:
                    add(
                        f"success_metric.scorer `{scorer}` is not a scorer of suite `{suite_name}`",
                        ("success_metric", "scorer"),
                        _close(scorer, labels)
                        + f"scorers of `{suite_name}`: {', '.join(labels) or 'none'}",
                    )
    return issues


def _scorer_labels(suite: dict[str, Any]) -> list[str]:
    labels: list[str] = []
    scorers = suite.get("scorers")
    for sc in scorers if isinstance(scorers, list) else []:
        if isinstance(sc, dict):
            label = sc.get("name") or sc.get("kind")
            if isinstance(label, str):
                labels.append(label)
    return labels


# --- pydantic errors → issues ---------------------------------------------------------


def _validation_issues(exc: ValidationError, tree: Tree, file: str) -> list[PlanIssue]:
    issues: list[PlanIssue] = []
    owner_missing: list[str] = []
    errors = strip_union_tags(exc.errors(include_url=False), tree.data)
    # A misspelt key also makes its intended key "missing": one issue (the typo) is enough.
    typos: set[Path_] = set()
    for err in errors:
        path = err["path"]
        if err["type"] == "extra_forbidden" and path and isinstance(path[-1], str):
            meant = close_match(path[-1], model_fields_at(Plan, path[:-1], tree.data))
            if meant:
                typos.add((*path[:-1], meant))
    for err in errors:
        path = err["path"]
        if err["type"] in _RECHECKED or path in tree.unset_paths:
            continue  # reported better by the raw checks / the ${VAR} issue
        if err["type"] == "missing" and path in typos:
            continue
        if err["type"] == "missing" and len(path) == 2 and path[0] == "owner":
            owner_missing.append(str(path[1]))
            if len(owner_missing) > 1:
                continue
        prefer_key = err["type"] in ("extra_forbidden", "missing", "union_tag_not_found")
        located: Path_ = path
        if err["type"] == "missing":
            located = path[:-1]  # the mapping that lacks the key
        elif err["type"] == "union_tag_invalid":
            located = (*path, "kind")  # the wrong kind itself
        spot = tree.at(located, prefer_key=prefer_key)
        secret = any(path[: len(p)] == p for p in tree.secret_paths)
        message, fix = explain_error(
            err,
            path,
            fields=model_fields_at(Plan, path[:-1], tree.data),
            kinds=kinds_at(Plan, path, tree.data),
            info=field_at(Plan, path, tree.data),
            show_input=not secret,
        )
        issues.append(_issue_at(message, path, file, spot, fix))
    if len(owner_missing) > 1:
        for i, issue in enumerate(issues):
            if issue.path == f"owner.{owner_missing[0]}":
                names = ", ".join(f"`{n}`" for n in owner_missing)
                issues[i] = replace(issue, path="owner", message=f"the owner has no {names}")
    return issues


@contextmanager
def _no_pydantic_plugins() -> Iterator[None]:
    """Build the plan's validators without looking for pydantic plugins.

    The plan's models build their validators on first use (`Strict`'s `defer_build`):
    the first plan validated builds `Plan`'s and those of the defaults it fills in. For
    each, pydantic looks for plugins, which the first time scans the entry points of
    every installed distribution (~0.01 s of `phaseone plan` on the 2-core VM, more in a
    large environment), to find none: a plugin observes validation of user data, and the
    plan is phaseone's own configuration. Typer builds its parameters' validators the
    same way (`PYDANTIC_DISABLE_PLUGINS`, set while they are built). A value the user
    set is kept, and restored after.
    """
    previous = os.environ.get("PYDANTIC_DISABLE_PLUGINS")
    if previous is not None:
        yield
        return
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    try:
        yield
    finally:
        del os.environ["PYDANTIC_DISABLE_PLUGINS"]


# --- entry points ---------------------------------------------------------------------


def parse_plan(
    text: str,
    *,
    file: str = DEFAULT_PLAN,
    base_dir: str | os.PathLike[str] = ".",
    env: dict[str, str] | None = None,
) -> Plan:
    """Validate plan text; raise `PlanError` with every located issue.

    Args:
        text: the YAML as written.
        file: the name shown in error locations.
        base_dir: where relative dataset paths are looked for.
        env: variables for `${VAR}`; defaults to `os.environ`.
    """
    node = _compose(text, file)
    if node is None:
        raise PlanError(
            [
                PlanIssue(
                    "the plan is empty",
                    file=file,
                    line=1,
                    column=1,
                    fix="run `phaseone init` to write a starter plan",
                )
            ]
        )
    builder = _Builder(file, dict(os.environ) if env is None else env)
    builder.tree.data = builder.build(node)
    tree = builder.tree
    if not isinstance(tree.data, dict):
        raise PlanError(
            [
                PlanIssue(
                    "the plan must be a YAML mapping (`project:`, `owner:`, `target:` …)",
                    file=file,
                    line=1,
                    column=1,
                    fix="run `phaseone init` to see a starter plan",
                )
            ]
        )
    issues = list(tree.issues)
    plan: Plan | None = None
    try:
        with _no_pydantic_plugins():
            plan = Plan.model_validate(tree.data)
    except ValidationError as exc:
        issues.extend(_validation_issues(exc, tree, file))
    issues.extend(_raw_checks(tree, Path(base_dir), file))
    issues.extend(_engine_checks(tree, Path(base_dir), file))
    if issues or plan is None:
        issues.sort(key=lambda i: (i.line or 0, i.column or 0))
        raise PlanError(issues or [PlanIssue("invalid plan", file=file)])
    return plan


def load_plan(path: str | os.PathLike[str] = DEFAULT_PLAN) -> LoadedPlan:
    """Read, interpolate and validate a plan file.

    Args:
        path: the plan file; relative paths inside it resolve against its directory.

    Raises:
        PlanError: with every problem found, each located at file:line:column.
    """
    p = Path(path).expanduser()
    shown = str(path)
    if p.is_dir():
        p = p / DEFAULT_PLAN
        shown = str(p)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise PlanError(
            [
                PlanIssue(
                    f"plan file not found: {p.resolve()}",
                    file=shown,
                    fix="run `phaseone init` to write a starter plan, or pass --plan FILE",
                )
            ]
        ) from None
    except OSError as exc:
        raise PlanError([PlanIssue(f"cannot read the plan: {exc.strerror}", file=shown)]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanError(
            [PlanIssue(f"the plan is not UTF-8 ({exc.reason})", file=shown, fix="save it as UTF-8")]
        ) from None
    base_dir = p.resolve().parent
    plan = parse_plan(text, file=shown, base_dir=base_dir)
    return LoadedPlan(plan, p.resolve(), base_dir, text, _sha256(text))
