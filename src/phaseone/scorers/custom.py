"""A custom scorer written in Python: ``module:function(output, case)``."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from phaseone.datasets.base import Case
from phaseone.errors import ScorerError, TargetConfigError
from phaseone.plan.components import PythonScorer
from phaseone.scorers._common import BaseScorer, clip01
from phaseone.scorers.base import SCORERS, Score, transcript_of
from phaseone.scorers.context import ScorerContext
from phaseone.targets.base import TargetResponse
from phaseone.targets.python import code_fingerprint, load_callable

#: A plain number returned by a custom scorer passes from this value up.
NUMBER_PASSES_AT = 0.5


def to_score(result: Any, name: str) -> Score:
    """Read what a custom function returned.

    ``bool`` → 1/0; a number → value in [0, 1], passing from 0.5; a `Score`; or a
    dict with ``value`` and/or ``passed`` (plus optional ``explanation`` and
    ``details``). Anything else is a failed score that names the type.
    """
    if isinstance(result, Score):
        return result
    if isinstance(result, bool):
        return Score(1.0 if result else 0.0, result)
    if isinstance(result, int | float):
        value = clip01(result)
        return Score(value, value >= NUMBER_PASSES_AT, f"score {float(result):g}")
    if isinstance(result, dict) and ("value" in result or "passed" in result):
        if "value" in result:
            value = clip01(result["value"])
            ok = bool(result["passed"]) if "passed" in result else value >= NUMBER_PASSES_AT
        else:
            ok = bool(result["passed"])
            value = 1.0 if ok else 0.0
        details = result.get("details") or {}
        return Score(
            value,
            ok,
            str(result.get("explanation", "")),
            details if isinstance(details, dict) else {"details": details},
        )
    return Score(
        0.0,
        False,
        f"scorer {name!r} returned {type(result).__name__}; expected bool, a number in "
        "[0, 1], or a dict with `value`/`passed`",
        {"error": "bad_return"},
    )


def _accepts_transcript(fn: Callable[..., Any]) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return "transcript" in params  # declared by name: `**kwargs` alone gets nothing new


@SCORERS.register("python")
class PythonFunction(BaseScorer):
    """Calls ``function(output, case)``; sync or async.

    A function that declares a ``transcript`` parameter also gets
    ``transcript=`` a `phaseone.chat.Transcript` (the case's conversation and the
    answer; ``transcript.messages`` is the whole exchange as OpenAI messages), or None
    for a single-input case. Functions written before conversations keep their two
    arguments.

    Sync functions run on the event loop: keep them quick, or make them ``async``
    when they wait on I/O.
    """

    kind = "python"

    def __init__(self, config: PythonScorer, ctx: ScorerContext) -> None:
        super().__init__(config, ctx)
        try:
            self.fn: Callable[..., Any] = load_callable(
                config.callable, ctx.base_dir, what="scorer"
            )
        except TargetConfigError as exc:
            raise ScorerError(f"scorer {self.name!r}: {exc.message}", fix=exc.fix) from exc
        #: Hashes of the function's code, recorded with each run: the plan names the
        #: scorer by import path, which stays the same when its code is rewritten.
        self.code: dict[str, Any] = code_fingerprint(self.fn)
        self.pass_transcript = _accepts_transcript(self.fn)

    async def ascore(self, case: Case, response: TargetResponse) -> Score:
        if self.pass_transcript:
            result = self.fn(response.output, case, transcript=transcript_of(case, response))
        else:
            result = self.fn(response.output, case)
        if inspect.isawaitable(result):
            result = await result
        return to_score(result, self.name)


def scorer_code(config: PythonScorer, base_dir: Any) -> dict[str, Any]:
    """The code fingerprint a run of this scorer would record now (see `PythonFunction.code`).

    Raises:
        ScorerError: the function cannot be imported.
    """
    try:
        fn = load_callable(config.callable, base_dir, what="scorer")
    except TargetConfigError as exc:
        raise ScorerError(f"scorer {config.name!r}: {exc.message}", fix=exc.fix) from exc
    return code_fingerprint(fn)
