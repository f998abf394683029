"""Gateway benchmark: latency the guard adds, the highest rate it holds, and the Guard
Python API's cost per call.

Setup, all on 127.0.0.1, each part in its own process:
* the target: `bench/echo_target.py`, answering at once (`{"output": <input>}`);
* the gateway: `phaseone serve` (uvicorn, uvloop, httptools) with EVERY control on —
  auth, input limits, PII redaction, injection blocking, rate limit, budget
  (reserve/settle, memory backend), timeout + retries + circuit breaker + static
  fallback, kill switch polling, output JSON Schema, tracing to SQLite (by a writer
  process, as `phaseone serve` does by default) and Prometheus metrics;
* the load generator: `bench/loadgen.py`, open loop (requests leave on a fixed schedule
  whatever the answers do; latency counts from the scheduled time, so queueing shows).

The target and the load generator are lean raw-asyncio HTTP/1.1 programs: this machine
has 2 cores, and aiohttp's client and server took ~85% of one of them at 2,000 req/s —
CPU the gateway under test then did not get (the direct path's own p99 was 28 ms).

Direct (client → target), bare-proxy (the same hop with no controls: the floor any
Python gateway pays) and guarded (client → gateway → target) runs alternate; added
latency = guarded − direct at the same percentile. Each figure is the median of
3 runs of 20 s (`--quick`: 1 run of 4 s). Then the rate steps up (gateway only) until
a step is not held (every run starts with 1 s at its rate that is not counted, so
connection pools are full): held = ≥ 98 % of the offered rate completed, ≤ 0.1 % errors,
p99 ≤ 100 ms. Goals: added p50 ≤ 0.5 ms and p99 ≤ 1.5 ms at 200 req/s; added p99 ≤ 5 ms
at 2,000 req/s; Guard API < 100 µs per call with every control on and tracing flushed in
the background (measured with the trace writer process, whose writing runs on another
core; also printed: tracing off, and traces written by a thread of the same process).

Run: `python -m bench gateway` or `python bench/bench_gateway.py [--quick]`
(or PHASEONE_BENCH_QUICK=1).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

import yaml

from bench.ports import start_on_socket, start_serve

ROOT = Path(__file__).resolve().parent.parent
INPUT = "Hello, can you help me summarise this customer email about a late delivery of order 12345?"

# The reference floor: the same hop with no controls at all — uvicorn (uvloop, httptools),
# a raw ASGI app, one shared aiohttp session to the target, no tracing.
BARE = textwrap.dedent(
    """
    import json, socket, sys, aiohttp, uvicorn
    UP = sys.argv[1]
    FD = int(sys.argv[sys.argv.index("--fd") + 1])  # bench/ports.py bound it for us
    state = {}

    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            while True:
                m = await receive()
                done = "lifespan.startup.complete" if m["type"] == "lifespan.startup" else None
                await send({"type": done or "lifespan.shutdown.complete"})
                if not done:
                    return
        if "s" not in state:
            state["s"] = aiohttp.ClientSession()
        body = b""
        while True:
            m = await receive()
            body += m.get("body", b"")
            if not m.get("more_body"):
                break
        try:
            data = json.loads(body)
        except ValueError:
            data = {"input": None}
        async with state["s"].post(UP, json={"input": data["input"]}) as r:
            out = await r.json()
        resp = json.dumps({"output": out["output"]}).encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": resp})

    config = uvicorn.Config(app, loop="uvloop", http="httptools", log_level="warning",
                            access_log=False)
    uvicorn.Server(config).run(sockets=[socket.socket(fileno=FD)])
    """
)


def wait_http(url: str, timeout: float = 30) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except Exception as exc:
            if getattr(exc, "code", None):  # any HTTP answer means it is up
                return
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def controls() -> dict[str, Any]:
    return {
        "auth": {"required": True},
        # The HTTP limits at their defaults, but the load generator is one address with up
        # to 1,024 connections: the per-address cap is raised (it is still counted).
        "limits": {
            "max_input_chars": 8000,
            "max_body_bytes": 65536,
            "max_connections_per_client": 4096,
        },
        "guardrails": {
            "pii": {"action": "redact"},
            "injection": {"action": "block", "threshold": 0.5},
            "output_schema": {"type": "string"},
        },
        "rate_limit": {"requests_per_minute": 60_000_000, "burst": 1_000_000},
        "budget": {"daily": 1e12, "monthly": 1e12, "per_key_daily": 1e12, "per_request_max": 1.0},
        "resilience": {
            "timeout_s": 10,
            "retries": 2,
            "fallback": {"static": "unavailable"},
            "circuit_breaker": {"failure_threshold": 50, "reset_after_s": 5},
        },
        "monitoring": {"tracing": True, "metrics": True, "flush_interval_s": 1.0},
        "rollout": {"kill_switch": True},
    }


#: Seconds each load run spends at its rate before it starts counting (pools fill up).
WARMUP_S = 1.0


def loadgen(url: str, rate: float, seconds: float, key: str) -> dict[str, Any]:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.loadgen",
            url,
            str(rate),
            str(seconds),
            key,
            json.dumps({"input": INPUT}),
            str(WARMUP_S),
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 120,
        cwd=ROOT,
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    result["held"] = held(result, seconds)
    return result


def held(r: dict[str, Any], seconds: float) -> bool:
    return (
        r["ok"] >= 0.98 * r["sent"]
        and r["errors"] <= 0.001 * r["sent"]
        and r["p99"] is not None
        and r["p99"] <= 100
        and r["send_s"] <= seconds * 1.05
    )


def cpu_seconds(pid: int | None) -> tuple[float, float]:
    """CPU time (user + system) used so far by a process, and by its children (the
    gateway's trace writer process); zeros without psutil."""
    if pid is None:
        return 0.0, 0.0
    try:
        import psutil
    except ImportError:  # psutil is in the dev extra; the figure is a diagnostic only
        return 0.0, 0.0
    proc = psutil.Process(pid)
    own = proc.cpu_times()
    children = 0.0
    for child in proc.children(recursive=True):
        try:
            t = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        children += t.user + t.system
    return float(own.user + own.system), children


def compare(
    urls: dict[str, tuple[str, int | None]], key: str, rate: float, runs: int, seconds: float
) -> dict[str, Any]:
    """Alternate direct, bare-proxy and guarded runs; medians, the added latency, and the
    proxy process's CPU per request (what decides the highest rate on 2 cores)."""
    got: dict[str, list[dict[str, Any]]] = {name: [] for name in urls}
    for _ in range(runs):
        for name, (url, pid) in urls.items():
            before = cpu_seconds(pid)
            r = loadgen(url, rate, seconds, key if name == "guarded" else "")
            handled = r["sent"] + r.get("warmup", 0)  # the proxy served the warm-up too
            after = cpu_seconds(pid)
            r["proxy_cpu_us"] = (after[0] - before[0]) / max(1, handled) * 1e6
            r["helper_cpu_us"] = (after[1] - before[1]) / max(1, handled) * 1e6
            got[name].append(r)
            time.sleep(1)

    def med(name: str, k: str) -> float:
        return float(statistics.median(r[k] for r in got[name]))

    out: dict[str, Any] = {"rate": rate}
    for name in urls:
        out[f"{name}_p50"] = med(name, "p50")
        out[f"{name}_p99"] = med(name, "p99")
        out[f"{name}_held"] = all(r["held"] for r in got[name])
        out[f"{name}_cpu_us"] = med(name, "proxy_cpu_us")
        out[f"{name}_helper_cpu_us"] = med(name, "helper_cpu_us")
    for name in urls:
        if name != "direct":
            out[f"{name}_added_p50"] = out[f"{name}_p50"] - out["direct_p50"]
            out[f"{name}_added_p99"] = out[f"{name}_p99"] - out["direct_p99"]
    return out


def steps(url: str, key: str, seconds: float, label: str) -> float:
    best = 0.0
    for rate in (500, 1000, 1500, 2000, 3000, 4000, 5000, 6000, 8000):
        r = loadgen(url, rate, seconds, key)
        print(
            f"  step {rate:>5} req/s, {label}: ok {r['ok']}/{r['sent']}, errors {r['errors']},"
            f" p50 {r['p50'] or 0:.2f} ms, p99 {r['p99'] or 0:.2f} ms, held {r['held']}",
            flush=True,
        )
        if not r["held"]:
            break
        best = rate
        time.sleep(2)  # let queued work (trace writes) drain before the next step
    time.sleep(5)
    return best


def protocol_cost(n: int) -> dict[str, float]:
    """µs per keep-alive request for uvicorn's httptools protocol, and for the gateway's
    (`gateway/protocol.py`: header counting, two deadline timers, the per-address count).

    Both are fed the benchmark's request through an in-memory transport on one uvloop
    loop, with an ASGI app that answers at once: only the HTTP layer differs, so the
    difference is what the limits cost, without the noise of sockets and a load generator
    sharing two cores with the server."""
    sys.path.insert(0, str(ROOT / "src"))
    import uvicorn
    import uvloop
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    from uvicorn.server import ServerState

    from phaseone.gateway.protocol import GatewayProtocol, HttpLimits

    body = json.dumps({"input": INPUT}).encode()
    request = (
        b"POST /v1/invoke HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer p1_x\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    )

    class Transport:
        def __init__(self) -> None:
            self.closing = False
            self.answers = 0

        def get_extra_info(self, name: str, default: Any = None) -> Any:
            return {"peername": ("127.0.0.1", 40000), "sockname": ("127.0.0.1", 8787)}.get(name)

        def write(self, data: bytes) -> None:
            self.answers += 1

        def is_closing(self) -> bool:
            return self.closing

        def close(self) -> None:
            self.closing = True

        def pause_reading(self) -> None: ...
        def resume_reading(self) -> None: ...

    answer = [(b"content-type", b"application/json"), (b"content-length", b"2")]

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": answer})
        await send({"type": "http.response.body", "body": b"{}"})

    app.http_limits = HttpLimits(max_connections_per_client=4096)  # type: ignore[attr-defined]

    def run(cls: type[Any]) -> float:
        async def go() -> float:
            config = uvicorn.Config(app, lifespan="off", log_level="warning")
            config.load()
            proto = cls(config, ServerState(), {})
            transport = Transport()
            proto.connection_made(transport)
            for _ in range(1000):
                proto.data_received(request)
                await asyncio.sleep(0)
            t = time.process_time()  # CPU time: a preempted moment does not count
            for _ in range(n):
                proto.data_received(request)
                await asyncio.sleep(0)
            took = (time.process_time() - t) / n
            # uvicorn writes the head and the body apart; the gateway's protocol joins them.
            assert transport.answers in (n + 1000, 2 * (n + 1000)), transport.answers
            proto.connection_lost(None)
            return took * 1e6

        return uvloop.run(go())

    # Alternating rounds, best of each: on a shared machine the other tenants only ever
    # add time (cache misses, even in CPU time), so the fastest round is the one closest
    # to the code's own cost.
    plain, gateway = [], []
    for _ in range(7):
        plain.append(run(HttpToolsProtocol))
        gateway.append(run(GatewayProtocol))
    best_plain, best_gateway = min(plain), min(gateway)
    return {
        "httptools_us": best_plain,
        "gateway_protocol_us": best_gateway,
        "added_us": best_gateway - best_plain,
    }


def guard_api_cost(n: int) -> dict[str, float]:
    """µs the Guard adds per call to an instant async target, every control on."""
    sys.path.insert(0, str(ROOT / "src"))
    from phaseone.guard import Guard
    from phaseone.plan.components import Price
    from phaseone.plan.loader import load_plan
    from phaseone.store import Store
    from phaseone.store.keys import create_key
    from phaseone.targets.base import TargetResponse

    class Instant:
        price = Price(per_call=0.0001)
        label = fingerprint = "instant"

        async def call(self, input: Any, *, case: Any = None) -> TargetResponse:
            return TargetResponse(input, 0.0, 3, 4, 0.0001)

        async def aclose(self) -> None:
            return None

    async def run(tracing: bool, writer: str = "thread") -> float:
        with tempfile.TemporaryDirectory() as d:
            c = controls()
            c["monitoring"]["tracing"] = tracing
            plan_path = write_plan(Path(d), c, {"kind": "http", "url": "http://127.0.0.1:9/x"})
            store = Store(f"sqlite:///{d}/api.db")
            key = create_key(store, "bench")
            target = Instant()
            guard = Guard.from_plan(load_plan(plan_path), store, target=target, trace_writer=writer)
            for _ in range(1000):
                await guard.invoke(INPUT, api_key=key)
            t = time.perf_counter()
            for _ in range(n):
                await guard.invoke(INPUT, api_key=key)
            guarded = (time.perf_counter() - t) / n
            t = time.perf_counter()
            for _ in range(n):
                await target.call(INPUT)
            bare = (time.perf_counter() - t) / n
            await guard.aclose()
            store.close()
            return (guarded - bare) * 1e6

    hot = statistics.median(asyncio.run(run(False)) for _ in range(3))
    full = statistics.median(asyncio.run(run(True)) for _ in range(3))
    child = statistics.median(asyncio.run(run(True, "process")) for _ in range(3))
    return {"hot_path_us": hot, "with_trace_writer_us": full, "with_writer_process_us": child}


def goals(results: dict[str, Any]) -> list[str]:
    """The issue's goals, each with the measured figure and met / NOT met."""
    a200, a2000 = results.get("at_200", {}), results.get("at_2000", {})
    rows = [
        ("added p50 at 200 req/s", a200.get("guarded_added_p50"), 0.5, "ms"),
        ("added p99 at 200 req/s", a200.get("guarded_added_p99"), 1.5, "ms"),
        ("added p99 at 2,000 req/s", a2000.get("guarded_added_p99"), 5.0, "ms"),
        # "every control on but tracing flushed in the background": traces enqueued and
        # handed to the writer process, whose writing runs on another core.
        (
            "Guard API per call, tracing flushed by the writer process",
            results.get("guard_api", {}).get("with_writer_process_us"),
            100.0,
            "µs",
        ),
    ]
    out = ["goals:"]
    for label, value, limit, unit in rows:
        if value is None:
            out.append(f"  {label}: not measured")
        else:
            verdict = "met" if value <= limit else "NOT met"
            out.append(f"  {label}: {value:.2f} {unit} (goal ≤ {limit:g} {unit}) {verdict}")
    return out


def write_plan(d: Path, ctl: dict[str, Any], target: dict[str, Any]) -> Path:
    plan = {
        "version": 1,
        "project": {"name": "bench"},
        "owner": {"name": "Bench", "role": "Perf", "team": "Platform", "contact": "perf@x.io"},
        "target": target,
        "controls": ctl,
        "store": {"url": f"sqlite:///{d}/gw.db"},
    }
    path = d / "phaseone.yaml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False))
    return path


def python_speed_us() -> float:
    """µs for ``sum(range(10_000))``, median of 7: how fast this machine runs Python right
    now. The same VM has measured 2-4× apart between sessions; the gateway figures move
    with it, so each run prints it beside them."""
    import timeit

    times = timeit.repeat("sum(range(10_000))", number=200, repeat=7)
    return statistics.median(times) / 200 * 1e6


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="bench_gateway")
    parser.add_argument("--quick", action="store_true", help="1 run of 4 s per point")
    args, _ = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    quick = args.quick or os.environ.get("PHASEONE_BENCH_QUICK") == "1"
    runs, seconds, step_s = (1, 4.0, 3.0) if quick else (3, 20.0, 10.0)
    procs: list[subprocess.Popen[bytes]] = []
    results: dict[str, Any] = {"quick": quick, "python_speed_us": python_speed_us()}
    print(
        f"machine: {os.cpu_count()} CPUs, python {sys.version.split()[0]};"
        f" sum(range(10_000)) takes {results['python_speed_us']:.0f} µs now"
        " (compare runs by this: the figures below scale with it)",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as d:
        try:
            echo, tport = start_on_socket([sys.executable, "-m", "bench.echo_target"], cwd=ROOT)
            procs.append(echo)
            direct = f"http://127.0.0.1:{tport}/answer"
            wait_http(f"http://127.0.0.1:{tport}/")
            plan_path = write_plan(Path(d), controls(), {"kind": "http", "url": direct})
            env = {k: v for k, v in os.environ.items() if k != "PHASEONE_DB_URL"}
            cli = [sys.executable, "-m", "phaseone.cli"]
            plan_arg = ["--plan", str(plan_path)]
            created = subprocess.run(
                [*cli, "keys", "create", "bench", *plan_arg],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            )
            key = created.stdout.split()[-1]
            gateway, gport = start_serve([*cli, "serve", *plan_arg], Path(d) / "serve.log", env=env)
            procs.append(gateway)
            gw_pid = gateway.pid
            gw = f"http://127.0.0.1:{gport}"
            wait_http(gw + "/healthz")
            gw_invoke = gw + "/v1/invoke"
            bare_proc, bport = start_on_socket(
                [sys.executable, "-c", BARE, direct], stderr=subprocess.DEVNULL
            )
            procs.append(bare_proc)
            bare_pid = bare_proc.pid
            bare = f"http://127.0.0.1:{bport}/v1/invoke"
            wait_http(f"http://127.0.0.1:{bport}/")
            urls = {
                "direct": (direct, None),
                "bare": (bare, bare_pid),
                "guarded": (gw_invoke, gw_pid),
            }
            print(f"latency, median of {runs} run(s) of {seconds:g} s each, open loop:")
            # The steps last: the step that is not held leaves a backlog (queued traces to
            # write) that would spoil whatever ran next.
            plan_rates = [200, 2000, "steps"]
            for rate in plan_rates:
                if rate == "steps":
                    results["highest_rate_held"] = steps(gw_invoke, key, step_s, "guarded gateway")
                    results["bare_highest_rate_held"] = steps(bare, "", step_s, "bare proxy")
                    continue
                assert isinstance(rate, int)
                r = compare(urls, key, rate, runs, seconds)
                results[f"at_{rate}"] = r
                print(
                    f"  {rate:>5} req/s: direct p50 {r['direct_p50']:.2f} p99 {r['direct_p99']:.2f}"
                    f" | bare proxy p50 {r['bare_p50']:.2f} p99 {r['bare_p99']:.2f}"
                    f" | guarded p50 {r['guarded_p50']:.2f} p99 {r['guarded_p99']:.2f} ms\n"
                    f"           ADDED by the guarded gateway p50 {r['guarded_added_p50']:.2f} ms"
                    f" p99 {r['guarded_added_p99']:.2f} ms (held {r['guarded_held']});"
                    f" by the bare proxy p50 {r['bare_added_p50']:.2f} ms"
                    f" p99 {r['bare_added_p99']:.2f} ms (held {r['bare_held']})\n"
                    f"           CPU per request: guarded gateway {r['guarded_cpu_us']:.0f} µs"
                    f" (+ {r['guarded_helper_cpu_us']:.0f} µs in its trace writer process),"
                    f" bare proxy {r['bare_cpu_us']:.0f} µs",
                    flush=True,
                )
            print(
                f"highest rate held: guarded gateway (all controls on)"
                f" {results['highest_rate_held']:g} req/s; bare proxy"
                f" {results['bare_highest_rate_held']:g} req/s (same machine, same moment)"
            )
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                p.wait(30)
    api = guard_api_cost(5000 if quick else 30000)
    results["guard_api"] = api
    print(
        f"Guard Python API, added per call (all controls on): {api['hot_path_us']:.1f} µs with"
        f" tracing off; {api['with_trace_writer_us']:.1f} µs with traces written by a thread"
        f" (same process, same GIL); {api['with_writer_process_us']:.1f} µs with traces"
        " handed to a writer process (`trace_writer: process`, what `phaseone serve` uses)"
    )
    proto = protocol_cost(5000 if quick else 30000)
    results["protocol"] = proto
    print(
        f"HTTP layer per keep-alive request (in memory, app answers at once): uvicorn httptools"
        f" {proto['httptools_us']:.1f} µs; with the gateway's limits and deadlines"
        f" {proto['gateway_protocol_us']:.1f} µs (+{proto['added_us']:.1f} µs)"
    )
    for line in goals(results):
        print(line)
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
