"""Automatic canary decisions: a sequential test per signal, run by `phaseone watch`.

The plan's `controls.rollout.canary.auto` names the signals (errors, slow answers, failed
online evals) and the limits. Each pass of the watcher:

1. starts the canary's test the first time it sees this canary (step 0 in the store, at
   the plan's share): evidence is the traffic from then on;
2. reads the requests routed since the last pass, in start order, each once (a cursor in
   the store, read up to `settle_s` ago because a trace is written when its request ends),
   and feeds them to one `CanarySprt` per signal: a request the gateway chose for the
   canary is canary evidence, one it chose for the primary is stable evidence;
3. decides when the tests do: any signal's rollback rolls back; promotion needs every
   signal's; `max_requests` canary requests without a decision apply `at_max_requests`;
4. takes the step in the store (once, whatever the number of watchers: a unique
   constraint), which the gateway reads at run time (`guard/canary_share.py`): a rollback
   sends no more traffic to the canary, a promotion raises its share to the next
   `promote_to` step (a new test starts on new traffic) or to 100%;
5. in the same transaction, appends the step to the hash-chained decision log (outcome
   ``CANARY-ROLLBACK``, ``CANARY-PROMOTE`` or ``CANARY-HOLD``, with the evidence, the
   statistics and the plan's limits): a watcher that dies half-way leaves neither, so a
   step never stands without its decision. (A step taken while the log is broken stands
   alone, because a rollback must not wait, and the first pass that finds the log intact
   appends its decision, once.) Then it tells the owner on the plan's `slos.notify`
   channels: each (step, channel) is claimed in the store before it is sent
   (`store.delivery_claims`), so two watchers never send it twice.

The tests' state is kept in the store's settings after every pass, so a restarted watcher
continues the same tests. `CanaryTests` is the whole statistical part, without the store:
`bench/bench_monitoring.py` simulates it to measure the decisions the watcher takes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from phaseone.errors import StoreError
from phaseone.plan.canary_schema import CanaryAuto
from phaseone.plan.schema import Canary
from phaseone.slo.notify import AlertEvent, Channel, DeliveryFailed
from phaseone.slo.sequential import CanarySprt, Verdict
from phaseone.store.canary_queries import (
    Step,
    latest_step,
    log_step,
    mark_step_delivered,
    recent_steps,
    routed_after,
    routed_online_after,
    step_percent,
    take_step,
    take_step_logged,
    unlogged_steps,
)
from phaseone.store.database import Store
from phaseone.store.decisions import anchor_decision, check_log_before_append
from phaseone.store.delivery_claims import claim, confirm, release
from phaseone.store.models import Decision
from phaseone.store.settings import get_setting, set_setting

log = logging.getLogger("phaseone.watch")

Action = Literal["promote", "rollback", "hold"]
#: Steps older than this are not delivered to a channel added later.
DELIVERY_HORIZON = dt.timedelta(days=1)
#: The decision log's outcome of each action (gate decisions are GO / NO-GO / INCONCLUSIVE).
OUTCOMES = {"rollback": "CANARY-ROLLBACK", "promote": "CANARY-PROMOTE", "hold": "CANARY-HOLD"}
#: The name each action is announced under, and how urgent it is.
ANNOUNCED = {
    "rollback": ("PhaseoneCanaryRolledBack", "page"),
    "promote": ("PhaseoneCanaryPromoted", "ticket"),
    "hold": ("PhaseoneCanaryInconclusive", "ticket"),
}
_SPRT_FIELDS = tuple(f.name for f in dataclasses.fields(CanarySprt) if f.name != "history")


class CanaryTests:
    """One `CanarySprt` per signal the plan tests, and the decision they make together."""

    def __init__(self, auto: CanaryAuto, saved: dict[str, Any] | None = None) -> None:
        self.auto = auto
        self.tests: dict[str, CanarySprt] = {}
        saved = saved or {}
        for name, limit in auto.signals().items():
            kept = saved.get(name)
            values = (
                {k: kept[k] for k in _SPRT_FIELDS if k in kept} if isinstance(kept, dict) else {}
            )
            values.update(
                ratio=limit.ratio, alpha=auto.alpha, beta=auto.beta, min_requests=auto.min_requests
            )
            self.tests[name] = CanarySprt(**values)
        self.canary_requests = int(saved.get("canary_requests", 0))
        self.stable_requests = int(saved.get("stable_requests", 0))

    def request(self, route: str, failed: bool, latency_ms: float | None) -> None:
        """One live request the gateway chose `route` for (primary or canary)."""
        canary = route == "canary"
        if canary:
            self.canary_requests += 1
        else:
            self.stable_requests += 1
        if (t := self.tests.get("errors")) is not None:
            _observe(t, canary, failed)
        lat = self.auto.latency
        if lat is not None and not failed and latency_ms is not None:
            _observe(self.tests["latency"], canary, latency_ms > lat.bound_ms)

    def quality(self, route: str, passed: bool) -> None:
        """One online eval of a request the gateway chose `route` for."""
        if (t := self.tests.get("quality")) is not None:
            _observe(t, route == "canary", not passed)

    def verdict(self) -> Verdict | Literal["hold"]:
        """rollback when any signal says so; promote when all do; at `max_requests`
        canary requests without either, the plan's `at_max_requests`; else continue."""
        said = [t.decided for t in self.tests.values()]
        if "rollback" in said:
            return "rollback"
        if said and all(v == "promote" for v in said):
            return "promote"
        if self.canary_requests >= self.auto.max_requests:
            return self.auto.at_max_requests
        return "continue"

    def state(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            name: {k: getattr(t, k) for k in _SPRT_FIELDS} for name, t in self.tests.items()
        }
        out["canary_requests"] = self.canary_requests
        out["stable_requests"] = self.stable_requests
        return out

    def evidence(self) -> dict[str, Any]:
        """Per signal: counts, rates, the log-likelihood ratio and its bounds."""
        out: dict[str, Any] = {
            "canary_requests": self.canary_requests,
            "stable_requests": self.stable_requests,
        }
        for name, t in self.tests.items():
            out[name] = {
                "canary_observed": t.canary_requests,
                "canary_bad": t.canary_errors,
                "canary_bad_rate": _rate(t.canary_errors, t.canary_requests),
                "stable_observed": t.stable_requests,
                "stable_bad": t.stable_errors,
                "stable_bad_rate": _rate(t.stable_errors, t.stable_requests),
                "log_likelihood_ratio": round(t.llr, 6),
                "rollback_at": round(t.upper, 6),
                "promote_at": round(t.lower, 6),
                "ratio": t.ratio,
                "verdict": t.decided,
            }
        return out


def _observe(test: CanarySprt, canary: bool, bad: bool) -> None:
    if canary:
        test.observe_canary(bad)
    else:
        test.observe_stable(bad)


def _rate(bad: int, n: int) -> float | None:
    return round(bad / n, 6) if n else None


@dataclass
class CanaryPass:
    """What one pass did for the plan's canary."""

    canary: str
    stage: int
    percent: float  #: the canary's share after this pass
    verdict: str  #: continue | promote | rollback | hold | done (a final step was taken)
    evidence: dict[str, Any] = field(default_factory=dict)
    step: Step | None = None  #: the step this pass took (None: none, or another watcher's)
    decision_seq: int | None = None
    delivered: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  #: deliveries / log appends that failed
    #: Decisions appended for steps found without one (`_log_unrecorded`).
    logged_late: list[int] = field(default_factory=list)


def _state_key(canary: str) -> str:
    return f"canary_test:{canary}"


def _load(store: Store, project: str, canary: str, step: Step) -> dict[str, Any]:
    """The saved test of this canary's current stage, or a new one from the step's time."""
    saved = get_setting(store, project, _state_key(canary))
    if isinstance(saved, dict) and saved.get("stage") == step.stage:
        return saved
    return {"stage": step.stage, "since": step.decided_at.isoformat(), "cursor": None}


def _feed(
    store: Store, project: str, online_suite: str | None, state: dict[str, Any],
    tests: CanaryTests, until: dt.datetime,
) -> None:  # fmt: skip
    """Feed the tests every request (and online result) after the state's cursors."""
    since = dt.datetime.fromisoformat(str(state["since"]))
    cursor = state.get("cursor")
    after = (dt.datetime.fromisoformat(cursor[0]), str(cursor[1])) if cursor else None
    while tests.verdict() == "continue":
        batch = routed_after(store, project, after, since, until)
        if not batch:
            break
        for r in batch:
            tests.request(r.route, r.failed, r.latency_ms)
            after = (r.started_at, r.id)
            if tests.verdict() != "continue":
                break
    state["cursor"] = [after[0].isoformat(), after[1]] if after else None
    if online_suite is None or tests.auto.quality is None:
        return
    last = int(state.get("online_after") or 0)
    while tests.verdict() == "continue":
        results = routed_online_after(store, project, online_suite, last, since)
        if not results:
            break
        for result_id, route, passed in results:
            tests.quality(route, passed)
            last = result_id
            if tests.verdict() != "continue":
                break
    state["online_after"] = last


def _target_share(auto: CanaryAuto, current: float, action: Action) -> tuple[float, bool]:
    """The share after `action`, and whether no test follows."""
    if action == "rollback":
        return 0.0, True
    if action == "hold":
        return current, True
    nxt = auto.next_share(current)
    return nxt, nxt >= 100


def _reasons(action: Action, tests: CanaryTests, before: float, after: float) -> list[str]:
    said = {n: t for n, t in tests.tests.items() if t.decided != "continue"}
    why = [
        f"{n}: canary {t.canary_errors}/{t.canary_requests} bad vs stable"
        f" {t.stable_errors}/{t.stable_requests}; log-likelihood ratio {t.llr:.3f}"
        f" {'≥' if t.decided == 'rollback' else '≤'}"
        f" {t.upper if t.decided == 'rollback' else t.lower:.3f} ({t.decided})"
        for n, t in said.items()
    ]
    verdicts = [t.decided for t in tests.tests.values()]
    decided_by_tests = "rollback" in verdicts or all(v == "promote" for v in verdicts)
    if not decided_by_tests:  # `max_requests` reached: the plan's `at_max_requests`
        why.append(
            f"{tests.canary_requests} canary requests (max_requests"
            f" {tests.auto.max_requests}) without a decision: at_max_requests ="
            f" {tests.auto.at_max_requests}"
        )
    why.insert(0, f"canary share {before:g}% → {after:g}% ({action})")
    return why


def canary_pass(
    store: Store,
    project: str,
    canary: Canary,
    channels: list[Channel],
    *,
    plan_hash: str,
    owner: dict[str, Any],
    head: Path | None,
    online_suite: str | None = None,
    now: dt.datetime | None = None,
) -> CanaryPass | None:
    """One pass of the canary's tests (see the module docstring); None without `auto`."""
    auto = canary.auto
    if auto is None or not auto.enabled:
        return None
    now = now or dt.datetime.now(dt.UTC)
    ident = canary.identity()
    step = latest_step(store, project, ident)
    if step is None:
        limits = auto.model_dump(mode="json")
        take_step(store, project, ident, 0, "start", canary.percent, final=False, at=now,
                  evidence={"limits": limits})  # fmt: skip
        step = latest_step(store, project, ident)
        assert step is not None
    done = CanaryPass(ident, step.stage, step.percent, "done" if step.final else "continue")
    _log_unrecorded(store, project, ident, plan_hash, owner, head, now, done)
    if not step.final:
        _test(store, project, canary, auto, step, done, plan_hash, owner, head, online_suite, now)
    _deliver(store, project, channels, now, done)
    return done


def _test(
    store: Store, project: str, canary: Canary, auto: CanaryAuto, step: Step, done: CanaryPass,
    plan_hash: str, owner: dict[str, Any], head: Path | None, online_suite: str | None,
    now: dt.datetime,
) -> None:  # fmt: skip
    state = _load(store, project, done.canary, step)
    tests = CanaryTests(auto, state.get("tests"))
    _feed(store, project, online_suite, state, tests, now - dt.timedelta(seconds=auto.settle_s))
    state["tests"] = tests.state()
    set_setting(store, project, _state_key(done.canary), state)
    done.evidence = tests.evidence()
    verdict = tests.verdict()
    done.verdict = verdict
    if verdict == "continue":
        return
    action: Action = verdict
    percent, final = _target_share(auto, step.percent, action)
    reasons = _reasons(action, tests, step.percent, percent)
    evidence = {
        "summary": f"{project}: canary {action} ({step.percent:g}% → {percent:g}%)",
        "reasons": reasons,
        "since": state["since"],
        "tests": done.evidence,
        "limits": auto.model_dump(mode="json"),
        "percent_before": step.percent,
    }
    stage = step.stage + 1
    record = _record(done.canary, stage, action, percent, final, evidence, plan_hash, owner, now)
    try:
        check_log_before_append(store, project, head)
    except StoreError as exc:
        # The log cannot take a decision: the step is taken all the same (a rollback must
        # not wait for a repaired log) and its decision is appended by the first pass that
        # finds the log intact again (`_log_unrecorded`).
        taken = take_step(store, project, done.canary, stage, action, percent,
                          final=final, at=now, evidence=evidence)  # fmt: skip
        if taken is not None:
            done.step, done.stage, done.percent = taken, taken.stage, taken.percent
            log.warning("canary step %s taken but not yet in the decision log: %s", stage, exc)
            done.failed.append(f"decision log: {exc}")
        return
    logged = take_step_logged(store, project, done.canary, stage, action, percent,
                              final=final, at=now, evidence=evidence, record=record)  # fmt: skip
    if logged is None:  # another watcher took this step (and logged it)
        return
    taken, row = logged
    done.step, done.stage, done.percent = taken, taken.stage, taken.percent
    done.decision_seq = row.seq
    _anchor(head, project, row, done)


def _record(
    canary: str, stage: int, action: str, percent: float, final: bool,
    evidence: dict[str, Any], plan_hash: str, owner: dict[str, Any], decided_at: dt.datetime,
) -> dict[str, Any]:  # fmt: skip
    """The hash-chained decision of a step, from what the step keeps (`evidence`), so a
    step logged late (`_log_unrecorded`) is recorded exactly as one logged at once."""
    return {
        "kind": "canary",
        "outcome": OUTCOMES.get(action, f"CANARY-{action.upper()}"),
        "plan_hash": plan_hash,
        "owner": owner,
        "canary": canary,
        "stage": stage,
        "action": action,
        "percent_before": evidence.get("percent_before"),
        "percent_after": percent,
        "final": final,
        "reasons": evidence.get("reasons", []),
        "evidence": evidence.get("tests", {}),
        "evidence_since": evidence.get("since"),
        "limits": evidence.get("limits", {}),
        "decided_at": decided_at.isoformat(),
    }


def _anchor(head: Path | None, project: str, row: Decision, done: CanaryPass) -> None:
    try:
        anchor_decision(head, project, row)
    except StoreError as exc:  # the decision is stored; its anchor line is not
        log.warning("%s", exc)
        done.failed.append(f"decision log: {exc}")


def _log_unrecorded(
    store: Store, project: str, ident: str, plan_hash: str, owner: dict[str, Any],
    head: Path | None, now: dt.datetime, done: CanaryPass,
) -> None:  # fmt: skip
    """Append the decision of every step of this canary that has none: a step taken while
    the log was broken, or by a watcher that stopped between its step and its decision
    (before steps and decisions were one transaction). Each is appended once, however
    many watchers find it, with the time it is recorded and the time of the step."""
    missing = unlogged_steps(store, project, ident)
    if not missing:
        return
    try:
        check_log_before_append(store, project, head)
    except StoreError as exc:
        done.failed.append(f"decision log: {exc}")
        return
    for step in missing:
        evidence = dict(step.evidence)
        if evidence.get("percent_before") is None:
            evidence["percent_before"] = step_percent(store, project, ident, step.stage - 1)
        record = _record(ident, step.stage, step.action, step.percent, step.final, evidence,
                         plan_hash, owner, now)  # fmt: skip
        record["step_taken_at"] = step.decided_at.isoformat()
        row = log_step(store, step.id, project, record, now)
        if row is None:  # another watcher logged it
            continue
        log.warning("canary step %s had no decision on record: logged as #%s", step.stage,
                    row.seq)  # fmt: skip
        done.logged_late.append(row.seq)
        _anchor(head, project, row, done)


def _event(project: str, step: Step, key: str) -> AlertEvent:
    alert, severity = ANNOUNCED.get(step.action, ("PhaseoneCanaryStep", "ticket"))
    ev = step.evidence
    found = ev.get("reasons")
    reasons: list[Any] = found if isinstance(found, list) else []
    seq = f"decision #{step.decision_seq}; " if step.decision_seq is not None else ""
    return AlertEvent(
        event="decided",
        project=project,
        alert=alert,
        slo="canary",
        severity=severity,
        summary=str(ev.get("summary", f"{project}: canary {step.action}")),
        details=seq + "; ".join(str(r) for r in reasons),
        fired_at=step.decided_at.isoformat(),
        key=key,
    )


def _deliver(
    store: Store, project: str, channels: list[Channel], now: dt.datetime, done: CanaryPass
) -> None:
    """Tell the owner of every recent step a channel has not yet told them of."""
    if not channels:
        return
    for step in recent_steps(store, project):
        if step.action == "start" or now - step.decided_at > DELIVERY_HORIZON:
            continue
        for channel in channels:
            if channel.name in step.deliveries:
                continue
            subject = f"canary_step:{step.id}"
            _, held = claim(store, project, subject, channel.name, "decided", now)
            if held is None:  # sent, or another watcher is sending it
                continue
            try:
                channel.send(_event(project, step, held.key))
            except DeliveryFailed as exc:
                release(store, held)  # the next pass sends it
                log.warning("could not deliver canary step %s: %s", step.stage, exc)
                done.failed.append(str(exc))
                continue
            confirm(store, held, now)
            mark_step_delivered(store, step.id, channel.name, now)
            done.delivered.append(f"{channel.name}:{step.action}")


__all__ = ["OUTCOMES", "CanaryPass", "CanaryTests", "canary_pass"]
