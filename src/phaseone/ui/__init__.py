"""The production owner's dashboard: a read-only, local, server-rendered view of the store.

`phaseone dashboard` serves it. It reads what the gate, the eval runner, the gateway and
the probes stored, and shows aggregates only: never a trace's input or output.
"""

from phaseone.ui.app import create_app
from phaseone.ui.summary import build_summary

__all__ = ["build_summary", "create_app"]
