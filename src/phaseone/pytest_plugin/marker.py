"""The ``phaseone`` marker: a test module that names a suite collects its cases as items.

``pytestmark = pytest.mark.phaseone(suite="spam")`` in a test module puts that suite's
cases under the module (``test_spam.py::spam::c00042``), the same `SuiteNode` and
`CaseItem` that ``--phaseone-suite`` collects, run by the same `SuiteSession`: every
suite of the session is one eval run, once, and the session's exit status is the
verdict's. So the marker is the option written where the tests live, not a second way
of running a suite.

A marker may also name one case source instead of (or beside) a suite:
``pytest.mark.phaseone(dataset="cases.jsonl", scorers=[{"kind": "exact"}], name="smoke")``
or ``pytest.mark.phaseone(suite="spam", dataset="other.jsonl")`` (`source.py`): a `Suite`
of the plan's schema, run with the session's suites in the same eval, under its own name.

One plan per session: the session's plan (``--phaseone-plan``, the ini's
``phaseone_plan``, else ``phaseone.yaml`` in the rootdir) unless the marker names one,
relative to the rootdir; markers naming two different plans are a collection error,
since the session's exit status can follow only one set of runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from phaseone.errors import UsageError
from phaseone.plan.loader import load_plan
from phaseone.pytest_plugin import MARKER
from phaseone.pytest_plugin.items import SuiteNode
from phaseone.pytest_plugin.session import SuiteSession
from phaseone.pytest_plugin.source import SOURCE_KEYS, case_source

_USAGE = (
    'write pytestmark = pytest.mark.phaseone(suite="NAME", plan="phaseone.yaml"), or for one'
    ' case source pytest.mark.phaseone(dataset="cases.jsonl", scorers=[{"kind": "exact"}])'
)


@dataclass(frozen=True)
class _Arguments:
    """A marker's keywords: a plan suite, the plan, and a case source's fields if any."""

    suite: str | None
    plan: str | None
    source: dict[str, Any] = field(default_factory=dict)


def suite_nodes(module: pytest.Module, session_name: str) -> list[SuiteNode]:
    """A `SuiteNode` for each ``phaseone`` marker on the module (none when unmarked)."""
    nodes: list[SuiteNode] = []
    for mark in module.iter_markers(MARKER):
        args = _arguments(mark, module.nodeid)
        session = _session(module.config, args.plan, session_name)
        if not args.source:
            assert args.suite is not None
            node = SuiteNode.from_parent(
                module, name=args.suite, suite=args.suite, plan=session.plan, lookup=session.lookup
            )
            session.add_suite(args.suite, node.nodeid)
        else:
            source = case_source(
                args.source,
                args.suite,
                load_plan(session.plan),
                module.path,
                file=module.nodeid,
                line=_marker_line(module),
            )
            node = SuiteNode.from_parent(
                module,
                name=source.name,
                suite=source.name,
                plan=session.plan,
                lookup=session.lookup,
                source=source,
            )
            session.add_source(source, node.nodeid)
        nodes.append(node)
    return nodes


def _arguments(mark: pytest.Mark, where: str) -> _Arguments:
    unknown = sorted(set(mark.kwargs) - {"suite", "plan"} - SOURCE_KEYS)
    suite = mark.kwargs.get("suite", mark.args[0] if mark.args else None)
    plan = mark.kwargs.get("plan")
    source = {k: v for k, v in mark.kwargs.items() if k in SOURCE_KEYS}
    named = isinstance(suite, str) and bool(suite)
    if (
        unknown
        or len(mark.args) > 1
        or not (named or (suite is None and source))
        or not isinstance(plan, str | None)
    ):
        raise UsageError(
            f"{where}: the phaseone marker takes suite= (a suite name of the plan), or a case"
            f" source (dataset=, scorers=, name=, threshold=, tags=, repeat=), or both, and an"
            f" optional plan= (a path); got args={list(mark.args)!r} kwargs={mark.kwargs!r}",
            fix=_USAGE,
        )
    return _Arguments(suite if named else None, plan, source)


def _marker_line(module: pytest.Module) -> int | None:
    """The line of the module's first ``phaseone`` marker, for errors (None: not found)."""
    try:
        text = module.path.read_text(encoding="utf-8")
    except OSError:
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if f"mark.{MARKER}(" in line:
            return number
    return None


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
