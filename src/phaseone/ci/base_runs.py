"""Which runs a CI job made: read back from the JUnit XML that `phaseone eval` wrote.

The JUnit file is the pointer from one CI run to the next: each `<testsuite>` carries its
run's id and suite (`evals/render.py: render_junit`), and it travels in the artifact, so a
merge request finds the base branch's runs without any record of git branches in the store.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from phaseone.errors import UsageError


@dataclass(frozen=True)
class JobRun:
    """One run a CI job made: its suite, the target's role, its id."""

    suite: str
    role: str
    run_id: str


def read_job_runs(path: Path) -> list[JobRun]:
    """The runs named in a JUnit file from `phaseone eval --format junit`, in file order.

    Raises:
        UsageError: the file is missing, is not XML, or names no phaseone run.
    """
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise UsageError(
            f"{path} does not exist",
            fix="pass the JUnit file `phaseone eval --format junit --out FILE` wrote",
        ) from None
    except ET.ParseError as exc:
        raise UsageError(
            f"{path} is not XML: {exc}",
            fix="pass the JUnit file `phaseone eval --format junit --out FILE` wrote",
        ) from None
    runs: list[JobRun] = []
    for suite_el in root.iter("testsuite"):
        props = {p.get("name"): p.get("value") or "" for p in suite_el.iter("property")}
        run_id = props.get("run_id")
        if not run_id:
            continue
        name = suite_el.get("name") or ""
        suite, _, role = name.rpartition(" (")
        runs.append(JobRun(suite=suite or name, role=role.rstrip(")") or "pilot", run_id=run_id))
    if not runs:
        raise UsageError(
            f"{path} names no phaseone run (no <testsuite> with a run_id property)",
            fix="pass the JUnit file `phaseone eval --format junit --out FILE` wrote",
        )
    return runs


def pair_runs(
    base: list[JobRun], head: list[JobRun]
) -> tuple[list[tuple[JobRun, JobRun]], list[JobRun]]:
    """Each head run with the base run of the same suite and role; and the head runs that
    have none (a suite new in this branch: nothing to regress against)."""
    by_key = {(r.suite, r.role): r for r in base}
    pairs: list[tuple[JobRun, JobRun]] = []
    new: list[JobRun] = []
    for r in head:
        match = by_key.get((r.suite, r.role))
        if match is None:
            new.append(r)
        else:
            pairs.append((match, r))
    return pairs, new
