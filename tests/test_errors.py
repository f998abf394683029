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
