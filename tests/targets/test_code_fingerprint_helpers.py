"""A python callable's fingerprint covers the helpers it imports from beside it (review 2,
finding 10): an edited helper is another bot, whose answers are not the old bot's."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from phaseone.targets.python import code_fingerprint, load_callable


def _fingerprint(base: Path, module: str) -> dict[str, object]:
    for name in [m for m in sys.modules if m == module or m.startswith(("hp_", "pk_"))]:
        del sys.modules[name]
    return code_fingerprint(load_callable(f"{module}:answer", base))


@pytest.fixture
def plan_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    tag = tmp_path.name.replace("-", "_")
    (tmp_path / f"hp_rules_{tag}.py").write_text("def rule(x):\n    return 'spam'\n")
    (tmp_path / f"pk_{tag}").mkdir()
    (tmp_path / f"pk_{tag}" / "__init__.py").write_text("")
    (tmp_path / f"pk_{tag}" / "deep.py").write_text("LIMIT = 3\n")
    (tmp_path / f"pk_{tag}" / "mid.py").write_text("from .deep import LIMIT\n")
    (tmp_path / f"hp_bot_{tag}.py").write_text(
        "import json\n"
        f"from hp_rules_{tag} import rule\n"
        f"from pk_{tag} import mid\n\n"
        "def answer(x):\n    return rule(x)\n"
    )
    return tmp_path


def test_an_edited_helper_changes_the_fingerprint(plan_dir: Path) -> None:
    tag = plan_dir.name.replace("-", "_")
    bot = f"hp_bot_{tag}"
    before = _fingerprint(plan_dir, bot)
    helpers = before["helpers"]
    assert isinstance(helpers, dict)
    # the direct helper, the package, and what the package's module imports relatively
    assert set(helpers) == {
        f"hp_rules_{tag}.py",
        f"pk_{tag}/__init__.py",
        f"pk_{tag}/mid.py",
        f"pk_{tag}/deep.py",
    }
    assert _fingerprint(plan_dir, bot) == before  # reading it again changes nothing
    (plan_dir / f"hp_rules_{tag}.py").write_text("def rule(x):\n    return 'ham'\n")
    after = _fingerprint(plan_dir, bot)
    assert after["module_file"] == before["module_file"]  # the bot's own file is the same
    assert after != before
    (plan_dir / f"pk_{tag}" / "deep.py").write_text("LIMIT = 4\n")
    assert _fingerprint(plan_dir, bot) != after


def test_a_module_without_local_helpers_keeps_its_fingerprint(plan_dir: Path) -> None:
    tag = plan_dir.name.replace("-", "_")
    (plan_dir / f"hp_alone_{tag}.py").write_text("import os\n\ndef answer(x):\n    return x\n")
    fp = _fingerprint(plan_dir, f"hp_alone_{tag}")
    assert set(fp) == {"source", "module_file"}
