"""Which Python files travel with a Dask run's spec, and where a worker imports them from."""

from __future__ import annotations

from pathlib import Path

import pytest

from phaseone.evals import plan_files
from phaseone.evals.plan_files import collect_sources, where_to_import


def _tree(root: Path) -> None:
    files = {
        "pilot.py": "def f(x):\n    return x\n",
        "pkg/__init__.py": "",
        "pkg/rules.py": "RULES = 1\n",
        "cases.jsonl": '{"input": "x"}\n',  # not Python: the driver reads datasets
        ".git/hooks/x.py": "",
        "__pycache__/pilot.cpython-311.py": "",
        ".phaseone/store.py": "",
        "myenv/pyvenv.cfg": "home = /usr\n",
        "myenv/lib/python3.11/site-packages/dep.py": "",
        "node_modules/a.py": "",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_only_the_plans_own_python_files_are_collected(tmp_path: Path) -> None:
    _tree(tmp_path)
    sources = dict(collect_sources(tmp_path))
    assert sorted(sources) == ["pilot.py", "pkg/__init__.py", "pkg/rules.py"]
    assert sources["pkg/rules.py"] == b"RULES = 1\n"


def test_too_much_python_ships_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _tree(tmp_path)
    monkeypatch.setattr(plan_files, "MAX_FILES", 2)
    assert collect_sources(tmp_path) == ()
    assert "none are sent to the Dask workers" in caplog.text


def test_a_worker_uses_the_plan_directory_only_when_it_holds_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plan_files.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    plan = tmp_path / "plan"
    _tree(plan)
    sources = collect_sources(plan)
    assert where_to_import(plan, sources, "run1") == plan  # same host: used in place
    assert where_to_import(plan, (), "run1") == plan  # nothing shipped: as before

    (plan / "pkg/rules.py").write_text("RULES = 2\n")  # another version on this worker
    own = where_to_import(plan, sources, "run2")
    assert own == tmp_path / "tmp" / "phaseone-runs" / "run2"
    assert (own / "pkg/rules.py").read_text() == "RULES = 1\n"  # the driver's version

    missing = where_to_import(tmp_path / "elsewhere", sources, "run3")  # another host
    assert (missing / "pilot.py").read_bytes() == dict(sources)["pilot.py"]


@pytest.mark.parametrize("rel", ["../escape.py", "/etc/x.py", "a/../../b.py"])
def test_a_shipped_path_cannot_leave_the_runs_directory(tmp_path: Path, rel: str) -> None:
    with pytest.raises(ValueError, match="outside the run's directory"):
        where_to_import(tmp_path / "nowhere", ((rel, b""),), "run")
