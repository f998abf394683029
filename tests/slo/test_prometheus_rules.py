"""The plan's SLOs as Prometheus rules, checked by real promtool against simulated series.

Each alert is tested both ways: a burn it must catch, and traffic it must let pass (a
negative control), plus the case that shows why there are two windows: a short spike that
the long window has not yet seen as significant must not page.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from phaseone.errors import PlanError, UsageError
from phaseone.guard.metrics import GuardMetrics
from phaseone.plan import load_plan
from phaseone.slo.commands import export
from phaseone.slo.prometheus import COST, DEGRADED, LATENCY_BUCKET, LATENCY_COUNT, SERVED

PLAN = """\
version: 1
project: {name: inbox}
owner: {name: Dana, role: Head of Support, team: Support, contact: dana@example.com}
target: {kind: http, url: "http://127.0.0.1:9/x"}
slos:
  availability: {target: 0.995}
  latency: {target: 0.99, threshold_s: 2.5}
  cost: {per_day: 50}
"""


def promtool() -> str:
    found = shutil.which("promtool")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("promtool is missing in CI: .ci/run installs Debian's prometheus")
        pytest.skip("promtool not installed (Debian package prometheus)")
    return found


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    plan = tmp_path / "phaseone.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    made = export(load_plan(plan), tmp_path / "out")
    assert made.alerts == 8  # 2 ratio SLOs x 3 workbook alerts + 2 cost alerts
    return made.rules


def run_promtool_test(
    rules: Path, series: list[dict[str, str]], tests: list[dict[str, object]]
) -> str:
    """Run `promtool test rules` with one test group; returns its output (fails on mismatch)."""
    doc = {
        "rule_files": [str(rules)],
        "evaluation_interval": "1m",
        "tests": [{"interval": "1m", "input_series": series, "promql_expr_test": tests}],
    }
    path = rules.parent / "test.yml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    done = subprocess.run(
        [promtool(), "test", "rules", str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def firing(at: str, *names: str) -> dict[str, object]:
    """Expect exactly these alerts to be firing at `at` (none when no names)."""
    return {
        "expr": 'count by (alertname) (ALERTS{alertstate="firing"})',
        "eval_time": at,
        "exp_samples": [{"labels": f'{{alertname="{n}"}}', "value": 1} for n in names],
    }


def traffic(served_per_min: int, degraded: str) -> list[dict[str, str]]:
    return [
        {"series": f"{SERVED}", "values": f"0+{served_per_min}x500"},
        {"series": f'{DEGRADED}{{reason="error"}}', "values": degraded},
    ]


def test_promtool_accepts_the_generated_rules(rules_file: Path) -> None:
    done = subprocess.run(
        [promtool(), "check", "rules", str(rules_file)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS: 20 rules found" in done.stdout


def test_a_sustained_burn_pages_and_healthy_traffic_does_not(rules_file: Path) -> None:
    # Two clean hours, then 10% of answers degraded against a 99.5% objective: 20x the even
    # burn. The 1 h page (14.4x) needs the 1 h window above 7.2%: 43 min into the burn.
    run_promtool_test(
        rules_file,
        traffic(600, "0x120 60+60x400"),
        [
            firing("125m"),  # 5 min in: the short window burns, the long one not yet
            firing(
                "168m",  # 48 min in: 1 h window at 8%; 6 h window 2.9% (< 3%, no 6 h page)
                "PhaseoneAvailabilityBudgetBurnPage1h",
                "PhaseoneAvailabilityBudgetBurnTicket3d",
            ),
        ],
    )
    # Negative control: 0.1% degraded is inside the budget; no alert at any time.
    run_promtool_test(rules_file, traffic(600, "0+0.6x500"), [firing("65m"), firing("400m")])


def test_a_short_spike_does_not_page_until_the_long_window_agrees(rules_file: Path) -> None:
    # 400 clean minutes, then 3 min at 50% degraded: the 5 m window is far above every
    # alert's line, but no long window is (1 h: 2.5%, 6 h: 0.4%, 3 d: 0.37%): nothing fires.
    run_promtool_test(
        rules_file,
        traffic(600, "0x400 300+300x2 900x100"),
        [
            {
                "expr": "phaseone:availability_bad:ratio_rate5m > bool 0.072",
                "eval_time": "403m",
                "exp_samples": [{"labels": "{}", "value": 1}],
            },
            firing("403m"),
        ],
    )


def test_slow_answers_burn_the_latency_budget_fast_ones_do_not(rules_file: Path) -> None:
    slow = [
        {"series": SERVED, "values": "0+600x200"},
        {"series": LATENCY_COUNT, "values": "0+600x200"},
        {"series": f'{LATENCY_BUCKET}{{le="2.5"}}', "values": "0+480x200"},  # 20% over 2.5 s
    ]
    run_promtool_test(
        rules_file,
        slow,
        [
            firing(
                "65m",
                "PhaseoneLatencyBudgetBurnPage1h",
                "PhaseoneLatencyBudgetBurnPage6h",
                "PhaseoneLatencyBudgetBurnTicket3d",
            )
        ],
    )
    fast = [*slow[:2], {"series": f'{LATENCY_BUCKET}{{le="2.5"}}', "values": "0+600x200"}]
    run_promtool_test(rules_file, fast, [firing("65m")])


def test_spending_at_four_times_the_daily_limit_pages(rules_file: Path) -> None:
    # 10 per hour is 240 per day against 50: above 4x (200) for more than 5 minutes.
    hot = [{"series": COST, "values": "0+0.1666666667x200"}]
    run_promtool_test(rules_file, hot, [firing("65m", "PhaseoneCostPaceHigh")])
    # 1 per hour (24 per day) is under the limit: nothing fires.
    run_promtool_test(
        rules_file, [{"series": COST, "values": "0+0.01666666667x200"}], [firing("65m")]
    )


def test_every_series_the_rules_read_is_on_the_gateways_metrics() -> None:
    m = GuardMetrics("inbox")
    m.observe("ok", 200, "primary", 0.3, 10, 5, 0.01)
    m.observe("fallback", 200, "fallback", 3.0, None, None, 0.0)
    samples = {
        (s.name, s.labels.get("le"))
        for fam in text_string_to_metric_families(m.render().decode())
        for s in fam.samples
    }
    names = {n for n, _ in samples}
    assert {SERVED, DEGRADED, LATENCY_COUNT, COST} <= names
    assert (LATENCY_BUCKET, "2.5") in samples  # the bound a latency SLO may name


def test_a_latency_bound_the_histogram_lacks_is_a_located_plan_error(tmp_path: Path) -> None:
    plan = tmp_path / "phaseone.yaml"
    plan.write_text(PLAN.replace("threshold_s: 2.5", "threshold_s: 2"), encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(plan)
    issue = info.value.issues[0]
    assert issue.path == "slos.latency.threshold_s"
    assert issue.line == 7
    assert "nearest: 1, 2.5" in issue.message


def test_bad_windows_are_plan_errors(tmp_path: Path) -> None:
    plan = tmp_path / "phaseone.yaml"
    text = PLAN + textwrap.indent(
        "alerts:\n  - {severity: page, budget_spent: 0.02, long_window: 5m, short_window: 1h}\n",
        "  ",
    )
    plan.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(plan)
    assert "short_window 1h must be shorter than long_window 5m" in info.value.issues[0].message


def test_export_without_slos_and_a_bad_selector_are_usage_errors(tmp_path: Path) -> None:
    plan = tmp_path / "phaseone.yaml"
    plan.write_text(PLAN.split("slos:")[0], encoding="utf-8")
    with pytest.raises(UsageError, match="no `slos:` section"):
        export(load_plan(plan), tmp_path / "out")
    plan.write_text(PLAN, encoding="utf-8")
    with pytest.raises(UsageError, match="not a Prometheus label matcher"):
        export(load_plan(plan), tmp_path / "out", selector="job=inbox")
    made = export(load_plan(plan), tmp_path / "out", selector='job="inbox"')
    assert 'phaseone_requests_served_total{job="inbox"}[5m]' in made.rules.read_text()


def test_the_cli_writes_both_files_and_exits_2_without_slos(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from phaseone.cli import app

    plan = tmp_path / "phaseone.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    out = tmp_path / "monitoring"
    done = CliRunner().invoke(app, ["slo", "export", "-p", str(plan), "-o", str(out)])
    assert done.exit_code == 0, done.stdout
    board = json.loads((out / "inbox-slo-dashboard.json").read_text())
    recorded = {r["record"] for r in rules_of(out / "inbox-slo-rules.yml")}
    plotted = {t["expr"] for p in board["panels"] for t in p["targets"]}
    # the dashboard plots the very series the alerts read
    assert {e for e in plotted if e.startswith("phaseone:")} <= recorded
    assert len(board["panels"]) == 5
    plan.write_text(PLAN.split("slos:")[0], encoding="utf-8")
    # the real command line: the error with its fix and exit code 2, no traceback
    cli = [str(Path(sys.executable).parent / "phaseone"), "slo", "export", "-p", str(plan)]
    failed = subprocess.run(cli, capture_output=True, text=True, timeout=60)
    said = failed.stdout + failed.stderr
    assert failed.returncode == 2, said
    assert "no `slos:` section" in said and "Traceback" not in said


def rules_of(path: Path) -> list[dict[str, str]]:
    doc = yaml.safe_load(path.read_text())
    return [r for g in doc["groups"] for r in g["rules"] if "record" in r]
