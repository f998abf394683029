"""The frozen @faker-js/faker held-out PII corpus (`bench/data/pii_fakerjs.json`): it has the
schema the held-out scorer reads, every value is where the scorer will look for it, and its
`check` labels agree with the public reference checks. Validators only: no phaseone detector
runs on this corpus here (it is held out, so nothing may be tuned against it)."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import pii_reference_checks as ref  # noqa: E402

CORPUS = ROOT / "bench" / "data" / "pii_fakerjs.json"
LOCALES = {
    "en-US", "en-GB", "en-IE", "de", "de-AT", "de-CH", "fr", "fr-BE",
    "es", "it", "nl", "nl-BE", "pt-PT", "pl",
}  # fmt: skip
IDS = {"us_ssn", "uk_nino", "nl_bsn", "de_idnr", "fr_nir", "es_dni", "es_nie", "it_cf"}
KINDS = {"email", "phone", "card", "iban", "national_id"}
REGION = {loc: (loc.split("-")[1] if "-" in loc else loc.upper()) for loc in LOCALES}
REGION["en-US"], REGION["pt-PT"] = "US", "PT"
PII_KEYS = ["locale", "kind", "sub", "form", "check", "template", "text", "values"]


def _load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CORPUS.read_text(encoding="utf-8"))
    return data


def schema_problems(data: dict[str, Any]) -> list[str]:
    """Every way `data` departs from the held-out schema, one line each (empty: none)."""
    out: list[str] = []
    for key, want in (
        ("source", "@faker-js/faker"),
        ("source_version", "10.6.0"),
        ("source_licence", "MIT"),
        ("generator", "bench/make_pii_fakerjs.mjs"),
        ("seed", 20261208),
    ):
        if data.get(key) != want:
            out.append(f"{key}: {data.get(key)!r}, want {want!r}")
    for key in ("stdnum_version", "phonenumbers_version"):
        if not isinstance(data.get(key), str):
            out.append(f"{key} missing")
    if not set(data.get("locales", [])) >= LOCALES:
        out.append(f"locales missing {sorted(LOCALES - set(data.get('locales', [])))}")
    for i, p in enumerate(data["pii"]):
        where = f"pii[{i}]"
        if list(p) != PII_KEYS:
            out.append(f"{where}: keys {list(p)}")
            continue
        if p["kind"] not in KINDS or p["locale"] not in data["locales"]:
            out.append(f"{where}: kind {p['kind']!r} / locale {p['locale']!r}")
        if p["kind"] == "national_id" and p["sub"] not in IDS:
            out.append(f"{where}: identifier {p['sub']!r}")
        if p["kind"] in ("email", "phone", "iban") and p["sub"] != p["kind"]:
            out.append(f"{where}: sub {p['sub']!r} for {p['kind']}")
        want_checks = {"n/a"} if p["kind"] == "email" else {"valid", "invalid"}
        if p["check"] not in want_checks:
            out.append(f"{where}: check {p['check']!r} for {p['kind']}")
        if not isinstance(p["template"], int) or not p["form"]:
            out.append(f"{where}: template {p['template']!r} / form {p['form']!r}")
        if not p["values"] or any(not v or v not in p["text"] for v in p["values"]):
            out.append(f"{where}: a value is not a substring of its text: {p['values']}")
    for i, b in enumerate(data["benign"]):
        if sorted(b) != ["family", "lang", "text"] or not any(c.isdigit() for c in b["text"]):
            out.append(f"benign[{i}]: {b}")
    return out


def label_problems(data: dict[str, Any]) -> list[str]:
    """Every value whose `check` label disagrees with its kind's reference check."""
    out = []
    for i, p in enumerate(data["pii"]):
        for v in p["values"]:
            ok = ref.passes(p["kind"], p["sub"], v, REGION[p["locale"]])
            label = "n/a" if ok is None else "valid" if ok else "invalid"
            if label != p["check"]:
                out.append(f"pii[{i}] {p['sub']} {v!r}: labelled {p['check']}, check says {label}")
    return out


def test_the_corpus_has_the_held_out_schema_and_its_sizes() -> None:
    data = _load()
    assert schema_problems(data) == []
    kinds = Counter(p["kind"] for p in data["pii"])
    for kind in ("email", "phone", "card", "iban"):
        assert 380 <= kinds[kind] <= 450, kinds
    subs = Counter(p["sub"] for p in data["pii"] if p["kind"] == "national_id")
    assert set(subs) == IDS and all(45 <= n <= 60 for n in subs.values()), subs
    assert {p["locale"] for p in data["pii"]} == LOCALES
    families = Counter(b["family"] for b in data["benign"])
    assert len(families) >= 25 and min(families.values()) >= 25, families
    assert len({b["lang"] for b in data["benign"]}) == 8
    # the last two templates of each language and kind name nothing: both are used
    assert {p["template"] for p in data["pii"]} == {0, 1, 2, 3, 4}


def test_every_label_agrees_with_the_reference_check() -> None:
    data = _load()
    assert label_problems(data) == []
    checks = Counter((p["kind"], p["check"]) for p in data["pii"])
    for kind in ("card", "iban", "national_id", "phone"):  # both sides are present
        assert checks[(kind, "valid")] > checks[(kind, "invalid")] > 0, checks


def test_the_checks_catch_a_corrupted_corpus() -> None:
    """Negative controls: the same checks on a copy with one fault each must name it."""
    data = _load()
    bad = copy.deepcopy(data)
    bad["pii"][0]["values"] = ["not in the sentence"]
    bad["pii"][1]["kind"] = "passport"
    bad["benign"][0]["text"] = "no digits at all"
    found = schema_problems(bad)
    assert len(found) == 3 and "pii[0]" in found[0] and "pii[1]" in found[1], found
    flipped = copy.deepcopy(data)
    card = next(p for p in flipped["pii"] if p["kind"] == "card" and p["check"] == "valid")
    card["check"] = "invalid"
    nid = next(p for p in flipped["pii"] if p["sub"] == "uk_nino" and p["check"] == "invalid")
    nid["check"] = "valid"
    assert len(label_problems(flipped)) == 2


def test_reference_checks_positive_and_negative() -> None:
    assert ref.passes("card", "Visa", "4111 1111 1111 1111") is True
    assert ref.passes("card", "Visa", "4111 1111 1111 1112") is False
    assert ref.passes("national_id", "uk_nino", "AB 12 34 56 C") is True
    assert ref.passes("national_id", "uk_nino", "QQ123456C") is False  # Q never first
    assert ref.passes("national_id", "uk_nino", "GB123456A") is False  # never issued
    assert ref.passes("national_id", "nl_bsn", "1112.22.333") is True
    assert ref.passes("national_id", "nl_bsn", "1112.22.334") is False
    assert ref.passes("national_id", "us_ssn", "536 22 1234") is True
    assert ref.passes("national_id", "us_ssn", "666-22-1234") is False
    assert ref.passes("iban", "iban", "de89 3704 0044 0532 0130 00") is True
    assert ref.passes("iban", "iban", "DE88 3704 0044 0532 0130 00") is False
    assert ref.passes("phone", "phone", "+44 20 7946 0018", "GB") is True
    assert ref.passes("phone", "phone", "+44 20 794", "GB") is False
    assert ref.passes("email", "email", "a@example.org") is None
    with pytest.raises(ValueError, match="needs the locale's region"):
        ref.passes("phone", "phone", "+44 20 7946 0018")
    with pytest.raises(ValueError, match="unknown kind 'passport'"):
        ref.passes("passport", "x", "1")


FAKERJS_DIR = Path(os.environ.get("FAKERJS_DIR", "/tmp/fjs"))


@pytest.mark.skipif(
    shutil.which("node") is None
    or not (FAKERJS_DIR / "node_modules" / "@faker-js" / "faker").is_dir(),
    reason="needs node and @faker-js/faker 10.6.0 under $FAKERJS_DIR (see the script's header)",
)
def test_the_generator_reproduces_the_frozen_file_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "again.json"
    env = {**os.environ, "PII_FAKERJS_OUT": str(out), "PYTHON": sys.executable}
    subprocess.run(
        ["node", str(ROOT / "bench" / "make_pii_fakerjs.mjs")],
        check=True,
        env=env,
        capture_output=True,
        timeout=120,
    )
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert digest == hashlib.sha256(CORPUS.read_bytes()).hexdigest()
