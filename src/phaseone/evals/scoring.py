"""Scoring one answer with a suite's scorers: the same rules in process and on a Dask worker."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Any

from phaseone.datasets.base import Case
from phaseone.errors import MissingExtraError, UsageError
from phaseone.plan.loader import LoadedPlan
from phaseone.plan.schema import Suite
from phaseone.scorers import ScorerContext, ScorerUnavailable, build_scorers
from phaseone.scorers.base import Scorer
from phaseone.store.database import Store
from phaseone.targets.base import TargetResponse


@dataclass(frozen=True)
class ScorerFailure:
    """One scorer that could not judge this answer.

    Attributes:
        scorer: The scorer's name.
        message: Why, in one line (it names the judge's URL when a judge is down).
        unavailable: The scorer's own infrastructure failed (a judge endpoint down or
            refusing): not evidence about the system, and counted against the
            infrastructure-error limit of the metrics built on this scorer.
        fatal: No retry can fix it (wrong credentials, unknown model): stop the run now.
    """

    scorer: str
    message: str
    unavailable: bool = False
    fatal: bool = False

    def as_score(self) -> dict[str, Any]:
        """How the failure is stored in the case's ``scores``: no value, no verdict."""
        return {
            "value": None,
            "passed": None,
            "error": self.message,
            "unavailable": self.unavailable,
        }


@dataclass
class CaseScores:
    """Every scorer's verdict on one answer, and the scorers that could not give one.

    Scorers are independent: one that fails (a judge that is down) is recorded in
    ``failures`` and the others still score, so metrics built on them keep this case.
    ``passed`` is over the scorers that scored; the runner stores a case with any failure
    as a ``scorer`` error, because its overall pass/fail is unknown.
    """

    scores: dict[str, Any] = field(default_factory=dict)
    passed: bool = True
    failures: list[ScorerFailure] = field(default_factory=list)

    def __setstate__(self, state: dict[str, Any]) -> None:
        # A Dask worker on an older phaseone sends one `error` string instead of `failures`.
        failures = state.pop("failures", None)
        old = state.pop("error", None)
        self.__dict__.update(state)
        if failures is None:
            failures = [ScorerFailure("scorer", str(old))] if old else []
        self.failures = failures

    @property
    def error(self) -> str | None:
        """The failures in one line (the case's ``error_message``), or None."""
        if not self.failures:
            return None
        return "; ".join(f"scorer {f.scorer!r}: {f.message}" for f in self.failures)

    def stored_scores(self) -> dict[str, Any]:
        """The ``scores`` column: every verdict, plus an error entry per failed scorer."""
        out = dict(self.scores)
        for f in self.failures:
            out[f.scorer] = f.as_score()
        return out


async def score_case(scorers: list[Scorer], case: Case, response: TargetResponse) -> CaseScores:
    """Run every scorer; a missing extra stops the whole run (every case would fail the
    same way), any other exception is recorded for that scorer only."""
    out = CaseScores()
    for scorer in scorers:
        try:
            s = await scorer.score(case, response)
        except MissingExtraError:
            raise
        except ScorerUnavailable as exc:
            out.failures.append(
                ScorerFailure(scorer.name, str(exc), unavailable=True, fatal=exc.fatal)
            )
            continue
        except Exception as exc:
            out.failures.append(ScorerFailure(scorer.name, f"raised {type(exc).__name__}: {exc}"))
            continue
        out.scores[scorer.name] = s.as_dict()
        out.passed = out.passed and bool(s.passed)
    return out


def find_suite(loaded: LoadedPlan, name: str) -> Suite:
    try:
        return loaded.plan.suite(name)
    except KeyError:
        names = [s.name for s in loaded.plan.suites]
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise UsageError(
            f"no suite {name!r} in {loaded.path.name}",
            fix=f"{hint}suites: {', '.join(names) or 'none (add one under `suites:`)'}",
        ) from None


def build_scorers_for(
    suite: Suite,
    loaded: LoadedPlan,
    store: Store,
    *,
    use_cache: bool = False,
    load_models: bool = True,
) -> list[Scorer]:
    """The suite's scorers, built by the scorers package (judge cache in this store).

    `load_models` False: built to check their config only (they score elsewhere)."""
    ctx = ScorerContext(
        base_dir=loaded.base_dir,
        store=store,
        use_cache=use_cache,
        load_models=load_models,
        currency=loaded.plan.project.currency,
    )
    return list(build_scorers(list(suite.scorers), ctx))


def jsonable(value: Any) -> Any:
    """JSON-safe copy (SQL rows carry Decimals and datetimes; callables return objects)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    try:
        return json.loads(json.dumps(value, default=str))
    except (TypeError, ValueError):
        return repr(value)
