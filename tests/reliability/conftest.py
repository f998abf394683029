"""The reliability suite (issue #21): what an outside fault campaign found true of
`phaseone serve` and `phaseone eval`, kept true with real components.

Run it with ``pytest tests/reliability`` (set ``PHASEONE_TEST_PG_URL`` and
``PHASEONE_TEST_REDIS_URL`` for the PostgreSQL and Redis cases; without them those are
skipped with a message). It takes about 2.5 minutes on a 2-core machine.

Each campaign case, and the test that keeps it true (files without a folder are here):

- no 5xx on 52 malformed requests, every refusal in the JSON error shape, and the HTTP
  layer's refusals counted in `/metrics` by reason: `test_malformed_corpus.py` (92
  requests over raw sockets and httpx: bad JSON, wrong types, huge numbers, bad UTF-8,
  bad methods and paths, duplicate headers, broken chunked framing, unfinished bodies).
- unterminated 8 MB headers, 5,000 headers, a 1 MB header or trailer, a long URL; 1,000
  slowloris connections; stalled bodies and headers cut at their deadlines:
  `tests/gateway/test_hostile_clients.py`.
- exact budget through a 10 s PostgreSQL outage, with concurrent clients:
  `test_store_outage.py::test_exact_budget_through_a_postgresql_outage` (a TCP proxy
  between the gateway and PostgreSQL is cut for 10 s; the shared server keeps running).
- the same through a 10 s Redis outage:
  `test_store_outage.py::test_exact_budget_through_a_redis_outage`.
- Redis restarted without persistence, counters rebuilt from the ledger, budget not
  doubled: `tests/guard/test_budget_reconcile.py`; restarted WITH persistence
  (`appendonly yes`), budget exact:
  `test_store_outage.py::test_exact_budget_across_a_restart_of_a_persistent_redis`.
- exact budget across `--workers 3` of one `phaseone serve` (database and Redis
  backends): `test_workers_budget.py`; across two `phaseone serve` processes and 500
  requests at once in one: `tests/gateway/test_concurrency.py`.
- SIGKILL of the gateway under load: at most the last tick of traces lost, no
  double spend (ledger against counters), the budget exact after a restart:
  `test_gateway_sigkill.py`; its trace child writes what it was handed:
  `tests/guard/test_trace_process.py`; SIGTERM under load loses no answered trace:
  `tests/gateway/test_trace_loss.py`.
- SIGKILL of `phaseone eval`, then `--resume`: nothing lost or repeated
  (`tests/evals/test_resume.py`), and the results identical to an uninterrupted run's
  (`test_eval_sigkill.py`).
- the target going down mid-traffic: fallbacks served, every request traced with its
  outcome: `test_target_down.py`.
- a full disk or an unreachable store: `/healthz` degraded, traces kept until there is
  room: `tests/gateway/test_health.py`; fallback answers counted as degraded:
  `tests/guard/test_degraded_metrics.py`, `tests/ui/test_dashboard_degraded.py`.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "guard"))
sys.path.insert(0, str(Path(__file__).parent.parent / "evals"))
sys.path.insert(0, str(Path(__file__).parent))
