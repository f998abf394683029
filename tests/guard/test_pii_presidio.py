"""`engine: presidio`: the real Presidio analyzer behind the PII guardrail, fully offline.

Every test runs with the network cut (`no_network`): a connection or DNS lookup is
recorded and refused, and the test fails if there was any. Presidio is in the `dev`
extra, so these run everywhere the suite runs.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from guardkit import OWNER, write_plan
from sqlalchemy import select

from phaseone.errors import MissingExtraError, PlanError
from phaseone.guard import Blocked, Guard
from phaseone.guard.pii import PiiMatch, PiiStage, _non_overlapping, placeholder, presidio_kind
from phaseone.plan import LoadedPlan, parse_plan
from phaseone.plan.schema import PiiGuardrail
from phaseone.store import Store
from phaseone.store.models import Trace

MESSAGE = (
    "Hi, I am at jan.jansen@example.com, my phone number is +31 6 1234 5678."
    " Card 4111 1111 1111 1111, IBAN NL91ABNA0417164300, SSN 536-22-1234."
)
REDACTED = (
    "Hi, I am at [EMAIL], my phone number is [PHONE]. Card [CARD], IBAN [IBAN], SSN [NATIONAL_ID]."
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Refuse, and record, every outward connection and name lookup."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network use in a test that must stay offline")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield attempts
    assert attempts == [], f"tried the network: {attempts}"


def presidio(**pii: Any) -> dict[str, Any]:
    return {"guardrails": {"pii": {"engine": "presidio", **pii}}}


class Recorder:
    """A plain Python callable target that remembers what it was given."""

    def __init__(self) -> None:
        self.seen: list[Any] = []

    def __call__(self, input: Any) -> str:
        self.seen.append(input)
        return "ok"


def stored_inputs(store: Store) -> list[Any]:
    with store.session() as s:
        return [t.input for t in s.scalars(select(Trace))]


async def test_redacted_before_the_target_sees_it_and_in_the_trace(
    tmp_path: Path, sqlite_store: Store
) -> None:
    target = Recorder()
    loaded = write_plan(tmp_path, presidio())
    guard = Guard.from_plan(loaded, sqlite_store, target=target, auth_required=False)
    res = await guard.invoke({"message": MESSAGE, "attachments": ["NL91ABNA0417164300"], "n": 2})
    await guard.aclose()
    assert target.seen == [{"message": REDACTED, "attachments": ["[IBAN]"], "n": 2}]
    assert res.findings[0]["kinds"] == {
        "email": 1, "phone": 1, "card": 1, "iban": 2, "national_id": 1,
    }  # fmt: skip
    (stored,) = stored_inputs(sqlite_store)
    assert stored == {"message": REDACTED, "attachments": ["[IBAN]"], "n": 2}
    assert "4111" not in str(stored) and "jan.jansen" not in str(stored)


async def test_presidio_runs_off_the_event_loop(tmp_path: Path, sqlite_store: Store) -> None:
    """Presidio takes milliseconds per input: the guard runs it (input and the output kept
    for the trace) on worker threads, so other requests keep being served meanwhile."""
    import threading

    loaded = write_plan(tmp_path, presidio())
    guard = Guard.from_plan(loaded, sqlite_store, target=Recorder(), auth_required=False)
    assert guard.pii.offload
    threads: list[int] = []
    find = guard.pii._find
    assert find is not None

    def spy(text: str) -> Any:
        threads.append(threading.get_ident())
        return find(text)

    guard.pii._find = spy
    await guard.invoke(MESSAGE)
    await guard.aclose()
    assert len(threads) == 2  # the input, then the output for the trace
    assert threading.get_ident() not in threads


async def test_block_and_flag(tmp_path: Path, sqlite_store: Store) -> None:
    target = Recorder()
    loaded = write_plan(tmp_path, presidio(action="block"))
    guard = Guard.from_plan(loaded, sqlite_store, target=target, auth_required=False)
    with pytest.raises(Blocked) as exc:
        await guard.invoke("pay with 4111 1111 1111 1111")
    assert exc.value.code == "pii_blocked" and target.seen == []
    await guard.aclose()

    loaded = write_plan(tmp_path, presidio(action="flag", presidio_entities=["EMAIL_ADDRESS"]))
    guard = Guard.from_plan(loaded, sqlite_store, target=target, auth_required=False)
    res = await guard.invoke("write to a@example.com about card 4111 1111 1111 1111")
    await guard.aclose()
    assert target.seen == ["write to a@example.com about card 4111 1111 1111 1111"]
    assert res.findings[0] == {"type": "pii", "action": "flag", "kinds": {"email": 1}}
    assert "write to [EMAIL] about card 4111 1111 1111 1111" in stored_inputs(sqlite_store)


def test_other_entities_keep_their_name_and_overlaps_keep_the_stronger() -> None:
    stage = PiiStage.from_plan(PiiGuardrail(engine="presidio"))
    # The URL recognizer also matches `example.com` inside the address: the address wins.
    assert stage.apply("see https://example.org or mail a@example.com from 10.1.2.3")[0] == (
        "see [URL] or mail [EMAIL] from [IP_ADDRESS]"
    )
    assert stage.apply("") == ("", "", None)
    assert stage.redact_for_trace(["a@example.com", 7]) == ["[EMAIL]", 7]


def test_non_overlapping_prefers_the_higher_score_then_the_longer_span() -> None:
    email, url = PiiMatch("email", 5, 20), PiiMatch("url", 9, 20)
    long_, short = PiiMatch("a", 0, 10), PiiMatch("b", 2, 6)
    assert _non_overlapping([(0.5, url), (1.0, email)]) == [email]
    assert _non_overlapping([(0.8, short), (0.8, long_)]) == [long_]
    assert _non_overlapping([(0.6, PiiMatch("x", 8, 9)), (0.9, short)]) == [
        short,
        PiiMatch("x", 8, 9),
    ]


def test_kinds_and_placeholders() -> None:
    assert [presidio_kind(e) for e in ("EMAIL_ADDRESS", "US_SSN", "UK_NHS", "PERSON")] == [
        "email",
        "national_id",
        "national_id",
        "person",
    ]
    assert (placeholder("email"), placeholder("us_passport")) == ("[EMAIL]", "[US_PASSPORT]")


def test_names_and_places_with_an_installed_spacy_pipeline(tmp_path: Path) -> None:
    # A real, if tiny, spaCy pipeline saved to disk: an entity ruler instead of a trained
    # NER (no weights to fetch), loaded through the same `spacy.load` as en_core_web_lg.
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [{"label": "PERSON", "pattern": "Jan Jansen"}, {"label": "GPE", "pattern": "Utrecht"}]
    )
    nlp.to_disk(tmp_path / "pipeline")
    cfg = PiiGuardrail(
        engine="presidio",
        presidio_model=str(tmp_path / "pipeline"),
        presidio_entities=["PERSON", "LOCATION", "EMAIL_ADDRESS"],
    )
    stage = PiiStage.from_plan(cfg)
    target, stored, finding = stage.apply("Jan Jansen from Utrecht: jan@example.com")
    assert target == stored == "[PERSON] from [LOCATION]: [EMAIL]"
    assert finding is not None and finding["kinds"] == {"person": 1, "location": 1, "email": 1}


def test_context_words_count_without_a_model() -> None:
    # Presidio's context words ("phone", "passport") raise a score, which needs lemmas: the
    # blank pipeline gets lower-cased words as lemmas for that.
    phones = PiiGuardrail(engine="presidio", presidio_entities=["PHONE_NUMBER"], presidio_score=0.5)
    stage = PiiStage.from_plan(phones)
    assert stage.apply("+31 6 1234 5678")[0] == "+31 6 1234 5678"  # 0.4 on its own
    assert stage.apply("my phone: +31 6 1234 5678")[0] == "my phone: [PHONE]"
    default = PiiStage.from_plan(PiiGuardrail(engine="presidio"))
    assert default.apply("order 912803456 shipped")[0] == "order 912803456 shipped"
    assert default.apply("passport 912803456")[0] == "passport [US_PASSPORT]"


def test_the_presidio_defaults_redact_a_phone_an_email_and_a_card() -> None:
    # The former probe's own samples (the probe now uses its held-out corpus).
    SAMPLES = {
        "email": "jane.probe@example.com",
        "phone": "+44 20 7946 0958",
        "card": "4111 1111 1111 1111",
    }
    stage = PiiStage.from_plan(PiiGuardrail(engine="presidio"))
    stored = stage.apply(
        f"Please call me on {SAMPLES['phone']} or mail {SAMPLES['email']};"
        f" my card is {SAMPLES['card']}."
    )[1]
    assert stored == "Please call me on [PHONE] or mail [EMAIL]; my card is [CARD]."


def test_ner_entities_without_a_model_are_a_plan_error() -> None:
    with pytest.raises(PlanError) as exc:
        PiiStage.from_plan(PiiGuardrail(engine="presidio", presidio_entities=["PERSON"]))
    (issue,) = exc.value.issues
    assert issue.path == "controls.guardrails.pii.presidio_entities"
    assert "PERSON" in issue.message and "presidio_model" in (issue.fix or "")


def test_unknown_entity_has_a_did_you_mean() -> None:
    with pytest.raises(PlanError) as exc:
        PiiStage.from_plan(PiiGuardrail(engine="presidio", presidio_entities=["email_address"]))
    (issue,) = exc.value.issues
    assert "did you mean `EMAIL_ADDRESS`?" in (issue.fix or "")


def test_no_entities_finds_nothing() -> None:
    # Presidio itself reads `entities=[]` as "all of them".
    stage = PiiStage.from_plan(PiiGuardrail(engine="presidio", presidio_entities=[]))
    assert stage.apply("a@example.com") == ("a@example.com", "a@example.com", None)


def test_unknown_spacy_model_is_a_clear_error_and_nothing_is_downloaded(
    tmp_path: Path, sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import spacy.cli

    downloads: list[Any] = []
    monkeypatch.setattr(spacy.cli, "download", lambda *a, **k: downloads.append(a))
    loaded = write_plan(tmp_path, presidio(presidio_model="en_core_web_nonexistent"))
    with pytest.raises(PlanError) as exc:
        Guard.from_plan(loaded, sqlite_store, target=Recorder())
    (issue,) = exc.value.issues
    assert issue.path == "controls.guardrails.pii.presidio_model"
    assert "en_core_web_nonexistent" in issue.message
    assert "never downloads" in (issue.fix or "")
    assert downloads == []


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_stops_at_startup_on_a_missing_model(tmp_path: Path, workers: str) -> None:
    """Also with several workers: the model is tried once before any worker starts."""
    loaded = write_plan(tmp_path, presidio(presidio_model="en_core_web_nonexistent"))
    env = {k: v for k, v in os.environ.items() if k != "PHASEONE_DB_URL"}
    cmd = [sys.executable, "-m", "phaseone.cli", "serve", "--plan", str(loaded.path)]
    proc = subprocess.run(
        [*cmd, "--port", "0", "--workers", workers],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert "en_core_web_nonexistent" in proc.stderr and "presidio_model" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_presidio_is_a_missing_extra(
    tmp_path: Path, sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "presidio_analyzer", None)  # import now fails
    loaded = write_plan(tmp_path, presidio())
    with pytest.raises(MissingExtraError) as exc:
        Guard.from_plan(loaded, sqlite_store, target=Recorder())
    assert exc.value.extra == "presidio"
    assert exc.value.fix == "pip install 'phaseone[presidio]'"
    assert "presidio_analyzer" in exc.value.message
    # Switched off, the analyzer is never built, so nothing is needed.
    off = write_plan(tmp_path, presidio(action="off"))
    Guard.from_plan(off, sqlite_store, target=Recorder())


# --- the plan -------------------------------------------------------------------------


def plan_issue(tmp_path: Path, pii: dict[str, Any]) -> Any:
    with pytest.raises(PlanError) as exc:
        write_plan(tmp_path, {"guardrails": {"pii": pii}})
    (issue,) = exc.value.issues
    return issue


def test_engine_typo_has_a_did_you_mean(tmp_path: Path) -> None:
    issue = plan_issue(tmp_path, {"engine": "presido"})
    assert issue.path == "controls.guardrails.pii.engine"
    assert issue.line is not None
    assert "did you mean `presidio`?" in (issue.fix or "")


def test_presidio_settings_need_the_presidio_engine(tmp_path: Path) -> None:
    issue = plan_issue(tmp_path, {"presidio_model": "en_core_web_lg"})
    assert issue.path == "controls.guardrails.pii.presidio_model"
    assert "engine: presidio" in issue.message
    issue = plan_issue(tmp_path, {"engine": "presidio", "kinds": ["email"]})
    assert issue.path == "controls.guardrails.pii.kinds"
    assert "presidio_entities" in issue.message


def test_a_presidio_plan_round_trips(tmp_path: Path) -> None:
    loaded = write_plan(tmp_path, presidio(presidio_entities=["EMAIL_ADDRESS"], presidio_score=0.7))
    again = LoadedPlan.from_model(loaded.plan, loaded.base_dir)
    assert parse_plan(again.text, base_dir=again.base_dir) == loaded.plan
    assert yaml.safe_load(again.text)["owner"] == OWNER
