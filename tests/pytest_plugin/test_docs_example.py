"""docs/pytest.md's example of phaseone in a user's own tests runs as written.

The block is cut from the page and run by pytest in a subprocess, in a directory whose
plan's target is the keyword spam classifier of `tests/servers.py` on 127.0.0.1.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

# tests/evals holds the plan workspace builder (the reliability tests share it too).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "evals"))
from evals_workspace import http_target, write_workspace

from servers import JsonServer, spam_responder

DOC = Path(__file__).resolve().parents[2] / "docs" / "pytest.md"
MARK = "<!-- tested by tests/pytest_plugin/test_docs_example.py"


def example() -> str:
    text = DOC.read_text(encoding="utf-8")
    after = text[text.index(MARK) :]
    found = re.search(r"```python\n(.*?)```", after, re.S)
    assert found is not None, "the tested example lost its python block"
    return found.group(1)


def test_the_docs_example_passes_against_a_real_target(pytester: pytest.Pytester) -> None:
    with JsonServer(spam_responder) as server:
        write_workspace(pytester.path, target=http_target(server.url))
        pytester.makepyfile(test_answers=example())
        result = pytester.runpytest_subprocess("-p", "phaseone.pytest_plugin", "-v")
        result.assert_outcomes(passed=3)
        assert result.ret == 0
        asked: list[Any] = [r.body for r in server.received if r.path == "/classify"]
    # the guard called the target for the good input only: the oversized one was refused first
    assert asked == [{"input": "WIN a free prize"}]


def test_the_example_fails_when_its_claim_is_false(pytester: pytest.Pytester) -> None:
    with JsonServer(spam_responder) as server:
        write_workspace(pytester.path, target=http_target(server.url))
        broken = example().replace("within 30 days", "within a month")
        pytester.makepyfile(test_answers=broken)
        result = pytester.runpytest_subprocess("-p", "phaseone.pytest_plugin")
        result.assert_outcomes(passed=2, failed=1)
        assert "regex" in result.stdout.str()
