"""Configuration models of the built-in components the plan can name.

Each model is the schema (and so the documentation) of one ``kind``: targets,
dataset sources and scorers. The components themselves live in their own
packages and register under the same ``kind`` name; they take these models.
"""

from __future__ import annotations

import types
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    SerializerFunctionWrapHandler,
    model_serializer,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema


class Strict(BaseModel):
    """Base for every plan model: unknown keys are errors (typos must not pass silently),
    and no number is NaN or infinite (YAML's `.nan`, `.inf`: no ceiling, threshold or
    price means anything as one).

    `defer_build`: a model's validator is built when it is first used, not at import.
    Validating a plan builds the `Plan` schema with every nested model inline; building
    each of the ~55 models' own validators at import as well cost every command that
    loads the plan ~0.02 s more (and one that imports it without validating ~0.06 s).
    """

    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, allow_inf_nan=False, defer_build=True
    )


class BuiltWhenPresent:
    """Marks an optional section (`Annotated[Controls | None, BuiltWhenPresent()]`) that is
    validated by its model's own validator, built the first time a plan has the section.

    Without it, `Plan`'s validator holds every section's schema inline, and building it
    generates them all: `controls` and `slos` are ~half of it (~20 ms of `phaseone plan`
    on the 2-core VM) in a plan that has neither. The section's errors are the same, at
    the same locations (pydantic puts a nested validation error's lines under the field),
    its value is the same model instance, and the JSON Schema is the model's, as before.
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        (model,) = (a for a in get_args(source) if a is not types.NoneType)
        self._model: type[BaseModel] = model

        def validate(value: Any) -> Any:
            return None if value is None else model.model_validate(value)

        return core_schema.no_info_plain_validator_function(validate)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # The schema of `Model | None`, as pydantic writes it for the plain annotation.
        section = self._model.__pydantic_core_schema__
        return handler(core_schema.nullable_schema(section))

    @staticmethod
    def untitle(schema: dict[str, Any], model: type[BaseModel]) -> None:
        """`json_schema_extra` of a model with such sections: pydantic titles a field whose
        schema is a function (`"title": "Controls"`), never one that is a model's; the
        JSON Schema stays as it was."""
        for name, info in model.model_fields.items():
            if any(isinstance(m, BuiltWhenPresent) for m in info.metadata):
                schema["properties"][info.alias or name].pop("title", None)


def empty_list() -> list[Any]:
    """`default_factory` of a list field: an empty list, as `list` gives.

    Not `list` itself: pydantic asks each factory's signature when it builds a
    validator, and a builtin's is parsed from its text with `tokenize`, whose patterns
    are compiled on first use (~3 ms of `phaseone plan` on the 2-core VM). A Python
    function's signature is read directly.
    """
    return []


# --- prices ---------------------------------------------------------------------------


class Price(Strict):
    """What one call costs, used for every cost figure phaseone reports."""

    per_1k_input_tokens: float = Field(0.0, ge=0, description="Price per 1,000 input tokens.")
    per_1k_output_tokens: float = Field(0.0, ge=0, description="Price per 1,000 output tokens.")
    per_call: float = Field(0.0, ge=0, description="Fixed price per call (self-hosted: amortised).")


# --- targets --------------------------------------------------------------------------


class TargetBase(Strict):
    timeout_s: float = Field(30.0, gt=0, description="Per-call timeout in seconds.")
    price: Price = Field(default_factory=Price, description="Prices used to compute cost.")
    version: str | None = Field(
        None,
        description="Version label recorded with every result (for shadow/canary and compare).",
    )


class PythonTarget(TargetBase):
    """A Python callable `module:function`, sync or async, taking the case input."""

    kind: Literal["python"] = "python"
    callable: str = Field(
        ...,
        examples=["my_pilot.app:answer"],
        pattern=r"^[\w.]+:[\w.]+$",
        description="Import path `module:function`; the module must be importable.",
    )
    kwargs: dict[str, Any] = Field(default_factory=dict, description="Extra keyword arguments.")


class HttpTarget(TargetBase):
    """JSON over HTTP: a request template and a path into the JSON response."""

    kind: Literal["http"] = "http"
    url: str = Field(
        ...,
        examples=["http://127.0.0.1:8080/classify"],
        description="The endpoint of the deployed AI system.",
    )
    method: Literal["GET", "POST", "PUT", "PATCH"] = Field("POST", description="HTTP method.")
    headers: dict[str, str] = Field(
        default_factory=dict, description="Headers; use ${ENV_VAR} for secrets."
    )
    body: Any = Field(
        default_factory=lambda: {"input": "{{ input }}"},
        description="Request body; strings are Jinja2 templates over `input` and `case`.",
    )
    output_path: str = Field(
        "output", description="Dotted path to the answer in the JSON response, e.g. `data.label`."
    )
    input_tokens_path: str | None = Field(None, description="Path to input token usage, if any.")
    output_tokens_path: str | None = Field(None, description="Path to output token usage, if any.")


class OpenAITarget(TargetBase):
    """Any OpenAI-compatible /v1/chat/completions endpoint (OpenAI, vLLM, Ollama, llama.cpp)."""

    kind: Literal["openai"] = "openai"
    base_url: str = Field(
        ...,
        examples=["http://127.0.0.1:11434/v1"],
        description="Base URL of the API, up to and including `/v1`.",
    )
    model: str = Field(..., examples=["llama3.1:8b"], description="Model name sent to the API.")
    api_key: str | None = Field(None, description="Use ${ENV_VAR}; never written to the store.")
    messages: list[dict[str, str]] = Field(
        default_factory=lambda: [{"role": "user", "content": "{{ input }}"}],
        description="Chat messages; contents are Jinja2 templates over `input` and `case`.",
    )
    temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature.")
    max_tokens: int = Field(256, gt=0, description="Most output tokens per answer.")


TargetConfig = Annotated[PythonTarget | HttpTarget | OpenAITarget, Field(discriminator="kind")]


# --- dataset sources ------------------------------------------------------------------


class Mapping(Strict):
    """Which column/field of a row is the case id, input, expected output and tags."""

    id: str | None = Field(None, description="Column with a stable id; else a content hash.")
    input: str = Field("input", description="Column with the input sent to the target.")
    expected: str | None = Field(
        "expected", description="Column with the expected output; null if there is none."
    )
    tags: str | None = Field("tags", description="Column with tags (list or comma-separated).")
    messages: str | None = Field(
        None,
        examples=["messages"],
        description="Column with a whole conversation (an OpenAI chat message list, or its "
        "JSON text in a CSV cell) sent instead of one input; the case's `input` is then "
        "its last user message unless `input` is mapped too.",
    )

    @model_serializer(mode="wrap")
    def _without_unset_messages(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """A mapping without `messages` dumps as it did before the field existed, so the
        dataset identity recorded by earlier runs and metric locks still matches."""
        out: dict[str, Any] = handler(self)
        if out.get("messages") is None:
            out.pop("messages", None)
        return out


class FileSource(Strict):
    path: str = Field(..., description="Path relative to the plan file.")
    mapping: Mapping = Field(default_factory=Mapping, description="Which columns are what.")


class JsonlSource(FileSource):
    """One JSON object per line."""

    kind: Literal["jsonl"] = "jsonl"


class CsvSource(FileSource):
    """A CSV file with a header row."""

    kind: Literal["csv"] = "csv"
    delimiter: str = Field(",", description="Field separator.")


class YamlSource(FileSource):
    """A YAML list of cases."""

    kind: Literal["yaml"] = "yaml"


class SqlSource(Strict):
    """A query on a live database: the real integration, not an export."""

    kind: Literal["sql"] = "sql"
    url: str = Field(
        ...,
        examples=["postgresql+psycopg://app@db/inbox", "sqlite:///inbox.db"],
        description="SQLAlchemy URL of the live database; put passwords in ${ENV_VAR}.",
    )
    query: str = Field(
        ...,
        examples=["SELECT id, body AS input, label AS expected FROM messages"],
        description="A read-only query; each row is a case.",
    )
    mapping: Mapping = Field(default_factory=Mapping, description="Which columns are what.")
    live: bool = Field(
        False,
        description="For a `sqlite:///` file only: the file IS the system's own live store "
        "(not an export). A SQLite file is otherwise treated as an exported file: it gets "
        "no live-data credit in the gate. Either way its content is compared between a run "
        "and the gate, like a file suite's.",
    )


class HttpSource(Strict):
    """A JSON endpoint returning cases, with pagination."""

    kind: Literal["http"] = "http"
    url: str = Field(..., description="First page of the endpoint.")
    headers: dict[str, str] = Field(
        default_factory=dict, description="Headers; use ${ENV_VAR} for secrets."
    )
    items_path: str = Field("items", description="Path to the list of rows in each page.")
    next_path: str | None = Field(None, description="Path to the next page's URL (next-link).")
    page_param: str | None = Field(None, description="Query parameter for page-number paging.")
    max_pages: int = Field(1000, gt=0, description="Stop after this many pages.")
    timeout_s: float = Field(60.0, gt=0, description="Most one page may take to arrive.")
    mapping: Mapping = Field(default_factory=Mapping, description="Which fields are what.")


class TracesSource(Strict):
    """Cases captured from production traces in the store (`phaseone capture`)."""

    kind: Literal["traces"] = "traces"
    capture: str = Field(..., description="Name of the capture set (`phaseone capture --to NAME`).")


DatasetConfig = Annotated[
    JsonlSource | CsvSource | YamlSource | SqlSource | HttpSource | TracesSource,
    Field(discriminator="kind"),
]
LIVE_DATASET_KINDS = frozenset({"sql", "http", "traces"})


def _field(config: Any, name: str) -> Any:
    return config.get(name) if isinstance(config, dict) else getattr(config, name, None)


def sqlite_file(url: Any) -> bool:
    """A ``sqlite:///`` URL naming a file (relative or absolute), not ``:memory:``.

    Read by hand rather than by SQLAlchemy: the URL a run records is redacted
    (``sqlite:/inbox.db``) and must be recognised too.
    """
    scheme, sep, rest = str(url).strip().partition(":")
    if not sep or scheme.split("+")[0].lower() != "sqlite":
        return False
    return rest.lstrip("/").split("?")[0] not in ("", ":memory:")


def is_live_dataset(config: Any) -> bool:
    """Does this dataset (a config model or its recorded dict) read the live system?

    A server (SQL database, HTTP API, production traces) is live. A SQLite *file* read
    with SQL is not, unless the plan says it is the system's own store (``live: true``):
    a `.db` beside the plan is usually an export, however it is queried.
    """
    kind = _field(config, "kind")
    if kind not in LIVE_DATASET_KINDS:
        return False
    if kind == "sql" and sqlite_file(_field(config, "url")):
        return bool(_field(config, "live"))
    return True


def content_compared(config: Any) -> bool:
    """Is the dataset's content compared between a run and the gate? Files are, and so
    are SQLite files read with SQL (by the hash of the query's result rows, as every run
    records it): a file that can be edited and put back is not a live source that changes
    by itself, even when the plan calls it live."""
    kind = _field(config, "kind")
    if kind not in LIVE_DATASET_KINDS:
        return True
    return kind == "sql" and sqlite_file(_field(config, "url"))


# --- scorers --------------------------------------------------------------------------


class ScorerBase(Strict):
    name: str | None = Field(None, description="Name used by metrics; defaults to `kind`.")

    @property
    def label(self) -> str:
        return self.name or str(getattr(self, "kind", "scorer"))


class ExactScorer(ScorerBase):
    """Output equals the expected output (after normalising)."""

    kind: Literal["exact"] = "exact"
    case_sensitive: bool = Field(False, description="Compare case too.")
    strip: bool = Field(True, description="Ignore leading and trailing whitespace.")
    collapse_whitespace: bool = Field(True, description="Treat runs of whitespace as one space.")


class ContainsScorer(ScorerBase):
    """Output contains `value` (or, with `values`, any/all of them)."""

    kind: Literal["contains", "icontains"] = "contains"
    value: str | None = Field(None, description="Defaults to the case's expected output.")
    values: list[str] | None = Field(None, description="Several values instead of one.")
    mode: Literal["any", "all"] = Field("any", description="With `values`: any or all of them.")


class RegexScorer(ScorerBase):
    """Output matches a regular expression."""

    kind: Literal["regex"] = "regex"
    pattern: str = Field(..., examples=[r"^(spam|ham)$"], description="Python regular expression.")
    full_match: bool = Field(False, description="The whole output must match, not a part.")


class JsonScorer(ScorerBase):
    """The output is valid JSON; with `schema`, valid against it."""

    kind: Literal["json"] = "json"
    json_schema: dict[str, Any] | None = Field(
        None, alias="schema", description="JSON Schema the parsed output must satisfy."
    )


class JsonFieldScorer(ScorerBase):
    """A field of the JSON output equals a value."""

    kind: Literal["json_field"] = "json_field"
    path: str = Field(..., examples=["label"], description="Dotted path into the JSON output.")
    value: Any = Field(None, description="Defaults to the case's expected output.")


class NumericScorer(ScorerBase):
    """Output is a number within a tolerance of the expected one."""

    kind: Literal["numeric"] = "numeric"
    tolerance: float = Field(0.0, ge=0, description="Largest accepted difference.")
    relative: bool = Field(False, description="Tolerance as a fraction of the expected value.")


class ClassificationScorer(ScorerBase):
    """Label match per case; aggregates to accuracy, per-label P/R/F1, macro-F1, confusion."""

    kind: Literal["classification"] = "classification"
    labels: list[str] | None = Field(
        None, description="The label set; default: the labels seen in expected outputs."
    )
    case_sensitive: bool = Field(False, description="Compare labels' case too.")


class SimilarityScorer(ScorerBase):
    """Cosine similarity of embeddings (model from the `demo` extra)."""

    kind: Literal["similarity"] = "similarity"
    threshold: float = Field(0.8, ge=0, le=1, description="Cosine similarity to pass.")


class JudgeScorer(ScorerBase):
    """An LLM judge through an OpenAI-compatible endpoint.

    The judge gets the rubric, the case's input, its expected answer (when there is one)
    and the output, and is asked to reply with only a JSON object
    `{"score": <number from 0 to 1>, "reason": "<one or two sentences>"}`. That object is
    also read inside a code fence or surrounded by prose, and `SCORE: 0.8` (or `4/5`) with
    `REASON: …` lines are accepted; an answer with no score in [0, 1] fails the case with
    "judge answered malformed output", never a guess.
    """

    kind: Literal["judge"] = "judge"
    base_url: str = Field(..., description="OpenAI-compatible base URL of the judge model.")
    model: str = Field(..., description="The judge model.")
    api_key: str | None = Field(None, description="Use ${ENV_VAR}; never written to the store.")
    rubric: str = Field(
        ...,
        description='What a good answer is, in words. The judge replies {"score": 0..1, '
        '"reason": "…"} (JSON; `SCORE: 4/5` lines are read too).',
    )
    pass_score: float = Field(
        0.5, ge=0, le=1, description="The case passes when the judge's score is at least this."
    )
    timeout_s: float = Field(60.0, gt=0, description="Per-call timeout of the judge.")


class LatencyScorer(ScorerBase):
    """The call answered within a time limit."""

    kind: Literal["latency"] = "latency"
    max_ms: float = Field(..., gt=0, description="Slowest accepted answer, in milliseconds.")


class CostScorer(ScorerBase):
    """The call cost at most a limit."""

    kind: Literal["cost"] = "cost"
    max_cost: float = Field(..., ge=0, description="Most one call may cost.")


class PythonScorer(ScorerBase):
    """A custom function `module:function(output, case) -> bool | float | dict`."""

    kind: Literal["python"] = "python"
    callable: str = Field(
        ...,
        pattern=r"^[\w.]+:[\w.]+$",
        examples=["my_checks:polite"],
        description="Import path `module:function` of the scoring function.",
    )


ScorerConfig = Annotated[
    ExactScorer
    | ContainsScorer
    | RegexScorer
    | JsonScorer
    | JsonFieldScorer
    | NumericScorer
    | ClassificationScorer
    | SimilarityScorer
    | JudgeScorer
    | LatencyScorer
    | CostScorer
    | PythonScorer,
    Field(discriminator="kind"),
]
