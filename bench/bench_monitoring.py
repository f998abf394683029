"""Monitoring simulation (issue #18): how fast the sequential tests notice, how often they cry wolf.

Synthetic streams, seeded, run through the very classes `phaseone.slo.sequential` ships:

* quality: a pass rate of 95% that drops to 85% at a known moment. `BernoulliCusum`,
  tuned for at most 5% false alarms per 100,000 steady requests, is run on R streams of
  100,000 steady requests (false-alarm share) and on R streams that drop after 5,000
  requests (requests from the drop to the alarm). Goals: detection within 2,000 requests;
  ≤ 5% false alarms per 100,000.
* canary: `slo.canary.CanaryTests`, the very object `phaseone watch` feeds the canary's
  and stable's traces to, with the plan's defaults (`CanaryAuto()`: errors tested, H1 2.5x
  the stable error rate, α = β = 2%, min 20 / max 5,000 canary requests), each request
  routed to the canary with the share's probability. With 10% of traffic on the canary
  and a stable error rate of 2%, a canary erring at 6% must be rolled back within 500
  canary requests; one erring at 2% must be promoted without a false rollback in ≥ 95%
  of runs. The same at a 50% share with stable erring at 20% (a canary at 60% / 20%).

Run: `python -m bench monitoring` (`--runs N`, default 200; `--quick`: 40).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from phaseone.plan.canary_schema import CanaryAuto
from phaseone.slo.canary import CanaryTests
from phaseone.slo.sequential import BernoulliCusum

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
    runs: int, seed: int, canary_rate: float, stable_rate: float = 0.02, share: float = 0.1
) -> list[tuple[str, int]]:
    """Each run's verdict and the canary requests it took (the watcher's tests)."""
    out: list[tuple[str, int]] = []
    auto = CanaryAuto()
    for r in range(runs):
        rng = random.Random(seed + r)
        tests = CanaryTests(auto)
        while (verdict := tests.verdict()) == "continue":
            on_canary = rng.random() < share
            rate = canary_rate if on_canary else stable_rate
            tests.request("canary" if on_canary else "primary", rng.random() < rate, None)
        out.append((verdict, tests.tests["errors"].canary_requests))
    return out


def report_canary(runs: int, seed: int, stable: float, share: float) -> None:
    bad = canary(runs, seed, 3 * stable, stable, share)
    same = canary(runs, seed + 10_000, stable, stable, share)
    rolled = sum(1 for v, _ in bad if v == "rollback")
    fast = sum(1 for v, n in bad if v == "rollback" and n <= 500)
    promoted = sum(1 for v, _ in same if v == "promote")
    false_rb = sum(1 for v, _ in same if v == "rollback")
    bad_len, same_len = [n for _, n in bad], [n for _, n in same]
    print(
        f"canary (the watcher's CanaryTests, plan defaults: H1 2.5x, alpha = beta = 2%;"
        f" stable errs {stable:.0%}, {share:.0%} of traffic on the canary):"
    )
    print(
        f"  canary at {3 * stable:.0%} (3x): rolled back {rolled}/{runs}, within 500 canary"
        f" requests {fast}/{runs} ({fast / runs:.0%}); canary requests median"
        f" {statistics.median(bad_len):.0f}, p95 {pct(bad_len, 0.95)}   (goal: within 500)"
    )
    print(
        f"  canary at {stable:.0%} (equal): promoted {promoted}/{runs} ({promoted / runs:.0%}),"
        f" false rollbacks {false_rb}/{runs}; canary requests median"
        f" {statistics.median(same_len):.0f}, p95 {pct(same_len, 0.95)}   (goal >= 95% promoted)"
    )


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
    report_canary(runs, 20_000, 0.02, 0.1)
    report_canary(runs, 40_000, 0.20, 0.5)
    print(f"({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
