"""The plan directory's Python sources, shipped with a run's spec to Dask workers.

Why: a `python` target (``callable: my_pilot:classify``) and a `python` scorer import
modules from the plan's directory. A worker on another host has no such directory, so
the driver sends the directory's ``*.py`` files with the run's spec and a worker that
lacks them (or holds other versions) writes them to a directory of its own for the run.
Only Python sources travel: the driver alone reads datasets, and other files a pilot
opens itself must be on each worker (docs/deployment.md says so).
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path, PurePosixPath

log = logging.getLogger(__name__)

#: Above these, nothing is shipped (a virtualenv or a checkout was probably in the way)
#: and the workers need the files at the same path, as without shipping.
MAX_FILES = 500
MAX_BYTES = 8 * 1024 * 1024
#: Directories never searched: environments, caches, VCS and phaseone's own store.
SKIP_DIRS = frozenset(
    {"__pycache__", "node_modules", "site-packages", "venv", "env", ".venv", ".phaseone"}
)

Sources = tuple[tuple[str, bytes], ...]


def collect_sources(base_dir: Path) -> Sources:
    """``(relative posix path, content)`` of every ``*.py`` under `base_dir`, or nothing
    when they exceed `MAX_FILES` / `MAX_BYTES`."""
    found: list[tuple[str, bytes]] = []
    size = 0
    base = Path(base_dir)
    for root, dirs, files in os.walk(base):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in SKIP_DIRS
            and not (Path(root) / d / "pyvenv.cfg").exists()
        )
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = Path(root) / name
            try:
                data = path.read_bytes()
            except OSError:
                continue
            size += len(data)
            found.append((path.relative_to(base).as_posix(), data))
            if len(found) > MAX_FILES or size > MAX_BYTES:
                log.warning(
                    "%s holds more than %d Python files or %d MB: none are sent to the Dask"
                    " workers, which need them at the same path",
                    base,
                    MAX_FILES,
                    MAX_BYTES // 2**20,
                )
                return ()
    return tuple(found)


def _safe(rel: str) -> PurePosixPath:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"refusing to write {rel!r} outside the run's directory")
    return path


def where_to_import(base_dir: Path, sources: Sources, token: str) -> Path:
    """The directory a worker imports the plan's modules from: `base_dir` when it holds
    every shipped file unchanged (same host, or a shared file system), else a directory
    of this run's own (under the temp dir) holding the shipped files."""
    if not sources:
        return base_dir
    base = Path(base_dir)
    if all(_same(base / rel, data) for rel, data in sources):
        return base
    own = Path(tempfile.gettempdir()) / "phaseone-runs" / token
    for rel, data in sources:
        path = own.joinpath(*_safe(rel).parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return own


def _same(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(data).digest()
    except OSError:
        return False
