"""Small durable switches shared by every gateway instance (e.g. the kill switch)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from phaseone.store.database import Store
from phaseone.store.models import Setting

KILL_SWITCH = "kill_switch"


def get_setting(store: Store, project: str, key: str, default: Any = None) -> Any:
    with store.session() as s:
        value = s.scalar(
            select(Setting.value).where(Setting.project == project, Setting.key == key)
        )
    return default if value is None else value


def set_setting(store: Store, project: str, key: str, value: Any) -> None:
    """Insert or update a switch. Two writers that both find it missing race on the
    insert; the loser updates the row the winner wrote (last write wins, no error)."""
    for attempt in (1, 2):
        try:
            with store.session() as s:
                row = s.get(Setting, (project, key))
                if row is None:
                    s.add(Setting(project=project, key=key, value=value))
                else:
                    row.value = value
                    row.updated_at = dt.datetime.now(dt.UTC)
            return
        except IntegrityError:
            if attempt == 2:
                raise


def kill_switch_on(store: Store, project: str) -> bool:
    return bool(get_setting(store, project, KILL_SWITCH, False))


def set_kill_switch(store: Store, project: str, on: bool) -> None:
    set_setting(store, project, KILL_SWITCH, bool(on))
