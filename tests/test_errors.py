from __future__ import annotations

from phaseone.cli import exit_code_for
from phaseone.errors import ExitCode, PlanError, PlanIssue, TargetStatusError


def test_plan_error_lists_every_issue_with_location() -> None:
    err = PlanError(
        [
            PlanIssue(
                "unknown key 'ownr'", path="ownr", file="p.yaml", line=3, column=1, fix="owner"
            ),
            PlanIssue("must be ≥ 0", path="phases.two.items[0].monthly", file="p.yaml", line=20),
        ]
    )
    text = err.render()
    assert "p.yaml:3:1  [ownr]: unknown key 'ownr'" in text
    assert "p.yaml:20  [phases.two.items[0].monthly]" in text
    assert "2 problems" in err.message
    assert exit_code_for(err) == ExitCode.USAGE


def test_status_errors_know_which_are_transient() -> None:
    assert TargetStatusError("busy", status=429, retry_after=2).transient
    assert TargetStatusError("down", status=503).transient
    assert not TargetStatusError("bad", status=400).transient


def test_each_error_family_has_its_documented_exit_code() -> None:
    """One table in the CLI maps every family; the codes are the ones the docs promise."""
    from phaseone.demo.run import PilotUnreachable
    from phaseone.errors import (
        DatasetError,
        GuardRefusal,
        MissingExtraError,
        StoreError,
        TargetTimeout,
        UsageError,
    )
    from phaseone.evals import CostLimitExceeded
    from phaseone.evals.outage import InfrastructureStop
    from phaseone.evals.stops import RunInterrupted

    expected = {
        UsageError("bad --limit"): ExitCode.USAGE,
        DatasetError("bad line", source="cases.jsonl", line=3): ExitCode.USAGE,
        StoreError("cannot open"): ExitCode.USAGE,
        GuardRefusal("refused"): ExitCode.USAGE,
        MissingExtraError("PII detection", "pii", "presidio_analyzer"): ExitCode.USAGE,
        InfrastructureStop("connection refused at http://127.0.0.1:1"): ExitCode.USAGE,
        PilotUnreachable("the pilot does not answer"): ExitCode.USAGE,
        TargetTimeout("no answer in 5 s"): ExitCode.FAIL,
        CostLimitExceeded("exceeds --max-cost"): ExitCode.FAIL,
        RunInterrupted("r1"): ExitCode.INTERRUPTED,
    }
    for error, code in expected.items():
        assert exit_code_for(error) == code, type(error).__name__
        assert exit_code_for(type(error)) == code
