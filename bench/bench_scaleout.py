"""Scale-out benchmark: the same eval run in one process and on a local Dask cluster.

Two pilots, each run both ways in this one process, alternating, best of 3:
* **CPU-bound**: a Python target that spends ~CPU_MS of pure-Python work per case (a
  local model, a rules engine). In one process the GIL serialises it; on a Dask cluster
  of one worker process per core it should run up to cores× faster.
* **I/O-bound**: an HTTP target that answers after 50 ms. One process already runs it
  near the ideal time (see `bench_eval`), so this shows what the cluster costs: calls
  that start together travel in one task (call and score on the worker), up to
  concurrency ÷ (2 × workers) cases per task.

Wall time is the whole `arun_suite` call; the cluster's start-up is printed apart,
because `phaseone eval --dask` pays it once for all suites. No goal in an issue names a
figure for this; it prints the ratio so the choice of `--dask` can be made on facts.

Run: `python -m bench scaleout` (`--quick`: fewer cases, 1 try).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CPU_MS = 40

PILOT = f"""
import time

def work(text):
    end = time.thread_time() + {CPU_MS} / 1000
    n = 0
    while time.thread_time() < end:
        n += sum(range(200))
    return "spam" if "prize" in str(text) else "ham"
"""


async def _timed(plan: Path, concurrency: int, cluster: Any) -> float:
    from phaseone.evals import EvalOptions, arun_suite
    from phaseone.plan.workspace import open_workspace
    from phaseone.store.run_summary import run_summary

    loaded, store = open_workspace(plan)
    try:
        opts = EvalOptions(concurrency=concurrency, progress=False, use_cache=False)
        t = time.perf_counter()
        run = await arun_suite(loaded, store, "spam", opts, cluster=cluster)
        wall = time.perf_counter() - t
        summary = run_summary(run)
        assert summary is not None and summary.errors == 0, run.summary
        return wall
    finally:
        store.close()


async def _compare(plan: Path, concurrency: int, tries: int, workers: int) -> dict[str, float]:
    from phaseone.evals.cluster import open_cluster

    t = time.perf_counter()
    async with open_cluster(f"local:{workers}", concurrency=concurrency) as cluster:
        start_s = time.perf_counter() - t
        here: list[float] = []
        there: list[float] = []
        await _timed(plan, concurrency, cluster)  # warm: workers import phaseone, build once
        for _ in range(tries):
            here.append(await _timed(plan, concurrency, None))
            there.append(await _timed(plan, concurrency, cluster))
    return {"in_process_s": min(here), "dask_s": min(there), "cluster_start_s": start_s}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    from bench.bench_eval import Server, http_target, workspace

    parser = argparse.ArgumentParser(prog="bench_scaleout")
    parser.add_argument("--quick", action="store_true")
    args, _ = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    quick = args.quick or os.environ.get("PHASEONE_BENCH_QUICK") == "1"
    tries = 1 if quick else 3
    workers = os.cpu_count() or 1
    n_cpu, n_io = (40, 200) if quick else (120, 1000)
    results: dict[str, Any] = {"workers": workers}
    with tempfile.TemporaryDirectory() as d:
        cpu_plan = workspace(Path(d) / "cpu", n_cpu, {"kind": "python", "callable": "pilot:work"})
        (Path(d) / "cpu" / "pilot.py").write_text(PILOT)
        r = asyncio.run(_compare(cpu_plan, 8, tries, workers))
        ideal = n_cpu * CPU_MS / 1000
        results["cpu"] = r
        print(
            f"CPU-bound pilot, {n_cpu} cases × {CPU_MS} ms CPU (one core: {ideal:.1f} s):"
            f" in process {r['in_process_s']:.2f} s, Dask local:{workers}"
            f" {r['dask_s']:.2f} s → {r['in_process_s'] / r['dask_s']:.2f}× faster"
            f" (cluster start {r['cluster_start_s']:.1f} s, paid once)",
            flush=True,
        )
        server = Server()
        try:
            io_plan = workspace(Path(d) / "io", n_io, http_target(server.url))
            r = asyncio.run(_compare(io_plan, 32, tries, workers))
        finally:
            server.stop()
        ideal = n_io * 0.05 / 32
        results["io"] = r
        print(
            f"I/O-bound pilot, {n_io} cases × 50 ms at concurrency 32 (ideal {ideal:.2f} s):"
            f" in process {r['in_process_s']:.2f} s ({r['in_process_s'] / ideal:.2f}× ideal),"
            f" Dask local:{workers} {r['dask_s']:.2f} s ({r['dask_s'] / ideal:.2f}× ideal)",
            flush=True,
        )
    return results


if __name__ == "__main__":
    main()
