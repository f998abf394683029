"""The upstream-client benchmark's harness (`bench/bench_upstream_client.py`): a short run
measures both paths of `HttpClient` (aiohttp and the lean `http1` client) against the mock
upstream, and leaves the client's URL routing as it found it."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bench_upstream_client  # noqa: E402

from phaseone.targets import http1  # noqa: E402


def test_a_smoke_run_measures_both_paths() -> None:
    before = dict(http1._endpoints)
    result = bench_upstream_client.main(["--smoke"])
    for name in ("aiohttp", "http1"):
        assert len(result[name]["rounds"]) == 1 and result[name]["median_us"] > 0, name
    assert result["ratio_median"] > 0
    assert http1._endpoints == before  # the benchmark's URL is not left pinned to a path
