"""The route the guard chose is traced apart from the one that answered, and the canary's
share is what the automatic canary decisions left in the store (not the plan's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from guardkit import EchoTarget, wait_until
from sqlalchemy import select

from phaseone.guard import FaultyTarget, Guard, TooLarge
from phaseone.plan.schema import Controls
from phaseone.store import Store
from phaseone.store.canary_queries import take_step
from phaseone.store.models import Trace

CANARY = {"target": {"kind": "http", "url": "http://127.0.0.1:9/canary"}}


def controls(canary: dict[str, Any], **more: Any) -> Controls:
    return Controls.model_validate(
        {
            "rate_limit": None,
            "limits": {"max_input_chars": 100},
            "resilience": {"timeout_s": 1, "retries": 0, "fallback": {"static": "sorry"}},
            "rollout": {"canary": canary},
            **more,
        }
    )


def traces(store: Store) -> dict[str, Trace]:
    with store.session() as s:
        rows = list(s.scalars(select(Trace)).all())
        s.expunge_all()
    return {t.id: t for t in rows}


async def test_a_failed_canary_answered_by_the_fallback_is_traced_as_chosen_canary(
    sqlite_store: Store,
) -> None:
    echo = EchoTarget()
    guard = Guard(
        controls({**CANARY, "percent": 100}),
        echo,
        store=sqlite_store,
        project="p",
        canary_target=FaultyTarget(EchoTarget(label="canary"), "error"),
        canary_percent=100,
        auth_required=False,
    )
    res = await guard.invoke("hi")
    assert (res.output, res.route) == ("sorry", "fallback")
    try:
        await guard.invoke("x" * 500)
    except TooLarge:
        pass
    guard.flush()
    rows = traces(sqlite_store)
    answered = rows[res.request_id]
    assert (answered.route, answered.chosen_route, answered.outcome) == (
        "fallback",
        "canary",
        "fallback",
    )
    refused = [t for t in rows.values() if t.id != res.request_id]
    assert len(refused) == 1 and refused[0].chosen_route is None  # refused before routing
    await guard.aclose()


async def test_the_share_comes_from_the_newest_step_in_the_store(sqlite_store: Store) -> None:
    c = controls({**CANARY, "percent": 50, "auto": {}})
    canary = c.rollout.canary
    assert canary is not None
    guard = Guard(
        c,
        EchoTarget(label="stable"),
        store=sqlite_store,
        project="p",
        canary_target=EchoTarget(label="canary"),
        canary_percent=50,
        auth_required=False,
    )
    share = guard.routes.share
    assert share is not None and share.percent() == 50  # no step yet: the plan's share
    now = dt.datetime.now(dt.UTC)
    ident = canary.identity()
    take_step(sqlite_store, "p", ident, 0, "start", 50, final=False, at=now, evidence={})
    take_step(sqlite_store, "p", ident, 1, "rollback", 0, final=True, at=now, evidence={})
    assert wait_until(lambda: share.percent() == 0, 10)
    routes = {(await guard.invoke("hi")).route for _ in range(40)}
    assert routes == {"primary"}
    # a step of another canary (another target) does not apply to this one
    take_step(sqlite_store, "p", "someone-else", 0, "start", 100, final=True, at=now, evidence={})
    share.refresh()
    assert share.percent() == 0
    await guard.aclose()
