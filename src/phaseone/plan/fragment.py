"""One suite written outside the plan file, validated and explained as the plan would be.

A suite can be written where the tests live (the pytest plugin's marker,
``pytest.mark.phaseone(dataset=..., scorers=[...])``). It is the plan's `Suite`, so it is
checked by the same schema and a mistake reads the same: each issue located (the file
and line that wrote it, the field as a path such as ``scorers[0].kind``) with its fix,
all of them at once, never a pydantic traceback.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from phaseone.errors import PlanError, PlanIssue
from phaseone.plan.locate import (
    explain_error,
    field_at,
    format_path,
    kinds_at,
    model_fields_at,
    strip_union_tags,
)
from phaseone.plan.schema import Suite


def validate_suite(
    data: dict[str, Any], *, file: str, line: int | None = None, what: str = "the suite"
) -> Suite:
    """The `Suite` that `data` writes (keys as in the plan's ``suites[]``).

    Args:
        data: The suite's fields as the plan writes them (name, dataset, scorers, …).
        file: Where the suite was written, named by every issue.
        line: The line that wrote it, if known (1-based).
        what: What wrote it, as the error's headline names it (``the phaseone marker``).

    Raises:
        PlanError: every problem, each with its field path and fix.
    """
    try:
        return Suite.model_validate(data)
    except ValidationError as exc:
        issues: list[PlanIssue] = []
        for err in strip_union_tags(exc.errors(include_url=False), data):
            path = err["path"]
            message, fix = explain_error(
                err,
                path,
                fields=model_fields_at(Suite, path[:-1], data),
                kinds=kinds_at(Suite, path, data),
                info=field_at(Suite, path, data),
            )
            issues.append(PlanIssue(message, path=format_path(path), file=file, line=line, fix=fix))
        error = PlanError(issues)
        n = len(issues)
        error.message = f"{file}: {n} problem{'s' if n != 1 else ''} in {what}"
        error.fix = f"fix each problem listed in {what}"
        raise error from None


__all__ = ["validate_suite"]
