"""One options object for an eval run (`EvalOptions`), built once and passed down.

`phaseone eval` and the Python API (`run_evals`) both describe what to run with one
frozen `EvalOptions`; the layers below read it and never assemble settings of their
own. Two derivations exist, each in one place: a resume takes the settings recorded with
the run (`evals.resumable.recorded_options`), and a metric suite's baseline run is the same
options with ``role="baseline"`` (`evals.evaluation`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from phaseone.errors import UsageError

Role = Literal["pilot", "baseline", "canary"]
#: Whose target a run calls: the plan's target, its baseline, or its canary.
ROLES: tuple[Role, ...] = ("pilot", "baseline", "canary")
#: Calls in flight when ``--concurrency`` is not given.
DEFAULT_CONCURRENCY = 16


@dataclass(frozen=True)
class EvalOptions:
    """Every option of an eval run; each field has the CLI's default.

    Attributes:
        suites: Suites to run, in order (empty: every suite of the plan).
        resume: Finish this stored run instead (it knows its suite); its recorded
            settings are kept (`evals.resumable`).
        role: ``pilot`` runs the plan's target (and the metric suite's baseline);
            ``baseline`` or ``canary`` runs only that role's target.
        baseline: Also run the baseline target for the metric suite: None = when the
            plan has one, False = never, True = required.
        concurrency: Most calls in flight (the AIMD limiter may lower it); None = not
            given: `DEFAULT_CONCURRENCY` for a new run, the recorded value on a resume.
        repeat: Runs per case; None takes the suite's ``repeat`` (or the recorded one).
        use_cache: Read answers from the response cache and write fresh ones to it;
            None = not given (off for a new run). A development convenience, never
            evidence: the gate does not count a run with reused answers.
        max_cost: Refuse to start when the estimate exceeds it; stop before a call that
            would take the actual spend past it. On a resume it replaces the recorded one.
        dask: Call the target and score on a Dask cluster: ``local``, ``local:N`` or a
            scheduler address (needs the ``dask`` extra).
        retries: Retries of a transient error (timeouts, connection errors, 5xx).
        backoff_base_s: First back-off; doubles per retry, with jitter.
        backoff_max_s: Longest back-off between two attempts.
        case_timeout_s: Per-call timeout; None uses the target's ``timeout_s``.
        max_throttle_waits: 429 answers tolerated per case before it is an error.
        progress: Show progress (a rich bar on a TTY, plain lines otherwise).
        handle_signals: Install a SIGINT handler that stops cleanly (the CLI does).
    """

    suites: tuple[str, ...] = ()
    resume: str | None = None
    role: str = "pilot"
    baseline: bool | None = None
    concurrency: int | None = None
    repeat: int | None = None
    use_cache: bool | None = None
    max_cost: float | None = None
    dask: str | None = None
    retries: int = 2
    backoff_base_s: float = 0.2
    backoff_max_s: float = 10.0
    case_timeout_s: float | None = None
    max_throttle_waits: int = 30
    progress: bool = True
    handle_signals: bool = False

    @property
    def calls_in_flight(self) -> int:
        """The concurrency a run uses: the given one, else `DEFAULT_CONCURRENCY`."""
        return DEFAULT_CONCURRENCY if self.concurrency is None else self.concurrency

    @property
    def reads_cache(self) -> bool:
        """Whether the response cache is read and written (off unless asked for)."""
        return bool(self.use_cache)

    def check(self) -> None:
        """Refuse settings no run can use, before anything starts.

        Raises:
            UsageError: concurrency or repeat below 1, an unknown role, or suite names
                given with ``resume``.
        """
        if self.concurrency is not None and self.concurrency < 1:
            raise UsageError(f"--concurrency must be ≥ 1, got {self.concurrency}")
        if self.repeat is not None and self.repeat < 1:
            raise UsageError(f"--repeat must be ≥ 1, got {self.repeat}")
        if self.role not in ROLES:
            raise UsageError(f"unknown --role {self.role!r}", fix="use pilot, baseline or canary")
        if self.resume is not None and self.suites:
            raise UsageError("--resume takes no suite names (the run knows its suite)")
