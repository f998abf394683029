"""Drift of the online pass rate from the pilot's, watched by a CUSUM that survives restarts.

The online evals (`evals.online`) store a pass/fail per sampled live answer. A
`BernoulliCusum` reads that stream, each result once in the order it was stored, against
``p0`` = the pass rate the suite's latest completed pilot run had on the same
reference-free scorers, and alarms on a drop to ``p0 − slos.online.min_drop``. A CUSUM
stays valid when updated after every answer (a fixed-sample test repeated every minute
does not), and its threshold comes from the false alarms the owner accepts
(`slos.online.false_alarm_share` per 100,000 steady answers).

Its state (statistic, observations, the last result read, the baseline) is kept in the
store's settings after every evaluation, so a restarted watcher continues the same test
instead of starting a fresh one (which would both forget evidence and buy a new chance of a
false alarm). A new pilot run is a new baseline: the test restarts on it.

The drift alert (`PhaseoneOnlineQualityDrift`, severity ticket, slo ``drift``) fires when
the CUSUM alarms and resolves after `RESOLVE_AFTER` answers without another alarm; while
the drop lasts the CUSUM keeps alarming, so it stays open. It is one more `AlertCheck`:
`slo.watch.step` opens, resolves and delivers it like every burn-rate alert.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Literal

from phaseone.plan.components import ClassificationScorer
from phaseone.plan.schema import Suite
from phaseone.plan.slo_schema import OnlineEvals
from phaseone.scorers._common import as_text, normalise
from phaseone.slo.language import language_of
from phaseone.slo.sequential import BernoulliCusum, cusum_threshold
from phaseone.store import online_queries as q
from phaseone.store.database import Store
from phaseone.store.settings import get_setting, set_setting

DRIFT_ALERT = "PhaseoneOnlineQualityDrift"
#: Answers without a new alarm after which a drift incident resolves.
RESOLVE_AFTER = 2000
#: The false-alarm budget is per this many steady answers.
PER_OBSERVATIONS = 100_000


@dataclass
class DriftState:
    """What the monitor carries from one evaluation (and one watcher process) to the next."""

    pilot_run: str
    p0: float
    p1: float
    threshold: float
    statistic: float = 0.0
    observations: int = 0
    last_id: int = 0  #: the last online result read
    alarms: int = 0
    last_alarm_observation: int | None = None
    last_alarm_statistic: float | None = None
    online_passed: int = 0  #: observations that "passed" since the baseline (evidence)
    pilot_judged: int = 0
    median: float | None = None  #: input-length monitors: the pilot's median length
    category: str | None = None  #: the language monitor: the pilot's main language

    @classmethod
    def load(cls, value: object) -> DriftState | None:
        if not isinstance(value, dict):
            return None
        try:
            return cls(**value)
        except TypeError:
            return None  # written by another version: start again


@dataclass(frozen=True)
class DriftReading:
    """The monitor after one evaluation."""

    state: DriftState | None
    firing: bool
    new_alarms: int
    summary: str
    evidence: dict[str, object]


def _key(suite: str) -> str:
    return f"online_drift:{suite}"[:100]


def _baseline(store: Store, project: str, online: OnlineEvals) -> DriftState | str:
    scorers = q.latest_online_scorers(store, project, online.suite)
    if not scorers:
        return "no online results yet"
    base = q.pilot_baseline(store, project, online.suite, scorers)
    if base is None:
        return f"no completed pilot run of suite {online.suite!r} to compare with"
    # A pilot that passed every case has p0 = 1, where no drop can be tested; the rate
    # half a case below it is what its n can tell apart from 1.
    p0 = min(base.rate, 1 - 0.5 / base.judged)
    p1 = p0 - online.min_drop
    if p1 <= 0:
        return (
            f"the pilot pass rate {base.rate:.3f} is not above min_drop {online.min_drop:g}:"
            " no drop to watch for"
        )
    threshold = cusum_threshold(online.false_alarm_share, PER_OBSERVATIONS)
    return DriftState(base.run_id, p0, p1, threshold, pilot_judged=base.judged)


Stream = Callable[[int], list[tuple[int, bool]]]


def _advance(
    store: Store, project: str, key: str, fresh: DriftState | str, stream: Stream
) -> tuple[DriftState | None, int, str | None]:
    """Load a monitor's state (restarted on a new baseline), feed it every observation of
    `stream` after the last one it read, keep the state. Returns (state, new alarms, why
    there is no monitor)."""
    state = DriftState.load(get_setting(store, project, key))
    if isinstance(fresh, str):
        if state is None:
            return None, 0, fresh
    elif state is None or state.pilot_run != fresh.pilot_run:
        fresh.last_id = state.last_id if state is not None else 0
        state = fresh
    assert state is not None
    cusum = BernoulliCusum(state.p0, state.p1, state.threshold, state.statistic)
    new_alarms = 0
    while True:
        batch = stream(state.last_id)
        if not batch:
            break
        for result_id, passed in batch:
            before = cusum.statistic
            state.observations += 1
            state.online_passed += int(passed)
            if cusum.update(passed):  # only a fail can cross; the CUSUM then restarts at 0
                new_alarms += 1
                state.alarms += 1
                state.last_alarm_observation = state.observations
                crossed = before + math.log((1 - state.p1) / (1 - state.p0))
                state.last_alarm_statistic = round(crossed, 6)
            state.last_id = result_id
    state.statistic = cusum.statistic
    set_setting(store, project, key, asdict(state))
    return state, new_alarms, None


def _firing(state: DriftState) -> bool:
    if state.last_alarm_observation is None:
        return False
    return state.observations - state.last_alarm_observation < RESOLVE_AFTER


def _cusum_evidence(state: DriftState) -> dict[str, object]:
    return {
        "pilot_run": state.pilot_run,
        "pilot_cases": state.pilot_judged,
        "observations": state.observations,
        "statistic": round(state.statistic, 6),
        "threshold": round(state.threshold, 6),
        "statistic_at_alarm": state.last_alarm_statistic,
        "alarms": state.alarms,
        "last_alarm_at_observation": state.last_alarm_observation,
    }


def read_drift(store: Store, project: str, online: OnlineEvals) -> DriftReading:
    """Feed the pass-rate monitor every online result stored since the last evaluation,
    keep its state, and say whether the drift alert holds."""
    suite = online.suite
    state, new_alarms, why = _advance(
        store,
        project,
        _key(suite),
        _baseline(store, project, online),
        lambda after: q.online_outcomes_after(store, project, suite, after),
    )
    if state is None:
        return DriftReading(None, False, 0, str(why), {"status": why})
    rate = state.online_passed / state.observations if state.observations else None
    evidence: dict[str, object] = {
        "p0_pilot_pass_rate": round(state.p0, 6),
        "p1_alarm_rate": round(state.p1, 6),
        "online_pass_rate": round(rate, 6) if rate is not None else None,
        **_cusum_evidence(state),
    }
    summary = (
        f"{project}: online pass rate of suite {suite!r} dropped from the pilot's"
        f" {state.p0:.3f} toward {state.p1:.3f} (CUSUM over {state.observations} answers)"
    )
    return DriftReading(state, _firing(state), new_alarms, summary, evidence)


# --- input length -------------------------------------------------------------------------

LENGTH_ALERTS = {True: "PhaseoneOnlineInputsLonger", False: "PhaseoneOnlineInputsShorter"}


def input_text(value: object) -> str:
    """The text a user sent: a string as it is; of a conversation (OpenAI messages, or a
    body with ``messages``) its last user message, so a chat request recorded by the gateway
    and the same question in a dataset measure alike; anything else as compact JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("messages"), list):
        return input_text(value["messages"])
    if isinstance(value, list) and value and all(isinstance(m, dict) for m in value):
        users = [m for m in value if m.get("role") == "user"]
        if users:
            content = users[-1].get("content")
            return content if isinstance(content, str) else json.dumps(content, default=str)
    return json.dumps(value, default=str, separators=(",", ":"), sort_keys=True)


def _within(length: int, median: float, longer: bool) -> bool:
    """The monitored "pass": not longer than the median (watching for longer inputs), or
    not shorter (watching for shorter ones)."""
    return length <= median if longer else length >= median


Side = Literal["input", "output"]


def _length_baseline(
    store: Store, project: str, online: OnlineEvals, longer: bool, side: Side = "input"
) -> DriftState | str:
    pilot = q.pilot_values(store, project, online.suite, side)
    if pilot is None:
        return f"no completed pilot run of suite {online.suite!r} to compare {side} lengths with"
    run_id, values = pilot
    lengths = [len(input_text(v)) for v in values]
    median = float(statistics.median(lengths))
    inside = sum(_within(n, median, longer) for n in lengths)
    p0 = min(inside / len(lengths), 1 - 0.5 / len(lengths))
    p1 = p0 - online.min_drop
    if p1 <= 0:
        return f"the pilot's {side} lengths leave no drop to watch for"
    threshold = cusum_threshold(online.false_alarm_share, PER_OBSERVATIONS)
    return DriftState(run_id, p0, p1, threshold, pilot_judged=len(lengths), median=median)


def read_length_drift(
    store: Store, project: str, online: OnlineEvals, *, longer: bool, side: Side = "input"
) -> DriftReading:
    """Length drift of the inputs (or, with ``side="output"``, the answers): a CUSUM on
    "this sampled one is no longer (or, with ``longer=False``, no shorter) than the pilot's
    median", whose share was ``p0`` in the pilot run; a drop of `min_drop` means live
    inputs (answers) got longer (shorter)."""
    suite = online.suite
    key = _length_key(suite, longer, side)
    fresh = _length_baseline(store, project, online, longer, side)
    saved = DriftState.load(get_setting(store, project, key))
    # the median of the baseline the monitor runs on: the fresh one, else the one kept
    known = fresh if isinstance(fresh, DriftState) else saved
    cut = known.median if known is not None and known.median is not None else 0.0

    def stream(after: int) -> list[tuple[int, bool]]:
        rows = q.online_values_after(store, project, suite, after, side)
        return [(i, _within(len(input_text(v)), cut, longer)) for i, v in rows]

    state, new_alarms, why = _advance(store, project, key, fresh, stream)
    if state is None:
        return DriftReading(None, False, 0, str(why), {"status": why})
    share = state.online_passed / state.observations if state.observations else None
    way = "longer" if longer else "shorter"
    evidence: dict[str, object] = {
        ("pilot_median_length" if side == "input" else "pilot_median_answer_length"): state.median,
        f"p0_pilot_share_not_{way}": round(state.p0, 6),
        "p1_alarm_share": round(state.p1, 6),
        f"online_share_not_{way}": round(share, 6) if share is not None else None,
        **_cusum_evidence(state),
    }
    what = "inputs" if side == "input" else "answers"
    summary = (
        f"{project}: live {what} of suite {suite!r} are {way} than in the pilot (median"
        f" {state.median:g} characters; CUSUM over {state.observations} sampled {what})"
    )
    return DriftReading(state, _firing(state), new_alarms, summary, evidence)


def _length_key(suite: str, longer: bool, side: Side = "input") -> str:
    way = "longer" if longer else "shorter"
    prefix = "online_length" if side == "input" else "online_output_length"
    return f"{prefix}_{way}:{suite}"[:100]


# --- input language ----------------------------------------------------------------------

LANGUAGE_ALERT = "PhaseoneOnlineInputLanguageDrift"


def _language_baseline(store: Store, project: str, online: OnlineEvals) -> DriftState | str:
    pilot = q.pilot_values(store, project, online.suite, "input")
    if pilot is None:
        return f"no completed pilot run of suite {online.suite!r} to compare languages with"
    run_id, inputs = pilot
    guesses = [language_of(input_text(v)) for v in inputs]
    main = max(sorted(set(guesses)), key=guesses.count)
    p0 = min(guesses.count(main) / len(guesses), 1 - 0.5 / len(guesses))
    p1 = p0 - online.min_drop
    if p1 <= 0:
        return "the pilot's inputs have no main language to watch"
    threshold = cusum_threshold(online.false_alarm_share, PER_OBSERVATIONS)
    return DriftState(run_id, p0, p1, threshold, pilot_judged=len(guesses), category=main)


def read_language_drift(store: Store, project: str, online: OnlineEvals) -> DriftReading:
    """Input-language drift: a CUSUM on "this sampled input is in the pilot's main
    language" (`slo.language.language_of`, a stdlib guess), whose share was ``p0`` among
    the pilot's inputs; a drop of `min_drop` means live users write in other languages."""
    suite = online.suite
    key = f"online_language:{suite}"[:100]
    fresh = _language_baseline(store, project, online)
    saved = DriftState.load(get_setting(store, project, key))
    known = fresh if isinstance(fresh, DriftState) else saved
    main = known.category if known is not None else None

    def stream(after: int) -> list[tuple[int, bool]]:
        rows = q.online_values_after(store, project, suite, after, "input")
        return [(i, language_of(input_text(v)) == main) for i, v in rows]

    state, new_alarms, why = _advance(store, project, key, fresh, stream)
    if state is None:
        return DriftReading(None, False, 0, str(why), {"status": why})
    share = state.online_passed / state.observations if state.observations else None
    evidence: dict[str, object] = {
        "pilot_language": state.category,
        "p0_pilot_share": round(state.p0, 6),
        "p1_alarm_share": round(state.p1, 6),
        "online_share": round(share, 6) if share is not None else None,
        **_cusum_evidence(state),
    }
    summary = (
        f"{project}: fewer live inputs of suite {suite!r} are in the pilot's language"
        f" ({state.category}; CUSUM over {state.observations} sampled inputs)"
    )
    return DriftReading(state, _firing(state), new_alarms, summary, evidence)


# --- output length and label mix ----------------------------------------------------------

OUTPUT_LENGTH_ALERTS = {True: "PhaseoneOnlineAnswersLonger", False: "PhaseoneOnlineAnswersShorter"}
LABEL_MIX_ALERT = "PhaseoneOnlineLabelMixDrift"


@dataclass(frozen=True)
class LabelSet:
    """The labels a suite's answers take (its classification scorer's `labels`)."""

    labels: tuple[str, ...]
    case_sensitive: bool = False

    def of(self, answer: object) -> str | None:
        """The label an answer is (spelled as configured), None when it is none of them."""
        text = normalise(as_text(answer), case_sensitive=self.case_sensitive)
        for label in self.labels:
            if normalise(label, case_sensitive=self.case_sensitive) == text:
                return label
        return None


def label_set(suite: Suite) -> LabelSet | None:
    """The label set of the suite's first classification scorer with `labels` (None: the
    suite's answers have no label set to watch)."""
    for scorer in suite.scorers:
        if isinstance(scorer, ClassificationScorer) and scorer.labels:
            return LabelSet(tuple(scorer.labels), scorer.case_sensitive)
    return None


def _label_baseline(
    store: Store, project: str, online: OnlineEvals, labels: LabelSet, label: str
) -> DriftState | str:
    pilot = q.pilot_values(store, project, online.suite, "output")
    if pilot is None:
        return f"no completed pilot run of suite {online.suite!r} to compare its labels with"
    run_id, answers = pilot
    other = sum(labels.of(a) != label for a in answers)
    p0 = min(other / len(answers), 1 - 0.5 / len(answers))
    p1 = p0 - online.min_drop
    if p1 <= 0:
        return f"label {label!r} is most answers of the pilot: no rise to watch for"
    threshold = cusum_threshold(online.false_alarm_share, PER_OBSERVATIONS)
    return DriftState(run_id, p0, p1, threshold, pilot_judged=len(answers))


def read_label_drift(
    store: Store, project: str, online: OnlineEvals, labels: LabelSet
) -> DriftReading:
    """Label-mix drift: per label, a CUSUM on "this sampled answer is not that label",
    whose share was ``p0`` among the pilot's answers; a drop of `min_drop` means the label
    rose that much among live answers. Any label's alarm fires the one alert; the evidence
    names each label's pilot and live share."""
    suite = online.suite
    per_label: dict[str, object] = {}
    firing, new_alarms, why = False, 0, None
    for label in labels.labels:
        fresh = _label_baseline(store, project, online, labels, label)

        def stream(after: int, label: str = label) -> list[tuple[int, bool]]:
            rows = q.online_values_after(store, project, suite, after, "output")
            return [(i, labels.of(v) != label) for i, v in rows]

        key = f"online_label:{suite}:{label}"[:100]
        state, alarms, why_not = _advance(store, project, key, fresh, stream)
        if state is None:
            why = why or why_not
            continue
        new_alarms += alarms
        firing = firing or _firing(state)
        live = 1 - state.online_passed / state.observations if state.observations else None
        per_label[label] = {
            "pilot_share": round(1 - state.p0, 6),
            "alarm_share": round(1 - state.p1, 6),
            "online_share": round(live, 6) if live is not None else None,
            **_cusum_evidence(state),
        }
    if not per_label:
        return DriftReading(None, False, 0, str(why), {"status": why})
    risen = [k for k, v in per_label.items() if isinstance(v, dict) and _label_firing(v)]
    summary = (
        f"{project}: the label mix of suite {suite!r}'s live answers moved from the pilot's"
        + (f" ({', '.join(risen)} rose)" if risen else "")
    )
    return DriftReading(None, firing, new_alarms, summary, {"labels": per_label})


def _label_firing(evidence: dict[str, object]) -> bool:
    at, seen = evidence.get("last_alarm_at_observation"), evidence.get("observations")
    return isinstance(at, int) and isinstance(seen, int) and seen - at < RESOLVE_AFTER


__all__ = [
    "DRIFT_ALERT",
    "LABEL_MIX_ALERT",
    "LANGUAGE_ALERT",
    "LENGTH_ALERTS",
    "OUTPUT_LENGTH_ALERTS",
    "RESOLVE_AFTER",
    "DriftReading",
    "DriftState",
    "LabelSet",
    "input_text",
    "label_set",
    "read_drift",
    "read_label_drift",
    "read_language_drift",
    "read_length_drift",
]
