"""Keep secrets out of fingerprints, labels and dataset identities.

Those strings end up in the store and in reports, which are shared with reviewers;
`${ENV}` values (API keys, passwords in URLs, auth headers) must never reach them.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "***"
# `token$` rather than `token`: `max_tokens` and `input_tokens_path` are not secrets.
_SECRET_NAME = re.compile(
    r"auth|api[-_]?key|^key$|token$|secret|passw|cookie|signature|credential|private[-_]?key",
    re.I,
)


def is_secret_name(name: str) -> bool:
    """Header, query-parameter or field names whose values are credentials."""
    return bool(_SECRET_NAME.search(name))


def mask_url(url: str) -> str:
    """Hide a URL's password and secret-looking query parameters; keep everything else."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        if ":" in userinfo:
            userinfo = userinfo.split(":", 1)[0] + ":" + MASK
        netloc = f"{userinfo}@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(is_secret_name(k) for k, _ in pairs):
            query = urlencode([(k, MASK if is_secret_name(k) else v) for k, v in pairs])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact(value: Any, key: str = "") -> Any:
    """Mask secret-named fields (at any depth) and passwords in URLs; keep the shape."""
    if isinstance(value, dict):
        return {
            k: (MASK if v is not None and is_secret_name(str(k)) else redact(v, str(k)))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact(v, key) for v in value]
    if isinstance(value, str) and "://" in value:
        return mask_url(value)
    return value


def redact_config(config: Any) -> dict[str, Any]:
    """A component config (pydantic model or dict) as it may be stored and shown: no secrets."""
    raw = config.model_dump(mode="json") if hasattr(config, "model_dump") else dict(config)
    out: dict[str, Any] = redact(raw)
    return out


def fingerprint_config(config: Any) -> dict[str, Any]:
    """What determines a target's answers: the redacted config without the timeout.

    The timeout does not change answers, so it must not invalidate the cache; secrets
    must not change the fingerprint either (rotating a key is not a new system).
    """
    out = redact_config(config)
    out.pop("timeout_s", None)
    return out


#: Earlier name of `fingerprint_config`, kept because callers use it.
public_config = fingerprint_config
