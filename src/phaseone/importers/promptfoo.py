"""`phaseone import promptfoo CONFIG`: a promptfooconfig.yaml as phaseone plans.

promptfoo evaluates every prompt with every provider over every test; its result table
has one column per (prompt, provider) pair. A plan has one target, so the import writes
one plan per pair (`phaseone.yaml` for the first, `phaseone.<label>.yaml` for the rest),
all reading the same suite files. Tests with the same assertions form one suite; each
assertion is one scorer, and a case passes when all of them pass, as a promptfoo test does.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from phaseone.errors import PlanError, UsageError
from phaseone.importers.assertions import ScorerSpec, translate
from phaseone.importers.located import ImportNote, LocatedYaml, Notes, read_yaml
from phaseone.importers.nunjucks import to_jinja
from phaseone.importers.providers import (
    SHIM_MODULE,
    load_providers,
    provider_label,
    target_for,
)
from phaseone.importers.shim import SHIM_SOURCE
from phaseone.importers.tests_source import PfTest, load_tests
from phaseone.plan.loader import parse_plan

CASES_DIR = "promptfoo-cases"
_SLOT_ORDER = {"similarity": 0, "exact": 1, "contains": 2, "icontains": 3}
_ENV_REF = re.compile(r"(?<!\$)\$\{([A-Za-z_]\w*)")


@dataclass
class ImportedSuite:
    """One suite: tests with the same assertions, and its scorers."""

    name: str
    scorers: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    has_expected: bool


@dataclass
class ImportResult:
    """What an import wrote and what it could not translate."""

    plans: list[Path] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    suites: list[ImportedSuite] = field(default_factory=list)
    notes: list[ImportNote] = field(default_factory=list)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "provider"


_PROMPT_FILES = (".txt", ".md", ".json", ".j2", ".nunjucks")


def _prompts(config: LocatedYaml, base: Path, notes: Notes) -> list[tuple[str, Any]]:
    """Each prompt's text and the path it was written at.

    A prompt is text, `file://prompt.txt`, or (older configs) a bare file name; a text
    file holds several prompts separated by a line `---`, as promptfoo reads it.
    """
    raw = config.data.get("prompts")
    items = raw if isinstance(raw, list) else [raw] if raw is not None else []
    out: list[tuple[str, Any]] = []
    for i, item in enumerate(items):
        path = ("prompts", i) if isinstance(raw, list) else ("prompts",)
        if isinstance(item, dict):
            item = item.get("raw") or item.get("id")
        if not isinstance(item, str):
            notes.add(config, path, "prompt is not text", "write the prompt as a string")
            continue
        name = item.removeprefix("file://")
        file = base / name
        is_file = item.startswith("file://") or (
            "\n" not in item and name.lower().endswith(_PROMPT_FILES)
        )
        if not is_file:
            out.append((item, path))
            continue
        if not name.lower().endswith(_PROMPT_FILES) or not file.is_file():
            notes.add(
                config,
                path,
                f"prompt file {name} is not a text prompt found next to the config",
                "inline the prompt text in the config, or give a .txt/.json file",
            )
            continue
        text = file.read_text(encoding="utf-8")
        out.extend((p.strip(), path) for p in re.split(r"\n-{3,}\n", text) if p.strip())
    return out


def _suites(tests: list[PfTest], default_provider: Any, notes: Notes) -> list[ImportedSuite]:
    """Group tests by their translated assertions; per-test values go to `expected`."""
    groups: dict[tuple[str, ...], tuple[str, list[dict[str, Any]], list[dict[str, Any]], bool]] = {}
    for test in tests:
        specs: list[tuple[ScorerSpec, Any]] = []
        for assertion, doc, path in test.asserts:
            spec = translate(assertion, test.vars, default_provider, doc, path, notes)
            if spec is not None:
                specs.append((spec, (doc, path)))
        slotted = [s for s, _ in specs if s.slot_value is not None]
        slot = min(slotted, key=lambda s: _SLOT_ORDER[s.config["kind"]], default=None)
        configs: list[dict[str, Any]] = []
        for spec, (doc, path) in specs:
            if spec is slot or spec.slot_value is None:
                configs.append(spec.config)
                continue
            fixed = _fixed(spec)
            if fixed is None:
                notes.add(
                    doc,
                    path,
                    "a second `similar` in one test has nowhere to carry its value",
                    "split the test in two, one `similar` each",
                )
                continue
            configs.append(fixed)
        if not configs:  # promptfoo passes a test without assertions when the call answers
            configs.append({"kind": "regex", "pattern": "", "name": "answered"})
        key = tuple(json.dumps(c, sort_keys=True) for c in configs)
        if key not in groups:
            groups[key] = (_suite_name(test), configs, [], slot is not None)
        row: dict[str, Any] = {"id": f"test-{test.index}", "input": test.vars}
        if slot is not None:
            row["expected"] = slot.slot_value
        if test.description:
            row["description"] = test.description
        groups[key][2].append(row)
    suites: list[ImportedSuite] = []
    taken: set[str] = set()
    for name, configs, rows, has_expected in groups.values():
        unique, n = name, 1
        while unique in taken:
            n += 1
            unique = f"{name}-{n}"
        taken.add(unique)
        suites.append(ImportedSuite(unique, _named(configs), rows, has_expected))
    return suites


def _suite_name(test: PfTest) -> str:
    """`tests` when the test has only defaultTest's assertions, else its own assertion
    types (`tests.icontains.not-contains`), so a reader knows the suite by its name."""
    kinds = [re.sub(r"[^A-Za-z0-9_-]+", "-", k) for k in dict.fromkeys(test.own_kinds)]
    return ".".join(["tests", *kinds])[:80].rstrip(".-")


def _fixed(spec: ScorerSpec) -> dict[str, Any] | None:
    """A value-carrying scorer with its value written into the scorer itself."""
    kind, value = spec.config["kind"], spec.slot_value
    if kind == "exact":
        name = spec.config.get("name", "equals")
        return {"name": name, "kind": "regex", "pattern": re.escape(str(value)), "full_match": True}
    if kind in ("contains", "icontains"):
        return {**spec.config, "value": value}
    return None


def _named(configs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, int] = {}
    out = []
    for c in configs:
        base = str(c.get("name") or c["kind"])
        seen[base] = seen.get(base, 0) + 1
        name = base if seen[base] == 1 else f"{base}-{seen[base]}"
        out.append({"name": name, **{k: v for k, v in c.items() if k != "name"}})
    return out


def _plan(
    project: str, description: str, target: dict[str, Any], suites: list[ImportedSuite]
) -> dict[str, Any]:
    return {
        "version": 1,
        "project": {"name": project, "description": description},
        "owner": {
            "name": "TODO: the production owner",
            "role": "TODO: their role in the line organisation",
            "team": "TODO: the team that will run the live system",
            "contact": "todo@example.com",
        },
        "target": target,
        "suites": [
            {
                "name": s.name,
                "description": f"promptfoo tests with the same assertions ({len(s.rows)})",
                "dataset": {
                    "kind": "jsonl",
                    "path": f"{CASES_DIR}/{s.name}.jsonl",
                    "mapping": {
                        "id": "id",
                        "input": "input",
                        "expected": "expected" if s.has_expected else None,
                        "tags": None,
                    },
                },
                "scorers": s.scorers,
            }
            for s in suites
        ],
    }


HEADER = """\
# Imported from promptfoo: {source} (prompt {prompt} of {prompts}, provider {provider}).
# `phaseone import promptfoo` wrote this; what it could not translate it printed, with
# the file and line. Next: name the production owner below, set a success_metric,
# then `phaseone plan` and `phaseone eval`{plan_opt}.
"""


def _check(text: str, file: Path) -> None:
    """The written plan must load; an env var it names need not be set yet."""
    env = dict(os.environ)
    for name in _ENV_REF.findall(text):
        env.setdefault(name, "set-at-run-time")
    try:
        parse_plan(text, file=str(file), base_dir=file.parent, env=env)
    except PlanError as exc:
        raise UsageError(
            f"the plan written to {file} does not load: "
            + "; ".join(f"{i.path}: {i.message}" for i in exc.issues),
            fix="report this as a bug with the promptfoo config; fix the plan by hand meanwhile",
        ) from None


def import_promptfoo(
    config_path: Path, out_dir: Path | None = None, *, force: bool = False
) -> ImportResult:
    """Write plans and suite files for a promptfoo config.

    Args:
        config_path: the promptfooconfig.yaml; files it names resolve against its folder.
        out_dir: where to write (default: next to the config).
        force: overwrite plans that exist already.

    Raises:
        UsageError: the config cannot be read, or nothing usable remains (no provider or
            no test could be translated): the notes say why.
    """
    config = read_yaml(config_path, str(config_path))
    if not isinstance(config.data, dict):
        raise UsageError(
            f"{config_path}: not a promptfoo config (a YAML mapping)",
            fix="pass promptfooconfig.yaml",
        )
    base = config_path.resolve().parent
    out = (out_dir or base).resolve()
    notes = Notes()
    prompts = _prompts(config, base, notes)
    tests = load_tests(config, base, notes)
    var_names = {k for t in tests for k in t.vars}
    default = config.data.get("defaultTest") or {}
    grader = (default.get("options") or {}).get("provider") if isinstance(default, dict) else None
    suites = _suites(tests, grader, notes)
    providers = load_providers(config, base, notes)
    pairs: list[tuple[str, int, dict[str, Any]]] = []
    for p_index, (prompt, _ppath) in enumerate(prompts or [("{{ input }}", ("prompts",))]):
        jinja = to_jinja(prompt, var_names)
        said = notes if p_index == 0 else Notes()  # a provider's notes are said once
        for entry, doc, path in providers:
            target = target_for(entry, jinja, doc, path, said, frozenset(var_names))
            if target is not None:
                pairs.append((provider_label(entry), p_index, target))
    if not prompts:
        notes.add(config, (), "no `prompts:`", "add the prompt your providers are called with")
    if not pairs or not tests:
        listed = "\n".join(n.render() for n in notes.items) or "(nothing found)"
        what = "no provider" if not pairs else "no test"
        raise UsageError(
            f"{config_path}: nothing usable to import ({what} could be translated):\n{listed}",
            fix="fix what is listed (or write those parts of the plan by hand), then import again",
        )
    project = _slug(str(config.data.get("description") or base.name))
    plans = _compose_plans(pairs, suites, project, len(prompts), config_path.name, out)
    existing = [f for f, _ in plans if f.exists()]
    if existing and not force:
        raise UsageError(
            f"{existing[0]} exists already", fix="pass --force to overwrite, or --out DIR"
        )
    result = ImportResult(suites=suites, notes=notes.items)
    (out / CASES_DIR).mkdir(parents=True, exist_ok=True)
    for suite in suites:
        file = out / CASES_DIR / f"{suite.name}.jsonl"
        lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in suite.rows]
        file.write_text("".join(lines), encoding="utf-8")
        result.files.append(file)
    uses_shim = any(t["kind"] == "python" for _, _, t in pairs) or any(
        c["kind"] == "python" for s in suites for c in s.scorers
    )
    if uses_shim:
        shim = out / f"{SHIM_MODULE}.py"
        shim.write_text(SHIM_SOURCE, encoding="utf-8")
        result.files.append(shim)
    for file, text in plans:  # every plan loads (its suite files written) before any is
        _check(text, file)
    for file, text in plans:
        file.write_text(text, encoding="utf-8")
        result.plans.append(file)
    return result


def _compose_plans(
    pairs: list[tuple[str, int, dict[str, Any]]],
    suites: list[ImportedSuite],
    project: str,
    n_prompts: int,
    source: str,
    out: Path,
) -> list[tuple[Path, str]]:
    """Each (provider, prompt) pair's plan file and text: `phaseone.yaml` first."""
    plans: list[tuple[Path, str]] = []
    labels_seen: set[str] = set()
    for n, (label, p_index, target) in enumerate(pairs):
        slug = _slug(label) + (f"-prompt{p_index + 1}" if n_prompts > 1 else "")
        while slug in labels_seen:
            slug += "-2"
        labels_seen.add(slug)
        file = out / "phaseone.yaml" if n == 0 else out / f"phaseone.{slug}.yaml"
        description = f"{label}, prompt {p_index + 1}: imported from promptfoo"
        plan = _plan(f"{project}-{slug}", description, target, suites)
        header = HEADER.format(
            source=source,
            prompt=p_index + 1,
            prompts=max(n_prompts, 1),
            provider=label,
            plan_opt="" if n == 0 else f" --plan {file.name}",
        )
        plans.append(
            (file, header + yaml.safe_dump(plan, sort_keys=False, allow_unicode=True, width=100))
        )
    return plans
