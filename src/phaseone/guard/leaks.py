"""What an answer may leak besides PII: credentials, links that carry data out, and the
system prompt's canary. Each detector returns `Hit`s (where, what kind, never the value).

The detectors are plain functions over one string so that the whole-answer scan and the
streaming hold-back (`holdback.py`) run the very same code: the stream only decides how
much of its buffer is settled. A `Hit` with ``action=None`` is a *candidate*: not a
finding yet, but it would become one if the text went on growing (a URL to a foreign host
that is not yet long enough to count as carrying data); the stream holds it back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl

#: Characters that continue a URL (what a cut URL's dropped rest is made of).
URL_CHARS = r"[^\s<>\"'`)\]]"
_WORD = r"[A-Za-z0-9_-]"


@dataclass(frozen=True, slots=True)
class Hit:
    """One thing found in an answer: the span, what it is, and what to do about it."""

    start: int
    end: int
    category: str  #: output_pii | secret | exfiltration | canary
    kind: str  #: e.g. card, openai_key, markdown_image
    action: str | None  #: redact | block | flag; None: a candidate that may still become one
    placeholder: str
    #: What continues it if a stream cuts it while open: a character class, or "pem".
    cont: str = URL_CHARS
    host: str = ""  #: exfiltration: the foreign host (a host name is not data)


#: Finds hits in `text` from index `pos` on (the patterns may look before `pos`).
Detector = Callable[[str, int], list[Hit]]

# --- secrets --------------------------------------------------------------------------

SECRET = "[SECRET]"
PRIVATE_KEY = "[PRIVATE_KEY]"
PEM_END = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY-----")
_TOKENS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("anthropic_key", re.compile(r"(?<![\w-])sk-ant-[A-Za-z0-9_-]{20,}"), _WORD),
    ("openai_key", re.compile(r"(?<![\w-])sk-(?!ant-)[A-Za-z0-9_-]{20,}"), _WORD),
    ("aws_access_key_id", re.compile(r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])"),
     "[A-Za-z0-9]"),
    ("github_token", re.compile(r"(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,}"), "[A-Za-z0-9]"),
    ("github_token", re.compile(r"(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,}"), "[A-Za-z0-9_]"),
    ("slack_token", re.compile(r"(?<![A-Za-z0-9_])xox[abposr]-[A-Za-z0-9-]{10,}"), "[A-Za-z0-9-]"),
    ("google_api_key", re.compile(r"(?<![A-Za-z0-9_])AIza[0-9A-Za-z_-]{35}"), _WORD),
    ("jwt", re.compile(r"(?<![\w.-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
     r"[A-Za-z0-9_.-]"),
)  # fmt: skip
_PEM = re.compile(
    r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\Z)", re.S
)
_ASSIGNED = re.compile(
    r"(?i)(?<![A-Za-z0-9])(?:api[_-]?key|apikey|secret[_-]?key|client[_-]?secret|access[_-]?token"
    r"|auth[_-]?token|refresh[_-]?token|private[_-]?key|password|passwd)[\"']?\s{0,3}[:=]\s{0,3}"
    r"[\"']?(?P<value>[^\s\"'`,;<>]{8,})"
)
_BEARER = re.compile(r"(?i)(?<![A-Za-z0-9])bearer\s{1,3}(?P<value>[A-Za-z0-9._~+/-]{20,}=*)")
#: Values in examples and docs that are not secrets: `<your-key>`, `${API_KEY}`, `xxxxxxxx`.
_PLACEHOLDER_VALUE = re.compile(
    r"(?i)^(?:[<${\[(*]|.*(?:your|example|placeholder|redacted|xxxx|\*\*\*|\.\.\.|changeme))"
)


def _may_hold_secrets(part: str) -> tuple[bool, bool]:
    """(a vendor token or key block may be in `part`, a secret's key word may be).

    Substrings every secret contains (the key words in any letter case): plain `in` tests
    skip every secret pattern for ordinary prose far faster than one regex would (an
    alternation of these is three times slower), spelled out rather than a generator over
    a tuple (2.5 µs more a call; a stream's hold-back makes one call per chunk)."""
    tokens = (
        "sk-" in part
        or "AKIA" in part
        or "ASIA" in part
        or "_" in part
        or "xox" in part
        or "AIza" in part
        or "eyJ" in part
        or "-----BEGIN" in part
    )
    lower = part.lower()
    words = (
        "key" in lower
        or "secret" in lower
        or "token" in lower
        or "passw" in lower
        or "bearer" in lower
    )
    return tokens, words


def _looks_like_a_value(value: str) -> bool:
    return not _PLACEHOLDER_VALUE.match(value) and len(set(value)) > 3


def find_secrets(text: str, pos: int, action: str) -> list[Hit]:
    """Credentials: vendor token formats, PEM private keys, JWTs, `key = value` pairs."""
    tokens, words = _may_hold_secrets(text[pos:] if pos else text)
    if not (tokens or words):
        return []
    hits = []
    if tokens:
        hits += [
            Hit(m.start(), m.end(), "secret", kind, action, SECRET, cont)
            for kind, pattern, cont in _TOKENS
            for m in pattern.finditer(text, pos)
        ]
        hits += [
            Hit(m.start(), m.end(), "secret", "private_key", action, PRIVATE_KEY, "pem")
            for m in _PEM.finditer(text, pos)
        ]
    if not words:
        return hits
    for pattern, kind in ((_ASSIGNED, "assigned_secret"), (_BEARER, "bearer_token")):
        for m in pattern.finditer(text, pos):
            if _looks_like_a_value(m.group("value")):
                hits.append(
                    Hit(m.start("value"), m.end("value"), "secret", kind, action, SECRET, r"\S")
                )
    return hits


# --- exfiltration ---------------------------------------------------------------------

LINK = "[LINK]"
#: How far before its URL a markdown link or image may open (`[` + text + `](`).
MARKDOWN_REACH = 210
_URL = re.compile(rf"(?:https?://|(?<![\w.@/-])www\.){URL_CHARS}+", re.I)
#: `![alt](url)`, `[text](url)`, `[ref]: url`, `<img src="url">`: the URL is group `url`.
_MARKDOWN = re.compile(
    r"(?P<img>!)?\[[^\]\n]{0,200}\]\(\s*<?(?P<url>[^\s<>)\"']+)"
    r"|^[ \t]{0,3}\[[^\]\n]{1,200}\]:[ \t]*<?(?P<ref>[^\s<>\"']+)"
    r"|<img\b[^>]{0,200}?\bsrc\s*=\s*[\"']?(?P<src>[^\s\"'>]+)",
    re.I | re.M,
)
_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//(?:[^/?#@\s]*@)?(?P<host>[^/?#:\s]+)", re.I)
_ENCODED = re.compile(r"[A-Za-z0-9+/=_%-]{24,}")


def url_host(url: str) -> str:
    """The host a URL points at, lower case; "" for a relative or scheme-only URL."""
    if url[:4].lower() == "www.":
        url = "//" + url
    m = _HOST.match(url)
    return m.group("host").lower().rstrip(".") if m else ""


def host_allowed(host: str, allowed: Sequence[str]) -> bool:
    """No host (a relative link) is allowed; otherwise an allowed host or a subdomain of one."""
    return not host or any(host == a or host.endswith("." + a) for a in allowed)


def carries_data(url: str, max_len: int) -> bool:
    """A URL that can smuggle data in: a query value of 8+ characters, a long path segment
    of an encoding alphabet (with letters and digits, or percent escapes), or a URL too
    long to hold back (`max_len`). Short slugs and plain paths do not count."""
    if len(url) > max_len:
        return True
    rest = url.split("#", 1)[0]
    path, _, query = rest.partition("?")
    if any(len(v) >= 8 for _, v in parse_qsl(query, keep_blank_values=True)):
        return True
    if query and len(query) >= 16 and "=" not in query:
        return True
    for seg in _ENCODED.findall(path.split("//", 1)[-1]):
        has_digit = any(c.isdigit() for c in seg)
        mixed = any(c.isupper() for c in seg) and any(c.islower() for c in seg)
        if seg.count("%") >= 3 or (has_digit and (mixed or "-" not in seg)):
            return True
    return False


def find_exfiltration(
    text: str, pos: int, action: str, allowed: Sequence[str], max_len: int
) -> list[Hit]:
    """Markdown images and links, and data-carrying URLs, to hosts outside `allowed`.

    A bare URL to a foreign host that carries no data is a candidate (``action=None``):
    if it keeps growing past `max_len` it carries data by definition.
    """
    part = text[pos:] if pos else text
    if "//" not in part and "www." not in part.lower():
        return []
    hits: list[Hit] = []
    spans: set[int] = set()
    # A markdown link opens up to ~200 characters (its text) before its URL.
    for m in _MARKDOWN.finditer(text, max(0, pos - MARKDOWN_REACH)):
        group = "url" if m.group("url") else "ref" if m.group("ref") else "src"
        url = m.group(group)
        host = url_host(url)
        spans.add(m.start(group))
        if not host_allowed(host, allowed):
            kind = {"url": "markdown_image" if m.group("img") else "markdown_link",
                    "ref": "markdown_link", "src": "html_image"}[group]  # fmt: skip
            hits.append(Hit(m.start(group), m.end(group), "exfiltration", kind, action, LINK,
                            host=host))  # fmt: skip
    for m in _URL.finditer(text, pos):
        if m.start() in spans:
            continue
        url = m.group().rstrip(".,;:!?")
        host = url_host(url)
        if host_allowed(host, allowed):
            continue
        found = action if carries_data(url, max_len) else None
        hits.append(
            Hit(m.start(), m.start() + len(url), "exfiltration", "data_url", found, LINK, host=host)
        )
    return hits


# --- the system prompt ------------------------------------------------------------------

CANARY = "[CANARY]"


def find_canary(text: str, pos: int, canary: re.Pattern[str]) -> list[Hit]:
    """The canary planted in the system prompt, in any letter case: the prompt is leaking."""
    return [
        Hit(m.start(), m.end(), "canary", "system_prompt", "block", CANARY, r"\S")
        for m in canary.finditer(text, pos)
    ]
