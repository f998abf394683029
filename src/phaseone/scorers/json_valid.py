"""The output is valid JSON, and (with ``schema``) valid against a JSON Schema."""

from __future__ import annotations

from typing import Any

from phaseone.datasets.base import Case
from phaseone.errors import ScorerError
from phaseone.plan.components import JsonScorer
from phaseone.scorers._common import BaseScorer, passed, quote
from phaseone.scorers._jsonout import NotJson, parse_output
from phaseone.scorers.base import SCORERS, Score
from phaseone.scorers.context import ScorerContext
from phaseone.targets.base import TargetResponse


@SCORERS.register("json")
class Json(BaseScorer):
    """Valid JSON; with ``schema``, every constraint of the schema holds.

    The schema is checked against its own meta-schema and compiled once at build
    time (the draft is taken from ``$schema``, default the newest), so a broken
    schema is a configuration error, not a failure of every case.
    """

    kind = "json"

    def __init__(self, config: JsonScorer, ctx: ScorerContext) -> None:
        super().__init__(config, ctx)
        self.validator: Any = None
        if config.json_schema is not None:
            # Imported here: jsonschema costs every command that loads the scorers ~40 ms,
            # and only a `json` scorer with a schema uses it.
            import jsonschema
            from jsonschema.exceptions import SchemaError

            cls = jsonschema.validators.validator_for(config.json_schema)
            try:
                cls.check_schema(config.json_schema)
            except SchemaError as exc:
                path = "/".join(str(p) for p in exc.path) or "(root)"
                raise ScorerError(
                    f"scorer {self.name!r}: the JSON schema is invalid at {path}: {exc.message}",
                    fix="fix the `schema` of this scorer (see https://json-schema.org)",
                ) from exc
            self.validator = cls(config.json_schema, format_checker=cls.FORMAT_CHECKER)

    def check(self, case: Case, response: TargetResponse) -> Score:
        try:
            doc = parse_output(response.output)
        except NotJson as exc:
            return passed(False, f"{exc}: {quote(response.output)}")
        if self.validator is None:
            return passed(True, "valid JSON")
        errors = list(self.validator.iter_errors(doc))
        if not errors:
            return passed(True, "valid JSON, matches the schema")
        from jsonschema.exceptions import best_match

        err = best_match(errors)
        path = "/".join(str(p) for p in err.absolute_path) or "(root)"
        return passed(
            False,
            f"does not match the schema at {path}: {err.message}"
            + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""),
            errors=len(errors),
            path=path,
        )
