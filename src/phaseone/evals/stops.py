"""The two ways a run ends early on purpose, as errors that keep what it stored.

A run over its spend limit and a run stopped by Ctrl-C are stored (status
``interrupted``) with every finished case, and raised so that the command exits with
their own code and names the resume. An outage stop is the third (`outage.py`).
"""

from __future__ import annotations

from phaseone.errors import Interrupted, LimitExceeded


class CostLimitExceeded(LimitExceeded):
    """A run would spend (or has spent) more than ``--max-cost``."""

    def __init__(self, message: str, *, run_id: str | None = None, fix: str | None = None) -> None:
        super().__init__(message, fix=fix)
        self.run_id = run_id


class RunInterrupted(Interrupted):
    """The run was stopped (Ctrl-C); everything finished so far is stored."""

    def __init__(self, run_id: str) -> None:
        super().__init__(
            f"run {run_id} interrupted; finished cases are stored",
            fix=f"phaseone eval --resume {run_id}",
        )
        self.run_id = run_id
