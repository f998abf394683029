"""Output guardrail: the target's answer must satisfy the plan's JSON Schema.

The validator is compiled once. A string answer is parsed as JSON first when the
schema expects structure (models often answer JSON as text). An answer that fails it
is replaced by the fallback's, or refused (422 ``output_invalid``) without a fallback.
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator

from phaseone.datasets.base import Case
from phaseone.guard.refusals import Blocked
from phaseone.guard.routing import Answered, Route, Routes
from phaseone.store.trace_row import TraceRow


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


async def replace_invalid(
    errors: list[str],
    used: Route,
    routes: Routes,
    target_input: Any,
    case: Case | None,
    trace: TraceRow,
) -> Answered:
    """The fallback's answer in place of `used`'s, which failed the schema with `errors`;
    a 422 when there is no fallback or the fallback gave it."""
    if routes.fallback is None or used is routes.fallback:
        raise Blocked(f"the output does not match the schema: {errors[0]}", code="output_invalid")
    trace.error_kind = "output_invalid"
    resp, fallback, _ = await routes.answer(routes.fallback, target_input, case)
    return Answered(resp, fallback, "output_invalid")
