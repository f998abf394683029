"""The helper module an import writes next to the plan (`promptfoo_shim.py`).

It is user code from then on (the plan names it by import path, like any `python`
target or scorer): the text below is written as it is, so it imports nothing from
phaseone and works with the plan's directory on `sys.path`.
"""

from __future__ import annotations

SHIM_SOURCE = '''"""Written by `phaseone import promptfoo`: promptfoo behaviour the plan's
scorers and python target reach by import path. Edit freely; re-importing overwrites it."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import jinja2

_HERE = Path(__file__).resolve().parent
_JSON_LIKE = re.compile(r"(\\{[\\s\\S]*\\}|\\[[\\s\\S]*\\])")
_FUNCTIONS: dict[tuple[str, str], Any] = {}


def _function(file: str, name: str) -> Any:
    key = (file, name)
    if key not in _FUNCTIONS:
        path = (_HERE / file).resolve()
        spec = importlib.util.spec_from_file_location(path.stem, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load the promptfoo provider {path}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _FUNCTIONS[key] = getattr(module, name)
    return _FUNCTIONS[key]


def call_provider(input: Any, *, file: str, function: str, prompt: str, config: dict) -> Any:
    """promptfoo's python provider contract: call_api(prompt, options, context)."""
    vars = input if isinstance(input, dict) else {"input": input}
    text = jinja2.Environment(autoescape=False).from_string(prompt).render(input=vars)
    result = _function(file, function)(text, {"config": config}, {"vars": vars})
    if isinstance(result, dict):
        if result.get("error"):
            raise RuntimeError(str(result["error"]))
        return result.get("output")
    return result


def _has_json(output: Any) -> bool:
    if not isinstance(output, str):
        return output is not None
    match = _JSON_LIKE.search(output)
    if match is None:
        return False
    try:
        json.loads(match.group(0))
    except ValueError:
        return False
    return True


def contains_json(output: Any, case: Any) -> bool:
    """promptfoo's contains-json: the output holds a JSON object or array."""
    return _has_json(output)


def not_contains_json(output: Any, case: Any) -> bool:
    return not _has_json(output)


def not_is_json(output: Any, case: Any) -> bool:
    """promptfoo's not-is-json: the output as a whole does not parse as JSON."""
    if not isinstance(output, str):
        return False
    try:
        json.loads(output)
    except ValueError:
        return True
    return False
'''
