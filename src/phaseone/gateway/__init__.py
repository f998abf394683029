"""The HTTP gateway (`phaseone serve`): the plan's target behind the guard's controls."""

from phaseone.gateway.app import build_app, create_app, create_app_from_env
from phaseone.gateway.server import RunningServer, is_loopback, run_server, serve_in_thread

__all__ = [
    "RunningServer",
    "build_app",
    "create_app",
    "create_app_from_env",
    "is_loopback",
    "run_server",
    "serve_in_thread",
]
