"""A promptfoo config written the way promptfoo's docs write them, and what it implies.

The cases live here as Python data; `write_config` writes them as a promptfooconfig.yaml
(inline tests, a CSV file with `__expected` columns, defaultTest asserts, three providers)
and `expected_passes` evaluates the same assertions with promptfoo's own semantics, in
plain Python, on the answers the local servers give. The import is judged against that.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

CAPITALS = {
    "France": "Paris",
    "Japan": "Tokyo",
    "Australia": "Canberra",
    "Canada": "Ottawa",
    "Kenya": "Nairobi",
    "Spain": "Madrid",
    "Peru": "Lima",
    "Italy": "Rome",
    "Brazil": "Brasília",
}
PROMPT = "What is the capital of {{country}}? Answer with the city name only."
_COUNTRY = re.compile(r"capital of (\w+)\?")


def country_in(prompt: str) -> str:
    m = _COUNTRY.search(prompt)
    assert m is not None, prompt
    return m.group(1)


def api_answer(prompt: str) -> str:
    """The HTTP pilot: the bare city, wrong on two countries."""
    country = country_in(prompt)
    return {"Australia": "Sydney", "Canada": "Toronto"}.get(country, CAPITALS[country])


def chat_answer(prompt: str) -> str:
    """The chat model: a sentence, wrong on Kenya."""
    country = country_in(prompt)
    city = "Mombasa" if country == "Kenya" else CAPITALS[country]
    return f"The capital of {country} is {city}."


def python_answer(prompt: str) -> str:
    """The python provider: JSON, always right."""
    country = country_in(prompt)
    return json.dumps({"country": country, "capital": CAPITALS[country]}, ensure_ascii=False)


PROVIDER_PY = """
import json
import re

CAPITALS = __CAPITALS__


def call_api(prompt, options, context):
    country = re.search(r"capital of (\\w+)\\?", prompt).group(1)
    answer = {"country": country, "capital": CAPITALS[country]}
    return {"output": json.dumps(answer, ensure_ascii=False)}
""".replace("__CAPITALS__", repr(CAPITALS))


def _contains_json(out: str) -> bool:
    decoder = json.JSONDecoder()
    for i, ch in enumerate(out):
        if ch in "{[":
            try:
                decoder.raw_decode(out[i:])
                return True
            except ValueError:
                continue
    return False


def _is_json(out: str) -> bool:
    try:
        json.loads(out)
    except ValueError:
        return False
    return True


#: promptfoo's meaning of each assertion kind, on a string output.
SEMANTICS: dict[str, Callable[[str, Any], bool]] = {
    "equals": lambda out, v: out == v,
    "contains": lambda out, v: v in out,
    "icontains": lambda out, v: v.lower() in out.lower(),
    "starts-with": lambda out, v: out.startswith(v),
    "regex": lambda out, v: re.search(v, out) is not None,
    "contains-any": lambda out, v: any(x in out for x in v),
    "contains-all": lambda out, v: all(x in out for x in v),
    "is-json": lambda out, v: _is_json(out),
    "contains-json": lambda out, v: _contains_json(out),
    "latency": lambda out, v: True,  # a local server answers in milliseconds
}


def holds(kind: str, value: Any, output: str) -> bool:
    negated = kind.startswith("not-")
    return SEMANTICS[kind.removeprefix("not-")](output, value) != negated


def _render(value: Any, vars: dict[str, str]) -> Any:
    if isinstance(value, str):
        return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: vars[m.group(1)], value)
    return value


DEFAULT_ASSERTS = [
    {"type": "not-icontains", "value": "as an ai"},
    {"type": "latency", "threshold": 5000},
]

INLINE_TESTS: list[dict[str, Any]] = [
    {
        "description": "value from a var",
        "vars": {"country": "France", "capital": "Paris"},
        "assert": [{"type": "contains", "value": "{{capital}}"}],
    },
    {"vars": {"country": "Japan"}, "assert": [{"type": "equals", "value": "Tokyo"}]},
    {
        "vars": {"country": "Australia"},
        "assert": [
            {"type": "icontains", "value": "canberra"},
            {"type": "not-contains", "value": "Sydney"},
        ],
    },
    {"vars": {"country": "Canada"}, "assert": [{"type": "starts-with", "value": "Ottawa"}]},
    {
        "vars": {"country": "Kenya"},
        "assert": [{"type": "regex", "value": "^(The capital of Kenya is )?Nairobi\\.?$"}],
    },
    {
        "vars": {"country": "Spain"},
        "assert": [
            {"type": "contains-any", "value": ["Madrid", "Barcelona"]},
            {"type": "not-regex", "value": "\\d"},
        ],
    },
    {"vars": {"country": "Peru"}, "assert": [{"type": "is-json"}]},
    {
        "vars": {"country": "Italy"},
        "assert": [{"type": "contains-json"}, {"type": "contains-all", "value": ["Rome"]}],
    },
    {
        "vars": {"country": "Brazil"},
        "assert": [
            {"type": "not-equals", "value": "Rio de Janeiro"},
            {"type": "not-starts-with", "value": "I think"},
            {"type": "not-is-json"},
        ],
    },
]

#: CSV rows: vars, then `__expected` cells in promptfoo's string syntax with their meaning.
CSV_TESTS: list[tuple[dict[str, str], list[tuple[str, str, Any]]]] = [
    (
        {"country": "Italy"},
        [
            ("contains: Rome", "contains", "Rome"),
            ("not-icontains: milan", "not-icontains", "milan"),
        ],
    ),
    ({"country": "Peru"}, [("Lima", "equals", "Lima")]),
    (
        {"country": "Canada"},
        [
            ("icontains:ottawa", "icontains", "ottawa"),
            ("not-contains: Toronto", "not-contains", "Toronto"),
        ],
    ),
    (
        {"country": "Kenya"},
        [("contains-any: Nairobi,Mombasa", "contains-any", ["Nairobi", "Mombasa"])],
    ),
]


def write_config(
    folder: Path, *, api_url: str, chat_base_url: str, extra: dict[str, Any] | None = None
) -> Path:
    """promptfooconfig.yaml, tests.csv and provider.py in `folder`."""
    providers = [
        {
            "id": "http",
            "label": "capitals-api",
            "config": {
                "url": f"{api_url}/ask",
                "method": "POST",
                "headers": {
                    "Content-Type": "application/json",
                    "Authorization": "Bearer {{ env.CAPITALS_TOKEN }}",
                },
                "body": {"question": "{{prompt}}", "country": "{{country}}"},
                "transformResponse": "json.data.answer",
            },
        },
        {
            "id": "openai:chat:local-model",
            "config": {"apiBaseUrl": f"{chat_base_url}/v1", "temperature": 0},
        },
        "file://provider.py",
    ]
    config = {
        "description": "Capital cities",
        "prompts": [PROMPT],
        "providers": providers,
        "defaultTest": {"assert": DEFAULT_ASSERTS},
        "tests": [*INLINE_TESTS, "file://tests.csv"],
        **(extra or {}),
    }
    (folder / "provider.py").write_text(PROVIDER_PY, encoding="utf-8")
    width = max(len(cells) for _, cells in CSV_TESTS)
    with (folder / "tests.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["country", *(f"__expected{i + 1}" for i in range(width))])
        for vars, cells in CSV_TESTS:
            texts = [c[0] for c in cells]
            writer.writerow([vars["country"], *texts, *([""] * (width - len(texts)))])
    path = folder / "promptfooconfig.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def all_tests() -> list[tuple[dict[str, str], list[tuple[str, Any]]]]:
    """Every test as (vars, [(kind, rendered value)]), defaultTest's asserts first."""
    out = []
    for test in INLINE_TESTS:
        vars = test["vars"]
        asserts = [
            (a["type"], _render(a.get("value"), vars)) for a in [*DEFAULT_ASSERTS, *test["assert"]]
        ]
        out.append((vars, asserts))
    for vars, cells in CSV_TESTS:
        asserts = [(a["type"], a.get("value")) for a in DEFAULT_ASSERTS]
        out.append((vars, [*asserts, *((kind, value) for _, kind, value in cells)]))
    return out


def expected_passes(answer: Callable[[str], str]) -> int:
    """How many tests promptfoo passes when the provider answers with `answer`."""
    passes = 0
    for vars, asserts in all_tests():
        output = answer(PROMPT.replace("{{country}}", vars["country"]))
        passes += all(holds(kind, value, output) for kind, value in asserts)
    return passes
