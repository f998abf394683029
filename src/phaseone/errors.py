"""The one error hierarchy of phaseone.

Callers catch as broadly (``PhaseoneError``) or as narrowly (``TargetTimeout``) as
they need. Low-level library errors are mapped to these types once, at the
boundary where they happen, so the CLI can turn any of them into a one-screen
message and the right exit code without ever printing a traceback.

The families, each carrying what went wrong (``message``) and what to do (``fix``):

* ``UsageError``: a command was called with arguments that cannot work;
* ``PlanError``: the plan is invalid (every issue, with file:line:column);
* ``DatasetError``: a dataset cannot be read;
* ``TargetError``: calling the AI system failed (timeout, connection, status, shape);
  ``TargetConfigError``: the target's configuration cannot work;
* ``ScorerError``, ``StoreError``;
* ``GuardRefusal``: a guard stage refused a request (HTTP status + code);
* ``InfrastructureError``: something phaseone needs is down or missing (a target or
  judge that stopped answering, an optional extra not installed);
* ``LimitExceeded``: a limit the user set was reached (``--max-cost``);
* ``Interrupted``: the user stopped the command (Ctrl-C); what finished is kept.

The exit code of each family is decided in one place, `phaseone.cli.exit_code_for`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class ExitCode:
    """Process exit codes shared by every command."""

    OK = 0  #: success, GO, PASS
    FAIL = 1  #: NO-GO, FAIL, a failed threshold
    USAGE = 2  #: bad usage or bad input (plan, dataset, arguments), or infrastructure down
    INCONCLUSIVE = 3  #: not enough evidence to decide
    INTERRUPTED = 130  #: stopped by the user (Ctrl-C), as shells report SIGINT


class PhaseoneError(Exception):
    """Root of every error phaseone raises on purpose."""

    #: What the user should do about it; shown under the message.
    fix: str | None = None

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if fix is not None:
            self.fix = fix

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled whole (message, fix, status, …) whatever the subclass's __init__ takes,
        # so an error raised on a Dask worker arrives on the driver as the same type.
        return (_rebuild_error, (type(self), self.message, dict(self.__dict__)))


def _rebuild_error(cls: type[PhaseoneError], message: str, state: dict[str, Any]) -> Any:
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    err.__dict__.update(state)
    return err


class UsageError(PhaseoneError):
    """A command was called with arguments that cannot work."""


class InfrastructureError(PhaseoneError):
    """Something phaseone needs is down or missing: the command says nothing about the
    AI system, so CI shows the cause (exit 2), not a verdict."""


class LimitExceeded(PhaseoneError):
    """A limit the user set (``--max-cost``) was reached; the work stopped there."""


class Interrupted(PhaseoneError):
    """The user stopped the command (Ctrl-C); everything finished so far is kept."""


class MissingExtraError(InfrastructureError):
    """An optional part was used without its extra installed."""

    def __init__(self, feature: str, extra: str, module: str) -> None:
        super().__init__(
            f"{feature} needs the Python module '{module}', which is not installed.",
            fix=f"pip install 'phaseone[{extra}]'",
        )
        self.extra = extra


# --- plan -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanIssue:
    """One thing wrong with a plan, located as precisely as we can."""

    message: str
    path: str = ""  #: dotted field path, e.g. ``suites[1].dataset.path``
    file: str | None = None
    line: int | None = None  #: 1-based
    column: int | None = None  #: 1-based
    fix: str | None = None

    def location(self) -> str:
        where = self.file or "<plan>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where


class PlanError(PhaseoneError):
    """The plan (phaseone.yaml) is invalid; carries every issue found, not only the first."""

    def __init__(self, issues: list[PlanIssue]) -> None:
        self.issues = list(issues)
        first = issues[0] if issues else PlanIssue("invalid plan")
        n = len(self.issues)
        super().__init__(
            f"{first.file or '<plan>'}: {n} problem{'s' if n != 1 else ''} in the plan",
            fix="fix each problem listed, then run `phaseone plan` again",
        )

    def render(self) -> str:
        lines = []
        for issue in self.issues:
            head = f"{issue.location()}"
            if issue.path:
                head += f"  [{issue.path}]"
            lines.append(f"{head}: {issue.message}")
            if issue.fix:
                lines.append(f"    fix: {issue.fix}")
        return "\n".join(lines)


# --- datasets -------------------------------------------------------------------------


class DatasetError(PhaseoneError):
    """A dataset could not be read; names the source, the line/row and the fix."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        fix: str | None = None,
    ) -> None:
        where = source or "dataset"
        if line is not None:
            where += f":{line}"
        super().__init__(f"{where}: {message}", fix=fix)
        self.source = source
        self.line = line


# --- targets --------------------------------------------------------------------------


class TargetError(PhaseoneError):
    """Calling the AI system failed for an infrastructure reason (not a wrong answer)."""

    #: Stored with the case result: ``timeout``, ``connection``, ``status``, ``bad_response``.
    kind: str = "target"
    #: Whether retrying the same call may succeed.
    transient: bool = False


class TargetTimeout(TargetError):
    """The target did not answer within its timeout."""

    kind = "timeout"
    transient = True


class TargetConnectionError(TargetError):
    """The target could not be reached (refused, DNS, reset)."""

    kind = "connection"
    transient = True


class TargetStatusError(TargetError):
    """The target answered with an HTTP error status."""

    kind = "status"

    def __init__(
        self, message: str, *, status: int, retry_after: float | None = None, fix: str | None = None
    ) -> None:
        super().__init__(message, fix=fix)
        self.status = status
        self.retry_after = retry_after
        self.transient = status in (408, 409, 425, 429) or status >= 500


class TargetBadResponse(TargetError):
    """The target answered, but not in the shape the plan says (HTML, wrong JSON path)."""

    kind = "bad_response"


class TargetException(TargetError):
    """The target raised: a Python callable's exception, or a request template that cannot
    render this case's input. Recorded with the case; a bug in the system, not a wrong answer."""

    kind = "exception"


class TargetConfigError(PhaseoneError):
    """The target's configuration cannot work (import path missing, template broken)."""


# --- scorers / store / guard ----------------------------------------------------------


class ScorerError(PhaseoneError):
    """A scorer is misconfigured or could not run."""


class StoreError(PhaseoneError):
    """The store could not be opened, migrated or written."""


class RunNotFound(StoreError):
    """A run id does not exist in the store."""


class GuardRefusal(PhaseoneError):
    """A guard stage refused a request; maps to one HTTP status and JSON error shape."""

    status: int = 400
    code: str = "refused"
    #: The refused request's id (set by the guard; the trace row has this id).
    request_id: str | None = None
    #: What the guardrail found (type, kinds/rules; never the matched text), if any.
    finding: dict[str, object] | None = None

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code


@dataclass
class ErrorInfo:
    """Plain description of an error, for storing with a case result or a trace."""

    kind: str
    message: str
    details: dict[str, object] = field(default_factory=dict)
