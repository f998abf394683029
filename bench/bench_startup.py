"""Start-up benchmark: what a `phaseone` command costs before and after its real work.

Measured from outside, each command a fresh process, median of several runs:
* `phaseone --help` and `phaseone plan` (a valid plan, its SQLite store already there),
  and `phaseone plan` before the first eval (no store yet: it reads none, creates none);
* `phaseone eval --no-cache` on 20 cases against an HTTP target on 127.0.0.1 that
  answers after 50 ms (its own process), and, side by side, a bare asyncio + aiohttp
  client process making the same 20 calls at the same concurrency: the difference is
  phaseone's fixed cost (imports, plan, store, scoring, statistics, report);
* `python -c pass`, the interpreter's own start-up, for scale.

Then one `python -X importtime` run of each command lists which heavy libraries it
loaded and their cumulative import time.

Goals (issue #19): eval's fixed cost ≤ 0.4 s over the bare client; `--help` and `plan`
under 0.3 s — `plan` as it validates a plan; with a store it also reads the metric lock through
SQLAlchemy, whose bare import is printed beside it (the decision: docs/deployment.md, "What a
command costs before its work"). The machine is shared: the load average is printed, medians
are used, and each command's CPU time (user + system) is printed beside its wall time, as it varies
much less with the load of other processes.

Run: `python -m bench startup` (`--quick`: 3 runs of each instead of 7; `--against SRC`:
also each `phaseone` command from another checkout's `src`, interleaved with this one's,
for a before → after measured side by side, e.g. from `git archive BASE src | tar -x`).

Last recorded (issue #19's last bullet; full tables and what remains in docs/deployment.md,
"What a command costs before its work"). This round (no aiohttp for a plain http:// target: the
kinds of targets, dataset sources and scorers load their module when the plan names them; the
scorers' dict-config validator built on first use; the report printed without rich's emoji
pass), `--quick --against` the code before it, medians of 3, runs at load average 4.9, 7.8 and
5.4 (other helpers' suites), CPU s before → after: eval 0.881 → 0.748, 0.932 → 0.784 and 0.986 →
0.817, bare client 0.259, 0.278 and 0.286 (eval's fixed cost +0.622 → +0.489, +0.654 → +0.506 and
+0.700 → +0.532 s of CPU; wall
+0.513 → +0.397 s at load 4.9, bare client 0.438 s wall there); `--help` and `plan` unchanged.
Goal (≤ 0.4 s wall on a quiet machine) likely not met yet: ~+0.46–0.48 s estimated from 07:53's
quiet +0.608 s minus the CPU saved; no quiet machine this round.
Same session, `plan` (where its time goes and its floor
with a store: docs/deployment.md, same section). This round (the
plan's validators built without pydantic's plugin search and without `tokenize` for list
defaults; `controls` and `slos` validated by their own models, built when a plan has them),
`--against` the code before it, medians of 7, two runs at load average 5–6, CPU s before →
after: `plan` before the first eval 0.331 → 0.296 and 0.314 → 0.285; `plan` with a store
0.614 → 0.608 and 0.604 → 0.578; `--help` 0.194 → 0.196 and 0.189 → 0.188 (unchanged); eval
0.984 → 0.924 and 0.923 → 0.912; at load average 2 (`--quick`), wall s: `plan` before the
first eval 0.308 → 0.280 (goal met), with a store 0.581 → 0.552, `--help` 0.180 → 0.180.
`plan` with a store is at its floor: the same `plan` with
SQLAlchemy's ORM and the models imported first costs as much (0.603 vs 0.595 CPU s, load
7.7); SQLAlchemy's import (~0.2 s) rules out 0.3 s for it while the store uses it.
The round before (numpy imported in the background as the
calls go out, no scipy for a run without a verdict, OpenBLAS's idle threads asleep, filelock
only to migrate), `--against` the code before it, medians of 7, two runs on a machine at load
average 4–6 and 8–10, so CPU s (user + system) before → after: `--help` 0.16–0.18 → 0.17–0.19
(unchanged); `plan` with a store 0.53–0.61 → 0.54–0.57 (unchanged); `plan` before the first
eval 0.27 → 0.26–0.27; eval 1.009 → 0.817 and 1.071 → 0.933, bare client 0.248 and 0.263
(eval's fixed cost +0.761 → +0.569 and +0.808 → +0.670 s of CPU). Goals: `--help` met (under
0.2 s of CPU; its wall time on the loaded machine said nothing); `plan` with a store and eval
not met (SQLAlchemy's ORM and models, pydantic's plan validator; see the doc).
`--against` needs a checkout at the same migration head: both share the workspace's store.
Two rounds before (the collector paused during start-up, Typer given only the invoked command),
load average 5–9, CPU s: `--help` 0.22–0.24; `plan` with a store 0.72–0.76; eval 1.38–1.41,
bare client 0.31–0.33.
Three rounds before, load average 1–1.7, wall s: `--help` 0.15–0.17 s; `plan` with a store
0.56–0.60 s; `plan` before the first eval 0.26–0.27 s; eval's fixed cost over the bare client
+0.77–0.86 s (bare client 0.32–0.37 s).
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from bench.bench_eval import Server, http_target, workspace

ROOT = Path(__file__).resolve().parent.parent
N_CASES = 20
CONCURRENCY = 16  # `phaseone eval`'s default
HEAVY = (
    "scipy",
    "numpy",
    "sqlalchemy",
    "alembic",
    "aiohttp",
    "rich",
    "pygments",
    "jinja2",
    "pydantic",
    "uvloop",
)

BARE = textwrap.dedent(
    """
    import asyncio, json, sys
    import aiohttp
    url, n, c = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rows = [json.loads(line) for line in open(sys.argv[4])]

    async def main():
        sem = asyncio.Semaphore(c)
        async with aiohttp.ClientSession() as s:
            async def one(row):
                async with sem:
                    async with s.post(url, json={"input": row["input"]}) as r:
                        return (await r.json())["label"] == row["expected"]
            ok = await asyncio.gather(*(one(r) for r in rows))
        print(sum(ok), "of", len(ok), "correct")

    asyncio.run(main())
    """
)


def _env(src: Path = ROOT / "src") -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{ROOT}", "COLUMNS": "120"}
    env.pop("PHASEONE_DB_URL", None)
    # An installed phaseone runs from compiled bytecode; compiling ~100 modules from
    # source on every run (~0.15 s) would be measured as start-up otherwise.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _phaseone() -> list[str]:
    """The console script beside this Python (what a user runs), else `-m phaseone.cli`."""
    script = Path(sys.executable).parent / "phaseone"
    return [str(script)] if script.exists() else [sys.executable, "-m", "phaseone.cli"]


def _wall(
    cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0,), src: Path = ROOT / "src"
) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one command, a fresh process.

    CPU time is the steadier figure on a shared machine: other processes stretch the
    wall time of a process, much less the CPU it uses itself.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=_env(src), capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr[-1500:]}")
    return wall, cpu


def _imports(cmd: list[str], cwd: Path, src: Path = ROOT / "src") -> tuple[float, dict[str, float]]:
    """Total import time and each heavy library's own time (ms, its modules' self times)."""
    exe = [sys.executable, "-X", "importtime", "-m", "phaseone.cli", *cmd[len(_phaseone()) :]]
    proc = subprocess.run(exe, cwd=cwd, env=_env(src), capture_output=True, text=True, check=False)
    total, heavy = 0.0, {}
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
        if not m:
            continue
        own = int(m.group(1)) / 1000
        total += own
        top = m.group(4).split(".")[0]
        if top in HEAVY:
            heavy[top] = heavy.get(top, 0.0) + own
    return total, heavy


def _against(args: list[str]) -> Path | None:
    """``--against SRC``: another checkout's ``src`` to measure side by side (before/after)."""
    if "--against" not in args:
        return None
    i = args.index("--against")
    if i + 1 >= len(args) or not (Path(args[i + 1]) / "phaseone" / "cli.py").is_file():
        raise SystemExit("--against needs a folder holding phaseone/ (a checkout's src)")
    return Path(args[i + 1]).resolve()


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    runs = 3 if "--quick" in args or os.environ.get("PHASEONE_BENCH_QUICK") == "1" else 7
    before = _against(args)
    here = ROOT / "src"
    tmp = Path(tempfile.mkdtemp(prefix="phaseone-bench-startup-"))
    server = Server()
    try:
        plan = workspace(tmp / "ws", N_CASES, http_target(server.url))
        ws = plan.parent
        fresh = workspace(tmp / "fresh", N_CASES, http_target(server.url)).parent
        cli = _phaseone()
        eval_cmd = [*cli, "eval", "--no-cache", "--no-progress", "-f", "json", "-c"]
        eval_cmd.append(str(CONCURRENCY))
        bare_cmd = [sys.executable, "-c", BARE, f"{server.url}/classify", str(N_CASES)]
        bare_cmd += [str(CONCURRENCY), str(ws / "cases.jsonl")]
        ours = {
            "phaseone --help": ([*cli, "--help"], (0,)),
            "phaseone plan": ([*cli, "plan"], (0,)),
            "plan, no store yet": ([*cli, "plan", "-p", str(fresh / "phaseone.yaml")], (0,)),
            "phaseone eval": (eval_cmd, (0, 1, 3)),
        }
        commands: dict[str, tuple[list[str], tuple[int, ...], Path]] = {
            "python -c pass": ([sys.executable, "-c", "pass"], (0,), here),
            # the floor of `plan` with a store: the store speaks SQL through SQLAlchemy
            "python -c 'import sqlalchemy'": (
                [sys.executable, "-c", "import sqlalchemy"],
                (0,),
                here,
            ),
            "bare aiohttp client": (bare_cmd, (0,), here),
        }
        for name, (cmd, ok) in ours.items():
            commands[name] = (cmd, ok, here)
            if before is not None:
                commands[f"{name} (before)"] = (cmd, ok, before)
        _wall(eval_cmd, ws, (0, 1, 3))  # creates the store, so `plan` reads an existing one
        if before is not None:  # compiles the other tree's bytecode, as an install would
            _wall(eval_cmd, ws, (0, 1, 3), before)
        load0 = os.getloadavg()[0]
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):  # interleaved, so a burst of load hits every command alike
            for name, (cmd, ok, src) in commands.items():
                wall, cpu = _wall(cmd, ws, ok, src)
                walls[name].append(wall)
                cpus[name].append(cpu)
        med = {name: statistics.median(w) for name, w in walls.items()}
        med_cpu = {name: statistics.median(c) for name, c in cpus.items()}
        print(
            f"target: HTTP on 127.0.0.1 answering after 50 ms; {N_CASES} cases, concurrency"
            f" {CONCURRENCY}; {os.cpu_count()} CPUs; load average {load0:.1f} → "
            f"{os.getloadavg()[0]:.1f}; median of {runs} runs (min–max)"
        )
        if before is not None:
            print(f"(before): phaseone from {before}; the others from {here}")
        print(f"{'command':<31} {'median s':>9} {'min':>6} {'max':>6} {'CPU s':>6}")
        for name, w in walls.items():
            print(f"{name:<31} {med[name]:9.3f} {min(w):6.3f} {max(w):6.3f} {med_cpu[name]:6.3f}")
        bare, bare_cpu = med["bare aiohttp client"], med_cpu["bare aiohttp client"]
        fixed = med["phaseone eval"] - bare
        print(
            f"phaseone eval vs bare client: +{fixed:.3f} s wall (ratio"
            f" {med['phaseone eval'] / bare:.2f}), +{med_cpu['phaseone eval'] - bare_cpu:.3f} s CPU"
        )
        if before is not None:
            print("before → after (median wall s; CPU s):")
            for name in ours:
                was = f"{name} (before)"
                print(
                    f"  {name:<20} {med[was]:.3f} → {med[name]:.3f}"
                    f" ({med_cpu[was]:.3f} → {med_cpu[name]:.3f} CPU)"
                )
            was = med["phaseone eval (before)"] - bare
            print(f"  {'eval fixed cost':<20} +{was:.3f} → +{fixed:.3f}")

        print("\nimports (one `python -X importtime` run; ms spent in each heavy library):")
        for name, (cmd, _ok, src) in commands.items():
            if not name.startswith(("phaseone", "plan")):
                continue
            total, heavy = _imports(cmd, ws, src)
            listed = ", ".join(
                f"{k} {v:.0f}" for k, v in sorted(heavy.items(), key=lambda x: -x[1])
            )
            print(f"  {name:<27} {total:6.0f} ms in all; {listed or 'none of them'}")

        goals = [
            ("eval fixed cost ≤ 0.4 s over the bare client", fixed <= 0.4, f"{fixed:.3f} s"),
            (
                "phaseone --help < 0.3 s",
                med["phaseone --help"] < 0.3,
                f"{med['phaseone --help']:.3f} s",
            ),
            (
                "phaseone plan < 0.3 s (validating a plan: no store read)",
                med["plan, no store yet"] < 0.3,
                f"{med['plan, no store yet']:.3f} s",
            ),
        ]
        for goal, ok, value in goals:
            print(f"goal {goal}: {'met' if ok else 'NOT met'} ({value})")
        # Not a goal (decision, docs/deployment.md "What a command costs before its work"):
        # with a store, `plan` also records the plan's version and reads the metric lock
        # and its drift, through SQLAlchemy, whose import alone is measured above.
        floor = med["python -c 'import sqlalchemy'"] - med["python -c pass"]
        print(
            f"phaseone plan with its store: {med['phaseone plan']:.3f} s, of which SQLAlchemy's"
            f" import ~{floor:.3f} s (validation alone {med['plan, no store yet']:.3f} s)"
        )
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
