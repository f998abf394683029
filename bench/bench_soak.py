"""Soak benchmark: does the trace writer process hold its memory flat under steady load?

Issue #21.4: at 100 req/s for 5 minutes the writer child (`python -m
phaseone.store.trace_sink`) grew 47 → 63 MB (~520 bytes per request) and kept it when
idle. The cause was SQLite's page cache: the store asks for 64 MB per connection (for the
gateway's own reads), and the writer's connection filled it with the pages of the traces
table as the table grew — growth that only stops at 64 MB per connection. The writer now
keeps a small cache (`trace_sink.SINK_CACHE_KIB`); appends at the end of time-ordered
indexes need only the last pages.

Setup (all on 127.0.0.1, each its own process): `bench/echo_target.py`, `phaseone serve`
with every control on (the gateway benchmark's plan: tracing by the writer process), and
`bench/loadgen.py` at a fixed open-loop rate. Every `--sample-s` seconds the writer's and
the gateway's resident set sizes (RSS, from /proc) are recorded. Growth = the writer's RSS
at the end minus its RSS once the warm-up is over (the first fifth of the run, at most
2 minutes: imports, pools and the first pages settle). After the load stops, the writer
is sampled once more after `--idle-s` seconds of idleness.

Goal: the writer grows ≤ 5 MB over 30 minutes at 200 req/s.

Run: `python -m bench soak --minutes 30 --rate 200` for the goal; the defaults (5 minutes
at 200 req/s, 1 minute with PHASEONE_BENCH_QUICK=1) keep `make bench` short.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bench_gateway import INPUT, ROOT, controls, wait_http, write_plan
from bench.ports import start_on_socket, start_serve

GOAL_MB = 5.0


def rss_mb(pid: int) -> float | None:
    """Resident set size of `pid` in MB (None once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def writer_pid(gateway_pid: int, timeout_s: float = 30.0) -> int:
    """The gateway's trace writer child (its command line names `trace_sink`)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for pid in _descendants(gateway_pid):
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"phaseone.store.trace_sink" in cmd:
                return pid
        time.sleep(0.2)
    raise RuntimeError("the gateway's trace writer process was not found")


def _descendants(pid: int) -> list[int]:
    out: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            kids = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        out.extend(int(k) for k in kids)
        todo.extend(int(k) for k in kids)
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="bench_soak")
    quick = os.environ.get("PHASEONE_BENCH_QUICK") == "1"
    parser.add_argument("--minutes", type=float, default=1.0 if quick else 5.0)
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second")
    parser.add_argument("--sample-s", type=float, default=10.0, help="seconds between samples")
    parser.add_argument("--idle-s", type=float, default=30.0, help="idle time after the load")
    args, _ = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    seconds = args.minutes * 60
    warmup_s = min(120.0, seconds / 5)
    procs: list[subprocess.Popen[bytes]] = []
    samples: list[tuple[float, float, float]] = []  # (t, writer MB, gateway MB)
    with tempfile.TemporaryDirectory() as d:
        try:
            echo, tport = start_on_socket([sys.executable, "-m", "bench.echo_target"], cwd=ROOT)
            procs.append(echo)
            wait_http(f"http://127.0.0.1:{tport}/")
            target = {"kind": "http", "url": f"http://127.0.0.1:{tport}/answer"}
            plan_path = write_plan(Path(d), controls(), target)
            env = {k: v for k, v in os.environ.items() if k != "PHASEONE_DB_URL"}
            cli = [sys.executable, "-m", "phaseone.cli"]
            plan_arg = ["--plan", str(plan_path)]
            created = subprocess.run(
                [*cli, "keys", "create", "soak", *plan_arg],
                capture_output=True, text=True, check=True, env=env,
            )  # fmt: skip
            key = created.stdout.split()[-1]
            gateway, gport = start_serve([*cli, "serve", *plan_arg], Path(d) / "serve.log", env=env)
            procs.append(gateway)
            gw_pid = gateway.pid
            wait_http(f"http://127.0.0.1:{gport}/healthz")
            w_pid = writer_pid(gw_pid)
            load = subprocess.Popen(
                [
                    sys.executable, "-m", "bench.loadgen", f"http://127.0.0.1:{gport}/v1/invoke",
                    str(args.rate), str(seconds), key, json.dumps({"input": INPUT}), "1",
                ],
                stdout=subprocess.PIPE, text=True, cwd=ROOT,
            )  # fmt: skip
            procs.append(load)  # type: ignore[arg-type]
            print(
                f"soak: {args.rate:g} req/s for {args.minutes:g} min; writer pid {w_pid},"
                f" gateway pid {gw_pid}; RSS every {args.sample_s:g} s",
                flush=True,
            )
            t0 = time.monotonic()
            next_print = 0.0
            while load.poll() is None and time.monotonic() - t0 < seconds + 300:
                t = time.monotonic() - t0
                w, g = rss_mb(w_pid), rss_mb(gw_pid)
                if w is None or g is None:
                    raise RuntimeError("the gateway or its trace writer process died")
                samples.append((t, w, g))
                if t >= next_print:
                    print(
                        f"  {t / 60:5.1f} min  writer {w:6.1f} MB  gateway {g:6.1f} MB", flush=True
                    )
                    next_print += 60.0
                time.sleep(args.sample_s)
            out, _ = load.communicate(timeout=300)
            loadres = json.loads(out.strip().splitlines()[-1])
            time.sleep(args.idle_s)
            idle = rss_mb(w_pid)
        finally:
            for p in procs:
                if p.poll() is None:
                    p.terminate()
            for p in procs:
                p.wait(30)
    after = [s for s in samples if s[0] >= warmup_s] or samples[-1:]
    base_w, end_w = after[0][1], after[-1][1]
    growth = end_w - base_w
    results = {
        "minutes": args.minutes,
        "rate": args.rate,
        "requests_ok": loadres.get("ok"),
        "errors": loadres.get("errors"),
        "p99_ms": loadres.get("p99"),
        "writer_start_mb": round(samples[0][1], 1),
        "writer_after_warmup_mb": round(base_w, 1),
        "writer_end_mb": round(end_w, 1),
        "writer_max_mb": round(max(s[1] for s in after), 1),
        "writer_idle_mb": None if idle is None else round(idle, 1),
        "writer_growth_mb": round(growth, 2),
        "gateway_growth_mb": round(after[-1][2] - after[0][2], 2),
        "bytes_per_request": (round(growth * 1024 * 1024 / max(1, loadres.get("ok") or 1), 1)),
        "goal_mb": GOAL_MB,
    }
    verdict = "met" if growth <= GOAL_MB else "NOT met"
    print(
        f"writer RSS: {results['writer_start_mb']} MB at start, {base_w:.1f} MB after"
        f" {warmup_s / 60:g} min of warm-up, {end_w:.1f} MB at the end"
        f" (max {results['writer_max_mb']}), {results['writer_idle_mb']} MB after"
        f" {args.idle_s:g} s idle; growth {growth:+.2f} MB (goal ≤ {GOAL_MB:g} MB: {verdict});"
        f" gateway {results['gateway_growth_mb']:+.2f} MB;"
        f" {loadres.get('ok')} requests ok, {loadres.get('errors')} errors"
    )
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
