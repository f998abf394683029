"""An LLM judge through any OpenAI-compatible chat endpoint.

The judge reads a rubric, the case's input (for a conversation case, the whole
conversation), the expected answer (when there is one) and the output, and answers
``{"score": 0..1, "reason": "…"}``. Three rules keep it trustworthy as evidence:

* **Deterministic on garbage.** A judge answer that cannot be read (no score, a
  score outside [0, 1]) is a failed score with value 0 and the explanation
  "judge answered malformed output: …", never a guess.
* **Cached apart from the target, and only on request.** With ``phaseone eval --cache``
  answers are stored in the response cache under namespace ``judge``, keyed by
  ``sha256(base_url, model, prompt)``: re-scoring an unchanged run costs nothing, and a
  change of rubric, model or output asks again. Without it the judge is always asked.
* **Recorded.** Every score's details name the judge model and the prompt hash.

An unreachable judge (connection refused, timeout, HTTP 5xx after retries) is not
a wrong answer of the system under test: it raises `ScorerUnavailable`, and the
runner records this scorer's result as unavailable while the case's other scorers
still count. Wrong credentials (401/403) and an unknown model or path (404) raise it
as ``fatal``: no retry fixes them, so the run stops at the first one.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import time
from typing import Any

import aiohttp

from phaseone.datasets.base import Case
from phaseone.plan.components import JudgeScorer
from phaseone.scorers._common import BaseScorer, ScorerUnavailable, as_text
from phaseone.scorers.base import SCORERS, Score
from phaseone.scorers.context import ScorerContext
from phaseone.store.cache import ResponseCache
from phaseone.targets.base import TargetResponse
from phaseone.targets.client import connect_failure

NAMESPACE = "judge"
SYSTEM_PROMPT = (
    "You are a strict, impartial evaluator. Grade the OUTPUT against the RUBRIC, using "
    "the INPUT and, when given, the EXPECTED answer as reference. Reply with only a JSON "
    'object: {"score": <number from 0 to 1>, "reason": "<one or two sentences>"}.'
)
#: Attempts per judgement for transient failures (connection, timeout, 429, 5xx).
ATTEMPTS = 3
#: Answers no retry can fix: wrong credentials, an unknown model or path.
FATAL_STATUSES = frozenset({401, 403, 404})
MAX_BACKOFF_S = 10.0
_FENCED = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)
_OBJECT = re.compile(r"\{.*\}", re.DOTALL)
_SCORE_LINE = re.compile(
    r"\bscore\b\s*[:=]\s*\**\s*([-+]?\d+(?:\.\d+)?)(?:\s*/\s*(\d+(?:\.\d+)?))?", re.IGNORECASE
)
_REASON_LINE = re.compile(r"\breason\b\s*[:=]\s*(.+)", re.IGNORECASE | re.DOTALL)


class MalformedJudgeAnswer(ValueError):
    """The judge's text holds no readable score in [0, 1]."""


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise MalformedJudgeAnswer(f"score {value!r} is a boolean, not a number")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        m = re.fullmatch(r"\s*([-+]?\d+(?:\.\d+)?)\s*(?:/\s*(\d+(?:\.\d+)?))?\s*", value)
        if m:
            return float(m.group(1)) / (float(m.group(2)) if m.group(2) else 1.0)
    raise MalformedJudgeAnswer(f"score {value!r} is not a number")


def _from_json(text: str) -> tuple[float, str] | None:
    candidates = [text.strip()]
    candidates += [m.group(1).strip() for m in _FENCED.finditer(text)]
    m = _OBJECT.search(text)
    if m:
        candidates.append(m.group(0))
    for c in candidates:
        try:
            doc = json.loads(c)
        except ValueError:
            continue
        if isinstance(doc, dict):
            lowered = {str(k).lower(): v for k, v in doc.items()}
            if "score" in lowered:
                return _number(lowered["score"]), str(lowered.get("reason", "")).strip()
    return None


def parse_judge_answer(text: str) -> tuple[float, str]:
    """``(score, reason)`` from a judge's answer.

    Accepts a JSON object with ``score`` (and ``reason``), possibly inside a code
    fence or surrounded by prose, or ``SCORE: 0.8`` / ``SCORE: 4/5`` and
    ``REASON: …`` lines. Raises `MalformedJudgeAnswer` otherwise, or when the score
    is outside [0, 1].
    """
    found = _from_json(text)
    if found is None:
        m = _SCORE_LINE.search(text)
        if m is None:
            raise MalformedJudgeAnswer("no score found (expected JSON with `score`)")
        score = float(m.group(1)) / (float(m.group(2)) if m.group(2) else 1.0)
        r = _REASON_LINE.search(text)
        found = (score, r.group(1).strip() if r else "")
    score, reason = found
    if not 0.0 <= score <= 1.0:
        raise MalformedJudgeAnswer(f"score {score:g} is outside [0, 1]")
    return score, reason


def build_prompt(rubric: str, case: Case, output: Any) -> str:
    """The judge's user message. A conversation case shows the judge the whole
    conversation (tool calls and results included) before the output, since the output
    is right or wrong about what was said and what the tools returned; a single-input
    case's prompt is what it always was, so its cached judgements stay valid."""
    expected = as_text(case.expected) if case.expected is not None else "(none given)"
    if case.conversation is not None:
        talk = case.conversation.text()
        asked = f"INPUT (a conversation; the OUTPUT is the assistant's next turn):\n{talk}"
    else:
        asked = f"INPUT:\n{as_text(case.input)}"
    return (
        f"RUBRIC:\n{rubric.strip()}\n\n"
        f"{asked}\n\n"
        f"EXPECTED:\n{expected}\n\n"
        f"OUTPUT:\n{as_text(output)}\n"
    )


def judge_key(base_url: str, model: str, prompt: str) -> str:
    """The cache key: the endpoint, the model and the full prompt (system + user)."""
    raw = json.dumps([base_url.rstrip("/"), model, prompt], ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


@SCORERS.register("judge")
class Judge(BaseScorer):
    """Score = the judge's score; passes when ``score ≥ pass_score``."""

    kind = "judge"

    def __init__(self, config: JudgeScorer, ctx: ScorerContext) -> None:
        super().__init__(config, ctx)
        self.opts = config
        self.url = config.base_url.rstrip("/") + "/chat/completions"
        self.cache = ResponseCache(ctx.store, NAMESPACE) if ctx.store is not None else None
        self._session: aiohttp.ClientSession | None = None
        self._owns_session = False
        self._loop: asyncio.AbstractEventLoop | None = None

    # --- transport -----------------------------------------------------------------

    def _get_session(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            if self.ctx.session_factory is not None:
                self._session, self._owns_session = self.ctx.session_factory(), False
            else:
                self._session = aiohttp.ClientSession(
                    connector=aiohttp.TCPConnector(limit=100, keepalive_timeout=60)
                )
                self._owns_session = True
            self._loop = loop
        return self._session

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if self.opts.api_key:
            headers["Authorization"] = f"Bearer {self.opts.api_key}"
        return headers

    async def _ask(self, messages: list[dict[str, str]]) -> tuple[str, dict[str, Any]]:
        """The judge's text and usage; retries transient failures, then gives up loudly."""
        body = {
            "model": self.opts.model,
            "messages": messages,
            "temperature": 0,
            "max_tokens": 300,
        }
        timeout = aiohttp.ClientTimeout(total=self.opts.timeout_s)
        last = ""
        unreachable = False  # the last attempt got no HTTP answer at all
        for attempt in range(ATTEMPTS):
            wait = min(MAX_BACKOFF_S, 0.5 * 2**attempt)
            try:
                async with self._get_session().post(
                    self.url, json=body, headers=self._headers(), timeout=timeout
                ) as resp:
                    text = await resp.text(errors="replace")
                    status = resp.status
                    retry_after = resp.headers.get("Retry-After")
            except TimeoutError:
                last, unreachable = f"no answer within {self.opts.timeout_s:g}s", True
            except aiohttp.ClientConnectorError as exc:
                last, unreachable = connect_failure(exc), True
            except aiohttp.ClientError as exc:
                last, unreachable = f"{type(exc).__name__}: {exc}", True
            else:
                unreachable = False
                if status == 429 or status >= 500:
                    last = f"HTTP {status}: {text[:200]!r}"
                    if retry_after and retry_after.replace(".", "", 1).isdigit():
                        wait = min(MAX_BACKOFF_S, float(retry_after))
                elif status >= 400:
                    raise ScorerUnavailable(
                        f"judge {self.opts.model} at {self.url}: HTTP {status}: {text[:200]!r}",
                        fix="check the judge's base_url, model and api_key",
                        fatal=status in FATAL_STATUSES,
                    )
                else:
                    return self._content(text)
            if attempt + 1 < ATTEMPTS:
                await asyncio.sleep(wait)
        state = "unreachable" if unreachable else "failing"
        raise ScorerUnavailable(
            f"judge {self.opts.model} at {self.url} {state}: {last} ({ATTEMPTS} attempts)",
            fix="check that the judge endpoint is running and reachable",
        )

    def _content(self, text: str) -> tuple[str, dict[str, Any]]:
        try:
            doc = json.loads(text)
            content = doc["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise ScorerUnavailable(
                f"judge at {self.url} did not answer in the OpenAI chat format: {text[:200]!r}",
                fix="point base_url at an OpenAI-compatible API (…/v1)",
            ) from None
        usage = doc.get("usage") if isinstance(doc.get("usage"), dict) else {}
        return ("" if content is None else str(content)), usage or {}

    # --- scoring -------------------------------------------------------------------

    async def ascore(self, case: Case, response: TargetResponse) -> Score:
        prompt = build_prompt(self.opts.rubric, case, response.output)
        full = f"{SYSTEM_PROMPT}\n\n{prompt}"
        key = judge_key(self.opts.base_url, self.opts.model, full)
        details: dict[str, Any] = {
            "judge_model": self.opts.model,
            "prompt_hash": hashlib.sha256(full.encode()).hexdigest(),
            "cached": False,
        }
        answer: str | None = None
        if self.cache is not None and self.ctx.use_cache:
            hit = await asyncio.to_thread(self.cache.get, key)
            if hit is not None and isinstance(hit.output, str):
                answer, details["cached"] = hit.output, True
        if answer is None:
            messages = [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": prompt},
            ]
            started = time.perf_counter()
            answer, usage = await self._ask(messages)
            latency_ms = (time.perf_counter() - started) * 1000
            if usage:
                details["usage"] = {
                    k: usage[k] for k in ("prompt_tokens", "completion_tokens") if k in usage
                }
            if self.cache is not None and self.ctx.use_cache:  # opt-in, like the target's
                await asyncio.to_thread(
                    self.cache.put,
                    key,
                    answer,
                    latency_ms=latency_ms,
                    input_tokens=usage.get("prompt_tokens"),
                    output_tokens=usage.get("completion_tokens"),
                    meta={"model": self.opts.model, "prompt_hash": details["prompt_hash"]},
                )
        try:
            score, reason = parse_judge_answer(answer)
        except MalformedJudgeAnswer as exc:
            details["answer"] = answer[:500]
            short = answer.strip()[:120]
            return Score(
                0.0, False, f"judge answered malformed output: {exc}; answer: {short!r}", details
            )
        details["score"] = score
        ok = score >= self.opts.pass_score
        why = f"judge score {score:g} {'≥' if ok else '<'} {self.opts.pass_score:g}"
        return Score(score, ok, f"{why}: {reason}" if reason else why, details)

    async def aclose(self) -> None:
        if self._session is not None and self._owns_session and not self._session.closed:
            await self._session.close()
        self._session = None
