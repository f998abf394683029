"""The production plan, `phaseone.yaml`, as pydantic models.

This module is the single source for validation, for `phaseone schema` (JSON
Schema for editors) and for `docs/plan.md`. Field descriptions are the docs.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from phaseone.plan.canary_schema import CanaryAuto, canary_identity
from phaseone.plan.components import (
    BuiltWhenPresent,
    DatasetConfig,
    Price,
    ScorerConfig,
    Strict,
    TargetConfig,
    empty_list,
)
from phaseone.plan.slo_schema import Slos, check_online_suite

RATE_AGGREGATES = frozenset({"pass_rate", "accuracy", "precision", "recall", "f1", "macro_f1"})


class Project(Strict):
    """The AI system this plan is for."""

    name: str = Field(
        ...,
        min_length=1,
        examples=["inbox-screening"],
        description="Project name; every run, lock, trace and decision is kept under it.",
    )
    description: str = Field("", description="One sentence on what the AI system does.")
    currency: str = Field("EUR", min_length=3, max_length=3, description="ISO 4217 code.")


class Owner(Strict):
    """The production owner: a person in the line organisation who will run the live system."""

    name: str = Field(..., min_length=1, examples=["Dana Okafor"], description="The person.")
    role: str = Field(
        ...,
        min_length=1,
        examples=["Head of Customer Support Operations"],
        description="Their role in the line organisation (not the pilot team).",
    )
    team: str = Field(
        ...,
        min_length=1,
        examples=["Customer Support"],
        description="The team that will run the live system.",
    )
    contact: str = Field(
        ...,
        min_length=3,
        examples=["dana.okafor@example.com"],
        description="Email or handle; shown on every report and decision.",
    )


class Baseline(Strict):
    """What the pilot must beat (or not be worse than, by `margin`)."""

    target: TargetConfig | None = Field(
        None, description="A baseline system run on the same suite."
    )
    run: str | None = Field(None, description="Or an existing run id to compare against.")
    margin: float = Field(
        0.0, ge=0, le=1, description="Non-inferiority margin: pilot ≥ baseline − margin."
    )

    @model_validator(mode="after")
    def _one_of(self) -> Baseline:
        if self.target is None and self.run is None:
            raise ValueError("a baseline needs `target` or `run`")
        return self


class SuccessMetric(Strict):
    """The number, agreed up front, that triggers the production decision."""

    name: str = Field(..., examples=["spam precision"], description="What the metric is called.")
    suite: str = Field(..., description="Name of the suite the metric is computed on.")
    scorer: str = Field(..., description="Name (or kind) of a scorer of that suite.")
    aggregate: Literal["pass_rate", "mean", "accuracy", "precision", "recall", "f1", "macro_f1"] = (
        Field("pass_rate", description="How case scores become the metric.")
    )
    label: str | None = Field(
        None, description="For precision/recall/f1: the positive label, e.g. `spam`."
    )
    threshold: float = Field(..., description="The value the metric must clear.")
    direction: Literal["higher", "lower"] = Field(
        "higher", description="`higher`: the metric must reach the threshold; `lower`: stay under."
    )
    confidence: float = Field(0.95, gt=0.5, lt=1, description="One-sided confidence level.")
    min_cases: int = Field(30, ge=1, description="Fewer cases than this is never a PASS.")
    baseline: Baseline | None = Field(
        None, description="Optional comparison: the pilot must not be worse than a baseline."
    )

    @field_validator("threshold")
    @classmethod
    def _threshold_range(cls, threshold: float, info: ValidationInfo) -> float:
        # A field validator (not a model one) so the error is located at `threshold`.
        aggregate = info.data.get("aggregate", "pass_rate")
        if aggregate in RATE_AGGREGATES and not 0 <= threshold <= 1:
            raise PydanticCustomError(
                "rate_threshold_range",
                "threshold {threshold} is outside [0, 1], but `{aggregate}` is a rate",
                {"threshold": threshold, "aggregate": aggregate},
            )
        return threshold

    @model_validator(mode="after")
    def _label_needed(self) -> SuccessMetric:
        if self.aggregate in {"precision", "recall", "f1"} and not self.label:
            raise ValueError(f"aggregate `{self.aggregate}` needs `label` (the positive class)")
        return self


class Suite(Strict):
    """A dataset of cases and the scorers that judge each output."""

    name: str = Field(
        ...,
        pattern=r"^[A-Za-z0-9_.-]+$",
        examples=["happy", "edge"],
        description="Unique suite name (letters, digits, `_`, `.`, `-`).",
    )
    description: str = Field("", description="What these cases cover.")
    dataset: DatasetConfig = Field(..., description="Where the cases come from.")
    scorers: list[ScorerConfig] = Field(
        ..., min_length=1, description="How each output is judged; a case passes if all pass."
    )
    tags: list[str] = Field(
        default_factory=empty_list,
        description="Tags for every case: `happy`, `edge`, `adversarial`…",
    )
    threshold: float | None = Field(
        None, ge=0, le=1, description="This suite's own pass-rate threshold (edge/adversarial)."
    )
    repeat: int = Field(1, ge=1, le=100, description="Runs per case for non-deterministic targets.")


# --- controls -------------------------------------------------------------------------


class AuthControl(Strict):
    """API keys for the gateway (`phaseone keys create`)."""

    required: bool = Field(
        True, description="Every route but /healthz and /openapi.json needs an API key."
    )


class LimitsControl(Strict):
    """Input limits: requests above them are refused before the target is called."""

    max_input_chars: int = Field(8000, gt=0, description="Longest input text accepted.")
    max_body_bytes: int = Field(65536, gt=0, description="Largest request body accepted.")
    input_type: Literal["string", "json"] = Field(
        "string",
        description="What `input` of `POST /v1/invoke` may be: `string` (text only), or"
        " `json` (any JSON value: a string, number, list or object nesting at most 64 deep)"
        " for a target that takes structured input.",
    )
    # The gateway's HTTP limits (issue 21): enforced by `gateway/protocol.py` while the
    # bytes arrive, before the request costs more memory than the limit.
    max_header_bytes: int = Field(
        16384, ge=1024, le=1048576, description="Request line and headers, bytes in all (431)."
    )
    max_headers: int = Field(100, ge=8, le=10000, description="Headers per request (431).")
    max_request_line_bytes: int = Field(
        8192, ge=256, le=1048576, description="Longest method + URL line (414)."
    )
    header_timeout_s: float = Field(
        10.0, gt=0, le=300, description="From a request's first byte to its last header (408)."
    )
    body_timeout_s: float = Field(
        30.0, gt=0, le=3600, description="From a request's last header to its last body byte (408)."
    )
    keep_alive_s: float = Field(
        5.0, gt=0, le=300, description="How long an idle keep-alive connection stays open."
    )
    max_connections_per_client: int | None = Field(
        512,
        ge=1,
        description="Open connections one client address may hold (429); behind a reverse"
        " proxy every connection comes from the proxy: raise it above the proxy's pool, or"
        " null to turn it off.",
    )


PiiKind = Literal["email", "phone", "card", "iban", "national_id"]
PII_KINDS: tuple[PiiKind, ...] = ("email", "phone", "card", "iban", "national_id")
#: Where a phone number without a country code is read by default: the countries whose
#: formats the builtin engine's patterns and phone words cover (`guard/pii_phone.py` has
#: the same tuple, so finding PII never imports the plan; a test keeps them equal).
PII_REGIONS: tuple[str, ...] = (
    "US", "GB", "NL", "DE", "FR", "ES", "IT", "PT", "BE", "AT", "CH", "IE", "CA", "PL", "BR",
)  # fmt: skip


#: Values of the Presidio settings that mean "not set" (what `engine: builtin` allows).
_PRESIDIO_UNSET: dict[str, object] = {
    "presidio_entities": None,
    "presidio_model": None,
    "presidio_score": 0.4,
}


class PiiGuardrail(Strict):
    """Personal data in inputs: redact it, block the request, or only flag it."""

    action: Literal["redact", "block", "flag", "off"] = Field(
        "redact", description="What to do when PII is found."
    )
    engine: Literal["builtin", "presidio"] = Field(
        "builtin",
        description=(
            "What finds the PII. `builtin`: phaseone's patterns with real checksums (Luhn,"
            " IBAN mod-97, SSN/NINO/BSN rules); fast, no model, no extra. `presidio`:"
            " Microsoft Presidio's analyzer (`pip install 'phaseone[presidio]'`): many more"
            " entity types and, with `presidio_model`, names and places; built once at"
            " startup, never downloads anything."
        ),
    )
    kinds: list[PiiKind] = Field(
        default_factory=lambda: list(PII_KINDS),
        description="Which kinds of PII to look for (engine `builtin`; for `presidio` see"
        " `presidio_entities`).",
    )
    redact_traces: bool = Field(True, description="Redact before a trace is stored.")
    regions: list[str] = Field(
        default_factory=lambda: list(PII_REGIONS),
        examples=[["NL", "BE", "DE"]],
        description=(
            "Engine `builtin`: the countries (ISO 3166-1 alpha-2, as libphonenumber knows"
            " them) where a phone number written without a country code is checked, in"
            " order: a candidate counts if the `phonenumbers` package finds it possible (a"
            " number that is only digits: valid) in one of them; `+`, `00` and `011`"
            " numbers are checked in their own country whatever this says. Default: "
            + ", ".join(PII_REGIONS)
            + " (Brazil last: its national grouping alone is no evidence, its numbers need a"
            " phone word, a name or a dash aside)."
        ),
    )
    presidio_entities: list[str] | None = Field(
        None,
        examples=[["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN"]],
        description=(
            "Engine `presidio`: the Presidio entity types to act on; default every type its"
            " English recognizers find (this includes URL, IP_ADDRESS and DATE_TIME)."
            " Findings use phaseone's kinds where one fits (EMAIL_ADDRESS → `email`,"
            " PHONE_NUMBER → `phone`, CREDIT_CARD → `card`, IBAN_CODE → `iban`, US_SSN,"
            " UK_NHS and other personal numbers → `national_id`), else the type in lower"
            " case; each is replaced by `[KIND]`, e.g. `[PERSON]`."
        ),
    )
    presidio_model: str | None = Field(
        None,
        examples=["en_core_web_lg"],
        description=(
            "Engine `presidio`: an installed spaCy pipeline (package name, or the directory"
            " of a saved pipeline, relative to where phaseone runs) whose NER finds PERSON,"
            " LOCATION, NRP and DATE_TIME."
            " Unset: a blank English tokenizer, so only pattern recognizers work (email,"
            " phone, card, IBAN, SSN, URL, IP, …) and names and places are never found."
            " Never downloaded: install it first."
        ),
    )
    presidio_score: float = Field(
        0.4,
        ge=0,
        le=1,
        description=(
            "Engine `presidio`: minimum confidence (0–1) to act on. 0.4 is what Presidio gives"
            " a phone number with no context word, so phones are redacted as with `builtin`;"
            " its weakest patterns (bank account, passport, driving licence numbers: 0.3 or"
            " less) count only with a context word such as 'passport' near them."
        ),
    )

    @field_validator("kinds")
    @classmethod
    def _kinds_are_builtin(cls, kinds: list[PiiKind], info: ValidationInfo) -> list[PiiKind]:
        # Field validators (not a model one) so the error is located at the key itself.
        if not kinds:
            raise PydanticCustomError(
                "pii_kinds_empty",
                "`kinds` is empty, so nothing would be redacted; list the kinds to look for,"
                " or set `action: off`",
            )
        if info.data.get("engine") == "presidio" and set(kinds) != set(PII_KINDS):
            raise PydanticCustomError(
                "pii_kinds_presidio",
                "`kinds` applies to `engine: builtin`; with `engine: presidio` list Presidio"
                " entity types in `presidio_entities` (e.g. EMAIL_ADDRESS, PHONE_NUMBER)",
            )
        return kinds

    @field_validator("regions")
    @classmethod
    def _regions_known(cls, regions: list[str], info: ValidationInfo) -> list[str]:
        # Presidio reads phone numbers its own way: a `regions` list the engine would ignore
        # is refused, as `kinds` is, rather than seeming to configure it.
        if info.data.get("engine") == "presidio" and regions != list(PII_REGIONS):
            raise PydanticCustomError(
                "pii_regions_presidio",
                "`regions` applies to `engine: builtin`; Presidio's phone recognizer does not"
                " read it: remove the key, or use `engine: builtin`",
            )
        # Imported here, only for a plan that sets `regions`: phonenumbers costs ~25 ms to
        # import and loading a plan must stay cheap (issue #19); the guard imports it anyway.
        import phonenumbers

        if not regions:
            raise PydanticCustomError(
                "pii_regions_empty",
                "`regions` is empty, so only numbers with a country code (+, 00) would be"
                " found; list at least one region (e.g. US) or remove the key for the default",
            )
        unknown = [r for r in regions if r not in phonenumbers.SUPPORTED_REGIONS]
        if unknown:
            raise PydanticCustomError(
                "pii_region_unknown",
                "unknown phone region(s) {unknown}: use ISO 3166-1 alpha-2 codes in upper case"
                " that libphonenumber supports (e.g. US, GB, NL, DE)",
                {"unknown": ", ".join(map(repr, unknown))},
            )
        return regions

    @field_validator("presidio_entities", "presidio_model", "presidio_score")
    @classmethod
    def _presidio_only(cls, value: object, info: ValidationInfo) -> object:
        name = str(info.field_name)
        if info.data.get("engine") == "builtin" and value != _PRESIDIO_UNSET[name]:
            raise PydanticCustomError(
                "presidio_only",
                "`{name}` applies only with `engine: presidio` (the engine here is builtin)",
                {"name": name},
            )
        return value


class InjectionClassifier(Strict):
    """The learned injection classifier beside the rules (docs/guardrails.md): an input is
    an attack when the rules' score reaches `threshold` *or* the classifier's does."""

    enabled: bool = Field(
        False,
        description="Run the classifier as well as the rules. Off by default: held out by"
        " source it keeps natural text under the 1% goal (0.8%) and catches most jailbreaks"
        " the rules miss, but with the rules it catches 86% of attacks, under the 90% goal,"
        " and few attacks in a language it was not trained on (docs/guardrails.md has the"
        " per-source table); turn it on where missed attacks cost more than refused benign"
        " requests, or flag instead of block.",
    )
    threshold: float | None = Field(
        None,
        gt=0,
        le=1,
        description="Calibrated probability at or above which the classifier calls an input an"
        " attack; unset: the shipped model's own, chosen to keep false positives ≤ 1% on"
        " natural text (pooled and per source) and ≤ 25% on benign look-alikes, both on its"
        " validation split and on sources left out of a first fit (0.958 today). Raise it"
        " for fewer false positives, lower it for more recall (docs/guardrails.md has the"
        " per-source table).",
        examples=[0.5, 0.8],
    )


class Calibration(Strict):
    """Platt scaling of an engine's raw log-odds: ``p = 1 / (1 + exp(-(a * raw + b)))``.
    Fit `a` and `b` on labelled validation text (logistic regression of the label on the
    raw log-odds) so one threshold means the same probability across engines; the
    default (1, 0) takes the engine's own probability as it is."""

    a: float = Field(1.0, description="Slope on the raw log-odds.")
    b: float = Field(0.0, description="Offset.")


_ENGINE_NAME = r"^[a-z][a-z0-9_-]{0,39}$"


class OnnxEngine(Strict):
    """A sequence-classification model the user installs, run with onnxruntime
    (`pip install 'phaseone[demo]'`): a directory with `model.onnx` and a HuggingFace
    `tokenizer.json` (and, to name labels, its `config.json`). Never downloaded."""

    kind: Literal["onnx"] = "onnx"
    name: str | None = Field(
        None,
        pattern=_ENGINE_NAME,
        description="How findings and traces name this engine; default `onnx`.",
    )
    path: str = Field(
        ...,
        examples=["models/prompt-guard-2-86m"],
        description="Directory with `model.onnx` and `tokenizer.json`, relative to the plan"
        " file (docs/guardrails.md shows how to export Llama Prompt Guard 2 to it).",
    )
    attack_label: int | str = Field(
        1,
        examples=[1, "MALICIOUS", "LABEL_1"],
        description='Which output is "attack": its index, or its name in `config.json`\'s'
        " `id2label`. The probability is that label's softmax share over all outputs.",
    )
    max_tokens: int = Field(
        512,
        ge=8,
        le=8192,
        description="Tokens per window the model reads (its context, 512 for Prompt Guard);"
        " a longer text is read in windows and the highest score counts.",
    )
    max_windows: int = Field(
        8,
        ge=1,
        le=256,
        description="Windows read at most per text (bounds the cost); past it, windows"
        " spread evenly from the text's first to its last are read.",
    )
    threshold: float = Field(
        0.5, gt=0, le=1, description="Calibrated probability at or above which it is an attack."
    )
    calibration: Calibration = Field(
        default_factory=Calibration, description="Platt scaling of the model's log-odds."
    )


class JudgeEngine(Strict):
    """An LLM asked, with a fixed prompt, whether the input is a prompt injection; any
    OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, llama.cpp)."""

    kind: Literal["judge"] = "judge"
    name: str | None = Field(
        None,
        pattern=_ENGINE_NAME,
        description="How findings and traces name this engine; default `judge`.",
    )
    base_url: str = Field(
        ...,
        examples=["http://127.0.0.1:11434/v1"],
        description="Base URL of the API, up to and including `/v1`.",
    )
    model: str = Field(..., examples=["llama3.1:8b"], description="Model name sent to the API.")
    api_key: str | None = Field(None, description="Use ${ENV_VAR}; never written to the store.")
    threshold: float = Field(
        0.5, gt=0, le=1, description="Calibrated probability at or above which it is an attack."
    )
    timeout_s: float = Field(
        10.0, gt=0, le=120, description="Longest wait for the judge's answer per input."
    )
    on_error: Literal["block", "allow"] = Field(
        "block",
        description="When the judge times out, fails or answers something unreadable:"
        " `block` (fail closed: the input counts as an attack, score 1) or `allow` (fail"
        " open: score 0, the request goes on). A warning is logged either way, and a"
        " finding that fires records the error.",
    )
    cache_size: int = Field(
        4096,
        ge=0,
        description="Verdicts kept per process, by the text's hash (0: none); errors are"
        " never cached.",
    )
    calibration: Calibration = Field(
        default_factory=Calibration,
        description="Platt scaling of the judge's stated probability (as log-odds).",
    )


InjectionEngineConfig = Annotated[OnnxEngine | JudgeEngine, Field(discriminator="kind")]


class InjectionGuardrail(Strict):
    """Prompt-injection detection on inputs."""

    action: Literal["block", "flag", "off"] = Field(
        "block", description="What to do when the score reaches `threshold`."
    )
    threshold: float = Field(0.5, ge=0, le=1, description="Rules' score at or above which it acts.")
    classifier: InjectionClassifier = Field(
        default_factory=InjectionClassifier,
        description="The learned classifier; either engine reaching its threshold acts.",
    )
    engines: list[InjectionEngineConfig] = Field(
        default_factory=empty_list,
        description="Optional engines beside the rules and the classifier: `onnx` (a model"
        " you install) and `judge` (an LLM). An input is an attack when any engine reaches"
        " its own threshold; the finding names which fired and its calibrated score. One"
        " set for the whole gateway (not per model or route).",
    )

    @model_serializer(mode="wrap")
    def _without_unset_engines(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Without engines the block dumps as it did before `engines` existed, so the
        controls hash (`controls_hash.py`) of a plan that sets none does not change."""
        out: dict[str, Any] = handler(self)
        if not out.get("engines"):
            out.pop("engines", None)
        return out

    @field_validator("engines")
    @classmethod
    def _engine_names_unique(
        cls, engines: list[OnnxEngine | JudgeEngine]
    ) -> list[OnnxEngine | JudgeEngine]:
        seen: set[str] = {"rules", "classifier"}
        for e in engines:
            name = e.name or e.kind
            if name in seen:
                raise PydanticCustomError(
                    "engine_name",
                    "engine name `{name}` is used twice (or is `rules`/`classifier`); give"
                    " each engine its own `name`",
                    {"name": name},
                )
            seen.add(name)
        return engines


#: The longest text a builtin detector matches across spaces (an IBAN printed with a space
#: between every character: 64) plus the character on each side its patterns look at.
MIN_STREAM_WINDOW = 72
_HOST = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{1,63}$")


def _host_name(host: str) -> str:
    h = host.strip().lower().rstrip(".")
    if not _HOST.match(h):
        raise PydanticCustomError(
            "allowed_host",
            "{host} is not a host name; give the host alone, e.g. `docs.example.com` (no"
            " scheme, port, path or wildcard: a host also allows its subdomains)",
            {"host": repr(host)},
        )
    return h


#: A host name in lower case, without a trailing dot.
HostName = Annotated[str, AfterValidator(_host_name)]


class OutputGuardrail(Strict):
    """What the AI system's answer may not carry out: personal data, secrets, links that
    exfiltrate data, the system prompt. Whole answers are scanned before they are sent;
    streamed answers go through a hold-back window (see `stream_window_chars`)."""

    pii: Literal["redact", "block", "flag", "off"] = Field(
        "redact",
        description=(
            "Personal data in the answer, found by the same engine and kinds as"
            " `controls.guardrails.pii` (which may itself be `off` for inputs). `redact`"
            " replaces each value by `[KIND]`, `block` refuses the whole answer, `flag` only"
            " records it."
        ),
    )
    secrets: Literal["redact", "block", "off"] = Field(
        "redact",
        description=(
            "Credentials in the answer: OpenAI (`sk-…`), Anthropic (`sk-ant-…`), AWS access key"
            " ids (`AKIA…`), GitHub (`ghp_…`, `github_pat_…`), Slack (`xox…`) tokens, Google API"
            " keys, PEM private key blocks, JSON Web Tokens and `api_key=…` / `password: …`"
            " assignments. `redact` replaces the value by `[SECRET]`."
        ),
    )
    exfiltration: Literal["redact", "block", "off"] = Field(
        "redact",
        description=(
            "Links that can carry data out: markdown images and links (`![..](url)`, `[..](url)`)"
            " to a host outside `allowed_hosts`, and any URL to such a host that carries data"
            " (a query value of 8+ characters, a path segment of 24+ characters of an encoding"
            " alphabet, or a URL longer than `max_hold_chars`). `redact` replaces the URL by"
            " `[LINK]`; a rendered image is the classic zero-click leak, so it is on by default."
        ),
    )
    allowed_hosts: list[HostName] = Field(
        default_factory=empty_list,
        examples=[["docs.example.com", "example.org"]],
        description=(
            "Hosts the answer may link to freely (each also allows its subdomains). Host names"
            " only: no scheme, port or path."
        ),
    )
    canary: str | None = Field(
        None,
        examples=["${SYSTEM_PROMPT_CANARY}"],
        description=(
            "A random token (8–64 characters, no spaces) that you plant in the system prompt;"
            " an answer that contains it (in any letter case) is leaking the system prompt and"
            " is blocked. Unset: no leakage check."
        ),
    )
    stream_window_chars: int = Field(
        80,
        ge=MIN_STREAM_WINDOW,
        le=4096,
        description=(
            "Streamed answers: how far text may wait behind the stream. With the builtin PII"
            " engine, text leaves as soon as its word ends, unless it may still be the start"
            " of something matched across spaces (a number or IBAN in groups, a key header):"
            " that waits until it can no longer grow, at most this many characters. With"
            " Presidio every character waits this long. Below 72 a spaced IBAN or card could"
            " start leaving before it is recognised, so it is refused."
        ),
    )
    max_hold_chars: int = Field(
        2048,
        le=1_000_000,
        description=(
            "Streamed answers: a token still unfinished after this many characters is cut —"
            " a URL to a host outside `allowed_hosts`, a key or a private key block is replaced"
            " by its placeholder and the rest of it dropped; any other long word is released."
            " Bounds the delay and the memory a stream holds. At least `stream_window_chars`."
        ),
    )

    @field_validator("canary")
    @classmethod
    def _canary_is_a_token(cls, canary: str | None) -> str | None:
        if canary is not None and not re.fullmatch(r"\S{8,64}", canary):
            raise PydanticCustomError(
                "canary",
                "the canary must be 8–64 characters without spaces, so that it cannot occur"
                " by chance and is caught whole in a stream; generate one, e.g."
                " `python -c 'import secrets; print(secrets.token_urlsafe(18))'`",
            )
        return canary

    @field_validator("max_hold_chars")
    @classmethod
    def _hold_covers_window(cls, hold: int, info: ValidationInfo) -> int:
        window = info.data.get("stream_window_chars")
        if isinstance(window, int) and hold < window:
            raise PydanticCustomError(
                "max_hold_window",
                "max_hold_chars ({hold}) is below stream_window_chars ({window}); a token can"
                " be held at least as long as the window: raise it to {window} or more",
                {"hold": hold, "window": window},
            )
        return hold


class Guardrails(Strict):
    """Checks on what goes into and comes out of the AI system."""

    pii: PiiGuardrail = Field(default_factory=PiiGuardrail, description="Personal data.")
    injection: InjectionGuardrail = Field(
        default_factory=InjectionGuardrail, description="Prompt injection."
    )
    output_schema: dict[str, object] | None = Field(
        None, description="JSON Schema the target's output must satisfy."
    )
    output: OutputGuardrail = Field(
        default_factory=OutputGuardrail,
        description="What answers may not carry out: PII, secrets, exfiltration links, the"
        " system prompt's canary; on whole and streamed answers.",
    )

    @field_validator("output_schema")
    @classmethod
    def _is_a_json_schema(cls, schema: dict[str, object] | None) -> dict[str, object] | None:
        # Checked here, so `phaseone plan` says so, not `phaseone serve` with a traceback.
        if schema is not None:
            from jsonschema import Draft202012Validator
            from jsonschema.exceptions import SchemaError

            try:
                Draft202012Validator.check_schema(schema)
            except SchemaError as exc:
                where = "/".join(str(p) for p in exc.absolute_path) or "<root>"
                raise PydanticCustomError(
                    "json_schema",
                    "not a valid JSON Schema (draft 2020-12) at {where}: {problem}",
                    {"where": where, "problem": exc.message},
                ) from None
        return schema


class RateLimit(Strict):
    """Requests per API key, as a token bucket."""

    requests_per_minute: float = Field(600, gt=0, description="Per key, token bucket refill rate.")
    burst: int = Field(60, gt=0, description="Bucket size: requests allowed at once.")
    tokens_per_minute: float | None = Field(
        None,
        gt=0,
        description="Model tokens (prompt + answer, as the target or upstream reports them)"
        " per key and minute, a second token bucket; a request needs room for one token to"
        " start, and its real usage is taken after the call (into debt: the key then waits)."
        " Null: not limited.",
    )
    tokens_burst: int | None = Field(
        None, gt=0, description="Size of the token bucket; default: `tokens_per_minute`."
    )
    backend: Literal["memory", "database", "redis"] | None = Field(
        None, description="Where buckets live; default: the budget's backend, else memory."
    )
    redis_url: str | None = Field(None, description="Default: the budget's `redis_url`.")


class Budget(Strict):
    """Spend ceilings, in the project's currency; a request that would cross one is refused.

    Before each call the guard reserves the most the call can cost — input tokens bounded
    by the prompt's UTF-8 bytes (the `openai` target counts its whole rendered prompt,
    system messages included), the full output allowance — and settles to the actual
    cost after it, so spend stays under every ceiling whatever the concurrency."""

    per_request_max: float | None = Field(
        None,
        ge=0,
        description="Most one request may cost, judged by its worst case before the call.",
    )
    daily: float | None = Field(None, ge=0, description="Project ceiling per UTC day.")
    monthly: float | None = Field(None, ge=0, description="Project ceiling per calendar month.")
    per_key_daily: float | None = Field(None, ge=0, description="Ceiling per API key per day.")
    backend: Literal["memory", "database", "redis"] = Field(
        "memory",
        description="Where spend is counted: one process (memory), or shared by several"
        " gateway instances (database, redis).",
    )
    redis_url: str | None = Field(None, description="For `backend: redis`; use ${ENV_VAR}.")
    fail_mode: Literal["closed", "open"] = Field(
        "closed", description="When the backend is unreachable: refuse (closed) or allow (open)."
    )
    max_output_tokens: int = Field(
        512,
        gt=0,
        description="Output tokens assumed when reserving for a token-priced target that sets"
        " no `max_tokens` of its own.",
    )
    key_prefix: str = Field(
        "phaseone", min_length=1, description="Prefix of Redis keys (several projects, one Redis)."
    )
    reservation_lease_s: float | None = Field(
        None,
        gt=0,
        description="How long a shared backend (database, redis) holds a reservation whose"
        " request never settles (its gateway was killed) before giving it back. Default:"
        " twice the longest a request can take under `resilience` (timeouts, retries,"
        " fallback).",
    )


class StaticFallback(Strict):
    """A fixed answer when the target fails."""

    static: str = Field(..., description="A fixed answer returned when the target fails.")


class CircuitBreaker(Strict):
    """Stop calling a failing target for a while, answering with the fallback instead."""

    failure_threshold: int = Field(5, gt=0, description="Consecutive failures that open it.")
    reset_after_s: float = Field(30.0, gt=0, description="Open → half-open after this long.")


class Resilience(Strict):
    """Error handling around each call to the target."""

    timeout_s: float = Field(
        30.0, gt=0, description="Timeout of each call to the target; every retry gets its own."
    )
    retries: int = Field(2, ge=0, le=10, description="Retries for transient errors only.")
    deadline_s: float | None = Field(
        None,
        gt=0,
        description="Most the target's attempts may take together, waits between retries"
        " included: no retry starts, and no attempt runs, past it. Then the fallback answers"
        " (a target fallback's attempts get a deadline of their own), else 504. None: each"
        " attempt has `timeout_s` and the retries add up.",
    )
    backoff_base_s: float = Field(
        0.2, ge=0, description="First retry delay; doubles each retry, with jitter."
    )
    fallback: StaticFallback | TargetConfig | None = Field(
        None, description="What answers when the target fails: `static:` text or another target."
    )
    circuit_breaker: CircuitBreaker | None = Field(
        default_factory=CircuitBreaker, description="Set to null to turn the breaker off."
    )


class Monitoring(Strict):
    """What the gateway records about live traffic."""

    tracing: bool = Field(True, description="Store a trace per request.")
    store_io: bool = Field(True, description="Store (redacted) input and output with traces.")
    metrics: bool = Field(True, description="Serve Prometheus metrics at /metrics.")
    flush_interval_s: float = Field(
        1.0, gt=0, le=60, description="How often buffered traces are written to the store."
    )
    trace_writer: Literal["auto", "thread", "process"] = Field(
        "auto",
        description="Where traces are written: `process` (a child process; the gateway only"
        " hands it a batch every 20 ms), `thread` (a thread of the serving process), or"
        " `auto`: `process` under `phaseone serve`, `thread` for the Python API."
        " An in-memory SQLite store always uses `thread`.",
    )
    otel_endpoint: str | None = Field(
        None,
        description="OTLP/HTTP collector, e.g. `http://127.0.0.1:4318` (`/v1/traces` is added);"
        " spans carry `gen_ai.*` attributes. Needs the `otel` extra.",
    )


class Canary(Strict):
    """A new version taking a share of live traffic."""

    target: TargetConfig = Field(..., description="The canary version of the AI system.")
    percent: float = Field(..., ge=0, le=100, description="Share of requests routed to it.")
    auto: CanaryAuto | None = Field(
        None,
        description="Automatic decisions: `phaseone watch` promotes or rolls back the canary"
        " on a sequential test of its evidence against the stable target; the gateway reads"
        " the new share from the store.",
    )

    @field_validator("auto")
    @classmethod
    def _auto_needs_a_share(
        cls, auto: CanaryAuto | None, info: ValidationInfo
    ) -> CanaryAuto | None:
        percent = info.data.get("percent")
        if auto is not None and auto.enabled and isinstance(percent, float | int):
            if not 0 < percent < 100:
                raise PydanticCustomError(
                    "canary_auto_share",
                    "auto needs a canary share between 0 and 100 percent (percent is {percent}):"
                    " there is nothing to compare at 0 and nothing to promote at 100",
                    {"percent": percent},
                )
            if auto.promote_to and auto.promote_to[0] <= percent:
                raise PydanticCustomError(
                    "canary_steps",
                    "promote_to's first step {step} is not above percent {percent}",
                    {"step": auto.promote_to[0], "percent": percent},
                )
        return auto

    def identity(self) -> str:
        """The canary's identity (`canary_schema.canary_identity` of its target and share)."""
        return canary_identity(self.target, self.percent)


class Rollout(Strict):
    """How a new version reaches users, and how to stop it."""

    kill_switch: bool = Field(True, description="`phaseone kill-switch on` routes to the fallback.")
    shadow: TargetConfig | None = Field(
        None, description="A version called on live inputs whose answers are only recorded."
    )
    canary: Canary | None = Field(None, description="A version answering a share of requests.")


class Controls(Strict):
    """The runtime 20%: enforced by `phaseone serve` and the Guard API, verified by probes."""

    auth: AuthControl = Field(default_factory=AuthControl, description="Security: API keys.")
    limits: LimitsControl = Field(default_factory=LimitsControl, description="Input limits.")
    guardrails: Guardrails = Field(
        default_factory=Guardrails, description="PII, injection, what answers may carry out."
    )
    rate_limit: RateLimit | None = Field(
        default_factory=RateLimit, description="Per-key rate limit; null turns it off."
    )
    budget: Budget | None = Field(None, description="Cost limits; none unless set.")
    resilience: Resilience = Field(
        default_factory=Resilience, description="Timeouts, retries, fallback, breaker."
    )
    monitoring: Monitoring = Field(default_factory=Monitoring, description="Tracing and metrics.")
    rollout: Rollout = Field(default_factory=Rollout, description="Kill switch, shadow, canary.")


class ChatModel(Strict):
    """A public model name the gateway serves on its OpenAI-compatible routes
    (`/v1/chat/completions`, `/v1/models`, `/v1/embeddings`), and what serves it."""

    name: str = Field(
        ...,
        min_length=1,
        max_length=200,
        pattern=r"^[\w.:/@+-]+$",
        examples=["support-bot"],
        description="The name clients put in `model` (letters, digits and `_.:/@+-`).",
    )
    upstreams: list[TargetConfig] = Field(
        ...,
        min_length=1,
        description="What answers, tried in order: the first that answers serves the request,"
        " the others are its fallbacks (a fallback's answer is marked `x-phaseone-route:"
        " fallback`). An `openai` upstream receives the whole conversation (and streams); a"
        " `python` or `http` upstream receives the last user message and answers in one"
        " chunk.",
    )
    timeout_s: float | None = Field(
        None,
        gt=0,
        description="Per-call timeout of every upstream (a stream: to connect and between two"
        " chunks); default: each upstream's own `timeout_s`.",
    )
    price: Price | None = Field(
        None,
        description="What an answer costs (budgets and traces); default: each upstream's own"
        " `price`.",
    )
    max_tokens: int = Field(
        1024, gt=0, description="Output tokens allowed when a request sets no `max_tokens`."
    )
    max_tokens_limit: int = Field(
        32768,
        gt=0,
        description="The most output tokens a request may ask for; above it the request is"
        " refused (400, param `max_tokens`) before any budget is held.",
    )

    @model_validator(mode="after")
    def _default_within_limit(self) -> ChatModel:
        if self.max_tokens > self.max_tokens_limit:
            raise PydanticCustomError(
                "max_tokens_over_limit",
                "max_tokens ({n}) is above max_tokens_limit ({limit})",
                {"n": self.max_tokens, "limit": self.max_tokens_limit},
            )
        return self


# --- phases ---------------------------------------------------------------------------


class CostItem(Strict):
    """One line of the phase-two budget."""

    name: str = Field(..., examples=["integration with the ticketing system"], description="What.")
    one_off: float = Field(0.0, ge=0, description="One-off cost.")
    monthly: float = Field(0.0, ge=0, description="Recurring cost per month.")


class PhaseOne(Strict):
    """The pilot: phase one of the production system."""

    scope: str = Field("", description="What the pilot covers.")
    start: dt.date | None = Field(None, description="First day (YYYY-MM-DD).")
    end: dt.date | None = Field(None, description="Decision day (YYYY-MM-DD).")
    budget: float | None = Field(None, ge=0, description="Phase-one spend allowed.")


class PhaseTwo(Strict):
    """The production build, costed before the pilot starts."""

    scope: str = Field("", description="What the production build covers.")
    start: dt.date | None = Field(None, description="First day (YYYY-MM-DD).")
    end: dt.date | None = Field(None, description="Live in production (YYYY-MM-DD).")
    items: list[CostItem] = Field(default_factory=empty_list, description="Costed line items.")
    expected_monthly_requests: int | None = Field(
        None, ge=0, description="Expected live volume; projects the monthly run cost."
    )
    run_cost_ceiling_monthly: float | None = Field(
        None, ge=0, description="The most the AI system may cost to run per month."
    )


class Phases(Strict):
    """One plan, two phases: the pilot and the production build."""

    one: PhaseOne = Field(default_factory=PhaseOne, description="The pilot.")
    two: PhaseTwo | None = Field(None, description="The production build, costed up front.")


class StoreSettings(Strict):
    """Where evidence is kept."""

    url: str | None = Field(
        None, description="SQLAlchemy URL; default SQLite at .phaseone/phaseone.db beside the plan."
    )


#: Bounds of the gate's bars. A bar outside them is not a looser bar but no bar at all
#: (evidence a year old, half the calls failing): the plan refuses it. Inside them every
#: change is locked with the metric and shown on every report (`plan/lock.py`).
MAX_EVIDENCE_AGE_DAYS = 90
MAX_ERROR_RATE_BOUND = 0.5
MAX_P95_LATENCY_BOUND_MS = 300_000
MIN_GUARDRAIL_RECALL_BOUND = 0.5
MAX_GUARDRAIL_FP_BOUND = 0.25


class GuardrailBar(Strict):
    """What a guardrail's probe must measure on the held-out corpus (texts the detector
    was never developed on) for its control to pass."""

    min_recall: float = Field(
        ...,
        ge=MIN_GUARDRAIL_RECALL_BOUND,
        le=1,
        description="Least share of held-out attacks (injection) or PII values (pii) the "
        f"guardrail must catch; at least {MIN_GUARDRAIL_RECALL_BOUND:g}.",
    )
    max_false_positive_rate: float = Field(
        ...,
        ge=0,
        le=MAX_GUARDRAIL_FP_BOUND,
        description="Most share of held-out harmless texts it may block, flag or alter; at "
        f"most {MAX_GUARDRAIL_FP_BOUND:g}.",
    )


class GuardrailBars(Strict):
    """The held-out bars of the injection and PII probes (docs/gate.md has today's figures)."""

    injection: GuardrailBar = Field(
        default_factory=lambda: GuardrailBar(min_recall=0.8, max_false_positive_rate=0.1),
        description="The `prompt_injection` probe's bars (default: min_recall 0.8, "
        "max_false_positive_rate 0.1): recall of held-out attacks blocked "
        "or flagged, and benign texts not answered or blocked/flagged. The shipped rules "
        "measure 52% recall, 0% false positives on the held-out corpus (development corpus: "
        "100%, 0%; docs/gate.md), so `controls.injection` fails at the default bar until "
        "issue #17 rebuilds them.",
    )
    pii: GuardrailBar = Field(
        default_factory=lambda: GuardrailBar(min_recall=0.9, max_false_positive_rate=0.1),
        description="The `pii_redaction` probe's bars (default: min_recall 0.9, "
        "max_false_positive_rate 0.1): held-out PII values absent from the "
        "stored traces, and PII-free texts not stored intact. The shipped builtin engine "
        "measures 97% recall, 0% false positives on the held-out corpus (docs/gate.md).",
    )


class GateSettings(Strict):
    """The bars the gate applies to the evidence.

    They are locked with the success metric: a bar changed after the lock shows as
    drift (`metric.locked` fails) until an intentional `phaseone lock --reason`, which
    every report then shows.
    """

    evidence_max_age_days: float = Field(
        14,
        gt=0,
        le=MAX_EVIDENCE_AGE_DAYS,
        description="Older runs and probes do not count as evidence; at most "
        f"{MAX_EVIDENCE_AGE_DAYS} days.",
    )
    max_error_rate: float = Field(
        0.05,
        ge=0,
        le=MAX_ERROR_RATE_BOUND,
        description=f"Most cases that may error in a run; at most {MAX_ERROR_RATE_BOUND:g}.",
    )
    max_infra_error_rate: float = Field(
        0.1,
        ge=0,
        le=MAX_ERROR_RATE_BOUND,
        description="Above this a run is INCONCLUSIVE, never a quality FAIL; at most "
        f"{MAX_ERROR_RATE_BOUND:g}.",
    )
    max_p95_latency_ms: float | None = Field(
        None,
        gt=0,
        le=MAX_P95_LATENCY_BOUND_MS,
        description="Latency bar for the gate (95th percentile, milliseconds); at most "
        f"{MAX_P95_LATENCY_BOUND_MS} (5 minutes).",
    )
    guardrails: GuardrailBars = Field(
        default_factory=GuardrailBars,
        description="Held-out recall and false-positive bars of the injection and PII probes.",
    )
    max_fallback_rate: float = Field(
        0.05,
        ge=0,
        le=1,
        description="Most live requests (probe traffic excluded) that may get the fallback's"
        " answer instead of the target's: a fallback answer is a degraded answer.",
    )
    spot_check_cases: int = Field(
        20,
        ge=0,
        le=500,
        description="Cases of the metric run the gate re-calls against the target when it"
        " decides, to see the system still answers as measured; 0 turns the spot check off"
        " (the report says so).",
    )
    spot_check_tolerance: float = Field(
        0.1,
        ge=0,
        le=1,
        description="Largest share of spot-checked cases whose pass/fail may differ from the"
        " cited run (answers of a sampled model vary a little); above it the gate is"
        " INCONCLUSIVE until the eval is re-run.",
    )


class Plan(Strict):
    """`phaseone.yaml`: one AI system and its production plan."""

    model_config = ConfigDict(json_schema_extra=BuiltWhenPresent.untitle)

    version: Literal[1] = Field(1, description="Plan format version.")
    project: Project = Field(..., description="The AI system this plan is for.")
    owner: Owner = Field(
        ..., description="The production owner, from the line organisation. Required."
    )
    success_metric: SuccessMetric | None = Field(
        None, description="The number that triggers the production decision; locked up front."
    )
    target: TargetConfig = Field(..., description="The AI system under test and in production.")
    suites: list[Suite] = Field(default_factory=empty_list, description="The eval suites.")
    controls: Annotated[Controls | None, BuiltWhenPresent()] = Field(
        None, description="The runtime 20%; absent means it was not scoped."
    )
    phases: Phases = Field(default_factory=Phases, description="Phase one and phase two.")
    store: StoreSettings = Field(default_factory=StoreSettings, description="The store.")
    gate: GateSettings = Field(default_factory=GateSettings, description="Gate thresholds.")
    models: list[ChatModel] = Field(
        default_factory=empty_list,
        description="Public model names for the gateway's OpenAI-compatible routes. Empty:"
        " one model is served, the plan's `target`, under its `model` (an `openai` target)"
        " or the project's name.",
    )
    slos: Annotated[Slos | None, BuiltWhenPresent()] = Field(
        None,
        description="Service-level objectives after GO, and their burn-rate alerts"
        " (`phaseone slo export` writes them as Prometheus rules and a Grafana dashboard).",
    )

    @field_validator("suites")
    @classmethod
    def _unique_suites(cls, suites: list[Suite]) -> list[Suite]:
        seen: set[str] = set()
        for s in suites:
            if s.name in seen:
                raise PydanticCustomError(
                    "duplicate_suite",
                    "suite name '{name}' is used twice; suite names must be unique",
                    {"name": s.name},
                )
            seen.add(s.name)
        return suites

    @field_validator("slos")
    @classmethod
    def _online_suite(cls, slos: Slos | None, info: ValidationInfo) -> Slos | None:
        # A field validator so the error is located at `slos`; the suites are read first.
        check_online_suite(slos, info.data.get("suites") or [])
        return slos

    @model_validator(mode="after")
    def _canary_quality_needs_online(self) -> Plan:
        canary = self.controls.rollout.canary if self.controls is not None else None
        auto = canary.auto if canary is not None else None
        online = self.slos.online if self.slos is not None else None
        if auto is not None and auto.enabled and auto.quality is not None and online is None:
            raise PydanticCustomError(
                "canary_quality_online",
                "controls.rollout.canary.auto.quality compares failed online evals, but"
                " the plan has no slos.online: add slos.online (a suite and a sample"
                " rate) or remove auto.quality",
            )
        return self

    @field_validator("models")
    @classmethod
    def _unique_models(cls, models: list[ChatModel]) -> list[ChatModel]:
        seen: set[str] = set()
        for m in models:
            if m.name in seen:
                raise PydanticCustomError(
                    "duplicate_model",
                    "model name '{name}' is used twice; model names must be unique",
                    {"name": m.name},
                )
            seen.add(m.name)
        return models

    @model_validator(mode="after")
    def _metric_references(self) -> Plan:
        # The loader reports these with a file location and a did-you-mean; this check
        # keeps plans built in Python honest too.
        m = self.success_metric
        if m is None:
            return self
        names = [s.name for s in self.suites]
        if m.suite not in names:
            raise PydanticCustomError(
                "unknown_suite",
                "success_metric.suite '{suite}' is not a suite of this plan (suites: {names})",
                {"suite": m.suite, "names": ", ".join(names) or "none"},
            )
        labels = [c.label for c in self.suite(m.suite).scorers]
        if m.scorer not in labels:
            raise PydanticCustomError(
                "unknown_scorer",
                "success_metric.scorer '{scorer}' is not a scorer of suite '{suite}'"
                " (scorers: {labels})",
                {"scorer": m.scorer, "suite": m.suite, "labels": ", ".join(labels)},
            )
        return self

    def suite(self, name: str) -> Suite:
        for s in self.suites:
            if s.name == name:
                return s
        raise KeyError(name)
