"""The PII quality benchmark's scoring of the held-out Mimesis corpus
(`bench/bench_pii_quality.py`'s `mimesis`), on a small corpus made here: a value counts as
removed only when it is gone from the redacted text, a benign sentence as altered when the
stage changed it, and values failing their reference check are left out of the second
total."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bench_pii_quality  # noqa: E402


def _pii(kind: str, sub: str, text: str, value: str, check: str = "valid") -> dict[str, Any]:
    return {
        "locale": "en",
        "kind": kind,
        "sub": sub,
        "form": "as generated",
        "check": check,
        "template": 0,
        "text": text,
        "values": [value],
    }


def test_recall_and_benign_altered_are_measured_on_the_redacted_text() -> None:
    data = {
        "source": "mimesis",
        "source_version": "0",
        "source_licence": "MIT",
        "seed": 1,
        "pii": [
            _pii("email", "email", "write to ana@example.org today", "ana@example.org"),
            _pii("phone", "phone", "ring me, number unknown: see above", "see above"),
            _pii("phone", "phone", "call 999", "999", check="invalid"),
            _pii("national_id", "us_ssn", "SSN 536-22-1234", "536-22-1234"),
        ],
        "benign": [
            {"family": "price", "lang": "en", "text": "Total $12.50 for 3 items"},
            {"family": "card_like", "lang": "en", "text": "Pay 4111 1111 1111 1111"},
        ],
    }
    t = bench_pii_quality.mimesis(data)
    assert t["kind"]["email"] == [1, 1]
    assert t["kind"]["phone"] == [0, 2]
    assert t["sub"]["national_id/us_ssn"] == [1, 1]
    assert t["id template"]["us_ssn/0"] == [1, 1]
    assert t["all"]["all"] == [2, 4]
    assert t["all"]["valid"] == [2, 3]  # the invalid phone is not in this total
    assert t["benign"]["price"] == [0, 1]
    assert t["benign"]["card_like"] == [1, 1]  # a real card number in a "benign" sentence


def test_the_frozen_corpus_is_what_its_generator_records() -> None:
    data = json.loads(bench_pii_quality.HELDOUT.read_text(encoding="utf-8"))
    assert data["source"] == "mimesis" and data["source_licence"] == "MIT"
    assert data["generator"] == "bench/make_pii_heldout.py"
    kinds = {p["kind"] for p in data["pii"]}
    assert kinds == {"email", "phone", "card", "iban", "national_id"}
    assert {p["sub"] for p in data["pii"] if p["kind"] == "national_id"} == {
        "us_ssn", "uk_nino", "nl_bsn", "de_idnr", "fr_nir", "es_dni", "es_nie", "it_cf",
    }  # fmt: skip
    assert all(p["values"][0] in p["text"] for p in data["pii"])
