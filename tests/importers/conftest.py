"""What every promptfoo import test shares: the CLI in-process, the local servers'
responders for the capitals config, and a clean `promptfoo_shim` per test."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from phaseone.cli import main

from .capitals import api_answer, chat_answer


def cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """`phaseone ARGS…` in this process, with the plan's own store; the exit code."""
    monkeypatch.setattr(sys, "argv", ["phaseone", *args])
    monkeypatch.delenv("PHASEONE_DB_URL", raising=False)
    try:
        main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


@pytest.fixture(autouse=True)
def _fresh_shim(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's plan folder has its own promptfoo_shim.py: never reuse another's."""
    monkeypatch.delitem(sys.modules, "promptfoo_shim", raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))


def api_responder(payload: Any, request: Any) -> Any:
    """The HTTP pilot behind `JsonServer`: the answer at `data.answer`."""
    return {"data": {"answer": api_answer(payload["question"])}, "country": payload["country"]}


def chat_responder(messages: list[dict[str, Any]], payload: dict[str, Any]) -> str:
    """The chat model behind `OpenAIServer`."""
    return chat_answer(str(messages[-1]["content"]))


def passes_of(doc: dict[str, Any]) -> tuple[int, int]:
    """(passes, cases) over every run of a `phaseone eval -f json` document."""
    runs = doc["runs"]
    return (
        sum(r["summary"]["pass_rate"]["passes"] for r in runs),
        sum(r["summary"]["n"] for r in runs),
    )
