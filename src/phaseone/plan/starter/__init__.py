"""`phaseone init`: a commented starter plan and example suites a team edits, not writes.

The starter is a real, valid plan (a test loads it) so the first `phaseone plan` a
team runs already shows the diagnosis rather than an error.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from importlib import resources
from pathlib import Path

from phaseone.errors import UsageError
from phaseone.plan.loader import DEFAULT_PLAN

__all__ = ["STARTER_FILES", "write_starter"]

#: Files written by `phaseone init`, relative to the target directory.
STARTER_FILES = (DEFAULT_PLAN, "cases/edge.jsonl", "cases/adversarial.jsonl")


def _project_name(directory: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", directory.resolve().name.lower()).strip("-")
    return slug or "my-pilot"


def _render(text: str, directory: Path, today: dt.date) -> str:
    weeks = dt.timedelta(weeks=1)
    values = {
        "__PROJECT__": _project_name(directory),
        "__START__": today.isoformat(),
        "__END__": (today + 6 * weeks).isoformat(),
        "__START2__": (today + 7 * weeks).isoformat(),
        "__END2__": (today + 19 * weeks).isoformat(),
    }
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def write_starter(
    directory: str | os.PathLike[str] = ".",
    *,
    force: bool = False,
    today: dt.date | None = None,
) -> list[Path]:
    """Write the starter plan and example suites into `directory`.

    Args:
        force: overwrite an existing plan (example case files are never overwritten,
            because they may already hold a team's real cases).

    Returns:
        The files written.

    Raises:
        UsageError: a plan already exists and `force` is false.
    """
    target = Path(directory)
    plan_path = target / DEFAULT_PLAN
    if plan_path.exists() and not force:
        raise UsageError(
            f"{plan_path} already exists; phaseone init will not overwrite a plan",
            fix=f"edit it, or run `phaseone init {directory} --force` to replace it",
        )
    today = today or dt.date.today()
    source = resources.files(__name__)
    written: list[Path] = []
    for rel in STARTER_FILES:
        dest = target / rel
        if dest.exists() and rel != DEFAULT_PLAN:
            continue
        text = source.joinpath(rel).read_text(encoding="utf-8")
        if rel == DEFAULT_PLAN:
            text = _render(text, target, today)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
        written.append(dest)
    return written
