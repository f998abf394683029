"""A server we start as a subprocess on port 0, and the port it names once bound.

Never "find a free port, then have the server bind it": on a busy machine another
process can take the port in between. `phaseone serve` and `phaseone dashboard` bind
`--port 0` themselves and print the port the kernel chose in their start-up line;
this reads it back from their output, which goes to a file (a pipe nobody reads
fills up and blocks the server).
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

#: The start-up lines of `phaseone serve` and `phaseone dashboard`, once bound.
STARTED = re.compile(r"phaseone (?:gateway|dashboard) for .* on http://\S+?:(\d+)")


def named_port(proc: subprocess.Popen[bytes], log: Path, timeout: float = 120.0) -> int:
    """The port `proc` (its output in `log`) names in its start-up line; fails, with its
    output, if it exits or says nothing within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        text = log.read_text(errors="replace") if log.exists() else ""
        if m := STARTED.search(text):
            return int(m.group(1))
        if proc.poll() is not None:
            raise AssertionError(f"exited ({proc.returncode}) before naming its port: {text}")
        if time.monotonic() > deadline:
            raise AssertionError(f"named no port within {timeout:g} s: {text[-3000:]}")
        time.sleep(0.05)
