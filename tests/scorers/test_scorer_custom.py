"""python (custom function) scorers, similarity, and build_scorers."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from scorer_helpers import make, run

from phaseone.errors import ScorerError
from phaseone.registry import UnknownComponent
from phaseone.scorers import ScorerContext, build_scorers
from phaseone.scorers.base import SCORERS

MODULE = """
async def is_polite(output, case):
    return {"value": 0.9 if "please" in output else 0.1, "explanation": "politeness"}

def length_ok(output, case):
    return len(output) <= case.metadata.get("max_len", 10)

def half(output, case):
    return 0.5

def dict_passed(output, case):
    return {"passed": False, "explanation": "nope", "details": {"why": 1}}

def weird(output, case):
    return "yes"

def crash(output, case):
    raise RuntimeError("boom")

NOT_CALLABLE = 3
"""


@pytest.fixture
def ctx(tmp_path: Path) -> ScorerContext:
    (tmp_path / "my_scorers_mod.py").write_text(textwrap.dedent(MODULE))
    return ScorerContext(base_dir=tmp_path)


async def test_custom_return_shapes(ctx: ScorerContext) -> None:
    polite = make({"kind": "python", "callable": "my_scorers_mod:is_polite"}, ctx)
    r = await run(polite, "please wait")
    assert (r.value, r.passed, r.explanation) == (0.9, True, "politeness")
    assert not (await run(polite, "wait")).passed
    length = make({"kind": "python", "callable": "my_scorers_mod:length_ok"}, ctx)
    assert (await run(length, "short")).passed
    assert (await run(length, "much too long for it")).value == 0.0
    half = make({"kind": "python", "callable": "my_scorers_mod:half"}, ctx)
    assert (await run(half, "x")).passed
    d = await run(make({"kind": "python", "callable": "my_scorers_mod:dict_passed"}, ctx), "x")
    assert (d.value, d.passed, d.details) == (0.0, False, {"why": 1})


async def test_custom_errors_become_failed_scores(ctx: ScorerContext) -> None:
    weird = await run(make({"kind": "python", "callable": "my_scorers_mod:weird"}, ctx), "x")
    assert not weird.passed and "returned str" in weird.explanation
    crash = await run(make({"kind": "python", "callable": "my_scorers_mod:crash"}, ctx), "x")
    assert not crash.passed and "RuntimeError: boom" in crash.explanation


def test_custom_import_errors_are_build_errors_with_a_fix(ctx: ScorerContext) -> None:
    with pytest.raises(ScorerError) as info:
        make({"kind": "python", "callable": "no_such_module_xyz:f"}, ctx)
    assert "no_such_module_xyz" in str(info.value) and info.value.fix
    with pytest.raises(ScorerError) as info:
        make({"kind": "python", "callable": "my_scorers_mod:missing"}, ctx)
    assert "missing" in str(info.value)
    with pytest.raises(ScorerError):
        make({"kind": "python", "callable": "my_scorers_mod:NOT_CALLABLE"}, ctx)


async def test_similarity_orders_paraphrase_above_unrelated() -> None:
    s = make({"kind": "similarity", "threshold": 0.7})
    close = await run(s, "Your parcel will arrive on Monday.", "The package is delivered Monday.")
    far = await run(s, "Quarterly revenue grew ten percent.", "The package is delivered Monday.")
    assert close.passed and not far.passed
    assert 0.0 <= far.value < close.value <= 1.0
    assert "cosine" in close.details


def test_every_kind_is_registered() -> None:
    assert set(SCORERS.names()) == {
        "exact",
        "contains",
        "icontains",
        "regex",
        "json",
        "json_field",
        "numeric",
        "classification",
        "similarity",
        "judge",
        "latency",
        "cost",
        "python",
    }


def test_build_scorers_names_and_validation() -> None:
    scorers = build_scorers([{"kind": "exact"}, {"kind": "exact", "name": "strict"}])
    assert [s.name for s in scorers] == ["exact", "strict"]
    with pytest.raises(ScorerError, match="two scorers are named 'exact'"):
        build_scorers([{"kind": "exact"}, {"kind": "exact"}])
    with pytest.raises(ScorerError, match="scorers\\[0\\]"):
        build_scorers([{"kind": "latency"}])  # max_ms missing
    with pytest.raises((ScorerError, UnknownComponent)):
        build_scorers([{"kind": "exactly"}])


async def test_similarity_batches_concurrent_cases_and_keeps_them_apart() -> None:
    import asyncio

    from phaseone.scorers.embedding import Embedder

    s = make({"kind": "similarity", "threshold": 0.7})
    pairs = [
        ("Your parcel will arrive on Monday.", "The package is delivered Monday."),
        ("Quarterly revenue grew ten percent.", "The package is delivered Monday."),
    ] * 10
    calls: list[int] = []
    embedder = Embedder.default()
    original = embedder.embed

    def counting(texts: list[str]) -> object:
        calls.append(len(texts))
        return original(texts)

    embedder.embed = counting  # type: ignore[method-assign]
    try:
        results = await asyncio.gather(*(run(s, o, e) for o, e in pairs))
    finally:
        del embedder.embed
    assert [r.passed for r in results] == [True, False] * 10
    assert sum(calls) == 40 and len(calls) < 20  # gathered into fewer, larger calls
    alone = [await run(s, o, e) for o, e in pairs[:2]]
    assert [r.value for r in alone] == pytest.approx([r.value for r in results[:2]], abs=1e-5)


async def test_similarity_built_to_check_its_config_only_refuses_to_score(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from phaseone.scorers import embedding

    def no_model() -> None:
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(embedding.Embedder, "default", classmethod(lambda cls: no_model()))
    with pytest.raises(ScorerError, match="threshold"):  # the config is still checked
        make({"kind": "similarity", "threshold": 2}, ScorerContext(load_models=False))
    s = make({"kind": "similarity", "threshold": 0.7}, ScorerContext(load_models=False))
    with pytest.raises(ScorerError, match="check its config only"):
        await run(s, "a cat", "a kitten")
