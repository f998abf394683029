"""The kill switch's reading is renewed before it goes stale under steady traffic, so no
request waits for the database, and the bound of a request on a stale reading holds."""

from __future__ import annotations

import time
from typing import Any

import pytest

from phaseone.guard import resilience as res


class _Reads:
    def __init__(self, value: bool = False) -> None:
        self.value = value
        self.count = 0

    def __call__(self, store: Any, project: str) -> bool:
        self.count += 1
        return self.value


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> _Reads:
    r = _Reads()
    monkeypatch.setattr(res, "kill_switch_on", r)
    return r


def _aged(ks: res.KillSwitch, age_s: float) -> None:
    ks._read_at = time.monotonic() - age_s


def test_a_reading_about_to_go_stale_is_renewed_in_the_background(reads: _Reads) -> None:
    ks = res.KillSwitch(object(), "p", ttl_s=0.5, ahead_s=0.1)
    assert reads.count == 1  # the first reading, at start
    reads.value = True  # flipped in the store
    _aged(ks, 0.45)
    assert not ks.stale()  # nobody waits: the reading is younger than the TTL
    assert ks.is_on() is False  # this request: the current reading
    assert ks._pending is not None
    ks._pending.result(5)
    assert reads.count == 2
    assert ks.is_on() is True  # the next request: the renewed one
    assert time.monotonic() - ks._read_at < 0.4


def test_a_young_reading_is_not_read_again(reads: _Reads) -> None:
    ks = res.KillSwitch(object(), "p", ttl_s=0.5, ahead_s=0.1)
    _aged(ks, 0.3)
    assert ks.is_on() is False and not ks.stale()
    assert ks._pending is None and reads.count == 1


def test_a_stale_reading_still_makes_the_request_wait_for_a_read(reads: _Reads) -> None:
    ks = res.KillSwitch(object(), "p", ttl_s=0.5, ahead_s=0.1)
    _aged(ks, 0.6)
    assert ks.stale()  # idle gateway: the first request reads before it is routed


def test_no_lead_is_the_old_behaviour(reads: _Reads) -> None:
    ks = res.KillSwitch(object(), "p", ttl_s=0.5, ahead_s=0.0)
    _aged(ks, 0.45)
    assert ks.is_on() is False and ks._pending is None and reads.count == 1
