"""The part of GitLab's CI schema (`ci.json`, as GitLab publishes it for its pipeline editor)
that a phaseone pipeline uses: a job with image, variables, rules, script and artifacts.

Written out here because no installable package ships GitLab's schema. The definitions follow
GitLab's own: the same property names, types and enums, and `additionalProperties: false`
where GitLab's has it, so a misspelt key (``artefacts``, ``expose-as``) or a wrong type (a
script that is one string per job rather than a list of lines) fails as GitLab would refuse it.
"""

from __future__ import annotations

from typing import Any

_STRING_OR_LIST = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}

_SCRIPT = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "array",
            "minItems": 1,
            "items": {
                "anyOf": [
                    {"type": "string"},
                    {"type": "array", "items": {"type": "string"}},
                ]
            },
        },
    ]
}

_RULE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "if": {"type": "string"},
        "changes": _STRING_OR_LIST,
        "exists": _STRING_OR_LIST,
        "variables": {"type": "object"},
        "when": {"enum": ["on_success", "on_failure", "always", "never", "manual", "delayed"]},
        "allow_failure": {"type": "boolean"},
    },
}

_ARTIFACTS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "paths": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "exclude": {"type": "array", "items": {"type": "string"}},
        "expose_as": {
            "type": "string",
            # GitLab: letters, digits, spaces and -_.() only
            "pattern": "^[a-zA-Z0-9 _\\-.()]+$",
        },
        "name": {"type": "string"},
        "untracked": {"type": "boolean"},
        "when": {"enum": ["on_success", "on_failure", "always"]},
        "expire_in": {"type": "string"},
        "access": {"enum": ["none", "developer", "all"]},
        "reports": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "junit": _STRING_OR_LIST,
                "dotenv": _STRING_OR_LIST,
                "codequality": _STRING_OR_LIST,
                "coverage_report": {"type": "object"},
                "annotations": _STRING_OR_LIST,
            },
        },
    },
}

_JOB = {
    "type": "object",
    "additionalProperties": False,
    "required": ["script"],
    "properties": {
        "image": {"oneOf": [{"type": "string", "minLength": 1}, {"type": "object"}]},
        "stage": {"type": "string"},
        "variables": {
            "type": "object",
            "additionalProperties": {"type": ["string", "integer", "number", "boolean"]},
        },
        "rules": {"type": "array", "items": _RULE},
        "before_script": _SCRIPT,
        "script": _SCRIPT,
        "after_script": _SCRIPT,
        "artifacts": _ARTIFACTS,
        "allow_failure": {
            "oneOf": [
                {"type": "boolean"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "exit_codes": {
                            "oneOf": [
                                {"type": "integer"},
                                {"type": "array", "items": {"type": "integer"}},
                            ]
                        }
                    },
                },
            ]
        },
        "needs": {"type": "array"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "timeout": {"type": "string"},
        "interruptible": {"type": "boolean"},
    },
}

#: GitLab's reserved top-level keys; every other top-level key is a job (hidden ones start
#: with a dot).
_RESERVED = [
    "default",
    "include",
    "stages",
    "variables",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
]

SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {
        "stages": {"type": "array", "items": {"type": "string"}},
        "include": {},
        "workflow": {"type": "object"},
        "variables": {"type": "object"},
        "default": {"type": "object"},
    },
    "patternProperties": {
        "^(?!(" + "|".join(_RESERVED) + ")$)[^.].*": _JOB,
    },
    "additionalProperties": False,
}
