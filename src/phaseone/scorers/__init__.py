"""How an output is judged: scorers registered by kind, built from the plan.

Every scorer is a class registered with ``@SCORERS.register(kind)`` whose
constructor takes the plan's config model and a `ScorerContext`, and whose
``await score(case, response)`` returns a `Score` (value in [0, 1], pass/fail,
explanation, details). Build a suite's scorers with `build_scorers`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from pydantic import TypeAdapter, ValidationError

from phaseone.errors import ScorerError
from phaseone.plan.components import ScorerConfig
from phaseone.scorers._common import BaseScorer, ScorerUnavailable
from phaseone.scorers.base import SCORERS, Score, Scorer, transcript_of
from phaseone.scorers.context import ScorerContext


@functools.cache
def _config_adapter() -> TypeAdapter[Any]:
    """The validator of a scorer config given as a dict (the API, the pytest plugin).
    Built on first use (~15–30 ms): a plan's configs arrive validated already, so an
    eval from a plan never builds it."""
    return TypeAdapter(ScorerConfig)


def build_scorers(
    configs: Sequence[ScorerConfig | dict[str, Any]], ctx: ScorerContext | None = None
) -> list[Scorer]:
    """Build scorers from plan configs (or plain dicts, validated like the plan).

    Raises:
        ScorerError: a config is invalid, two scorers share a name (their scores
            would overwrite each other), or a scorer cannot be set up (bad regex,
            bad schema, custom function not importable).
        MissingExtraError: ``similarity`` without the ``demo`` extra.
    """
    ctx = ctx or ScorerContext()
    built: list[Scorer] = []
    seen: set[str] = set()
    for i, raw in enumerate(configs):
        if isinstance(raw, dict):
            try:
                config = _config_adapter().validate_python(raw)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                raise ScorerError(
                    f"scorers[{i}]: {first['msg']}" + (f" at {where}" if where else ""),
                    fix="see `phaseone schema` for the scorer fields",
                ) from exc
        else:
            config = raw
        if config.label in seen:
            raise ScorerError(
                f"scorers[{i}]: two scorers are named {config.label!r}",
                fix="give one of them a `name:` so each score is kept",
            )
        seen.add(config.label)
        built.append(SCORERS.get(config.kind)(config, ctx))
    return built


__all__ = [
    "SCORERS",
    "BaseScorer",
    "Score",
    "Scorer",
    "ScorerContext",
    "ScorerUnavailable",
    "build_scorers",
    "transcript_of",
]
