"""The blind held-out PII corpora written by `bench/make_pii_fourth.mjs` and
`bench/make_pii_fifth.mjs` (issue #17) are what they say: the schema
`bench_pii_quality.heldout` reads, every value a substring of its sentence, and every label true
to the public reference checks (python-stdnum, phonenumbers, Luhn; validators only, never a
phaseone detector, so a corpus stays blind until its one score). `_problems` is run on each file
and, as a negative control, on damaged copies that it must reject. One module for both: the
corpora share their schema and their checks; what differs is in `Spec`."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import pii_reference_checks as ref  # noqa: E402

KINDS = {"email", "phone", "card", "iban", "national_id"}
IDS = {"us_ssn", "uk_nino", "nl_bsn", "de_idnr", "fr_nir", "es_dni", "es_nie", "it_cf"}
LANG_REGION = {"de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL", "pl": "PL"}


@dataclass(frozen=True)
class Spec:
    """One corpus: its name in `--corpus`, seed, source and how its generator is run."""

    name: str
    seed: int
    source: str
    #: Benign families whose sentences must hold a Luhn-valid number.
    luhn_families: frozenset[str]
    #: Where the generator's npm package is installed (env var, default dir, package path).
    node_env: str
    node_dir: str
    package: str

    @property
    def path(self) -> Path:
        return ROOT / "bench" / "data" / f"pii_{self.name}.json"

    @property
    def generator(self) -> str:
        return f"bench/make_pii_{self.name}.mjs"


SPECS = [
    Spec(
        "fourth",
        20261209,
        "chance",
        frozenset({"gift_card_luhn", "parcel_luhn", "meter_number_luhn", "imei"}),
        "PII4_NODE_DIR",
        "/tmp/pii4",
        "chance",
    ),
    Spec(
        "fifth",
        20261210,
        "@ngneat/falso",
        frozenset({"gift_card_luhn", "imei"}),
        "PII5_NODE_DIR",
        "/tmp/pii5",
        "@ngneat/falso",
    ),
]


def _region(locale: str) -> str:
    return locale.split("-")[1] if "-" in locale else LANG_REGION[locale]


def _problems(data: dict[str, Any], spec: Spec) -> list[str]:
    """Every way the corpus departs from its schema or its labels, one sentence each."""
    out: list[str] = []
    for key in ("source", "source_version", "source_licence", "stdnum_version"):
        if not isinstance(data.get(key), str):
            out.append(f"top level: {key!r} missing or not a string")
    if data.get("seed") != spec.seed:
        out.append(f"top level: seed {data.get('seed')!r}, expected {spec.seed}")
    locales = set(data.get("locales", []))
    for i, p in enumerate(data.get("pii", [])):
        where = f"pii[{i}]"
        if p.get("kind") not in KINDS:
            out.append(f"{where}: kind {p.get('kind')!r}")
            continue
        if p["locale"] not in locales:
            out.append(f"{where}: locale {p['locale']!r} not in locales")
        if p["kind"] == "national_id" and p["sub"] not in IDS:
            out.append(f"{where}: national id {p['sub']!r}")
        if p["kind"] in ("email", "phone", "iban") and p["sub"] != p["kind"]:
            out.append(f"{where}: sub {p['sub']!r} for kind {p['kind']}")
        if not isinstance(p.get("template"), int) or not isinstance(p.get("form"), str):
            out.append(f"{where}: template not an int or form not a string")
        if not p.get("values") or any(v not in p["text"] for v in p["values"]):
            out.append(f"{where}: a value is not a substring of its text")
            continue
        want = {"valid": True, "invalid": False, "n/a": None}.get(p.get("check"), "bad")
        if want == "bad":
            out.append(f"{where}: check {p.get('check')!r}")
            continue
        region = _region(p["locale"]) if p["kind"] == "phone" else None
        for v in p["values"]:
            got = ref.passes(p["kind"], p["sub"], v, region)
            if got is not want:
                out.append(f"{where}: {v!r} labelled {p['check']}, reference check says {got}")
    for i, b in enumerate(data.get("benign", [])):
        if not (b.get("family") and b.get("lang") and b.get("text")):
            out.append(f"benign[{i}]: family, lang or text missing")
        elif b["family"] in spec.luhn_families and not any(
            ref.passes("card", "luhn", w) for w in re.findall(r"(?<!\d)\d{13,19}(?!\d)", b["text"])
        ):
            out.append(f"benign[{i}]: no Luhn-valid number in a {b['family']} sentence")
    return out


@pytest.fixture(scope="module", params=SPECS, ids=[s.name for s in SPECS])
def spec(request: pytest.FixtureRequest) -> Spec:
    value: Spec = request.param
    return value


@pytest.fixture(scope="module")
def corpus(spec: Spec) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(spec.path.read_text(encoding="utf-8"))
    return data


def test_the_corpus_has_its_schema_and_true_labels(spec: Spec, corpus: dict[str, Any]) -> None:
    assert _problems(corpus, spec) == []
    assert corpus["source"] == spec.source and corpus["source_licence"] == "MIT"
    assert corpus["generator"] == spec.generator


def test_damaged_copies_are_rejected(spec: Spec, corpus: dict[str, Any]) -> None:
    """Negative controls: each damage is one `_problems` must name."""
    first_card = next(
        i for i, p in enumerate(corpus["pii"]) if p["check"] == "valid" and p["kind"] == "card"
    )
    first_id = next(
        i
        for i, p in enumerate(corpus["pii"])
        if p["check"] == "invalid" and p["kind"] == "national_id"
    )
    damages = {
        "value not in text": lambda d: d["pii"][0]["values"].__setitem__(0, "nobody@example.org"),
        "valid card failing Luhn": lambda d: d["pii"][first_card]["values"].__setitem__(
            0, _flip_last_digit(d["pii"][first_card]["values"][0], d["pii"][first_card])
        ),
        "invalid id labelled valid": lambda d: d["pii"][first_id].__setitem__("check", "valid"),
        "unknown kind": lambda d: d["pii"][1].__setitem__("kind", "passport"),
        "wrong seed": lambda d: d.__setitem__("seed", 1),
    }
    for name, damage in damages.items():
        broken = copy.deepcopy(corpus)
        damage(broken)
        assert _problems(broken, spec), name


def _flip_last_digit(value: str, record: dict[str, Any]) -> str:
    new = value[:-1] + str((int(value[-1]) + 5) % 10)
    record["text"] = record["text"].replace(value, new)
    return new


def test_sizes_locales_and_templates(corpus: dict[str, Any]) -> None:
    pii = corpus["pii"]
    for kind in ("email", "phone", "card", "iban"):
        assert 350 <= sum(p["kind"] == kind for p in pii) <= 450, kind
    for sub in IDS:
        assert sum(p["sub"] == sub for p in pii) >= 45, sub
    assert len(corpus["locales"]) >= 12
    langs = {loc.split("-")[0] for loc in corpus["locales"]}
    assert langs == {"en", "de", "fr", "es", "it", "nl", "pt", "pl"}
    # at least five templates per kind and language, two of them (3, 4) naming nothing
    used: dict[tuple[str, str], set[int]] = {}
    for p in pii:
        used.setdefault((p["locale"].split("-")[0], p["kind"]), set()).add(p["template"])
    for (lang, kind), templates in used.items():
        if kind != "national_id":
            assert templates == {0, 1, 2, 3, 4}, (lang, kind, templates)
    assert corpus["templates_naming_nothing"] == [3, 4]
    families: dict[str, int] = {}
    for b in corpus["benign"]:
        families[b["family"]] = families.get(b["family"], 0) + 1
    assert len(families) >= 25 and min(families.values()) >= 25
    assert {b["lang"] for b in corpus["benign"]} == langs
    assert {p["check"] for p in pii if p["kind"] != "email"} == {"valid", "invalid"}


def test_heldout_scorer_knows_the_corpus(spec: Spec) -> None:
    """Only that `--corpus NAME` points here; the scorer is not run on the corpus."""
    from bench import bench_pii_quality

    assert bench_pii_quality.HELDOUT_CORPORA[spec.name] == spec.path


def test_load_heldout_names_the_file_and_fix(spec: Spec, tmp_path: Path) -> None:
    from bench import bench_pii_quality

    bad = tmp_path / "pii_bad.json"
    with pytest.raises(SystemExit, match=r"pii_bad\.json: missing"):
        bench_pii_quality.load_heldout(bad)
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"pii_bad\.json: not valid JSON"):
        bench_pii_quality.load_heldout(bad)
    bad.write_text('{"source": "x"}', encoding="utf-8")
    with pytest.raises(SystemExit, match="no 'source_version' field"):
        bench_pii_quality.load_heldout(bad)
    assert bench_pii_quality.load_heldout(spec.path)["seed"] == spec.seed


def _node_dir(spec: Spec) -> Path:
    return Path(os.environ.get(spec.node_env, spec.node_dir))


def test_the_generator_reproduces_the_file(spec: Spec, tmp_path: Path) -> None:
    node_dir = _node_dir(spec)
    if shutil.which("node") is None or not (node_dir / "node_modules" / spec.package).is_dir():
        pytest.skip(f"node or {spec.package} not installed (see {spec.generator})")
    out = tmp_path / "again.json"
    env = {**os.environ, spec.node_env: str(node_dir), "PYTHON": sys.executable}
    subprocess.run(["node", spec.generator, str(out)], cwd=ROOT, env=env, check=True, timeout=120)
    assert out.read_bytes() == spec.path.read_bytes()


# Words that would name the value; templates 3 and 4 must use none of them (outside the value).
NAMING = re.compile(
    r"\b(?:e-?mail\w*|mail|courriel|correo|phone|tel\.?|handy|móvil|mobiel|telemóvel|komórk|numer|nummer|número|"
    r"numero|card|kart|tarjeta|carta|cartão|iban|konto|account|compte|cuenta|conto|rekening|"
    r"rachunek|ssn|social|insurance|nino|bsn|steuer\w*|sécu|dni|nie|fiscale)\b",
    re.IGNORECASE,
)


def _naming(data: dict[str, Any]) -> list[str]:
    """Records whose template is said to name nothing but whose text names the value."""
    quiet = set(data["templates_naming_nothing"])
    return [
        p["text"]
        for p in data["pii"]
        if p["template"] in quiet
        and NAMING.search(p["text"].replace(p["values"][0], " ").replace(p.get("sub", ""), " "))
    ]


def test_templates_naming_nothing_name_nothing(spec: Spec, corpus: dict[str, Any]) -> None:
    if spec.name != "fifth":
        # the word list is the fifth's writer's; the fourth's writer kept its own (looser)
        # rule, under which words such as "número" may stand in a template naming nothing
        pytest.skip("the fifth corpus's own rule for templates that name nothing")
    assert _naming(corpus) == []
    broken = copy.deepcopy(corpus)  # negative control
    broken["pii"][3 * 14]["text"] = "IBAN: " + broken["pii"][3 * 14]["text"]
    assert broken["pii"][3 * 14]["template"] == 3 and _naming(broken)
