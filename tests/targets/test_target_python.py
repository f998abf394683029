"""The python target: sync and async callables, imported from the plan's directory."""

from __future__ import annotations

import asyncio
import textwrap
import uuid
from pathlib import Path

import pytest

from phaseone.errors import TargetConfigError, TargetException, TargetTimeout
from phaseone.plan.components import Price, PythonTarget
from phaseone.targets import build_target

PILOT = """
import asyncio

def answer(text, prefix=""):
    return prefix + text.upper()

async def aanswer(text):
    await asyncio.sleep(0)
    return {"output": text[::-1], "input_tokens": 10, "output_tokens": 4}

def with_case(text, case=None):
    return {"text": text, "case_id": getattr(case, "id", None)}

def boom(text):
    raise ValueError("model exploded on " + text)

def slow(text):
    import time
    time.sleep(0.6)
    return text
"""


@pytest.fixture
def pilot(tmp_path: Path) -> tuple[Path, str]:
    """A module beside the 'plan', with a unique name so tests never share sys.modules."""
    name = f"pilot_{uuid.uuid4().hex[:8]}"
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(PILOT))
    return tmp_path, name


async def test_sync_callable_with_kwargs(pilot: tuple[Path, str]) -> None:
    base, mod = pilot
    t = build_target(PythonTarget(callable=f"{mod}:answer", kwargs={"prefix": ">"}), base)
    r = await t.call("hello")
    assert r.output == ">HELLO"
    assert r.latency_ms >= 0
    assert r.input_tokens is None and r.cost == 0.0
    assert t.label == f"python {mod}:answer"
    await t.aclose()


async def test_async_callable_dict_return_is_unpacked_with_cost(pilot: tuple[Path, str]) -> None:
    base, mod = pilot
    price = Price(per_1k_input_tokens=1.0, per_1k_output_tokens=2.0, per_call=0.5)
    t = build_target(PythonTarget(callable=f"{mod}:aanswer", price=price), base)
    r = await t.call("abc")
    assert r.output == "cba"
    assert (r.input_tokens, r.output_tokens) == (10, 4)
    assert r.cost == pytest.approx(0.5 + 0.010 + 0.008)


async def test_dict_without_output_key_is_the_output(pilot: tuple[Path, str]) -> None:
    base, mod = pilot
    t = build_target(PythonTarget(callable=f"{mod}:with_case"), base)

    class C:
        id = "case-7"

    r = await t.call("x", case=C())
    assert r.output == {"text": "x", "case_id": "case-7"}


async def test_exception_becomes_a_recorded_target_error(pilot: tuple[Path, str]) -> None:
    base, mod = pilot
    t = build_target(PythonTarget(callable=f"{mod}:boom"), base)
    with pytest.raises(TargetException) as err:
        await t.call("this input")
    assert err.value.kind == "exception"
    assert "ValueError" in str(err.value) and "model exploded on this input" in str(err.value)


async def test_timeout(pilot: tuple[Path, str]) -> None:
    base, mod = pilot
    t = build_target(PythonTarget(callable=f"{mod}:slow", timeout_s=0.1), base)
    with pytest.raises(TargetTimeout) as err:
        await t.call("x")
    assert err.value.kind == "timeout" and err.value.transient


def test_missing_module_names_the_import_path_and_a_fix(tmp_path: Path) -> None:
    with pytest.raises(TargetConfigError) as err:
        build_target(PythonTarget(callable="no_such_pilot_mod:answer"), tmp_path)
    assert "no_such_pilot_mod:answer" in str(err.value)
    assert err.value.fix and "no_such_pilot_mod.py" in err.value.fix


def test_missing_function_lists_what_is_there(pilot: tuple[Path, str]) -> None:
    base, mod = pilot
    with pytest.raises(TargetConfigError) as err:
        build_target(PythonTarget(callable=f"{mod}:anwser"), base)
    assert "'anwser'" in str(err.value)
    assert err.value.fix and "answer" in err.value.fix


def test_module_that_fails_to_import(tmp_path: Path) -> None:
    name = f"broken_{uuid.uuid4().hex[:8]}"
    (tmp_path / f"{name}.py").write_text("raise RuntimeError('needs OPENAI_KEY')\n")
    with pytest.raises(TargetConfigError) as err:
        build_target(PythonTarget(callable=f"{name}:f"), tmp_path)
    assert "needs OPENAI_KEY" in str(err.value)


def test_fingerprint_ignores_timeout_but_not_kwargs(pilot: tuple[Path, str]) -> None:
    base, mod = pilot
    a = build_target(PythonTarget(callable=f"{mod}:answer", timeout_s=5), base)
    b = build_target(PythonTarget(callable=f"{mod}:answer", timeout_s=50), base)
    c = build_target(PythonTarget(callable=f"{mod}:answer", kwargs={"prefix": "!"}), base)
    assert a.fingerprint == b.fingerprint
    assert a.fingerprint != c.fingerprint


async def test_sync_callables_run_concurrently_beyond_the_default_pool(tmp_path: Path) -> None:
    """20 calls must be inside the function at once: a barrier of 20 breaks otherwise."""
    name = f"barrier_{uuid.uuid4().hex[:8]}"
    (tmp_path / f"{name}.py").write_text(
        "import threading\n"
        "BARRIER = threading.Barrier(20, timeout=5)\n"
        "def answer(text):\n"
        "    BARRIER.wait()\n"
        "    return text\n"
    )
    t = build_target(PythonTarget(callable=f"{name}:answer"), tmp_path)
    outs = await asyncio.gather(*(t.call(str(i)) for i in range(20)))
    assert sorted(r.output for r in outs) == sorted(str(i) for i in range(20))
    await t.aclose()


async def test_callable_from_an_installed_module(tmp_path: Path) -> None:
    t = build_target(PythonTarget(callable="json:dumps", kwargs={"sort_keys": True}), tmp_path)
    assert (await t.call({"b": 1, "a": 2})).output == '{"a": 2, "b": 1}'
