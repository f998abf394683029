"""`with workspace(plan) as ws`: the one way a command opens its plan and store."""

from __future__ import annotations

from pathlib import Path

import pytest

from phaseone.errors import PlanError, UsageError
from phaseone.plan.workspace import Workspace, workspace
from phaseone.store.database import Store
from phaseone.store.plans import get_plan_version

from .conftest import WritePlan


def _closes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    closed: list[str] = []
    real = Store.close

    def close(self: Store) -> None:
        closed.append(self.url)
        real(self)

    monkeypatch.setattr(Store, "close", close)
    return closed


def test_the_workspace_gives_the_plan_and_its_store_and_closes_it(
    write_plan: WritePlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_plan()
    closed = _closes(monkeypatch)
    with workspace(path) as ws:
        assert isinstance(ws, Workspace)
        assert ws.project == "inbox-screening" == ws.plan.project.name
        assert ws.plan_path == path.resolve() and ws.base_dir == path.resolve().parent
        # the plan version is recorded, so evidence can name the plan it was made under
        assert get_plan_version(ws.store, ws.loaded.content_hash) is not None
        assert closed == []
    assert closed == [ws.store.url]


def test_the_store_is_closed_when_the_command_fails(
    write_plan: WritePlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = _closes(monkeypatch)
    with pytest.raises(UsageError), workspace(write_plan()):
        raise UsageError("--limit must be 1 or more, got 0")
    assert len(closed) == 1


def test_an_invalid_plan_opens_no_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    closed = _closes(monkeypatch)
    bad = tmp_path / "phaseone.yaml"
    bad.write_text("version: 1\nprojct: {}\n", encoding="utf-8")
    with pytest.raises(PlanError):
        workspace(bad)
    assert closed == [] and not (tmp_path / ".phaseone").exists()
