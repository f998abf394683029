"""`controls.rollout.canary.auto` in the plan: defaults, and located errors for limits that
cannot be tested (no signal, steps that do not increase, no share to compare or promote)."""

from __future__ import annotations

from pathlib import Path

import pytest

from phaseone.errors import PlanError
from phaseone.plan.loader import parse_plan

BASE = """\
version: 1
project: {name: inbox}
owner: {name: Dana, role: Head of Support, team: Support, contact: dana@example.com}
target: {kind: http, url: "http://127.0.0.1:9/x"}
controls:
  rollout:
    canary:
      target: {kind: http, url: "http://127.0.0.1:9/canary"}
      percent: PERCENT
      auto: AUTO
"""


def parse(tmp_path: Path, auto: str, percent: float = 10) -> object:
    text = BASE.replace("AUTO", auto).replace("PERCENT", str(percent))
    return parse_plan(text, base_dir=tmp_path)


def problem(tmp_path: Path, auto: str, percent: float = 10) -> tuple[str, str]:
    with pytest.raises(PlanError) as err:
        parse(tmp_path, auto, percent)
    issue = err.value.issues[0]
    return f"{issue.location()} [{issue.path}]", issue.message


def test_the_defaults_test_errors_and_hold_at_max_requests(tmp_path: Path) -> None:
    plan = parse(tmp_path, "{}")
    canary = plan.controls.rollout.canary  # type: ignore[attr-defined]
    auto = canary.auto
    assert list(auto.signals()) == ["errors"] and auto.errors.ratio == 2.5
    assert (auto.alpha, auto.beta, auto.min_requests, auto.at_max_requests) == (
        0.02,
        0.02,
        20,
        "hold",
    )
    assert auto.next_share(10) == 100  # no steps: a promotion serves the canary
    stepped = parse(tmp_path, "{promote_to: [25, 50]}").controls.rollout.canary.auto  # type: ignore[attr-defined]
    assert [stepped.next_share(10), stepped.next_share(25), stepped.next_share(50)] == [25, 50, 100]
    # the identity follows the canary's target and share, not its limits
    same = parse(tmp_path, "{alpha: 0.01}").controls.rollout.canary  # type: ignore[attr-defined]
    assert same.identity() == canary.identity()
    other = parse(tmp_path, "{}", percent=30).controls.rollout.canary  # type: ignore[attr-defined]
    assert other.identity() != canary.identity()


@pytest.mark.parametrize(
    ("auto", "percent", "where", "says"),
    [
        ("{promote_to: [50, 30]}", 10, "promote_to", "30.0 follows 50.0"),
        ("{promote_to: [5, 50]}", 10, "canary.auto", "first step 5.0 is not above percent"),
        ("{errors: null}", 10, "canary.auto", "at least one of errors, latency or quality"),
        ("{min_requests: 100, max_requests: 50}", 10, "max_requests", "below min_requests 100"),
        ("{latency: {ratio: 2}}", 10, "latency.bound_ms", "`bound_ms` is required"),
        ("{}", 0, "canary.auto", "between 0 and 100 percent (percent is 0.0)"),
        ("{}", 100, "canary.auto", "nothing to promote at 100"),
        ("{errors: {ratio: 1}}", 10, "errors.ratio", "must be > 1.0"),
    ],
)
def test_limits_that_cannot_be_tested_are_located_errors(
    tmp_path: Path, auto: str, percent: float, where: str, says: str
) -> None:
    located, message = problem(tmp_path, auto, percent)
    assert ":" in located and where in located, located
    assert says in message, message


def test_quality_needs_online_evals(tmp_path: Path) -> None:
    _, message = problem(tmp_path, "{quality: {ratio: 2}}")
    assert "no slos.online" in message and "auto.quality" in message
    # disabled: nothing is tested, so nothing is needed
    assert parse(tmp_path, "{enabled: false, quality: {ratio: 2}}") is not None
