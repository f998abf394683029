"""promptfoo providers as plan targets: `http`, `openai:chat:*` / `openai:*`, python files.

Each function takes one provider entry as written and the prompt already converted to a
Jinja2 template, and returns the plan's `target:` mapping, or None after adding a note
that says why it could not (and what to write instead).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from phaseone.importers.located import LocatedYaml, Notes, Path_, read_yaml
from phaseone.importers.nunjucks import env_to_plan, fill_prompt, has_prompt

#: `json.data.label`, `json['data'].items[0]`, or `(json) => json.output`.
_ARROW = re.compile(r"^\(?\s*json\s*\)?\s*=>\s*(?P<body>.+)$", re.DOTALL)
_JSON_PATH = re.compile(r"^json(?P<rest>(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\[['\"][^'\"]+['\"]\])*)$")
_STEP = re.compile(r"\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[['\"]([^'\"]+)['\"]\]")
SHIM_MODULE = "promptfoo_shim"


def provider_id(entry: Any) -> str:
    """The provider's id as promptfoo reads it (a string, or `id:` of a mapping)."""
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict):
        return str(entry.get("id", ""))
    return ""


def provider_label(entry: Any) -> str:
    """`label:` when given, else the id: how promptfoo names the column."""
    if isinstance(entry, dict) and entry.get("label"):
        return str(entry["label"])
    return provider_id(entry)


_PROVIDER_FILES = (".yaml", ".yml", ".json")


def load_providers(
    config: LocatedYaml, base: Path, notes: Notes
) -> list[tuple[Any, LocatedYaml, Path_]]:
    """Each provider entry with the file and path it was written at.

    `providers:` (or `targets:`) is a list, one entry, or `file://providers.yaml`; a
    `file://….yaml|.yml|.json` entry is read as promptfoo reads it (one provider, or a
    list of them) and its providers keep the lines of that file. A `file://…py` entry is
    a python provider, not a file of providers.
    """
    key = "providers" if "providers" in config.data else "targets"
    raw = config.data.get(key) or []
    items = raw if isinstance(raw, list) else [raw]
    out: list[tuple[Any, LocatedYaml, Path_]] = []
    for i, entry in enumerate(items):
        path: Path_ = (key, i) if isinstance(raw, list) else (key,)
        ref = entry if isinstance(entry, str) else ""
        if not (ref.startswith("file://") and ref.lower().endswith(_PROVIDER_FILES)):
            out.append((entry, config, path))
            continue
        name = ref.removeprefix("file://")
        file = base / name
        if not file.is_file():
            notes.add(
                config,
                path,
                f"providers file {name} not found",
                f"put it at {file}, or list the providers inline, and import again",
            )
            continue
        sub = read_yaml(file, name)
        if isinstance(sub.data, list):
            out.extend((p, sub, (j,)) for j, p in enumerate(sub.data))
        elif isinstance(sub.data, dict):
            out.append((sub.data, sub, ()))
        else:
            notes.add(
                sub,
                (),
                f"providers file {name} holds no provider (a mapping or a list of them)",
                "write `- id: …` entries in it, or list the providers inline",
            )
    return out


def output_path(transform: Any) -> str | None:
    """A `transformResponse` that is a plain path into the JSON, as a dotted path.

    None when it is code doing more than reading a path (not translatable).
    """
    text = str(transform).strip()
    arrow = _ARROW.match(text)
    if arrow:
        text = arrow.group("body").strip().rstrip(";")
    m = _JSON_PATH.match(text)
    if m is None:
        return None
    steps = [a or b or c for a, b, c in _STEP.findall(m.group("rest"))]
    return ".".join(steps)


def _config(entry: Any) -> dict[str, Any]:
    cfg = entry.get("config") if isinstance(entry, dict) else None
    return cfg if isinstance(cfg, dict) else {}


def http_target(
    entry: Any,
    prompt: str,
    doc: LocatedYaml,
    path: Path_,
    notes: Notes,
    var_names: frozenset[str] = frozenset(),
) -> dict[str, Any] | None:
    """promptfoo's `http` provider (or an `https://…` id) as an `http` target."""
    cfg = _config(entry)
    pid = provider_id(entry)
    url = cfg.get("url") or (pid if pid.startswith(("http://", "https://")) else None)
    if not url:
        notes.add(doc, path, "http provider without `config.url`", "add the url, import again")
        return None
    body = cfg.get("body")
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            if not has_prompt(body):
                notes.add(
                    doc,
                    (*path, "config", "body"),
                    "http provider body is text, not JSON: the plan's http target sends JSON",
                    "write the body as a YAML mapping, e.g. `body: {prompt: '{{prompt}}'}`",
                )
                return None
    method = str(cfg.get("method", "POST" if body is not None else "GET")).upper()
    if method not in ("POST", "PUT", "PATCH"):
        notes.add(
            doc,
            (*path, "config", "method"),
            f"http method {method}: the plan's http target sends its body as JSON "
            "(POST, PUT or PATCH)",
            "the plan uses POST; check that the endpoint accepts it",
        )
        method = "POST"
    target: dict[str, Any] = {
        "kind": "http",
        "url": env_to_plan(str(url)),
        "method": method,
        "body": fill_prompt(
            body if body is not None else {"prompt": "{{prompt}}"}, prompt, var_names - {"prompt"}
        ),
    }
    headers = cfg.get("headers")
    if isinstance(headers, dict):
        target["headers"] = {str(k): env_to_plan(str(v)) for k, v in headers.items()}
    transform = cfg.get("transformResponse")
    if transform is None:
        target["output_path"] = ""
    else:
        dotted = output_path(transform)
        if dotted is None:
            notes.add(
                doc,
                (*path, "config", "transformResponse"),
                f"transformResponse {str(transform).strip()[:60]!r} is code, not a path",
                "set the target's `output_path` to where the answer is (e.g. `data.label`)",
            )
            dotted = ""
        target["output_path"] = dotted
    if "timeout" in cfg:
        target["timeout_s"] = float(cfg["timeout"]) / 1000
    return target


def openai_target(
    entry: Any, prompt: str, doc: LocatedYaml, path: Path_, notes: Notes
) -> dict[str, Any] | None:
    """`openai:chat:MODEL` / `openai:MODEL` as an `openai` target (any compatible API)."""
    pid = provider_id(entry)
    parts = pid.split(":")
    if len(parts) >= 3 and parts[1] != "chat":
        notes.add(
            doc,
            path,
            f"provider {pid!r}: only chat models are translated",
            "use an `openai:chat:MODEL` provider, or write the target by hand",
        )
        return None
    model = parts[-1] if len(parts) >= 2 else ""
    if not model:
        notes.add(doc, path, f"provider {pid!r} names no model", "write `openai:chat:MODEL`")
        return None
    cfg = _config(entry)
    base = cfg.get("apiBaseUrl") or cfg.get("apiHost")
    if base and not str(base).startswith(("http://", "https://", "{{")):
        base = f"https://{base}/v1"
    key_env = cfg.get("apiKeyEnvar") or "OPENAI_API_KEY"
    target: dict[str, Any] = {
        "kind": "openai",
        "base_url": env_to_plan(str(base))
        if base
        else "${OPENAI_BASE_URL:-https://api.openai.com/v1}",
        "model": model,
        "api_key": env_to_plan(str(cfg["apiKey"])) if cfg.get("apiKey") else "${" + key_env + ":-}",
        "messages": _messages(prompt),
    }
    if "temperature" in cfg:
        target["temperature"] = float(cfg["temperature"])
    if "max_tokens" in cfg:
        target["max_tokens"] = int(cfg["max_tokens"])
    return target


def _messages(prompt: str) -> list[dict[str, str]]:
    """A prompt that is a JSON chat (a list of role/content) stays a chat; text is one
    user message, as promptfoo sends it."""
    try:
        parsed = json.loads(prompt)
    except ValueError:
        parsed = None
    if isinstance(parsed, list) and all(
        isinstance(m, dict) and {"role", "content"} <= set(m) for m in parsed
    ):
        return [{"role": str(m["role"]), "content": str(m["content"])} for m in parsed]
    return [{"role": "user", "content": prompt}]


def python_target(
    entry: Any, prompt: str, doc: LocatedYaml, path: Path_, notes: Notes
) -> dict[str, Any] | None:
    """`python:provider.py` / `file://provider.py[:fn]` through the written shim.

    promptfoo calls `call_api(prompt, options, context)`; a plan's python target calls
    `fn(input)`. The shim renders the prompt over the case's vars and calls the
    provider's function the promptfoo way, returning its `output`.
    """
    pid = provider_id(entry)
    ref = pid.removeprefix("python:").removeprefix("file://")
    file, _, function = ref.partition(":")
    if not file.endswith(".py"):
        notes.add(doc, path, f"provider {pid!r} is not a python file", "write the target by hand")
        return None
    return {
        "kind": "python",
        "callable": f"{SHIM_MODULE}:call_provider",
        "kwargs": {
            "file": file,
            "function": function or "call_api",
            "prompt": prompt,
            "config": _config(entry),
        },
    }


def target_for(
    entry: Any,
    prompt: str,
    doc: LocatedYaml,
    path: Path_,
    notes: Notes,
    var_names: frozenset[str] = frozenset(),
) -> dict[str, Any] | None:
    """The plan target of one provider entry, or None (with a note).

    Args:
        prompt: the prompt, already a plan template (`{{ input.topic }}`).
        var_names: the tests' var names, which an http body may use directly too.
    """
    pid = provider_id(entry)
    if pid == "http" or pid.startswith(("http://", "https://")):
        return http_target(entry, prompt, doc, path, notes, var_names)
    if pid.startswith("openai:"):
        return openai_target(entry, prompt, doc, path, notes)
    if pid.startswith("python:") or (pid.startswith("file://") and ".py" in pid):
        return python_target(entry, prompt, doc, path, notes)
    notes.add(
        doc,
        path,
        f"provider {pid!r} is not translated (http, openai:chat:* and python files are)",
        "point an `http` or `openai` target at it by hand (`kind: openai` reaches any "
        "OpenAI-compatible server: vLLM, Ollama, llama.cpp)",
    )
    return None
