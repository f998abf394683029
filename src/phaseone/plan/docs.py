"""`docs/plan.md`, generated from the plan's pydantic models so it can never drift.

The schema is the single source: a field's type, default, description and examples
are written next to the field in `schema.py`/`components.py`, and this module renders
them as one Markdown reference. A test compares the committed file with this output.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from phaseone.plan.components import DatasetConfig, ScorerConfig, TargetConfig
from phaseone.plan.schema import Plan

__all__ = ["render_plan_docs"]

_UNIONS: dict[str, tuple[Any, str]] = {
    # family name → (union, anchor of its section)
    "target": (TargetConfig, "targets"),
    "dataset source": (DatasetConfig, "dataset-sources"),
    "scorer": (ScorerConfig, "scorers"),
}
_SCALARS = {
    str: "text",
    int: "integer",
    float: "number",
    bool: "boolean",
    dt.date: "date (YYYY-MM-DD)",
    object: "any",
}

_INTRO = """\
# `phaseone.yaml` reference

<!-- Generated from src/phaseone/plan/schema.py by `phaseone docs --out docs/plan.md`.
     Do not edit by hand: change the field's description in the schema instead. -->

One file describes one AI system and its production plan. Every key is listed below
with its type, whether it is required, its default and what it means. Unknown keys are
errors (a typo never passes silently), and `phaseone plan` names the file, line, column
and field of every problem at once.

- Write secrets as `${ENV_VAR}` (or `${ENV_VAR:-default}`; `$${` is a literal `${`).
  Values are read when the plan is loaded and are never written to the store or to
  any report: the store keeps the plan's raw text.
- Relative paths resolve against the directory of the plan file.
- Rates (thresholds of `pass_rate`, `accuracy`, `precision` …) are fractions: `0.9` is 90%.
- `phaseone schema` prints the same schema as JSON Schema for editors.

Components (targets, dataset sources, scorers) are chosen with `kind:`; each kind has its
own keys, listed in [Targets](#targets), [Dataset sources](#dataset-sources) and
[Scorers](#scorers).

## The metric lock

The success metric is pre-registered. The first eval run of the metric's suite (or
`phaseone lock`) stores a time-stamped sha256 of the metric's `name`, `suite`, `scorer`,
`aggregate`, `label`, `threshold`, `direction`, `confidence`, `min_cases`, the baseline
`margin`, the suite's dataset identity (its configuration — file, or query and database —
plus, for files, the content hash; a live table may grow under the same query) and every
bar of the `gate:` block (evidence age, error and latency limits, the guardrails' held-out
recall and false-positive bars): a GO is the metric *and* the bars it was measured against.
Locks are never edited. When the plan's metric later differs from the lock, `phaseone
plan`, the gate and every report show "metric changed after evidence existed" (or "…before
any evidence" when no run exists yet) with the old and new values; the gate also holds
the lock to the data of the metric suite's latest run, and `phaseone eval` warns (and
records with the run) when that data differs from the lock. `phaseone lock --reason "…"
--by NAME` records an intentional re-lock; the whole history is kept, and every decision
after it names every re-lock, who made it, why, and what it changed (`threshold: 0.9 →
0.85`, `dataset: query '…' → '…'`). The gate's bars are also bounded
by the schema (see `gate` below): evidence at most 90 days old, error rates at most 0.5,
p95 latency at most 5 minutes, guardrail recall at least 0.5 and false positives at most
0.25. Outside those a bar is no bar, so the plan is refused.

## Stall-risk diagnosis

`phaseone plan` reads four risks off the plan, each present (✗) or absent (✓) with why:

1. **no production owner from the line organisation** — an owner field is empty or a
   placeholder, or the team/role reads as an innovation lab, vendor, PoC/pilot team,
   data-science lab, centre of excellence or hackathon;
2. **the 20% not scoped** — no `controls:`, or phase two is missing or not costed (no
   items, no `expected_monthly_requests`, or no `run_cost_ceiling_monthly`);
3. **no success metric** — no `success_metric:`;
4. **integration faked** — every suite reads a file export (jsonl/csv/yaml), or the target
   is a Python callable rather than the deployed system (http/openai).
"""


def _flatten(tp: Any) -> list[Any]:
    if get_origin(tp) is typing.Annotated:
        return _flatten(get_args(tp)[0])
    if get_origin(tp) in (Union, types.UnionType):
        out: list[Any] = []
        for a in get_args(tp):
            out.extend(_flatten(a))
        return out
    return [tp]


def _is_model(tp: Any) -> bool:
    return inspect.isclass(tp) and issubclass(tp, BaseModel)


def _anchor(name: str) -> str:
    return name.lower().replace(" ", "-")


def _kind_of(model: type[BaseModel]) -> list[str]:
    f = model.model_fields.get("kind")
    return [str(a) for a in get_args(f.annotation)] if f else []


@dataclass
class _Doc:
    """Models in reading order, with the YAML paths where each appears."""

    order: list[type[BaseModel]] = field(default_factory=list)
    paths: dict[type[BaseModel], list[str]] = field(default_factory=dict)

    def visit(self, model: type[BaseModel], path: str) -> None:
        seen = model in self.paths
        self.paths.setdefault(model, [])
        if path not in self.paths[model]:
            self.paths[model].append(path)
        if seen:
            return
        self.order.append(model)
        for key, info in model.model_fields.items():
            name = info.alias or key
            self._visit_type(info.annotation, f"{path}.{name}" if path else name)

    def _visit_type(self, tp: Any, path: str) -> None:
        for member in _flatten(tp):
            origin = get_origin(member)
            if origin is list:
                self._visit_type(get_args(member)[0], f"{path}[]")
            elif origin is dict:
                self._visit_type(get_args(member)[1], f"{path}.<key>")
            elif _is_model(member):
                self.visit(member, path)


def _family(members: list[Any]) -> tuple[str, list[Any]] | None:
    for name, (union, _anchor_name) in _UNIONS.items():
        fam = _flatten(union)
        if all(m in members for m in fam):
            return name, [m for m in members if m not in fam]
    return None


def _type(tp: Any) -> str:
    members = [m for m in _flatten(tp) if m is not type(None)]
    nullable = len(members) < len(_flatten(tp))
    parts: list[str] = []
    fam = _family(members)
    if fam is not None:
        name, members = fam
        kinds = ", ".join(f"`{k}`" for m in _flatten(_UNIONS[name][0]) for k in _kind_of(m))
        parts.append(f"[{name}](#{_UNIONS[name][1]}) (kind: {kinds})")
    for m in members:
        parts.append(_one(m))
    text = " or ".join(parts) or "any"
    return f"{text} or null" if nullable else text


def _one(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is Literal:
        return " | ".join(f"`{a}`" for a in get_args(tp))
    if origin is list:
        return f"list of {_type(get_args(tp)[0])}"
    if origin is dict:
        return f"mapping of {_type(get_args(tp)[0])} to {_type(get_args(tp)[1])}"
    if _is_model(tp):
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    if tp is Any:
        return "any"
    return _SCALARS.get(tp, getattr(tp, "__name__", str(tp)))


def _value(value: Any) -> str:
    if isinstance(value, BaseModel):
        return f"defaults of {type(value).__name__}"
    if isinstance(value, str):
        return f"`{json.dumps(value)}`"
    return f"`{json.dumps(value, default=str, ensure_ascii=False)}`"


def _default(info: FieldInfo) -> tuple[bool, str]:
    if info.default_factory is not None:
        factory: Any = info.default_factory
        return False, _value(factory())
    if info.default is PydanticUndefined:
        return True, ""
    return False, _value(info.default)


_BOUNDS = (("ge", "≥"), ("gt", ">"), ("le", "≤"), ("lt", "<"))


def _constraints(info: FieldInfo) -> str:
    """`, ≥ 0, ≤ 1` from the field's annotated-types metadata."""
    parts: list[str] = []
    for meta in info.metadata:
        for attr, symbol in _BOUNDS:
            bound = getattr(meta, attr, None)
            if bound is not None:
                parts.append(
                    f"{symbol} {bound:g}" if isinstance(bound, float) else f"{symbol} {bound}"
                )
        min_length = getattr(meta, "min_length", None)
        if min_length:
            parts.append(f"length ≥ {min_length}")
        max_length = getattr(meta, "max_length", None)
        if max_length:
            parts.append(f"length ≤ {max_length}")
        pattern = getattr(meta, "pattern", None)
        if pattern:
            parts.append(f"matches `{pattern}`")
    return (", " + ", ".join(parts)) if parts else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _summary(model: type[BaseModel]) -> str:
    doc = inspect.getdoc(model) or ""
    if model.__doc__ is None or doc.startswith(("Base for every plan model", "!!!")):
        return ""
    return " ".join(doc.split("\n\n")[0].split())


def _description(name: str, info: FieldInfo) -> str:
    if info.description:
        return info.description
    if name == "kind":
        kinds = " or ".join(f"`{a}`" for a in get_args(info.annotation))
        return f"Selects this kind: {kinds}."
    models = [m for m in _flatten(info.annotation) if _is_model(m)]
    if len(models) == 1:
        return _summary(models[0])
    return ""


def _table(model: type[BaseModel], prefix: str) -> list[str]:
    rows = [
        "| key | type | required | default | description | examples |",
        "|---|---|---|---|---|---|",
    ]
    for key, info in model.model_fields.items():
        name = info.alias or key
        required, default = _default(info)
        if name == "kind":  # the discriminator: the plan must always say which kind
            required, default = True, ""
        examples = ", ".join(_value(e) for e in info.examples or [])
        path = f"{prefix}.{name}" if prefix else name
        rows.append(
            "| "
            + " | ".join(
                _cell(c)
                for c in (
                    f"`{path}`",
                    _type(info.annotation) + _constraints(info),
                    "yes" if required else "no",
                    default,
                    _description(name, info),
                    examples,
                )
            )
            + " |"
        )
    return rows


def _section(model: type[BaseModel], paths: list[str], level: str) -> list[str]:
    kinds = _kind_of(model)
    title = model.__name__
    if kinds:
        title += " — kind " + " / ".join(f"`{k}`" for k in kinds)
    out = [f"{level} {title}", ""]
    summary = _summary(model)
    if summary:
        out += [summary, ""]
    shown = [p or "(top level)" for p in paths]
    out += ["Used at: " + ", ".join(f"`{p}`" for p in shown), ""]
    out += _table(model, min(paths, key=len) if paths else "")
    out.append("")
    return out


def render_plan_docs() -> str:
    """The full Markdown reference of `phaseone.yaml`."""
    doc = _Doc()
    doc.visit(Plan, "")
    component_models: dict[str, list[type[BaseModel]]] = {
        name: [m for m in _flatten(union) if _is_model(m)] for name, (union, _) in _UNIONS.items()
    }
    in_components = {m for ms in component_models.values() for m in ms}
    # Models only reached through a component (e.g. Price, Mapping) go with the components.
    only_component = _reachable_only_from(doc, in_components)
    lines = [_INTRO, "## The plan, section by section", ""]
    for model in doc.order:
        if model in in_components or model in only_component:
            continue
        lines += _section(model, doc.paths[model], "###")
    titles = {"target": "Targets", "dataset source": "Dataset sources", "scorer": "Scorers"}
    for name, models in component_models.items():
        lines += [f"## {titles[name]}", ""]
        kinds = ", ".join(f"`{k}`" for m in models for k in _kind_of(m))
        lines += [f"Every {name} has `kind:`, one of {kinds}.", ""]
        for model in models:
            lines += _section(model, doc.paths[model], "###")
    helpers = [m for m in doc.order if m in only_component]
    if helpers:
        lines += ["## Shared parts of components", ""]
        for model in helpers:
            lines += _section(model, doc.paths[model], "###")
    return "\n".join(lines).rstrip() + "\n"


def _reachable_only_from(doc: _Doc, roots: set[type[BaseModel]]) -> set[type[BaseModel]]:
    """Models whose every path goes through a component (a target, source or scorer)."""
    component_paths = {p for m in roots for p in doc.paths[m]}
    out: set[type[BaseModel]] = set()
    for model, paths in doc.paths.items():
        if model in roots:
            continue
        if paths and all(any(p.startswith(c + ".") for c in component_paths) for p in paths):
            out.add(model)
    return out
