"""Probes: each exercises one control for real and stores what happened.

`run_probes` talks to a running gateway (`--url`) or starts GUARD's gateway in-process
on an ephemeral loopback port. Drills that break things on purpose (faults, the kill
switch) always get their own in-process gateway around a `FaultyTarget` and a scratch
store, whatever `--url` says.
"""

from phaseone.gate.probes import (  # noqa: F401  (importing registers the probes)
    auth_missing_key,
    auth_revoked_key,
    budget_ceiling,
    fault_injection,
    input_size_limit,
    kill_switch_drill,
    metrics_endpoint,
    pii_redaction,
    prompt_injection,
    rate_limit,
    traces_recorded,
)
from phaseone.gate.probes._registry import PROBES, Observation, Probe, ProbeOutcome, probe
from phaseone.gate.probes.runner import run_probes

__all__ = ["PROBES", "Observation", "Probe", "ProbeOutcome", "probe", "run_probes"]
