"""Progress of a run: a rich bar on a terminal, plain periodic lines in CI logs.

Both read the same counters, which the runner updates once per finished case; drawing
happens on rich's own refresh thread (or every few seconds for plain lines), never per case.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import IO, Any, Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from phaseone.humanize import duration


@dataclass
class Counters:
    total: int | None = None
    done: int = 0
    passed: int = 0
    scored: int = 0
    errors: int = 0
    cached: int = 0
    skipped: int = 0  #: already stored before a resume

    def pass_rate(self) -> float | None:
        return self.passed / self.scored if self.scored else None


class ProgressReporter(Protocol):
    counters: Counters

    def start(self, label: str, total: int | None, already_done: int = 0) -> None: ...

    def advance(self, *, passed: bool | None, error: bool, cached: bool) -> None: ...

    def stop(self) -> None: ...


class _Base:
    def __init__(self) -> None:
        self.counters = Counters()

    def advance(self, *, passed: bool | None, error: bool, cached: bool) -> None:
        c = self.counters
        c.done += 1
        if error:
            c.errors += 1
        elif passed is not None:
            c.scored += 1
            if passed:
                c.passed += 1
        if cached:
            c.cached += 1


class NullProgress(_Base):
    def start(self, label: str, total: int | None, already_done: int = 0) -> None:
        self.counters.total = total
        self.counters.skipped = already_done

    def stop(self) -> None:
        pass


def _status_text(c: Counters) -> str:
    rate = c.pass_rate()
    pr = f"{rate:.1%}" if rate is not None else "—"
    text = f"pass {pr}  errors {c.errors}"
    if c.cached:
        text += f"  cached {c.cached}"
    return text


class PlainProgress(_Base):
    """A line every ``every_s`` seconds: readable in CI logs, no control characters."""

    def __init__(self, stream: IO[str] | None = None, every_s: float = 5.0) -> None:
        super().__init__()
        self.stream = stream or sys.stderr
        self.every_s = every_s
        self._label = ""
        self._t0 = 0.0
        self._last = 0.0

    def start(self, label: str, total: int | None, already_done: int = 0) -> None:
        self._label = label
        self.counters.total = total
        self.counters.skipped = already_done
        self._t0 = self._last = time.monotonic()

    def advance(self, *, passed: bool | None, error: bool, cached: bool) -> None:
        super().advance(passed=passed, error=error, cached=cached)
        now = time.monotonic()
        if now - self._last >= self.every_s:
            self._last = now
            self._line(now)

    def _line(self, now: float) -> None:
        c = self.counters
        elapsed = max(now - self._t0, 1e-9)
        rate = c.done / elapsed
        done = c.done + c.skipped
        total = f"/{c.total}" if c.total is not None else ""
        eta = ""
        if c.total is not None and rate > 0:
            eta = f"  eta {duration(max(0.0, (c.total - done) / rate))}"
        print(
            f"{self._label}: {done}{total}  {rate:.1f}/s{eta}  {_status_text(c)}",
            file=self.stream,
            flush=True,
        )

    def stop(self) -> None:
        self._line(time.monotonic())


class RichProgress(_Base):
    """A live bar with done/total, rate, ETA, pass rate so far and errors."""

    def __init__(self, console: Console | None = None) -> None:
        super().__init__()
        self.console = console or Console(stderr=True, emoji=False)
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[status]}"),
            console=self.console,
            transient=False,
            refresh_per_second=4,
        )
        self._task: TaskID | None = None
        self._t0 = 0.0
        self._last_fields = 0.0

    def start(self, label: str, total: int | None, already_done: int = 0) -> None:
        self.counters.total = total
        self.counters.skipped = already_done
        self._t0 = time.monotonic()
        self._progress.start()
        self._task = self._progress.add_task(
            label, total=total, completed=already_done, rate="", status=""
        )

    def advance(self, *, passed: bool | None, error: bool, cached: bool) -> None:
        super().advance(passed=passed, error=error, cached=cached)
        if self._task is None:
            return
        now = time.monotonic()
        fields: dict[str, Any] = {}
        if now - self._last_fields > 0.25:
            self._last_fields = now
            rate = self.counters.done / max(now - self._t0, 1e-9)
            fields = {"rate": f"{rate:,.1f}/s", "status": _status_text(self.counters)}
        self._progress.update(self._task, advance=1, **fields)

    def stop(self) -> None:
        if self._task is not None:
            rate = self.counters.done / max(time.monotonic() - self._t0, 1e-9)
            self._progress.update(
                self._task, rate=f"{rate:,.1f}/s", status=_status_text(self.counters)
            )
        self._progress.stop()


def make_progress(enabled: bool, stream: IO[str] | None = None) -> ProgressReporter:
    """Rich bar when the output is a terminal, plain lines otherwise, nothing if disabled."""
    if not enabled:
        return NullProgress()
    out = stream or sys.stderr
    if out.isatty():
        return RichProgress(Console(file=out, emoji=False))
    return PlainProgress(out)
