"""The cold-path benchmark's harness (`bench/bench_cold_path.py`): a short run times every
operation warm and after both gaps, from a store it made and removed itself."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bench_cold_path  # noqa: E402


def test_a_smoke_run_times_every_operation_warm_and_after_each_gap() -> None:
    result = bench_cold_path.main(["--smoke"])
    assert set(result["ops"]) == {"kill switch read", "key lookup", "json round trip"}
    assert result["gaps_s"] == [0.001, 0.002]
    for name, r in result["ops"].items():
        assert r["warm_us"] > 0 and r["short_gap_us"] > 0 and r["long_gap_us"] > 0, name
        assert r["ratio_long"] == r["long_gap_us"] / r["warm_us"], name


def test_each_call_after_a_gap_is_timed_after_sleeping_it(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    calls: list[int] = []
    monkeypatch.setattr(bench_cold_path.time, "sleep", slept.append)
    out = bench_cold_path.cpu_us(lambda: calls.append(1), 0.05, 3)
    warm = bench_cold_path.cpu_us(lambda: calls.append(1), 0.0, 3)
    assert slept == [0.05, 0.05, 0.05]  # one sleep before each timed call, none when warm
    assert len(out) == 3 and len(warm) == 3
    assert len(calls) == 3 + 4  # the warm block runs one untimed call first
