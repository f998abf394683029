"""phaseone's pytest plugin: a plan's suite as pytest items, the session's exit status its verdict.

Registered through the ``pytest11`` entry point, so it is there whenever phaseone is
installed, and it does nothing until asked::

    pytest --phaseone-suite happy [--phaseone-plan phaseone.yaml]

(or ``phaseone_suite = happy`` in the ``[pytest]`` ini section). Each case of the suite is
one item (``phaseone.yaml::happy::<case id>``; the case's tags are keywords, so ``-k edge``
works), failing with its scorers' explanations. The suite itself runs once, as a normal
eval run in the store (`phaseone.api.run_evals`), and the session ends with the metric,
its interval and the PASS / FAIL / INCONCLUSIVE verdict, which sets the exit status
(`docs/pytest.md`).

This module is imported by every pytest run on a machine with phaseone installed, so it
holds only the options; the session's machinery (`session.py`, which loads the evals and
the store) is imported when a suite is asked for.

A test module can ask for a suite itself with the ``phaseone`` marker
(``pytestmark = pytest.mark.phaseone(suite="spam")``, `marker.py`), or one case source
(``dataset="cases.jsonl", scorers=[...]``, `source.py`): its cases are collected under
that module and run by the same session machinery. The
``phaseone_run`` fixture hands a test of the user's own that run's summary and verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from phaseone.pytest_plugin.outcome import SuiteRun

#: The marker's name (its help line is registered in `pytest_configure`).
MARKER = "phaseone"
MARKER_HELP = (
    "phaseone(suite=None, plan=None, dataset=None, scorers=None, name=None, threshold=None,"
    " tags=None, repeat=None): collect a plan suite's cases (suite=) or one case source's"
    " (dataset=, with scorers= or a suite='s) as test items, one per case; the session's"
    " exit status follows the eval's verdict (docs/pytest.md)"
)

#: The name the session's plugin object is registered under.
PLUGIN_NAME = "phaseone-suite"

#: The key of a worker's report in pytest-xdist's ``workeroutput`` (`workers.py`).
WORKER_OUTPUT_KEY = "phaseone_report"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("phaseone", "phaseone: run a plan's suite as tests")
    group.addoption(
        "--phaseone-suite",
        action="append",
        default=[],
        metavar="NAME",
        help="run this suite of the plan as one test per case (repeatable); the session's "
        "exit status is the eval's verdict: 0 PASS, 1 FAIL, 3 INCONCLUSIVE",
    )
    group.addoption(
        "--phaseone-plan",
        default=None,
        metavar="PATH",
        help="the plan file (default: the ini's phaseone_plan, else phaseone.yaml in rootdir)",
    )
    parser.addini("phaseone_suite", "suites to run as tests, like --phaseone-suite", "args")
    parser.addini("phaseone_plan", "the plan file, like --phaseone-plan", default=None)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER_HELP)  # so --strict-markers accepts it
    suites = list(config.getoption("phaseone_suite") or config.getini("phaseone_suite"))
    if not suites:
        return
    # Imported only now: a pytest run that asks for no suite pays nothing for phaseone.
    from phaseone.pytest_plugin.session import SuiteSession

    config.pluginmanager.register(SuiteSession.of(config, suites), PLUGIN_NAME)


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    """A module marked ``phaseone`` also collects its suite's cases (`marker.py`)."""
    report = yield
    if not isinstance(collector, pytest.Module) or not report.passed:
        return report
    if collector.get_closest_marker(MARKER) is None:
        return report  # unmarked: nothing of phaseone's, nothing imported
    from phaseone.errors import PhaseoneError
    from phaseone.pytest_plugin.items import say_error
    from phaseone.pytest_plugin.marker import suite_nodes

    try:
        report.result.extend(suite_nodes(collector, PLUGIN_NAME))
    except PhaseoneError as exc:
        return pytest.CollectReport(collector.nodeid, "failed", say_error(exc) or exc.message, [])
    return report


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """Under pytest-xdist, the controller hears each worker's share: the eval's runs (or
    its error) and the user's own failures (`workers.py`). Nothing from a worker of a
    session that ran no suite, so nothing is imported then."""
    said = getattr(node, "workeroutput", {}).get(WORKER_OUTPUT_KEY)
    if said is None:
        return
    from phaseone.pytest_plugin.session import SuiteSession

    SuiteSession.hear(node.config, said)


@pytest.fixture
def phaseone_run(request: pytest.FixtureRequest) -> Callable[[str], SuiteRun]:
    """``phaseone_run("spam")``: the stored run of a suite this session runs (named by a
    marker or ``--phaseone-suite``), its summary (``.summary.metric``) and the verdict,
    so a test can assert on the metric. The first to ask runs the eval; it runs once."""
    from phaseone.errors import PhaseoneError
    from phaseone.pytest_plugin.session import SuiteSession

    session = request.config.pluginmanager.get_plugin(PLUGIN_NAME)
    if not isinstance(session, SuiteSession):
        pytest.fail(
            "phaseone_run: this session runs no suite; mark the module with"
            ' pytest.mark.phaseone(suite="NAME") or run pytest with --phaseone-suite NAME',
            pytrace=False,
        )

    def get(suite: str) -> SuiteRun:
        try:
            return session.run_of(suite)
        except PhaseoneError as exc:
            pytest.fail(exc.message + (f"\n  fix: {exc.fix}" if exc.fix else ""), pytrace=False)

    return get
