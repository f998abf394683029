"""Real plan workspaces on disk for eval tests: phaseone.yaml, a JSONL dataset, a pilot module."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

PILOT_MODULE = "p1_eval_pilot"
PILOT_SOURCE = '''
"""A tiny keyword spam classifier used as a python target in the eval tests."""
import asyncio
import time

SPAM = ("win", "free", "prize", "claim", "cash")


def classify(text):
    return "spam" if any(w in str(text).lower() for w in SPAM) else "ham"


async def aclassify(text):
    await asyncio.sleep(0.001)
    return classify(text)


def costly(text):
    return {"output": classify(text), "input_tokens": 10, "output_tokens": 1000}


def flaky_crash(text):
    if "boom" in str(text):
        raise ValueError("cannot handle boom")
    return classify(text)


def sleepy(text):
    time.sleep(0.02)
    return classify(text)
'''


def costly_target() -> dict[str, Any]:
    """A python target billed 1.0 EUR per call (1,000 output tokens at 1.0 per 1k), while
    its cost estimate (≤ 200 output tokens) is lower: for tests of the spend limit."""
    return {
        "kind": "python",
        "callable": f"{PILOT_MODULE}:costly",
        "price": {"per_1k_output_tokens": 1.0},
    }


def spam_cases(n: int, *, wrong_every: int = 0) -> list[dict[str, Any]]:
    """n cases; every third is spam. With wrong_every=k, every k-th label is flipped
    (so a correct classifier gets those wrong)."""
    rows = []
    for i in range(n):
        spam = i % 3 == 0
        text = f"WIN a free prize number {i}" if spam else f"see you at {i} pm"
        label = "spam" if spam else "ham"
        if wrong_every and i % wrong_every == wrong_every - 1:
            label = "ham" if spam else "spam"
        rows.append(
            {
                "id": f"c{i:05d}",
                "input": text,
                "expected": label,
                "tags": ["edge"] if i % 5 == 0 else [],
            }
        )
    return rows


def write_workspace(
    root: Path,
    *,
    cases: list[dict[str, Any]] | None = None,
    target: dict[str, Any] | None = None,
    suites: list[dict[str, Any]] | None = None,
    metric: dict[str, Any] | None = None,
    gate: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> Path:
    """Write phaseone.yaml (+ cases.jsonl + the pilot module) into root; return the plan path."""
    root.mkdir(parents=True, exist_ok=True)
    (root / f"{PILOT_MODULE}.py").write_text(PILOT_SOURCE)
    rows = cases if cases is not None else spam_cases(30)
    with (root / "cases.jsonl").open("w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    plan: dict[str, Any] = {
        "version": 1,
        "project": {"name": "evals-test", "currency": "EUR"},
        "owner": {
            "name": "Dana Okafor",
            "role": "Head of Support Operations",
            "team": "Support",
            "contact": "dana@example.com",
        },
        "target": target or {"kind": "python", "callable": f"{PILOT_MODULE}:classify"},
        "suites": suites
        or [
            {
                "name": "spam",
                "dataset": {"kind": "jsonl", "path": "cases.jsonl", "mapping": {"id": "id"}},
                "scorers": [{"kind": "classification", "labels": ["spam", "ham"]}],
                "tags": ["happy"],
            }
        ],
        "store": {"url": f"sqlite:///{root / 'store.db'}"},
    }
    if metric is not None:
        plan["success_metric"] = metric
    if gate is not None:
        plan["gate"] = gate
    if extra:
        plan.update(extra)
    path = root / "phaseone.yaml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False))
    return path


def suite(
    name: str = "spam",
    *,
    scorers: list[dict[str, Any]] | None = None,
    threshold: float | None = None,
    repeat: int | None = None,
    tags: list[str] | None = None,
) -> dict[str, Any]:
    s: dict[str, Any] = {
        "name": name,
        "dataset": {"kind": "jsonl", "path": "cases.jsonl", "mapping": {"id": "id"}},
        "scorers": scorers or [{"kind": "classification", "labels": ["spam", "ham"]}],
        "tags": tags if tags is not None else ["happy"],
    }
    if threshold is not None:
        s["threshold"] = threshold
    if repeat is not None:
        s["repeat"] = repeat
    return s


def http_target(url: str, **kw: Any) -> dict[str, Any]:
    t: dict[str, Any] = {
        "kind": "http",
        "url": url + "/classify",
        "body": {"input": "{{ input }}"},
        "output_path": "label",
        "timeout_s": 5,
    }
    t.update(kw)
    return t


def case_number(payload: Any) -> int:
    """The number in a `spam_cases` input ("WIN a free prize number 7", "see you at 8 pm")."""
    text = str(payload.get("input") if isinstance(payload, dict) else payload)
    return int(re.findall(r"\d+", text)[0])


def failing_responder(fails: Callable[[int], bool], status: int = 400) -> Any:
    """An http-target responder (tests/servers.py `JsonServer`) that classifies like
    `spam_responder` but answers HTTP `status` for the cases whose number `fails`."""
    from aiohttp import web

    from servers import spam_responder

    def respond(payload: Any, request: Any) -> Any:
        if fails(case_number(payload)):
            return web.json_response({"error": "injected"}, status=status)
        return spam_responder(payload, request)

    return respond
