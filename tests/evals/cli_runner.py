"""`phaseone …` run in this process, as a shell would run it: argv in, exit code out."""

from __future__ import annotations

import sys

import pytest

from phaseone.cli import main


def cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """Run ``phaseone ARGS…`` with the plan's own store (no ``PHASEONE_DB_URL``); return
    the exit code."""
    monkeypatch.setattr(sys, "argv", ["phaseone", *args])
    monkeypatch.delenv("PHASEONE_DB_URL", raising=False)
    with pytest.raises(SystemExit) as info:
        main()
    code = info.value.code
    return int(code) if code is not None else 0
