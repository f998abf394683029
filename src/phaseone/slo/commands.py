"""`phaseone slo export`: write the plan's SLOs as files other tools read.

Prometheus evaluates the alerting rules on the gateway's `/metrics`, Grafana shows the
dashboard; both are generated from the plan, so the numbers the owner agreed to exist in
one place and the monitoring cannot drift from them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from phaseone.errors import UsageError
from phaseone.plan.loader import LoadedPlan
from phaseone.slo.grafana import dashboard
from phaseone.slo.prometheus import rules

#: A Prometheus label matcher list such as ``job="phaseone", env="prod"``.
_SELECTOR = re.compile(
    r'^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"[^"\\]*"(\s*,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"[^"\\]*")*\s*$'
)


@dataclass(frozen=True)
class ExportedFiles:
    """What `export` wrote."""

    rules: Path
    dashboard: Path
    alerts: int


def export(loaded: LoadedPlan, out_dir: Path, selector: str = "") -> ExportedFiles:
    """Write ``<project>-slo-rules.yml`` and ``<project>-slo-dashboard.json`` to `out_dir`."""
    plan = loaded.plan
    if plan.slos is None:
        raise UsageError(
            f"{loaded.path}: the plan has no `slos:` section, so there is nothing to export",
            fix="add `slos:` with at least one of availability, latency or cost (see docs/slos.md)",
        )
    if selector and _SELECTOR.match(selector) is None:
        raise UsageError(
            f"--selector {selector!r} is not a Prometheus label matcher list",
            fix='write it like job="phaseone-inbox" (several separated by commas)',
        )
    slos, project = plan.slos, plan.project.name
    if slos.availability is None and slos.latency is None and slos.cost is None:
        only = (
            " (slos.quality is evaluated by `phaseone watch` from the store)"
            if slos.quality
            else ""
        )
        raise UsageError(
            f"{loaded.path}: `slos:` names nothing Prometheus can evaluate{only}",
            fix="add at least one of slos.availability, slos.latency or slos.cost",
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    made = rules(slos, project, selector.strip())
    rules_path = out_dir / f"{project}-slo-rules.yml"
    text = yaml.safe_dump(made.document(), sort_keys=False, width=120)
    rules_path.write_text(text, encoding="utf-8")
    board_path = out_dir / f"{project}-slo-dashboard.json"
    board_path.write_text(json.dumps(dashboard(slos, project), indent=2) + "\n", encoding="utf-8")
    return ExportedFiles(rules_path, board_path, len(made.alerts))
