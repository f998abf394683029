"""The ``phaseone`` marker: a test module that names a suite collects its cases as items.

``pytestmark = pytest.mark.phaseone(suite="spam")`` in a test module puts that suite's
cases under the module (``test_spam.py::spam::c00042``), the same `SuiteNode` and
`CaseItem` that ``--phaseone-suite`` collects, run by the same `SuiteSession`: every
suite of the session is one eval run, once, and the session's exit status is the
verdict's. So the marker is the option written where the tests live, not a second way
of running a suite.

One plan per session: the session's plan (``--phaseone-plan``, the ini's
``phaseone_plan``, else ``phaseone.yaml`` in the rootdir) unless the marker names one,
relative to the rootdir; markers naming two different plans are a collection error,
since the session's exit status can follow only one set of runs.
"""

from __future__ import annotations

import pytest

from phaseone.errors import UsageError
from phaseone.pytest_plugin import MARKER
from phaseone.pytest_plugin.items import SuiteNode
from phaseone.pytest_plugin.session import SuiteSession


def suite_nodes(module: pytest.Module, session_name: str) -> list[SuiteNode]:
    """A `SuiteNode` for each ``phaseone`` marker on the module (none when unmarked)."""
    nodes: list[SuiteNode] = []
    for mark in module.iter_markers(MARKER):
        suite, plan = _arguments(mark, module.nodeid)
        session = _session(module.config, plan, session_name)
        node = SuiteNode.from_parent(
            module, name=suite, suite=suite, plan=session.plan, lookup=session.lookup
        )
        session.add_suite(suite, node.nodeid)
        nodes.append(node)
    return nodes


def _arguments(mark: pytest.Mark, where: str) -> tuple[str, str | None]:
    unknown = sorted(set(mark.kwargs) - {"suite", "plan"})
    suite = mark.kwargs.get("suite", mark.args[0] if mark.args else None)
    plan = mark.kwargs.get("plan")
    if unknown or not isinstance(suite, str) or not suite or not isinstance(plan, str | None):
        raise UsageError(
            f"{where}: the phaseone marker takes suite= (a suite name of the plan) and an"
            f" optional plan= (a path); got args={list(mark.args)!r} kwargs={mark.kwargs!r}",
            fix='write pytestmark = pytest.mark.phaseone(suite="NAME", plan="phaseone.yaml")',
        )
    return suite, plan


def _session(config: pytest.Config, plan: str | None, name: str) -> SuiteSession:
    """The session's `SuiteSession`, registered now if no option asked for one."""
    session = config.pluginmanager.get_plugin(name)
    if session is None:
        session = SuiteSession.of(config, [])
        config.pluginmanager.register(session, name)
    assert isinstance(session, SuiteSession)
    if plan is not None:
        wanted = (config.rootpath / plan).resolve()
        if wanted != session.plan and (session.listed or session.case_nodes):
            raise UsageError(
                f"the phaseone marker names plan {plan!r} ({wanted}), but this session's"
                f" suites come from {session.plan}",
                fix="run one plan per pytest session: give every marker the same plan=, or"
                " run the two plans' tests in separate pytest sessions",
            )
        session.plan = wanted
    return session
