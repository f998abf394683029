from __future__ import annotations

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
