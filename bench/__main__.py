"""Run every benchmark: each `bench/bench_*.py` module that exposes `main()`.

`python -m bench` runs them all; `python -m bench eval gateway` runs only the named
ones (`bench_eval.py`, `bench_gateway.py`); options after the names go to each one's
`main(argv)` (`python -m bench soak --minutes 30 --rate 200`). A benchmark that fails is
reported and the others still run; the exit code is 1 if any failed.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import time
import traceback
from pathlib import Path


def discover() -> list[str]:
    here = Path(__file__).parent
    return sorted(p.stem for p in here.glob("bench_*.py"))


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    first_opt = next((i for i, a in enumerate(args) if a.startswith("-")), len(args))
    wanted, options = args[:first_opt], args[first_opt:]
    names = discover()
    if wanted:
        unknown = [w for w in wanted if f"bench_{w}" not in names and w not in names]
        if unknown:
            print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(names)}")
            return 2
        names = [n for n in names if n in wanted or n.removeprefix("bench_") in wanted]
    failed: list[str] = []
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        run = getattr(module, "main", None)
        if run is None:
            continue
        print(f"\n=== {name} ===", flush=True)
        t0 = time.perf_counter()
        try:
            # A main that reads argv gets [] rather than None: None would make argparse
            # read sys.argv, whose first item is this command's benchmark name.
            run(options) if options or inspect.signature(run).parameters else run()
        except Exception:
            traceback.print_exc()
            failed.append(name)
        print(f"=== {name}: {time.perf_counter() - t0:.1f} s ===", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
