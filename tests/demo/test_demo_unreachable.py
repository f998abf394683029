"""`phaseone demo` with a pilot that stops answering: one line, exit 2, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: Runs the real CLI, with the demo's pilot service stopped the moment it has started
#: (as if it crashed): the port it listened on is then closed.
SCRIPT = """
import sys
import phaseone.demo.service as service

real = service.serve_service

def dies_at_once(app, host="127.0.0.1", port=0):
    running = real(app, host=host, port=port)
    running.stop()
    return running

service.serve_service = dies_at_once
from phaseone.cli import main

sys.argv = ["phaseone", "demo", "--dir", sys.argv[1]]
main()
"""


def test_unreachable_pilot_is_one_line_and_exit_2(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PHASEONE_DB_URL"}
    env["COLUMNS"] = "200"
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(__file__).resolve().parents[2] / "src"), env.get("PYTHONPATH", "")]
    )
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "ws")],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 2, out
    assert "Traceback" not in out
    lines = [line for line in out.splitlines() if "is unreachable" in line]
    assert len(lines) == 1, out
    assert lines[0].startswith("error: the pilot service at http://127.0.0.1:")
    # It stopped there: no eval ran against the dead pilot, no decision was taken.
    assert "4/7" not in out and "7/7 The decision" not in out
