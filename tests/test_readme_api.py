"""The README's Python example, run as a user would run it: a real plan on disk, a fresh
Python process, the example's code as the README shows it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import phaseone

ROOT = Path(__file__).resolve().parent.parent

BOT = """
def classify(text):
    return "spam" if any(w in str(text).lower() for w in ("win", "free", "prize")) else "ham"
"""

PLAN = """\
version: 1
project: {name: readme-api, currency: EUR}
owner:
  {name: Dana Okafor, role: Head of Support, team: Support, contact: dana@example.com}
target: {kind: python, callable: "readme_bot:classify"}
suites:
  - name: inbox
    dataset: {kind: jsonl, path: cases.jsonl, mapping: {id: id}}
    scorers: [{kind: classification, labels: [spam, ham]}]
    threshold: 0.5
    tags: [happy]
store: {url: "sqlite:///store.db"}
"""


def _readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## In Python", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.S)
    assert found is not None, "README's 'In Python' section has no python block"
    return found.group(1)


def test_the_readme_python_example_runs_against_a_real_plan(tmp_path: Path) -> None:
    (tmp_path / "readme_bot.py").write_text(BOT)
    (tmp_path / "phaseone.yaml").write_text(PLAN)
    with (tmp_path / "cases.jsonl").open("w") as f:
        for i in range(12):
            spam = i % 3 == 0
            text = f"WIN a free prize {i}" if spam else f"lunch at {i}?"
            label = "spam" if spam else "ham"
            f.write(json.dumps({"id": f"c{i}", "input": text, "expected": label}))
            f.write("\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("PHASEONE_DB_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", _readme_example()],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    # The eval ran and was stored: one line per run, with its verdict and case count.
    assert lines[0] == "inbox PASS 12 cases"
    # The gate decided on that evidence without recording it (no probes, no lock: not GO).
    assert lines[1] in {"NO-GO", "INCONCLUSIVE"}
    # The guard answered through the plan's controls.
    assert lines[-1] == "spam"


def test_the_public_names_are_documented_and_load_lazily() -> None:
    assert sorted(phaseone.__all__) == sorted(set(phaseone.__all__))
    for name in phaseone.__all__:
        obj = getattr(phaseone, name)
        assert obj.__doc__, f"phaseone.{name} has no docstring"
    code = "import sys, phaseone.errors; print('phaseone.api' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"
