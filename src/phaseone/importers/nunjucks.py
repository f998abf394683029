"""promptfoo's Nunjucks templates as the plan's Jinja2 templates.

promptfoo renders `{{ topic }}` over a test's vars; a phaseone case carries those vars
as its input (a mapping), so the same template reads `{{ input.topic }}`. `{{ env.X }}`
is promptfoo's environment lookup; the plan writes it `${X}`, read when the plan loads.
Nunjucks and Jinja2 share the expression syntax and the common filters, so only the
names change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_BLOCK = re.compile(r"(\{\{|\{%)(.*?)(\}\}|%\})", re.DOTALL)
_ENV_ONLY = re.compile(r"\{\{\s*env\.([A-Za-z_]\w*)\s*\}\}")
_STRING = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")
_PROMPT = re.compile(r"\{\{\s*prompt\s*\}\}")


def env_to_plan(text: str) -> str:
    """`{{ env.X }}` → `${X}` (the plan's environment syntax)."""
    return _ENV_ONLY.sub(lambda m: "${" + m.group(1) + "}", text)


def _rename(expr: str, names: frozenset[str]) -> str:
    """Prefix var names with `input.` outside string literals and attribute access."""
    if not names:
        return expr
    word = re.compile(r"(?<![.\w])(" + "|".join(map(re.escape, sorted(names))) + r")\b")
    parts = _STRING.split(expr)
    return "".join(p if i % 2 else word.sub(r"input.\1", p) for i, p in enumerate(parts))


def to_jinja(text: str, var_names: Iterable[str]) -> str:
    """A promptfoo template over vars as a plan template over the case input."""
    names = frozenset(var_names)
    text = env_to_plan(text.replace("${", "$${"))
    return _BLOCK.sub(lambda m: m.group(1) + _rename(m.group(2), names) + m.group(3), text)


def fill_prompt(value: Any, prompt: str, var_names: Iterable[str] = ()) -> Any:
    """An HTTP body as plan templates: its vars renamed, `{{prompt}}` replaced by the
    (already converted) prompt template."""
    if isinstance(value, str):
        return _PROMPT.sub(lambda _m: prompt, to_jinja(value, var_names))
    if isinstance(value, dict):
        return {k: fill_prompt(v, prompt, var_names) for k, v in value.items()}
    if isinstance(value, list):
        return [fill_prompt(v, prompt, var_names) for v in value]
    return value


def has_prompt(value: Any) -> bool:
    """Does an HTTP body use `{{prompt}}` anywhere?"""
    if isinstance(value, str):
        return bool(_PROMPT.search(value))
    if isinstance(value, dict):
        return any(has_prompt(v) for v in value.values())
    if isinstance(value, list):
        return any(has_prompt(v) for v in value)
    return False
