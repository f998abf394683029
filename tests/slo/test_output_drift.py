"""Drift of the live answers: their length and, when the online suite has a label set,
their label mix, against the pilot run's answers, with the same persisted CUSUM as the
pass-rate and input-length monitors (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from online_fixtures import PLAN, PROJECT, T0, live, pilot_run

from phaseone.evals.online import score_online
from phaseone.plan.loader import LoadedPlan, load_plan
from phaseone.slo.drift import (
    LABEL_MIX_ALERT,
    LANGUAGE_ALERT,
    OUTPUT_LENGTH_ALERTS,
    LabelSet,
    label_set,
)
from phaseone.slo.watch import step
from phaseone.store import Store

SLOS = "  online: {suite: happy, sample_rate: 1.0, max_per_pass: 5000}\n"


def plan(root: Path, labelled: bool = False) -> LoadedPlan:
    (root / "cases.jsonl").write_text('{"id": "a", "input": "x", "expected": "ham"}\n')
    text = PLAN.replace("SLOS", SLOS)
    if labelled:
        text = text.replace("- {kind: exact}", "- {kind: classification, labels: [spam, ham]}")
    path = root / "phaseone.yaml"
    path.write_text(text, encoding="utf-8")
    return load_plan(path)


def watch_once(loaded: LoadedPlan, store: Store, now: dt.datetime, labels: LabelSet | None):
    slos = loaded.plan.slos
    assert slos is not None and slos.online is not None
    asyncio.run(score_online(loaded, store, slos.online, window=dt.timedelta(days=30), now=now))
    return step(store, slos, PROJECT, [], now=now, labels=labels)


@pytest.mark.parametrize(
    ("answer", "alert"),
    [
        ("I cannot say", OUTPUT_LENGTH_ALERTS[True]),
        ("no", OUTPUT_LENGTH_ALERTS[False]),
        ("ham", None),  # negative control: answers like the pilot's
    ],
)
def test_answers_longer_or_shorter_than_the_pilots_fire_their_ticket(
    store: Store, tmp_path: Path, answer: str, alert: str | None
) -> None:
    loaded = plan(tmp_path)
    pilot_run(store, 20, 19)  # every pilot answer is "ham": median 3 characters
    live(store, T0, 300, tag="a")  # like the pilot's
    live(store, T0 + dt.timedelta(hours=1), 300, tag="b", output=answer)
    done = watch_once(loaded, store, T0 + dt.timedelta(hours=2), None)
    fired = [i.alert for i in done.fired if i.alert in OUTPUT_LENGTH_ALERTS.values()]
    assert fired == ([alert] if alert else []), fired
    check = next(c for c in done.checks if c.name == OUTPUT_LENGTH_ALERTS[True])
    assert check.evidence["pilot_median_answer_length"] == 3
    assert check.evidence["observations"] == 600
    again = watch_once(loaded, store, T0 + dt.timedelta(hours=3), None)
    check = next(c for c in again.checks if c.name == OUTPUT_LENGTH_ALERTS[True])
    assert check.evidence["observations"] == 600  # each answer read once


def test_a_label_rising_fires_the_label_mix_ticket(store: Store, tmp_path: Path) -> None:
    loaded = plan(tmp_path, labelled=True)
    labels = label_set(loaded.plan.suites[0])
    assert labels == LabelSet(("spam", "ham"))
    assert labels.of(" SPAM ") == "spam" and labels.of("maybe") is None
    pilot_run(store, 20, 19)  # the pilot answered "ham" every time
    live(store, T0, 300, tag="h")
    quiet = watch_once(loaded, store, T0 + dt.timedelta(hours=1), labels)
    mix = next(c for c in quiet.checks if c.name == LABEL_MIX_ALERT)
    assert not mix.firing and mix.evidence["labels"]["spam"]["online_share"] == 0  # type: ignore[index]
    assert "ham" not in mix.evidence["labels"]  # type: ignore[operator]  # no rise possible
    live(store, T0 + dt.timedelta(hours=1), 300, tag="s", output="spam")
    moved = watch_once(loaded, store, T0 + dt.timedelta(hours=2), labels)
    assert LABEL_MIX_ALERT in [i.alert for i in moved.fired]
    spam = next(c for c in moved.checks if c.name == LABEL_MIX_ALERT).evidence["labels"]["spam"]  # type: ignore[index]
    assert spam["pilot_share"] == pytest.approx(0.025) and spam["online_share"] == 0.5
    assert (
        "spam rose"
        in next(i for i in moved.fired if i.alert == LABEL_MIX_ALERT).evidence["summary"]
    )


def test_a_suite_without_labels_has_no_label_mix_monitor(tmp_path: Path) -> None:
    assert label_set(plan(tmp_path).plan.suites[0]) is None


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("где моя посылка {k}", True),  # Cyrillic: not the pilot's language
        ("wo ist mein Paket {k}, ich warte", True),  # German function words
        ("message {k}", False),  # negative control: like the pilot's inputs
    ],
)
def test_inputs_in_another_language_fire_the_language_ticket(
    store: Store, tmp_path: Path, text: str, fires: bool
) -> None:
    loaded = plan(tmp_path)
    pilot_run(store, 20, 19)  # inputs "message 0" … "message 19": Latin, no function word
    live(store, T0, 400, text=text)
    done = watch_once(loaded, store, T0 + dt.timedelta(hours=1), None)
    assert (LANGUAGE_ALERT in [i.alert for i in done.fired]) is fires
    check = next(c for c in done.checks if c.name == LANGUAGE_ALERT)
    assert check.evidence["pilot_language"] == "latin"
    assert check.evidence["online_share"] == (0 if fires else 1)


def test_the_language_guess_needs_no_model() -> None:
    from phaseone.slo.language import language_of

    assert language_of("Where is my parcel? It is not in the box") == "en"
    assert language_of("Où est mon colis ? Je ne le trouve pas") == "fr"
    assert language_of("¿Dónde está mi paquete? No llegó") == "es"
    assert language_of("Где моя посылка?") == "cyrillic"
    assert language_of("我的包裹在哪里") == "chinese"
    assert language_of("SKU-4411") == "latin" and language_of("12345") == "none"
