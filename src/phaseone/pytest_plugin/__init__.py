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
"""

from __future__ import annotations

import pytest

#: The name the session's plugin object is registered under.
PLUGIN_NAME = "phaseone-suite"


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
    suites = list(config.getoption("phaseone_suite") or config.getini("phaseone_suite"))
    if not suites:
        return
    # Imported only now: a pytest run that asks for no suite pays nothing for phaseone.
    from phaseone.pytest_plugin.session import SuiteSession

    config.pluginmanager.register(SuiteSession.of(config, suites), PLUGIN_NAME)
