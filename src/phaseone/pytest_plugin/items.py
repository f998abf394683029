"""The pytest nodes: a suite (a collector) and its cases (one item each).

A case item does not call the target itself: the suite runs once as one eval run (a
verdict is about the whole suite, and the store keeps it as a normal run), and each item
reports its case's stored result — the scorers' explanations as the failure message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from phaseone.errors import PhaseoneError, PlanError
from phaseone.plan.schema import Suite
from phaseone.pytest_plugin.outcome import CaseOutcome, read_cases

#: The per-case outcome for (suite, case id); raises the eval's error if the run failed.
Lookup = Callable[[str, str], CaseOutcome | None]


class CaseFailed(Exception):
    """A case whose answer did not pass its scorers (or got no answer)."""

    def __init__(self, outcome: CaseOutcome) -> None:
        super().__init__(outcome.describe())
        self.outcome = outcome


class SuiteNode(pytest.Collector):
    """A plan's suite: collects one `CaseItem` per case of its dataset."""

    def __init__(
        self, *, suite: str, plan: Path, lookup: Lookup, source: Suite | None = None, **kw: object
    ) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.suite = suite
        self.plan = plan
        self.lookup = lookup
        self.source = source  # a marker's case source (`source.py`), not a plan suite

    def collect(self) -> Iterator[CaseItem]:
        for case in read_cases(self.plan, self.suite, source=self.source):
            item = CaseItem.from_parent(self, name=case.id)
            item.extra_keyword_matches.update(case.tags)
            yield item

    def repr_failure(  # type: ignore[override]
        self, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> str:
        return say_error(excinfo.value) or str(super().repr_failure(excinfo))


class CaseItem(pytest.Item):
    """One case of a suite: passes when its stored result passed every scorer."""

    parent: SuiteNode

    def runtest(self) -> None:
        outcome = self.parent.lookup(self.parent.suite, self.name)
        if outcome is None:  # a live dataset that changed between collection and the run
            pytest.fail(
                f"no stored result for case {self.name!r}: the suite's dataset no longer"
                " has it (it changed after collection); run the session again",
                pytrace=False,
            )
        if not outcome.passed:
            raise CaseFailed(outcome)

    def repr_failure(  # type: ignore[override]
        self, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> str:
        if isinstance(excinfo.value, CaseFailed):
            return f"case {self.name!r} of suite {self.parent.suite!r}:\n{excinfo.value}"
        return say_error(excinfo.value) or str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.parent.plan, None, f"{self.parent.suite}::{self.name}"


def say_error(error: BaseException) -> str | None:
    """A phaseone error as the CLI says it: the message, each plan issue, the fix (None
    for any other exception)."""
    if not isinstance(error, PhaseoneError):
        return None
    if isinstance(error, PlanError):
        return f"{error.message}\n{error.render()}"
    return error.message + (f"\n  fix: {error.fix}" if error.fix else "")
