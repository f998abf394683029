"""The session's plugin object: collect the suites, run them once, end with the verdict.

One `SuiteSession` is registered when ``--phaseone-suite`` (or the ini's
``phaseone_suite``) names a suite. Its life in one session:

* collection: a `SuiteNode` per suite joins the collected items before ``-k``, ``--lf``
  and ``--deselect`` select among them (``tryfirst``);
* the first case item that runs starts the eval: every suite named, each a normal run in
  the store (`outcome.run_suites`); later items read their case's stored result. Under
  pytest-xdist the controller runs the eval before the workers start and hands them the
  run ids, so the suite is run once, not once per worker;
* the end: the terminal summary says each run's metric with its interval and the
  verdict, and the exit status is the verdict's (0 PASS, 1 FAIL, 3 INCONCLUSIVE; 2 when
  the eval could not run), unless a test of the user's own failed (1) or pytest itself
  stopped (its own status).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from phaseone.cli import exit_code_for
from phaseone.errors import ExitCode, PhaseoneError, UsageError
from phaseone.pytest_plugin.items import CaseItem, SuiteNode
from phaseone.pytest_plugin.outcome import (
    CaseOutcome,
    SuiteOutcome,
    SuiteRun,
    read_runs,
    run_suites,
)
from phaseone.pytest_plugin.summary import summary_lines

#: What a worker receives from the xdist controller (`workerinput`).
RUN_IDS_KEY = "phaseone_run_ids"
ERROR_KEY = "phaseone_error"


class SuiteSession:
    """The suites of one pytest session and, once run, their outcome."""

    def __init__(self, config: pytest.Config, plan: Path, suites: Sequence[str]) -> None:
        self.config = config
        self.plan = plan
        self.listed = tuple(dict.fromkeys(suites))  # from the options: collected here
        self.suites = list(self.listed)  # every suite the run holds, marked modules' too
        # node ids whose children are case items; the listed suites' known up front, as
        # an xdist controller collects nothing but hears every item's report
        self.case_nodes = {f"{self._shown().as_posix()}::{s}" for s in self.listed}
        self.outcome: SuiteOutcome | None = None
        self.error: PhaseoneError | None = None
        self.own_failures = 0  # failed tests of the user's own (not case items)

    @classmethod
    def of(cls, config: pytest.Config, suites: Sequence[str]) -> SuiteSession:
        """From the options: ``--phaseone-plan`` (relative to the invocation directory),
        else the ini's ``phaseone_plan`` (relative to the rootdir), else phaseone.yaml."""
        given = config.getoption("phaseone_plan")
        if given:
            plan = Path(config.invocation_params.dir) / given
        else:
            ini = config.getini("phaseone_plan")
            plan = config.rootpath / (str(ini) if ini else "phaseone.yaml")
        return cls(config, plan.resolve(), suites)

    # --- collection ------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(
        self, session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        shown = self._shown()
        for suite in self.listed:
            node = SuiteNode.from_parent(
                session,
                name=f"{shown}::{suite}",
                nodeid=f"{shown.as_posix()}::{suite}",
                path=self.plan,
                suite=suite,
                plan=self.plan,
                lookup=self.lookup,
            )
            items.extend(session.genitems(node))

    def _shown(self) -> Path:
        """The plan as the suites' node ids name it: relative to the rootdir if inside."""
        try:
            return self.plan.relative_to(self.config.rootpath)
        except ValueError:
            return self.plan

    def add_suite(self, suite: str, node_id: str) -> None:
        """A suite named by a module's ``phaseone`` marker: it runs with the others, in
        the same run, once (collection ends before the first case item runs)."""
        if suite not in self.suites:
            self.suites.append(suite)
        self.case_nodes.add(node_id)

    # --- running ---------------------------------------------------------------------

    def lookup(self, suite: str, case_id: str) -> CaseOutcome | None:
        """The case's stored outcome; the first call runs the eval (or reads the
        controller's runs under xdist). The eval's error is raised for every item."""
        return self._outcome().results.get((suite, case_id))

    def run_of(self, suite: str) -> SuiteRun:
        """The suite's pilot run for the `phaseone_run` fixture, from the same one eval
        the case items report (the first to ask runs it)."""
        if suite not in self.suites:
            named = ", ".join(self.suites) or "none"
            raise UsageError(
                f"phaseone_run({suite!r}): this session runs no suite {suite!r} (it runs: {named})",
                fix=f'mark the module with pytest.mark.phaseone(suite="{suite}") or run pytest'
                f" with --phaseone-suite {suite}",
            )
        outcome = self._outcome()
        for run, summary in outcome.runs:
            if run.suite == suite and run.role == "pilot":
                return SuiteRun(run, summary, outcome.verdict.verdict)
        raise UsageError(f"phaseone_run({suite!r}): the session's eval stored no run of it")

    def _outcome(self) -> SuiteOutcome:
        if self.outcome is None and self.error is None:
            self._run()
        if self.error is not None:
            raise self.error
        assert self.outcome is not None
        return self.outcome

    def _run(self) -> None:
        given: Any = getattr(self.config, "workerinput", {})
        try:
            if ERROR_KEY in given:
                raise PhaseoneError(str(given[ERROR_KEY]))
            if RUN_IDS_KEY in given:
                self.outcome = read_runs(self.plan, given[RUN_IDS_KEY])
            else:
                self.outcome = run_suites(self.plan, self.suites)
        except PhaseoneError as exc:
            self.error = exc

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        # An xdist controller collects nothing and runs no item: it runs the eval here,
        # once, and `pytest_configure_node` hands the run ids to every worker.
        if self.config.pluginmanager.has_plugin("dsession"):
            self._run()

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        if self.error is not None:
            node.workerinput[ERROR_KEY] = str(self.error)
        elif self.outcome is not None:
            node.workerinput[RUN_IDS_KEY] = [run.id for run, _ in self.outcome.runs]

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed and not self._is_case(report.nodeid):
            self.own_failures += 1

    def _is_case(self, nodeid: str) -> bool:
        return any(nodeid.startswith(f"{node}::") for node in self.case_nodes)

    # --- the end -----------------------------------------------------------------------

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if hasattr(self.config, "workerinput"):
            return  # the controller (or the single process) speaks
        if self.error is not None:
            terminalreporter.section("phaseone", red=True)
            terminalreporter.line(f"error: {self.error.message}", red=True)
            if self.error.fix:
                terminalreporter.line(f"  fix: {self.error.fix}")
            return
        if self.outcome is None:
            return
        terminalreporter.section("phaseone")
        for line, colour in summary_lines(self.outcome, self.plan):
            terminalreporter.line(line, **({colour: True} if colour else {}))

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if hasattr(self.config, "workerinput"):
            return
        status = session.exitstatus
        if status not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
            return  # interrupted, internal or usage error, nothing collected: pytest's own
        if self.error is not None:
            session.exitstatus = exit_code_for(self.error)
        elif self.outcome is not None:
            verdict_code = self.outcome.verdict.exit_code
            if self.own_failures or verdict_code == ExitCode.FAIL:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED
            else:
                session.exitstatus = verdict_code


__all__ = ["CaseItem", "SuiteSession"]
