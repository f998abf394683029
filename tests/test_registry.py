from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from phaseone.registry import Registry, UnknownComponent


def test_register_and_get() -> None:
    reg: Registry[object] = Registry("widget")

    @reg.register("round")
    def make_round() -> str:
        return "round"

    assert reg.get("round") is make_round
    assert "round" in reg
    assert reg.names() == ["round"]


def test_unknown_name_suggests_the_closest() -> None:
    reg: Registry[object] = Registry("scorer")
    reg.register("exact")(object())
    reg.register("regex")(object())
    with pytest.raises(UnknownComponent) as info:
        reg.get("exatc")
    assert "unknown scorer 'exatc'" in str(info.value)
    assert info.value.fix is not None and "did you mean 'exact'" in info.value.fix


def test_double_registration_is_refused() -> None:
    reg: Registry[object] = Registry("probe")
    reg.register("a")(object())
    with pytest.raises(ValueError, match="registered twice"):
        reg.register("a")(object())


def test_a_lazy_kind_is_listed_without_import_and_imported_on_first_get(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kind declared in `modules` is known (listed, `in`, hinted) before its module is
    imported; `get` imports the module, whose decorator registers the factory."""
    reg: Registry[object] = Registry(
        "widget", modules={"late": "late_widget", "wrong": "wrong_widget"}
    )
    holder = types.ModuleType("widget_registry")
    holder.REG = reg  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "widget_registry", holder)
    (tmp_path / "late_widget.py").write_text(
        "from widget_registry import REG\nREG.register('late')(print)\n"
    )
    (tmp_path / "wrong_widget.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    reg.register("early")(object())
    assert reg.names() == ["early", "late", "wrong"] and "late" in reg
    assert list(reg) == ["early", "late", "wrong"]
    with pytest.raises(UnknownComponent) as info:
        reg.get("lat")
    assert info.value.fix is not None and "did you mean 'late'" in info.value.fix
    assert "early, late, wrong" in info.value.fix
    assert "late_widget" not in sys.modules  # listing and hinting imported nothing
    assert reg.get("late") is print and "late_widget" in sys.modules
    with pytest.raises(RuntimeError, match="registers no widget 'wrong'"):
        reg.get("wrong")  # imported, but nothing registered it: the code's mistake
    monkeypatch.delitem(sys.modules, "late_widget")
    monkeypatch.delitem(sys.modules, "wrong_widget")


@pytest.mark.parametrize(
    ("registry", "union"),
    [
        ("phaseone.datasets:SOURCES", "DatasetConfig"),
        ("phaseone.targets:TARGETS", "TargetConfig"),
        ("phaseone.scorers:SCORERS", "ScorerConfig"),
    ],
)
def test_every_kind_the_plan_accepts_is_registered_by_its_declared_module(
    registry: str, union: str
) -> None:
    """The kinds a plan validates (the config unions' `kind` literals) are exactly the
    registry's, and each declared module registers its kind (`items` imports them all)."""
    import importlib
    import typing

    from phaseone.plan import components

    module, name = registry.split(":")
    reg = getattr(importlib.import_module(module), name)
    kinds: set[str] = set()
    for model in typing.get_args(typing.get_args(getattr(components, union))[0]):
        kinds.update(typing.get_args(model.model_fields["kind"].annotation))
    assert set(reg.names()) == kinds
    assert [k for k, factory in reg.items() if callable(factory)] == sorted(kinds)
