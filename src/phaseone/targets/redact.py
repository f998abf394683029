"""Keep secrets out of fingerprints, labels and dataset identities.

Those strings end up in the store and in reports, which are shared with reviewers;
`${ENV}` values (API keys, passwords in URLs, auth headers) must never reach them.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "***"
_SECRET_NAME = re.compile(
    r"auth|api[-_]?key|^key$|token|secret|password|passwd|cookie|signature|credential", re.I
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


def public_config(config: dict[str, Any]) -> dict[str, Any]:
    """A target config as it may be stored: secrets and the timeout removed.

    The timeout does not change answers, so it must not invalidate the cache; secrets
    must not change the fingerprint either (rotating a key is not a new system).
    """
    out: dict[str, Any] = {}
    for key, value in config.items():
        if key == "timeout_s" or key == "api_key":
            continue
        if key == "headers" and isinstance(value, dict):
            out[key] = {h: v for h, v in value.items() if not is_secret_name(h)}
        elif key in ("url", "base_url") and isinstance(value, str):
            out[key] = mask_url(value)
        else:
            out[key] = value
    return out
