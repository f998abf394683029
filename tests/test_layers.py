"""The one-way layers of docs/architecture.md hold, and the check would see a breach.

`lint-imports` (import-linter) reads the contracts in pyproject.toml; `make lint` runs it.
These tests run it the same way, on this source tree, so a layer violation fails the test
suite too, and show on a copy of the tree that an import against the layers is caught.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("importlinter", reason="import-linter is in the dev extra")

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(src: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT), str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_the_contracts_hold_on_this_tree() -> None:
    done = _lint(ROOT / "src", ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Dependencies point one way KEPT" in done.stdout
    assert "No import loops between the modules of a package KEPT" in done.stdout
    assert "Only the store speaks SQL" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # the guard importing the gateway that wraps it: a layer upwards
        ("guard/limits.py", "import phaseone.gateway.models", "Dependencies point one way"),
        # two sibling layers that must not know each other
        ("datasets/jsonl.py", "import phaseone.targets.base", "Dependencies point one way"),
        # a loop inside one package, even through a deferred import
        (
            "evals/stats.py",
            "def _later() -> None:\n    import phaseone.evals.summary",
            "No import loops between the modules of a package",
        ),
        # SQL outside the store, even a deferred import of SQLAlchemy
        (
            "gate/checks/cost.py",
            "def _later() -> None:\n    import sqlalchemy",
            "Only the store speaks SQL",
        ),
    ],
)
def test_an_import_against_the_layers_is_caught(
    tmp_path: Path, module: str, line: str, broken: str
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "phaseone", src / "phaseone")
    target = src / "phaseone" / module
    target.write_text(target.read_text() + "\n\n" + line + "\n")
    done = _lint(src, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    report = done.stdout.split("Broken contracts", 1)[-1]
    assert broken in report, done.stdout
