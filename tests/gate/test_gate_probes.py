"""Each probe against a real gateway: with its control on it passes, with it off it fails.

"On": `run_probes` with no URL starts GUARD's gateway in-process for the GO plan.
"Off": a gateway is started from the same plan with one control switched off, and the
probes run against its URL with the plan that *claims* the control — exactly the
situation a probe exists to catch. Drills (faults, kill switch) always build their own
gateway from the plan they are given, so their "off" is a plan without the mechanism.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from builders import ALL_PROBES, Pilot, go_plan_dict, loaded_plan

from known_gaps import KNOWN_PROBE_GAPS
from phaseone.gate.probes import PROBES, run_probes
from phaseone.gate.probes.harness import ProbeTarget
from phaseone.store.database import Store
from phaseone.store.models import ProbeResult
from phaseone.store.probes import batch_results

Mut = Callable[[dict[str, Any]], None]


def _controls(d: dict[str, Any]) -> dict[str, Any]:
    c: dict[str, Any] = d["controls"]
    return c


OFF: dict[str, Mut] = {
    "auth_missing_key": lambda d: _controls(d).update(auth={"required": False}),
    "auth_revoked_key": lambda d: _controls(d).update(auth={"required": False}),
    "input_size_limit": lambda d: _controls(d).update(
        limits={"max_input_chars": 1_000_000, "max_body_bytes": 10_000_000}
    ),
    "rate_limit": lambda d: _controls(d).update(rate_limit=None),
    "budget_ceiling": lambda d: _controls(d).update(budget=None),
    "pii_redaction": lambda d: _controls(d).update(guardrails={"pii": {"action": "off"}}),
    "prompt_injection": lambda d: _controls(d).update(guardrails={"injection": {"action": "off"}}),
    "metrics_endpoint": lambda d: _controls(d)["monitoring"].update(metrics=False),
    "traces_recorded": lambda d: _controls(d)["monitoring"].update(tracing=False),
    "fault_injection": lambda d: _controls(d).update(
        resilience={"retries": 0, "fallback": None, "circuit_breaker": None}
    ),
    "kill_switch_drill": lambda d: _controls(d).update(rollout={"kill_switch": False}),
}


@pytest.fixture(scope="module")
def on_results(pilot: Pilot) -> dict[str, ProbeResult]:
    """Every probe once, in-process, with every control on (the real pilot's batch)."""
    return {r.probe: r for r in batch_results(pilot.store, pilot.batch)}


def test_every_probe_is_registered_and_tested() -> None:
    assert set(PROBES.names()) == set(ALL_PROBES) == set(OFF)
    for name, p in PROBES.items():
        assert p.control == ALL_PROBES[name]


#: Probes that fail on today's correctly configured gateway, and why. Strict: when the
#: guardrail rebuild makes one pass, the test says so and the entry must go.
KNOWN_GAPS = KNOWN_PROBE_GAPS  # tests/known_gaps.py: one list with the gate's, issue #17


def _params() -> list[Any]:
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[n]))
        if n in KNOWN_GAPS
        else n
        for n in sorted(ALL_PROBES)
    ]


@pytest.mark.parametrize("name", _params())
def test_probe_passes_with_control_on(on_results: dict[str, ProbeResult], name: str) -> None:
    r = on_results[name]
    assert r.control == ALL_PROBES[name]
    # the pilot's probes ran against its deployed gateway; drills always in-process
    drill = PROBES.get(name).drill
    assert (r.gateway_url == "in-process drill") if drill else r.gateway_url.startswith("http://")
    # both controls are in the evidence and in the summary the gate and report show
    assert r.details["positive"]["ok"] is True, r.summary
    assert r.summary.startswith("positive: ") and "; negative: " in r.summary
    assert r.passed, r.summary


def test_probe_figures_are_recorded(on_results: dict[str, ProbeResult], pilot: Pilot) -> None:
    inj = on_results["prompt_injection"].details
    assert inj["heldout"]["positives"] >= 50 and inj["heldout"]["negatives"] >= 50
    # the development corpus meets the rules' own targets (tests/guard) …
    assert inj["development"]["recall"] >= 0.9
    assert inj["development"]["false_positive_rate"] <= 0.05
    # … and the held-out figure is reported beside it, whatever it is
    assert 0.0 <= inj["heldout"]["recall"] <= 1.0
    assert inj["detection_rate"] == inj["heldout"]["recall"]
    assert inj["heldout"]["false_positive_rate"] <= 0.10  # the positive control holds
    assert "development corpus: recall" in on_results["prompt_injection"].summary
    pii = on_results["pii_redaction"].details
    assert {"development", "heldout"} <= set(pii)
    assert pii["heldout"]["positives"] >= 25 and pii["heldout"]["negatives"] >= 20
    budget = on_results["budget_ceiling"].details
    assert budget["accepted"] == 2 and budget["spent"] <= budget["ceiling"]
    # the deployed gateway's target is the pilot service: its price, observed from the trace
    assert budget["price"] == pytest.approx(pilot.loaded.plan.target.price.per_call)
    fault = on_results["fault_injection"].details
    assert {"retry", "timeout", "fallback", "circuit_breaker"} <= set(fault)
    kill = on_results["kill_switch_drill"].details
    assert all(route == "fallback" for _, route in kill["on"])
    assert all(route == "primary" for _, route in kill["off"])


@pytest.mark.parametrize("name", sorted(ALL_PROBES))
def test_probe_fails_with_control_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    from phaseone.gate.probes import auth_revoked_key, harness
    from phaseone.gateway import create_app, serve_in_thread

    # A control that is off never starts working: no need to wait the full grace periods.
    monkeypatch.setattr(auth_revoked_key, "REVOCATION_WINDOW_S", 0.5)
    monkeypatch.setattr(harness, "TRACE_GRACE_S", 0.0)
    claimed = go_plan_dict()
    off = copy.deepcopy(claimed)
    OFF[name](off)
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        if PROBES.get(name).drill:
            batch = run_probes(loaded_plan(tmp_path, off), store, only=[name])
        else:
            app = create_app(loaded_plan(tmp_path, off), store, target=ProbeTarget())
            with serve_in_thread(app, host="127.0.0.1", port=0) as server:
                batch = run_probes(
                    loaded_plan(tmp_path, claimed), store, gateway_url=str(server.url), only=[name]
                )
        [r] = batch_results(store, batch)
    finally:
        store.close()
    assert r.probe == name
    assert not r.passed, r.summary
    print(f"{name} off: {r.summary}")


def test_budget_probe_against_a_gateway_url_with_the_control_on(tmp_path: Path) -> None:
    """Against a URL the price is observed from a trace: requests are answered, then 402."""
    from phaseone.gateway import create_app, serve_in_thread

    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        loaded = loaded_plan(tmp_path)
        app = create_app(loaded, store, target=ProbeTarget())
        with serve_in_thread(app, host="127.0.0.1", port=0) as server:
            batch = run_probes(loaded, store, gateway_url=str(server.url), only=["budget_ceiling"])
        [r] = batch_results(store, batch)
    finally:
        store.close()
    assert r.passed, r.summary
    assert r.details["accepted"] >= 1 and 0 < r.details["spent"] <= r.details["ceiling"]
    assert r.details["positive"]["ok"] and r.details["negative"]["ok"]
    assert r.gateway_url == str(server.url)


@pytest.mark.parametrize(
    "name", [p for p in _params() if not PROBES.get(getattr(p, "values", [p])[0]).drill]
)
def test_every_probe_passes_against_a_real_gateway_url(
    gateway_batch: dict[str, ProbeResult], name: str
) -> None:
    """`phaseone verify --url`: the gateway `phaseone serve` runs (create_app → build_app)."""
    r = gateway_batch[name]
    assert r.gateway_url.startswith("http://127.0.0.1:")
    assert r.details["positive"]["ok"] is True, r.summary
    assert r.passed, r.summary


@pytest.fixture(scope="module")
def gateway_batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ProbeResult]:
    from phaseone.gateway import create_app, serve_in_thread

    tmp_path = tmp_path_factory.mktemp("url")
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    names = [n for n, p in PROBES.items() if not p.drill]
    try:
        loaded = loaded_plan(tmp_path)
        app = create_app(loaded, store, target=ProbeTarget())
        with serve_in_thread(app, host="127.0.0.1", port=0) as server:
            batch = run_probes(loaded, store, gateway_url=str(server.url), only=names)
        return {r.probe: r for r in batch_results(store, batch)}
    finally:
        store.close()


def test_a_probe_without_both_controls_fails() -> None:
    """The runner records a probe as passed only when both controls were observed and ok."""
    from phaseone.gate.probes import Observation, ProbeOutcome

    good = Observation("200", "HTTP 200", True)
    bad = Observation("402", "HTTP 200", False)
    assert not ProbeOutcome(True, "402 after 0 accepted").settled().passed
    assert not ProbeOutcome(True, "x", positive=good).settled().passed
    assert not ProbeOutcome.of(good, bad).settled().passed
    assert not ProbeOutcome.of(bad, good).settled().passed
    assert not ProbeOutcome.of(good, good, also=False).settled().passed
    ok = ProbeOutcome.of(good, good, {"n": 1}).settled()
    assert ok.passed and ok.details["positive"] == good.as_dict() and ok.details["n"] == 1
    assert ok.summary == "positive: HTTP 200; negative: HTTP 200"


def test_monitoring_probes_use_another_refusal_when_keys_are_off(tmp_path: Path) -> None:
    """A plan without API keys still has its refused traffic counted and traced (413)."""
    from phaseone.gateway import create_app, serve_in_thread

    d = go_plan_dict()
    _controls(d).update(auth={"required": False})
    loaded = loaded_plan(tmp_path, d)
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        app = create_app(loaded, store, target=ProbeTarget())
        with serve_in_thread(app, host="127.0.0.1", port=0) as server:
            batch = run_probes(
                loaded,
                store,
                gateway_url=str(server.url),
                only=["metrics_endpoint", "traces_recorded"],
            )
        results = batch_results(store, batch)
    finally:
        store.close()
    assert len(results) == 2
    for r in results:
        assert r.passed, r.summary
        assert "8001 chars" in r.details["negative"]["observed"], r.summary
