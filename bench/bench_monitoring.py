"""Monitoring simulation (issue #18): how fast the sequential tests notice, how often they cry wolf.

Synthetic streams, seeded, run through the very classes `phaseone.slo.sequential` ships:

* quality: a pass rate of 95% that drops to 85% at a known moment. `BernoulliCusum`,
  tuned for at most 5% false alarms per 100,000 steady requests, is run on R streams of
  100,000 steady requests (false-alarm share) and on R streams that drop after 5,000
  requests (requests from the drop to the alarm). Goals: detection within 2,000 requests;
  ≤ 5% false alarms per 100,000.
* canary: `CanarySprt` (H1: 2.5x the stable error rate, α = β = 2%) with 10% of traffic on
  the canary and a stable error rate of 2%. A canary erring at 6% must be rolled back
  within 500 canary requests; one erring at 2% must be promoted without a false rollback
  in ≥ 95% of runs.

Run: `python -m bench monitoring` (`--runs N`, default 200; `--quick`: 40).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from phaseone.slo.sequential import BernoulliCusum, CanarySprt

STEADY, DROPPED, BEFORE_DROP, HORIZON = 0.95, 0.85, 5_000, 100_000


def false_alarm_share(runs: int, seed: int) -> float:
    alarms = 0
    for r in range(runs):
        rng = random.Random(seed + r)
        mon = BernoulliCusum.for_drop(STEADY, STEADY - DROPPED)
        draw = rng.random
        for _ in range(HORIZON):
            if mon.update(draw() < STEADY):
                alarms += 1
                break
    return alarms / runs


def detection_delays(runs: int, seed: int) -> tuple[list[int], int]:
    delays, early = [], 0
    for r in range(runs):
        rng = random.Random(seed + r)
        mon = BernoulliCusum.for_drop(STEADY, STEADY - DROPPED)
        alarmed_before = False
        for _ in range(BEFORE_DROP):
            alarmed_before |= mon.update(rng.random() < STEADY)
        early += int(alarmed_before)
        mon.statistic = 0.0 if alarmed_before else mon.statistic
        n = 0
        while True:
            n += 1
            if mon.update(rng.random() < DROPPED) or n >= 50_000:
                break
        delays.append(n)
    return delays, early


def canary(
    runs: int, seed: int, canary_rate: float, stable_rate: float = 0.02
) -> list[tuple[str, int]]:
    """Each run's verdict and the canary requests it took."""
    out: list[tuple[str, int]] = []
    for r in range(runs):
        rng = random.Random(seed + r)
        test = CanarySprt()
        verdict = "continue"
        while verdict == "continue" and test.canary_requests < 5_000:
            for _ in range(9):  # 90% of traffic on the stable target
                test.observe_stable(rng.random() < stable_rate)
            verdict = test.observe_canary(rng.random() < canary_rate)
        out.append((verdict, test.canary_requests))
    return out


def pct(values: list[int], q: float) -> int:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench monitoring")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv or [])
    runs = 40 if args.quick else args.runs
    t0 = time.perf_counter()
    fa = false_alarm_share(runs, 1)
    delays, early = detection_delays(runs, 10_000)
    print(f"quality monitor (CUSUM, pass rate {STEADY:.0%} -> {DROPPED:.0%}), {runs} runs each:")
    print(f"  false alarms per {HORIZON:,} steady requests: {fa:.1%}   (goal <= 5%)")
    print(
        f"  requests from the drop to the alarm: median {statistics.median(delays):.0f},"
        f" p95 {pct(delays, 0.95)}, max {max(delays)}   (goal <= 2,000);"
        f" alarms before the drop: {early}/{runs}"
    )
    bad = canary(runs, 20_000, 0.06)
    same = canary(runs, 30_000, 0.02)
    rolled = sum(1 for v, _ in bad if v == "rollback")
    fast = sum(1 for v, n in bad if v == "rollback" and n <= 500)
    promoted = sum(1 for v, _ in same if v == "promote")
    false_rb = sum(1 for v, _ in same if v == "rollback")
    bad_len, same_len = [n for _, n in bad], [n for _, n in same]
    print(
        "canary (SPRT, H1 2.5x, alpha = beta = 2%; stable errs 2%, 10% of traffic on the canary):"
    )
    print(
        f"  canary at 6% (3x): rolled back {rolled}/{runs}, within 500 canary requests"
        f" {fast}/{runs} ({fast / runs:.0%}); canary requests median"
        f" {statistics.median(bad_len):.0f}, p95 {pct(bad_len, 0.95)}   (goal: within 500)"
    )
    print(
        f"  canary at 2% (equal): promoted {promoted}/{runs} ({promoted / runs:.0%}), false"
        f" rollbacks {false_rb}/{runs}; canary requests median"
        f" {statistics.median(same_len):.0f}, p95 {pct(same_len, 0.95)}   (goal >= 95% promoted)"
    )
    print(f"({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
