"""The sequential tests on seeded streams: they notice what they must, and only that.

Small versions of `bench/bench_monitoring.py` (which runs 200 streams of each kind and
prints the rates); here each claim has its negative control on the same seeds.
"""

from __future__ import annotations

import math
import random

import pytest

from phaseone.slo.sequential import BernoulliCusum, CanarySprt, cusum_threshold


def first_alarm(mon: BernoulliCusum, rng: random.Random, rate: float, limit: int) -> int | None:
    for n in range(1, limit + 1):
        if mon.update(rng.random() < rate):
            return n
    return None


def test_the_threshold_follows_the_false_alarms_the_owner_accepts() -> None:
    h = cusum_threshold(0.05, 100_000)
    assert h == pytest.approx(math.log(100_000 / -math.log(0.95)))
    assert cusum_threshold(0.01, 100_000) > h > cusum_threshold(0.05, 10_000)
    with pytest.raises(ValueError):
        cusum_threshold(0.0, 100)
    with pytest.raises(ValueError):
        BernoulliCusum(0.85, 0.95, h)  # a "drop" upwards


def test_a_drop_from_95_to_85_percent_is_noticed_within_2000_requests() -> None:
    delays = []
    for seed in range(20):
        rng = random.Random(seed)
        mon = BernoulliCusum.for_drop(0.95, 0.10)
        assert first_alarm(mon, rng, 0.95, 3_000) is None  # steady before the drop
        delay = first_alarm(mon, rng, 0.85, 2_000)
        assert delay is not None
        delays.append(delay)
    assert max(delays) < 2_000 and sorted(delays)[10] < 400


def test_a_steady_stream_raises_no_alarm() -> None:
    # negative control: the same monitor, the same seeds, no drop
    for seed in range(10):
        mon = BernoulliCusum.for_drop(0.95, 0.10)
        assert first_alarm(mon, random.Random(seed), 0.95, 20_000) is None


def run_canary(seed: int, canary_rate: float, stable_rate: float = 0.02) -> tuple[str, int]:
    rng = random.Random(seed)
    test = CanarySprt()
    verdict = "continue"
    while verdict == "continue" and test.canary_requests < 5_000:
        for _ in range(9):
            test.observe_stable(rng.random() < stable_rate)
        verdict = test.observe_canary(rng.random() < canary_rate)
    return verdict, test.canary_requests


def test_a_canary_erring_three_times_as_often_is_rolled_back_within_500_requests() -> None:
    results = [run_canary(seed, 0.06) for seed in range(20)]
    fast = [n for verdict, n in results if verdict == "rollback" and n <= 500]
    assert len(fast) >= 18


def test_an_equal_canary_is_promoted() -> None:
    results = [run_canary(seed, 0.02) for seed in range(20)]
    assert sum(1 for verdict, _ in results if verdict == "promote") >= 18


def test_a_decided_test_stays_decided_and_waits_for_min_requests() -> None:
    test = CanarySprt(min_requests=20)
    for _ in range(100):
        test.observe_stable(False)
    verdicts = [test.observe_canary(True) for _ in range(19)]
    assert set(verdicts) == {"continue"}  # overwhelming evidence, but too few requests
    assert test.observe_canary(True) == "rollback"
    assert test.observe_canary(False) == "rollback"
