"""Several processes opening one brand-new store at the same moment all get a working store.

Without a lock that spans processes, each one sees an empty database, runs the migrations,
and all but one fail with "table ... already exists" (seen with pytest-xdist workers). The
processes here start together behind a barrier file, so they reach the migration at once.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from phaseone.store import Store

OPENER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    go = Path(sys.argv[2])
    while not go.exists():
        time.sleep(0.001)
    from phaseone.store import Store
    s = Store(sys.argv[1])
    print(sorted(s.table_names()).__len__())
    s.close()
    """
)

PROCESSES = 4


def _open_together(url: str, tmp_path: Path) -> list[subprocess.CompletedProcess[str]]:
    go = tmp_path / "go"
    src = Path(__file__).resolve().parents[2] / "src"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER, url, str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        )
        for _ in range(PROCESSES)
    ]
    time.sleep(1.5)  # every interpreter started and is polling for the barrier
    go.touch()
    done = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(p.args, p.returncode, out, err))
    return done


def test_processes_opening_a_new_store_at_once_all_succeed(store_url: str, tmp_path: Path) -> None:
    results = _open_together(store_url, tmp_path)
    failures = [r.stderr[-800:] for r in results if r.returncode != 0]
    assert not failures, failures
    tables = {r.stdout.strip() for r in results}
    assert len(tables) == 1, tables  # every process saw the same, complete schema
    s = Store(store_url)
    try:
        assert s._at_head()
        assert int(tables.pop()) == len(s.table_names())
    finally:
        s.close()
