"""One eval for all the workers of a pytest-xdist session, whatever named the suites.

Under pytest-xdist the controller collects nothing: only the workers see a module's
``phaseone`` marker, and each worker collects every module, so each knows the session's
suites and would run them. The first worker that needs the outcome (its first case
item, or the ``phaseone_run`` fixture) takes a file lock keyed on the xdist run, the
plan and the suites, runs the eval and leaves what it made beside the lock: the run ids,
or the error. Every other worker waits on the lock, then reads the stored runs by id.
So the suites run once, as one eval, exactly as without xdist, and when ``-k`` selects
none of their cases no worker runs them.

The lock is a file (``filelock``: released by the OS if its holder dies) in a directory
private to the user, named by xdist's ``testrunuid``. The record beside it is pickled
(phaseone's errors pickle as their own type, `phaseone.errors.PhaseoneError.__reduce__`):
a directory only this user can write is trusted like the user's own files.

At the end every worker hands the controller a `WorkerReport` through xdist's
``workeroutput``: the run ids (or the error) and how many of the user's own tests
failed; the controller reads the same runs from the store, says the verdict and sets
the exit status (`session.py`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from phaseone.errors import PhaseoneError, UsageError
from phaseone.pytest_plugin.outcome import SuiteOutcome


@dataclass(frozen=True)
class WorkerReport:
    """What one xdist worker tells the controller when it finishes.

    Attributes:
        plan: The session's plan (a marker may name it: the controller cannot know).
        run_ids: The eval's runs, or None if this worker never needed them (no case of
            its share was selected) or the eval failed.
        error: The eval's error (the same in every worker that needed the outcome).
        own_failures: Failed tests of the user's own (not case items) on this worker.
        shared: The directory of the lock, for the controller to remove at the end.
    """

    plan: Path
    run_ids: tuple[str, ...] | None = None
    error: PhaseoneError | None = None
    own_failures: int = 0
    shared: Path | None = None

    def dumps(self) -> bytes:
        """For ``workeroutput`` (execnet carries bytes, not objects)."""
        return pickle.dumps(self)

    @staticmethod
    def loads(said: bytes) -> WorkerReport:
        report = pickle.loads(said)
        assert isinstance(report, WorkerReport)
        return report


@dataclass(frozen=True)
class _Record:
    """What the worker holding the lock leaves for the others (pickled beside it)."""

    worker: str
    run_ids: tuple[str, ...] | None = None  # None while the eval runs
    error: PhaseoneError | None = None


def shared_dir(testrunuid: str) -> Path:
    """The xdist run's directory of locks (not created): one per session, in the temp dir."""
    return Path(tempfile.gettempdir()) / f"phaseone-pytest-{testrunuid}"


def remove_shared(path: Path) -> None:
    """The controller removes the run's directory once every worker is done."""
    shutil.rmtree(path, ignore_errors=True)


def once(
    directory: Path,
    worker: str,
    plan: Path,
    suites: Sequence[str],
    run: Callable[[], SuiteOutcome],
    read: Callable[[Sequence[str]], SuiteOutcome],
) -> SuiteOutcome:
    """The eval's outcome: made by `run` in the first worker to ask, read by the others.

    Args:
        directory: The xdist run's directory (`shared_dir`); created private if needed.
        worker: This worker's id (``gw0``), named if it stops mid-eval.
        plan, suites: What the eval runs; the lock is keyed on them.
        run: Runs the eval.
        read: The outcome of stored runs, by id.

    Raises:
        PhaseoneError: the eval's error, in the worker that ran it and in every other
            one; a `UsageError` when the worker running it died before it finished
            (it is not run again: a second run would count as a second look).
    """
    _private(directory)
    key = hashlib.sha256("\0".join([str(plan), *sorted(suites)]).encode()).hexdigest()[:16]
    record = directory / f"{key}.pickle"
    with FileLock(directory / f"{key}.lock"):
        if record.exists():
            found = pickle.loads(record.read_bytes())
            assert isinstance(found, _Record)
            if found.error is not None:
                raise found.error
            if found.run_ids is None:
                raise UsageError(
                    f"the pytest-xdist worker {found.worker} that was running the phaseone"
                    " eval stopped before it finished; it is not run a second time in this"
                    " session",
                    fix=f"see {found.worker}'s failure above, then run pytest again",
                )
            return read(found.run_ids)
        _write(record, _Record(worker))
        try:
            outcome = run()
        except PhaseoneError as exc:
            _write(record, _Record(worker, error=exc))
            raise
        _write(record, _Record(worker, run_ids=outcome.run_ids))
        return outcome


def _private(directory: Path) -> None:
    """Create the directory for this user only, and refuse one someone else made."""
    directory.mkdir(mode=0o700, exist_ok=True)
    if not hasattr(os, "getuid"):
        return  # Windows: the temp dir is per user already
    st = directory.stat()
    if st.st_uid != os.getuid() or st.st_mode & 0o077:
        raise UsageError(
            f"{directory} belongs to another user or is open to others; phaseone's"
            " pytest-xdist workers share their eval's record there and will not trust it",
            fix=f"remove {directory} and run pytest again",
        )


def _write(path: Path, record: _Record) -> None:
    """Replace the record whole (a reader never sees half of one)."""
    part = path.with_suffix(".part")
    part.write_bytes(pickle.dumps(record))
    part.replace(path)


__all__ = ["WorkerReport", "once", "remove_shared", "shared_dir"]
