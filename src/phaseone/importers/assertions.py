"""promptfoo assertions as plan scorers, `not-` forms included.

promptfoo judges each test by all of its assertions; a phaseone case passes when all
of its suite's scorers pass, so one assertion becomes one scorer. A value that differs
from test to test (`contains: '{{city}}'`) travels in the case's `expected`, the value
scorers read by default; fixed values stay in the scorer. Negations the scorers have
no switch for are written as regular expressions with a negative look-ahead, which
say exactly "does not contain/start with/equal/match" under Python's `re.search`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import jinja2

from phaseone.importers.located import LocatedYaml, Notes, Path_
from phaseone.importers.providers import SHIM_MODULE, provider_id

#: Assertion kinds whose value may travel in the case's `expected`, best first:
#: `similar` can carry it no other way (the similarity scorer has no value field).
SLOT_KINDS = ("similar", "equals", "contains", "icontains")
_JS_PATTERNS = (
    (re.compile(r"^output\.includes\((['\"])(?P<v>.*)\1\)$"), "contains"),
    (re.compile(r"^!output\.includes\((['\"])(?P<v>.*)\1\)$"), "not-contains"),
    (re.compile(r"^output\.toLowerCase\(\)\.includes\((['\"])(?P<v>.*)\1\)$"), "icontains"),
    (re.compile(r"^output\.startsWith\((['\"])(?P<v>.*)\1\)$"), "starts-with"),
    (re.compile(r"^output\s*===?\s*(['\"])(?P<v>.*)\1$"), "equals"),
    (re.compile(r"^output\s*!==?\s*(['\"])(?P<v>.*)\1$"), "not-equals"),
    (re.compile(r"^output\.length\s*<=\s*(?P<v>\d+)$"), "max-length"),
    (re.compile(r"^output\.length\s*<\s*(?P<v>\d+)$"), "below-length"),
)
_JS_NAMED_GROUP = re.compile(r"\(\?<(?![=!])")
DEFAULT_JUDGE_MODEL = "gpt-4.1-mini"


@dataclass(frozen=True)
class ScorerSpec:
    """One translated assertion.

    Attributes:
        config: the scorer's plan mapping (without `name`; the suite names them).
        slot_value: the per-test value the scorer reads from the case's `expected`
            (None when the value is fixed in `config`).
    """

    config: dict[str, Any]
    slot_value: Any = None

    def signature(self) -> str:
        return json.dumps(self.config, sort_keys=True)


def render_value(value: Any, vars: dict[str, Any]) -> Any:
    """An assertion value rendered over the test's vars, as promptfoo renders it."""
    if isinstance(value, str) and ("{{" in value or "{%" in value):
        return jinja2.Environment(autoescape=False).from_string(value).render(**vars)
    if isinstance(value, list):
        return [render_value(v, vars) for v in value]
    return value


def _not_anywhere(pattern: str) -> str:
    return r"\A(?![\s\S]*?(?:" + pattern + "))"


def _python_regex(pattern: str) -> str:
    """JavaScript's `(?<name>…)` is Python's `(?P<name>…)`; the rest is shared."""
    return _JS_NAMED_GROUP.sub("(?P<", pattern)


def _judge(assertion: dict[str, Any], default_provider: Any) -> tuple[dict[str, Any], bool]:
    """The judge's endpoint from the assertion's (or defaultTest's) grading provider."""
    entry = assertion.get("provider") or default_provider
    pid = provider_id(entry)
    cfg = entry.get("config") if isinstance(entry, dict) else None
    cfg = cfg if isinstance(cfg, dict) else {}
    guessed = not pid.startswith("openai:")
    model = pid.split(":")[-1] if not guessed else DEFAULT_JUDGE_MODEL
    base = cfg.get("apiBaseUrl")
    return {
        "kind": "judge",
        "base_url": str(base) if base else "${OPENAI_BASE_URL:-https://api.openai.com/v1}",
        "model": model,
        "api_key": "${OPENAI_API_KEY:-}",
    }, guessed


def translate(
    assertion: dict[str, Any],
    vars: dict[str, Any],
    default_provider: Any,
    doc: LocatedYaml,
    path: Path_,
    notes: Notes,
) -> ScorerSpec | None:
    """One assertion as a scorer named after its `metric`, else its type (`not-contains`),
    or None with a note saying what to do instead.

    Args:
        assertion: the assertion as written (`type`, `value`, `threshold`, `provider`).
        vars: the test's vars, which the value is rendered over first.
        default_provider: defaultTest's grading provider (for `llm-rubric`).
    """
    spec = _translate(assertion, vars, default_provider, doc, path, notes)
    if spec is None:
        return None
    named = assertion.get("metric") or assertion.get("type")  # promptfoo's name for its score
    label = re.sub(r"[^A-Za-z0-9_.-]+", "-", str(named)).strip("-") or "assertion"
    return ScorerSpec({"name": label, **spec.config}, spec.slot_value)


def _translate(
    assertion: dict[str, Any],
    vars: dict[str, Any],
    default_provider: Any,
    doc: LocatedYaml,
    path: Path_,
    notes: Notes,
) -> ScorerSpec | None:
    kind = str(assertion.get("type", ""))
    value = render_value(assertion.get("value"), vars)
    threshold = assertion.get("threshold")
    negated = kind.startswith("not-")
    base = kind.removeprefix("not-")

    if base == "javascript" and isinstance(value, str):
        for js_pattern, as_kind in _JS_PATTERNS:
            m = js_pattern.match(value.strip().removeprefix("return ").rstrip(";").strip())
            if m and not negated:
                v = m.group("v")
                if as_kind in ("max-length", "below-length"):
                    most = int(v) - (as_kind == "below-length")
                    return ScorerSpec(
                        {"kind": "regex", "pattern": r"\A[\s\S]{0," + str(most) + r"}\Z"}
                    )
                return _translate({"type": as_kind, "value": v}, vars, None, doc, path, notes)
        notes.add(
            doc,
            path,
            f"`{kind}` assertion {str(value).strip()[:60]!r} is code, not a simple check",
            "write it as a `python` scorer (`callable: my_checks:fn`, fn(output, case))",
        )
        return None

    text = None if value is None else (value if isinstance(value, str) else json.dumps(value))
    if base == "equals" and text is not None:
        if negated:
            return ScorerSpec({"kind": "regex", "pattern": r"\A(?!" + re.escape(text) + r"\Z)"})
        strict = {"kind": "exact", "case_sensitive": True, "strip": False}
        return ScorerSpec({**strict, "collapse_whitespace": False}, slot_value=text)
    if base in ("contains", "icontains") and text is not None:
        if negated:
            flags = "(?i)" if base == "icontains" else ""
            return ScorerSpec({"kind": "regex", "pattern": flags + _not_anywhere(re.escape(text))})
        return ScorerSpec({"kind": base}, slot_value=text)
    if base in ("contains-any", "contains-all", "icontains-any", "icontains-all"):
        values = value if isinstance(value, list) else str(value or "").split(",")
        values = [str(v).strip() for v in values]
        insensitive = base.startswith("i")
        if negated and base.endswith("-any"):
            alternatives = "|".join(re.escape(v) for v in values)
            flags = "(?i)" if insensitive else ""
            return ScorerSpec({"kind": "regex", "pattern": flags + _not_anywhere(alternatives)})
        if not negated:
            mode = "any" if base.endswith("-any") else "all"
            cfg: dict[str, Any] = {
                "kind": "icontains" if insensitive else "contains",
                "values": values,
            }
            return ScorerSpec({**cfg, "mode": mode})
    if base == "starts-with" and text is not None:
        head = re.escape(text)
        return ScorerSpec(
            {"kind": "regex", "pattern": r"\A(?!" + head + ")" if negated else r"\A" + head}
        )
    if base == "regex" and text is not None:
        py_pattern = _python_regex(text)
        try:
            re.compile(py_pattern)
        except re.error as exc:
            notes.add(doc, path, f"regex {text!r} does not compile in Python: {exc}", "rewrite it")
            return None
        return ScorerSpec(
            {"kind": "regex", "pattern": _not_anywhere(py_pattern) if negated else py_pattern}
        )
    if base == "is-json":
        if negated:
            return ScorerSpec({"kind": "python", "callable": f"{SHIM_MODULE}:not_is_json"})
        schema = value if isinstance(value, dict) else None
        return ScorerSpec({"kind": "json", **({"schema": schema} if schema else {})})
    if base == "contains-json":
        if value is not None:
            notes.add(
                doc,
                path,
                "contains-json with a schema: only the presence of JSON is checked",
                "add a `json` scorer with the schema if the output is JSON as a whole",
            )
        name = "not_contains_json" if negated else "contains_json"
        return ScorerSpec({"kind": "python", "callable": f"{SHIM_MODULE}:{name}"})
    if base == "llm-rubric" and not negated and text:
        judge, guessed = _judge(assertion, default_provider)
        if guessed:
            notes.add(
                doc,
                path,
                f"llm-rubric without an openai grading provider: the judge is {DEFAULT_JUDGE_MODEL}"
                " at OPENAI_BASE_URL",
                "set the judge scorer's `base_url` and `model` to your grading model",
            )
        return ScorerSpec({**judge, "rubric": text})
    if base == "similar" and not negated and text is not None:
        notes.add(
            doc,
            path,
            "similar: phaseone embeds with its local MiniLM model, not OpenAI embeddings, so "
            "scores near the threshold may differ",
            "check the threshold on a few cases (needs the `demo` extra)",
        )
        similar: dict[str, Any] = {
            "kind": "similarity",
            "threshold": float(threshold if threshold is not None else 0.75),
        }
        return ScorerSpec(similar, slot_value=text)
    if base == "latency" and not negated and threshold is not None:
        return ScorerSpec({"kind": "latency", "max_ms": float(threshold)})
    if base == "cost" and not negated and threshold is not None:
        notes.add(
            doc,
            path,
            "cost: phaseone computes cost from the target's `price`, not a built-in price list",
            "set `target.price` (per call or per 1k tokens) in the plan",
        )
        return ScorerSpec({"kind": "cost", "max_cost": float(threshold)})
    notes.add(
        doc,
        path,
        f"assertion `{kind}` is not translated",
        "write it as a `python` scorer (`callable: my_checks:fn`, fn(output, case)) or drop it",
    )
    return None
