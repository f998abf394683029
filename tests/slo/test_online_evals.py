"""Online evals: sampled live answers scored by the suite's reference-free scorers, each
trace once across passes, stored as `online` runs that never touch the pilot's evidence
(SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from online_fixtures import PROJECT, T0, live, pilot_run, write_plan

from phaseone.evals.online import score_online
from phaseone.store import Store
from phaseone.store import runs as run_store
from phaseone.store.online_queries import ONLINE_ROLE, sampled, write_cursor

ONLINE = "  online: {suite: happy, sample_rate: 0.25, max_per_pass: 30}"
WINDOW = dt.timedelta(days=30)


def scored_rows(store: Store) -> list[tuple[str, bool | None, dict[str, object]]]:
    rows = []
    for run in run_store.list_runs(store, PROJECT, role=ONLINE_ROLE):
        results = run_store.iter_case_results(store, run.id)
        rows += [(r.case_id, r.passed, dict(r.scores)) for r in results]
    return rows


def test_sampling_is_deterministic_and_near_the_rate() -> None:
    ids = [f"trace-{i}" for i in range(20_000)]
    first = [i for i in ids if sampled(i, 0.05)]
    assert first == [i for i in ids if sampled(i, 0.05)]  # the same on every pass
    assert 0.04 < len(first) / len(ids) < 0.06
    assert set(first) <= {i for i in ids if sampled(i, 0.5)}  # a higher rate is a superset


def test_sampled_traces_are_scored_exactly_once_across_passes(store: Store, tmp_path: Path) -> None:
    loaded = write_plan(tmp_path, ONLINE)
    online = loaded.plan.slos.online  # type: ignore[union-attr]
    pilot = pilot_run(store, 20, 19)
    before = run_store.get_run(store, pilot)
    ids = live(store, T0, 400, bad_every=4)
    # refused requests and requests without a stored answer are never scored
    live(store, T0, 50, tag="refused", outcome="refused", status_code=401)
    live(store, T0, 50, tag="noio", output=None)
    now = T0 + dt.timedelta(hours=1)
    want = {i for i in ids if sampled(i, 0.25)}
    assert 60 < len(want) < 140

    first = asyncio.run(score_online(loaded, store, online, window=WINDOW, now=now))
    assert first.scored == 30 and first.scorers == ["polite"]  # `exact` needs a reference
    second = asyncio.run(score_online(loaded, store, online, window=WINDOW, now=now))
    third = asyncio.run(score_online(loaded, store, online, window=WINDOW, now=now))
    while third.scored:
        third = asyncio.run(score_online(loaded, store, online, window=WINDOW, now=now))

    rows = scored_rows(store)
    ids_scored = [r[0] for r in rows]
    assert len(ids_scored) == len(set(ids_scored))  # nothing scored twice
    assert set(ids_scored) == want  # every sampled trace, and nothing else
    assert second.scored == 30
    assert all(set(scores) == {"polite"} for _, _, scores in rows)
    failed = {cid for cid, passed, _ in rows if passed is False}
    assert failed == {i for i in want if int(i.split("-")[1]) % 4 == 3}

    # a pass after everything is scored scores nothing, even with a rewound cursor
    write_cursor(store, PROJECT, "happy", T0 - dt.timedelta(days=1))
    again = asyncio.run(score_online(loaded, store, online, window=WINDOW, now=now))
    assert again.scored == 0 and again.sampled == len(want)
    assert len(scored_rows(store)) == len(want)

    # the online run is listed with role `online`; the pilot run is untouched
    online_runs = run_store.list_runs(store, PROJECT, role=ONLINE_ROLE)
    assert [r.suite for r in online_runs] == ["happy"] and online_runs[0].status == "completed"
    assert online_runs[0].summary is not None and online_runs[0].summary["n"] == len(want)
    latest_pilot = run_store.latest_run(store, PROJECT, "happy", role="pilot")
    assert latest_pilot is not None and latest_pilot.id == pilot
    after = run_store.get_run(store, pilot)
    assert after.summary == before.summary == {"n": 20, "marker": "pilot"}
    assert after.finished_at == before.finished_at
    assert run_store.count_results(store, pilot) == 20


def test_traces_are_stored_in_the_run_of_their_day(store: Store, tmp_path: Path) -> None:
    loaded = write_plan(tmp_path, "  online: {suite: happy, sample_rate: 1.0}")
    online = loaded.plan.slos.online  # type: ignore[union-attr]
    live(store, T0 - dt.timedelta(minutes=5), 10, spacing_s=60)  # 5 before midnight, 5 after
    done = asyncio.run(
        score_online(loaded, store, online, window=WINDOW, now=T0 + dt.timedelta(hours=1))
    )
    assert done.scored == 10 and len(done.runs) == 2
    runs = sorted(run_store.list_runs(store, PROJECT, role=ONLINE_ROLE), key=lambda r: r.id)
    assert [r.id[:8] for r in runs] == ["20261130", "20261201"]
    assert [run_store.count_results(store, r.id) for r in runs] == [5, 5]
