"""The same work, warm and after an idle gap: why a gateway at 20 req/s spends more per request.

Issue 16's anomaly: `python -m bench openai_gateway` shows ~3 ms of gateway CPU per chat
request at 20 req/s against ~0.7 ms at 200 and ~0.32 ms saturated. Examined (December
2026, docs/deployment.md "Why a request costs more at a low rate"): not a timer, not a poll
loop, not the CPU accounting, not the CPU's idle states; the gateway does the same work per
request at every rate (the same Python function calls per request under a profile) and that
work costs several times more CPU when it runs after tens of milliseconds of idleness, its
code and data gone from the caches. This benchmark shows that effect in one process, with no
gateway around it: each operation is timed (CPU of the calling thread, `time.thread_time_ns`)
back to back ("warm"), after 50 ms asleep (one request every 50 ms is 20 req/s) and after
500 ms asleep (the kill switch's re-read interval), the three blocks alternating, medians.

Operations, all ones the gateway runs:

* ``kill switch read``: `store.settings.kill_switch_on` on a SQLite store (the `p1-kill`
  thread, twice a second while requests come);
* ``key lookup``: `store.keys.lookup_key` (the `p1-keys` thread, once a second per key);
* ``json round trip``: `json.dumps` + `json.loads` of a chat request body, a small fixed
  loop that stays in the caches better than a request's ~700 distinct functions do.

Run: ``python -m bench cold_path [--rounds 12]``; ``--smoke`` proves the harness only.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from phaseone.store.database import Store
from phaseone.store.keys import create_key, lookup_key
from phaseone.store.settings import kill_switch_on

BODY = {
    "model": "bench-model",
    "messages": [
        {"role": "system", "content": "You are a helpful support agent."},
        {"role": "user", "content": "Hello, can you help me summarise this email? " * 3},
    ],
}
GAPS_S = (0.05, 0.5)  #: one request every 50 ms is 20 req/s; the kill switch's re-read


def _json_round_trip() -> None:
    for _ in range(20):
        json.loads(json.dumps(BODY))


def cpu_us(op: Callable[[], Any], gap_s: float, calls: int) -> list[float]:
    """CPU of this thread for each of `calls` runs of `op`, each after `gap_s` asleep
    (none: back to back, the first one discarded as the block's warm-up)."""
    out: list[float] = []
    if gap_s == 0.0:
        op()
    for _ in range(calls):
        if gap_s:
            time.sleep(gap_s)
        t0 = time.thread_time_ns()
        op()
        out.append((time.thread_time_ns() - t0) / 1000)
    return out


def measure(
    ops: dict[str, Callable[[], Any]],
    rounds: int,
    calls: int,
    gaps_s: tuple[float, float] = (0.05, 0.5),
) -> dict[str, Any]:
    """Every (operation, gap) pair, warm and the two gaps alternating within each round."""
    gaps = (0.0, *gaps_s)
    samples: dict[str, dict[float, list[float]]] = {n: {g: [] for g in gaps} for n in ops}
    for _ in range(rounds):
        for name, op in ops.items():
            for gap in gaps:
                samples[name][gap] += cpu_us(op, gap, calls)
    result: dict[str, Any] = {}
    for name, by_gap in samples.items():
        warm, short, long = (statistics.median(by_gap[g]) for g in gaps)
        result[name] = {
            "warm_us": warm,
            "short_gap_us": short,
            "long_gap_us": long,
            "ratio_short": short / warm,
            "ratio_long": long / warm,
        }
    return result


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="bench_cold_path")
    parser.add_argument("--rounds", type=int, default=12, help="rounds (12)")
    parser.add_argument("--smoke", action="store_true", help="a fraction of a second")
    args, _ = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    rounds, calls = (1, 1) if args.smoke else (args.rounds, 3)
    with tempfile.TemporaryDirectory(prefix="p1-cold-") as d:
        store = Store(f"sqlite:///{Path(d) / 'cold.db'}")
        store.migrate()
        key = create_key(store, "bench")
        ops: dict[str, Callable[[], Any]] = {
            "kill switch read": lambda: kill_switch_on(store, "bench"),
            "key lookup": lambda: lookup_key(store, key),
            "json round trip": _json_round_trip,
        }
        # --smoke: the 500 ms sleeps are the slow part; the harness is what it proves
        gaps = (0.001, 0.002) if args.smoke else GAPS_S
        result = measure(ops, rounds, calls, gaps)
        store.close()
    load = os.getloadavg()[0]
    print(f"CPU of the calling thread per call, median, µs (load average {load:.2f}):")
    head = "  ".join(f"after {g * 1000:g} ms" for g in gaps)
    print(f"  {'':<18} {'warm':>8}  {head}")
    for name, r in result.items():
        print(
            f"  {name:<18} {r['warm_us']:8.0f}  {r['short_gap_us']:8.0f} ({r['ratio_short']:.1f}x)"
            f"  {r['long_gap_us']:8.0f} ({r['ratio_long']:.1f}x)"
        )
    out = {"ops": result, "gaps_s": list(gaps), "loadavg_1m": load}
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
