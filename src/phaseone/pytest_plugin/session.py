"""The session's plugin object: collect the suites, run them once, end with the verdict.

One `SuiteSession` is registered when ``--phaseone-suite`` (or the ini's
``phaseone_suite``) names a suite. Its life in one session:

* collection: a `SuiteNode` per suite joins the collected items before ``-k``, ``--lf``
  and ``--deselect`` select among them (``tryfirst``);
* the first case item that runs starts the eval: every suite named, each a normal run in
  the store (`outcome.run_suites`); later items read their case's stored result. Under
  pytest-xdist the first worker to need it runs it and the others read its runs
  (`workers.once`), so the suites run once, not once per worker, whether the option or
  a module's marker named them;
* the end: the terminal summary says each run's metric with its interval and the
  verdict, and the exit status is the verdict's (0 PASS, 1 FAIL, 3 INCONCLUSIVE; 2 when
  the eval could not run), unless a test of the user's own failed (1) or pytest itself
  stopped (its own status). Under pytest-xdist the workers hand the controller their
  `workers.WorkerReport`, and the controller speaks (registered then if no option named
  a suite: only the workers saw the markers).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from phaseone.cli import exit_code_for
from phaseone.errors import ExitCode, PhaseoneError, UsageError
from phaseone.plan.schema import Suite
from phaseone.pytest_plugin import PLUGIN_NAME, WORKER_OUTPUT_KEY
from phaseone.pytest_plugin.items import CaseItem, SuiteNode
from phaseone.pytest_plugin.outcome import (
    CaseOutcome,
    SuiteOutcome,
    SuiteRun,
    read_runs,
    run_suites,
)
from phaseone.pytest_plugin.summary import summary_lines
from phaseone.pytest_plugin.workers import WorkerReport, once, remove_shared, shared_dir


class SuiteSession:
    """The suites of one pytest session and, once run, their outcome."""

    def __init__(self, config: pytest.Config, plan: Path, suites: Sequence[str]) -> None:
        self.config = config
        self.plan = plan
        self.listed = tuple(dict.fromkeys(suites))  # from the options: collected here
        self.suites = list(self.listed)  # every suite the run holds, marked modules' too
        self.sources: dict[str, Suite] = {}  # markers' case sources (`source.py`) by name
        # node ids whose children are case items (the listed suites' and the marked ones')
        self.case_nodes = {f"{self._shown().as_posix()}::{s}" for s in self.listed}
        self.outcome: SuiteOutcome | None = None
        self.error: PhaseoneError | None = None
        self.own_failures = 0  # failed tests of the user's own (not case items)
        self.shared: Path | None = None  # under xdist: the directory of the eval's lock

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

    def add_source(self, source: Suite, node_id: str) -> None:
        """A case source named by a module's marker: run with the suites, once; two
        modules may name the same one, but not two different ones under one name."""
        known = self.sources.get(source.name)
        if known is not None and known != source:
            raise UsageError(
                f"two phaseone markers write different case sources named {source.name!r}",
                fix="give one of them another name=; runs are stored by that name",
            )
        self.sources[source.name] = source
        self.add_suite(source.name, node_id)

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
        worker: Any = getattr(self.config, "workerinput", None)
        try:
            sources = list(self.sources.values())
            if worker is None:
                self.outcome = run_suites(self.plan, self.suites, sources)
            else:  # an xdist worker: the first to ask runs the eval, the others read it
                self.shared = shared_dir(worker["testrunuid"])
                self.outcome = once(
                    self.shared,
                    worker["workerid"],
                    self.plan,
                    # keyed on the case sources' definitions too, not on their names only
                    [*self.suites, *(s.model_dump_json() for s in sources)],
                    run=lambda: run_suites(self.plan, self.suites, sources),
                    read=lambda run_ids: read_runs(self.plan, run_ids),
                )
        except PhaseoneError as exc:
            self.error = exc

    @classmethod
    def hear(cls, config: pytest.Config, said: bytes) -> None:
        """The xdist controller hears a worker's `WorkerReport` (`pytest_testnodedown`):
        the first with runs (or the error) gives the outcome; own failures add up."""
        report = WorkerReport.loads(said)
        session = config.pluginmanager.get_plugin(PLUGIN_NAME)
        if session is None:  # only the workers saw the marked modules
            session = cls(config, report.plan, [])
            config.pluginmanager.register(session, PLUGIN_NAME)
        assert isinstance(session, SuiteSession)
        session.own_failures += report.own_failures
        session.shared = session.shared or report.shared
        if session.outcome is not None or session.error is not None:
            return
        if report.error is not None:
            session.error = report.error
        elif report.run_ids is not None:
            try:
                session.outcome = read_runs(report.plan, report.run_ids)
            except PhaseoneError as exc:
                session.error = exc

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if self._controller():
            return  # each worker counts its own share, and reports it (`hear`)
        if report.failed and not self._is_case(report.nodeid):
            self.own_failures += 1

    def _controller(self) -> bool:
        """An xdist controller: it runs no item, its workers do (and report here)."""
        return self.config.pluginmanager.has_plugin("dsession")

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
        output: Any = getattr(self.config, "workeroutput", None)
        if output is not None:  # an xdist worker: the controller speaks
            output[WORKER_OUTPUT_KEY] = self._report().dumps()
            return
        if self.shared is not None:
            remove_shared(self.shared)
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

    def _report(self) -> WorkerReport:
        return WorkerReport(
            plan=self.plan,
            run_ids=self.outcome.run_ids if self.outcome is not None else None,
            error=self.error,
            own_failures=self.own_failures,
            shared=self.shared,
        )


__all__ = ["CaseItem", "SuiteSession"]
