"""Output guardrail: the target's answer must satisfy the plan's JSON Schema.

The validator is compiled once. A string answer is parsed as JSON first when the
schema expects structure (models often answer JSON as text).
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator


class OutputValidator:
    def __init__(self, schema: dict[str, Any]) -> None:
        Draft202012Validator.check_schema(schema)
        self._validator = Draft202012Validator(schema)
        self._wants_structure = schema.get("type") in ("object", "array")

    def errors(self, output: Any) -> list[str]:
        value = output
        if isinstance(output, str) and self._wants_structure:
            try:
                value = json.loads(output)
            except ValueError:
                return ["output is not JSON"]
        return [
            f"{'/'.join(str(p) for p in e.absolute_path) or '<root>'}: {e.message}"
            for e in self._validator.iter_errors(value)
        ][:5]
