"""Reference checks for the held-out PII corpora: does a written value pass its kind's public
check? Validators only (python-stdnum, phonenumbers), never a phaseone detector, so a corpus
can be labelled and tested without the engine it is meant to score.

Used twice: by `bench/make_pii_fakerjs.mjs` (JSON lines on stdin → one JSON answer on stdout,
to label phones and cross-check the values the generator built from the algorithms) and by
the corpus test (every value labelled "valid" must pass here).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable

import phonenumbers
import stdnum
from stdnum import iban, luhn
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.us import ssn

# HMRC's published NINO shape: no D F I Q U V first, no D F I O Q U V second, seven
# administrative prefixes never issued, suffix A-D. python-stdnum has no NINO module.
_NINO = re.compile(r"(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]")
_SEPARATORS = re.compile(r"[\s.\-/]")


def _compact(value: str) -> str:
    return _SEPARATORS.sub("", value).upper()


_IDS: dict[str, Callable[[str], bool]] = {
    "us_ssn": ssn.is_valid,
    "uk_nino": lambda v: _NINO.fullmatch(v) is not None,
    "nl_bsn": bsn.is_valid,
    "de_idnr": idnr.is_valid,
    "fr_nir": nir.is_valid,
    "es_dni": dni.is_valid,
    "es_nie": nie.is_valid,
    "it_cf": codicefiscale.is_valid,
}


def passes(kind: str, sub: str, value: str, region: str | None = None) -> bool | None:
    """Whether `value` passes the reference check of `kind`/`sub`; None when the kind has
    none (e-mail). `region` (ISO 3166 alpha-2) is the phone's locale region."""
    if kind == "email":
        return None
    if kind == "phone":
        if region is None:
            raise ValueError("a phone's reference check needs the locale's region")
        try:
            return phonenumbers.is_valid_number(phonenumbers.parse(value, region))
        except phonenumbers.NumberParseException:
            return False
    if kind == "card":
        return luhn.is_valid(_compact(value))
    if kind == "iban":
        return iban.is_valid(value)
    if kind == "national_id":
        return _IDS[sub](_compact(value))
    raise ValueError(f"unknown kind {kind!r}: expected email, phone, card, iban or national_id")


def versions() -> dict[str, str]:
    return {"stdnum_version": stdnum.__version__, "phonenumbers_version": phonenumbers.__version__}


def main() -> int:
    """stdin: one JSON object a line {kind, sub, value, region}; stdout: {"versions": …,
    "passes": [true|false|null, …]} in the same order."""
    out = [
        passes(r["kind"], r["sub"], r["value"], r.get("region")) for r in map(json.loads, sys.stdin)
    ]
    json.dump({"versions": versions(), "passes": out}, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
