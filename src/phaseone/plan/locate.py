"""Turning pydantic's error locations into the plan's own words.

Pydantic reports where a value failed *in the model*: discriminated unions add the tag
(`target.http.url`), plain unions add the member name (`fallback.StaticFallback.static`).
The user wrote YAML, so paths are rewritten to the YAML's shape, the schema is walked to
find what was valid at that place (for "did you mean"), and each error type gets a
message and a fix a person can act on.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Sequence
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

Segment = str | int

OWNER_FIX = (
    "a production owner from the line organisation is required: the person who will run"
    " the live system (not the pilot team or a vendor). Add:\n"
    "      owner:\n"
    "        name: Dana Okafor\n"
    "        role: Head of Customer Support Operations\n"
    "        team: Customer Support\n"
    "        contact: dana.okafor@example.com"
)
_MONEY_WORDS = ("one_off", "monthly", "budget", "daily", "per_", "cost", "ceiling", "price")
_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (`- item` lines)",
    "dict_type": "a mapping (`key: value` lines)",
    "model_type": "a mapping (`key: value` lines)",
    "model_attributes_type": "a mapping (`key: value` lines)",
    "date_type": "a date like 2026-03-31",
    "date_parsing": "a date like 2026-03-31",
    "date_from_datetime_parsing": "a date like 2026-03-31",
    "date_from_datetime_inexact": "a date like 2026-03-31",
}


def _child(value: Any, seg: str | int) -> Any:
    """`value[seg]` in the plan's data as written (None where the path does not exist)."""
    if isinstance(value, dict):
        return value.get(seg)
    if isinstance(value, list) and isinstance(seg, int) and seg < len(value):
        return value[seg]
    return None


def format_path(path: Sequence[Segment]) -> str:
    """`("suites", 1, "dataset", "path")` → `suites[1].dataset.path`."""
    out = ""
    for seg in path:
        if isinstance(seg, int):
            out += f"[{seg}]"
        else:
            out += f".{seg}" if out else str(seg)
    return out


def close_match(word: str, options: Iterable[str]) -> str | None:
    found = difflib.get_close_matches(word, list(options), n=1, cutoff=0.5)
    return found[0] if found else None


# --- walking the schema ---------------------------------------------------------------


def _is_union(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def _flatten(tp: Any) -> list[Any]:
    """Concrete members of a (possibly nested, possibly Annotated) union, without None."""
    if get_origin(tp) is typing.Annotated:
        return _flatten(get_args(tp)[0])
    if _is_union(tp):
        out: list[Any] = []
        for member in get_args(tp):
            out.extend(_flatten(member))
        return out
    return [] if tp is type(None) else [tp]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _kinds_of(model: type[BaseModel]) -> list[str]:
    f = model.model_fields.get("kind")
    if f is None:
        return []
    return [str(a) for a in get_args(f.annotation)]


def _pick(tp: Any, data: Any) -> Any:
    """The one concrete type a value is validated as, choosing union members by `kind`."""
    members = _flatten(tp)
    if len(members) <= 1:
        return members[0] if members else None
    models = [m for m in members if _is_model(m)]
    if isinstance(data, dict):
        kind = data.get("kind")
        for m in models:
            if kind is not None and str(kind) in _kinds_of(m):
                return m
        if kind is None:
            keys = set(data)
            for m in models:
                if not _kinds_of(m) and keys <= set(_field_names(m)):
                    return m
    return models[0] if models else members[0]


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _field(model: type[BaseModel], key: str) -> FieldInfo | None:
    for name, f in model.model_fields.items():
        if key in (name, f.alias):
            return f
    return None


def _walk(root: Any, path: Sequence[Segment], data: Any) -> tuple[Any, FieldInfo | None]:
    """The declared type at `path` (unions unresolved) and its FieldInfo, if a field."""
    tp: Any = root
    info: FieldInfo | None = None
    cur = data
    for seg in path:
        concrete = _pick(tp, cur)
        origin = get_origin(concrete)
        if _is_model(concrete) and isinstance(seg, str):
            info = _field(concrete, seg)
            if info is None:
                return None, None
            tp = info.annotation
        elif origin is list and isinstance(seg, int):
            tp, info = get_args(concrete)[0], None
        elif origin is dict and isinstance(seg, str):
            tp, info = get_args(concrete)[1], None
        else:
            return None, None
        cur = _child(cur, seg)
    return tp, info


def _data_at(data: Any, path: Sequence[Segment]) -> Any:
    cur = data
    for seg in path:
        if isinstance(cur, dict):
            cur = cur.get(seg)
        elif isinstance(cur, list) and isinstance(seg, int) and seg < len(cur):
            cur = cur[seg]
        else:
            return None
    return cur


def model_fields_at(root: Any, path: Sequence[Segment], data: Any) -> list[str]:
    """Keys that are valid in the mapping at `path` (empty when it is not a model)."""
    tp, _ = _walk(root, path, data)
    concrete = _pick(tp, _data_at(data, path)) if tp is not None else None
    if concrete is None or not _is_model(concrete):
        return []
    return _field_names(concrete)


def kinds_at(root: Any, path: Sequence[Segment], data: Any) -> list[str]:
    """The `kind` values allowed at `path`, when it is a discriminated union."""
    tp, _ = _walk(root, path, data)
    kinds: list[str] = []
    for m in _flatten(tp) if tp is not None else []:
        if _is_model(m):
            kinds.extend(_kinds_of(m))
    return kinds


def field_at(root: Any, path: Sequence[Segment], data: Any) -> FieldInfo | None:
    return _walk(root, path, data)[1]


def _model_names(root: type[BaseModel]) -> set[str]:
    seen: set[str] = set()

    def visit(tp: Any) -> None:
        for m in _flatten(tp):
            origin = get_origin(m)
            if origin in (list, dict):
                for a in get_args(m):
                    visit(a)
            elif _is_model(m) and m.__name__ not in seen:
                seen.add(m.__name__)
                for f in m.model_fields.values():
                    visit(f.annotation)

    visit(root)
    return seen


# --- pydantic loc → YAML path ---------------------------------------------------------


def strip_union_tags(errors: Sequence[Any], data: Any) -> list[dict[str, Any]]:
    """Rewrite each error's `loc` as the YAML path (`path`), dropping union tags.

    Where a plain union was tried member by member, only the errors of the member that
    came closest (fewest errors) are kept: the user meant one of them.
    """
    from phaseone.plan.schema import Plan

    names = _model_names(Plan)
    plain: list[dict[str, Any]] = []
    groups: dict[tuple[Segment, ...], dict[str, list[dict[str, Any]]]] = {}
    for err in errors:
        path: list[Segment] = []
        cur = data
        member: tuple[tuple[Segment, ...], str] | None = None
        loc = err["loc"]
        for seg in loc:
            if isinstance(seg, str) and not (isinstance(cur, dict) and seg in cur):
                if isinstance(cur, dict) and str(cur.get("kind")) == seg:
                    continue  # discriminated union tag
                if seg in names or "[" in seg:
                    if member is None:
                        member = (tuple(path), seg)
                    continue  # plain union member
            path.append(seg)
            cur = _child(cur, seg)
        out = {**err, "path": tuple(path)}
        if member is None:
            plain.append(out)
        else:
            groups.setdefault(member[0], {}).setdefault(member[1], []).append(out)
    for by_member in groups.values():
        plain.extend(sorted(by_member.values(), key=len)[0])
    return plain


# --- messages -------------------------------------------------------------------------


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _example(info: FieldInfo | None) -> str | None:
    if info is None:
        return None
    if info.examples:
        return str(info.examples[0])
    return None


def explain_error(
    err: dict[str, Any],
    path: Sequence[Segment],
    *,
    fields: list[str],
    kinds: list[str],
    info: FieldInfo | None = None,
    show_input: bool = True,
) -> tuple[str, str | None]:
    """A message and a fix for one pydantic error at the YAML `path`."""
    kind = err["type"]
    name = str(path[-1]) if path and isinstance(path[-1], str) else format_path(path) or "plan"
    ctx = err.get("ctx") or {}
    given = err.get("input")
    got = f", got {_show(given)}" if show_input else " (value from an environment variable)"
    msg = str(err.get("msg", "invalid value"))

    if kind == "missing":
        if tuple(path) == ("owner",):
            return "the plan has no `owner`", OWNER_FIX
        if path and path[0] == "owner":
            return f"the owner has no `{name}`", OWNER_FIX
        example = _example(info)
        return f"`{name}` is required", f"add `{name}: {example or '…'}`" + (
            f" ({info.description})" if info is not None and info.description else ""
        )
    if kind == "extra_forbidden":
        hint = close_match(name, fields)
        lead = f"did you mean `{hint}`? " if hint else ""
        valid = ", ".join(fields) if fields else "none"
        return f"unknown key `{name}`", f"{lead}valid keys here: {valid}"
    if kind == "union_tag_not_found":
        return (
            "`kind` is missing, so phaseone cannot tell what this is",
            f"add `kind:` with one of: {', '.join(kinds)}",
        )
    if kind == "union_tag_invalid":
        tag = str(ctx.get("tag", given))
        hint = close_match(tag, kinds)
        lead = f"did you mean `{hint}`? " if hint else ""
        return f"unknown kind `{tag}`", f"{lead}valid kinds: {', '.join(kinds)}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
        hint = close_match(str(given), [o for o in options if o])
        lead = f"did you mean `{hint}`? " if hint else ""
        return f"`{name}` must be {expected}{got}", f"{lead}use one of: {expected}"
    if kind == "rate_threshold_range":
        return (
            f"threshold {ctx.get('threshold')} is outside [0, 1], but `{ctx.get('aggregate')}`"
            " is a rate",
            "write the rate as a fraction between 0 and 1, e.g. 0.9 for 90%",
        )
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        op = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤"}.get(kind, "<")
        bound = next(iter(ctx.values()), "")
        money = any(w in name for w in _MONEY_WORDS) or "items" in path
        if money and kind == "greater_than_equal" and bound == 0:
            return (
                f"`{name}` is negative{got}",
                "costs and budgets cannot be negative; write 0 or a positive amount",
            )
        return f"`{name}` must be {op} {bound}{got}", f"use a value {op} {bound}"
    if kind in _TYPE_WORDS:
        example = _example(info)
        fix = f"write {_TYPE_WORDS[kind]}" + (f", e.g. `{name}: {example}`" if example else "")
        return f"`{name}` must be {_TYPE_WORDS[kind]}{got}", fix
    if kind == "string_too_short":
        return f"`{name}` must not be empty", f"write a value for `{name}`"
    if kind == "string_too_long":
        return f"`{name}` is too long{got}", msg
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if ":" in pattern:
            return f"`{name}` must be `module:function`{got}", "e.g. `my_pilot.app:answer`"
        return f"`{name}` has characters that are not allowed{got}", (
            "use only letters, digits, `_`, `.` and `-`"
        )
    if kind in ("value_error", "assertion_error"):
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, "), None
    return f"{msg}{got}" if kind.endswith(("_type", "_parsing")) else msg, None
