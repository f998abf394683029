"""After GO: the plan's service-level objectives, as rules and dashboards other tools run.

`prometheus.py` writes the burn-rate recording and alerting rules, `grafana.py` the
dashboard, `commands.py` the `phaseone slo export` command."""
