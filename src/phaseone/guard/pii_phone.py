"""Telephone numbers for the builtin PII engine (`pii.py`'s ``phone`` kind): a candidate the
fast digit-run scan found is checked with Google's libphonenumber rules (the `phonenumbers`
package) against the plan's regions (``controls.guardrails.pii.regions``), as issue #17 asks.

Why `is_possible_number` and not `is_valid_number` for every candidate: "possible" is the
country's numbering plan (the lengths its numbers have, per type), "valid" also needs the
number's range to be allocated today. Text written by people holds numbers from ranges
`phonenumbers` does not know yet, test and drama ranges (Ofcom's 01632 960xxx), and the
generated numbers the quality bench uses; requiring "valid" of every candidate dropped 27
of 200 development phones (`docs/guardrails.md`). So: a number with its own evidence (a
``+``/``00``/``011`` country code, brackets, a trunk 0 and groups) needs to be possible in
its country or one of the regions; a number that is only digits (``0612345678``,
``2025550143``), which the scan already takes only beside a phone word, must also be valid
in one of the regions: a 10-digit Unix time is possible in most countries.

Cost: a parse is 13–20 µs; a number without a country code is parsed once per region until
one accepts it (the plan's order: put the usual region first), and only candidates the
pattern and the context words already kept are parsed; answers are memoised (bounded), as
a conversation re-sent on every turn repeats its numbers. `phonenumbers.PhoneNumberMatcher`
over the whole text was measured instead and rejected: ~7 ms per 4 kB per region.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException

#: The regions a number without a country code is read in when the plan names none: the
#: countries whose formats the patterns and phone words cover (ISO 3166-1 alpha-2).
#: Brazil last (issue #17: pt-BR text in five blind corpora running, its numbers written
#: ``11.91795.0338``, ``21 90484-1874``, ``51982933173``; tried after the others, so it
#: costs a parse only where no other region took the number).
DEFAULT_REGIONS: tuple[str, ...] = (
    "US", "GB", "NL", "DE", "FR", "ES", "IT", "PT", "BE", "AT", "CH", "IE", "CA", "PL", "BR",
)  # fmt: skip


def known_region(code: str) -> bool:
    """Whether libphonenumber has a numbering plan for `code` (for the plan's check)."""
    return code in phonenumbers.SUPPORTED_REGIONS


# International dialling prefixes written set apart before a country code: Australia's
# 0011, North America's 011, Russia's and others' 810 (``0011 61 2 9219 3496``,
# ``011 44 20 …``); Europe's 00 glued or set apart (``0044…``, ``00 44 …``). These set
# apart only: ``0113 899 9087`` is a Leeds number, ``0810 …`` an Austrian one.
_IDD = ("0011", "011", "810")


def _international(num: str) -> str | None:
    """`num` with a ``+`` if it carries a country code (``+``, ``00``, or an `_IDD`
    prefix set apart)."""
    if num.startswith("+"):
        return num
    for idd in _IDD:
        if num.startswith(idd) and num[len(idd) : len(idd) + 1] in (" ", ".", "-"):
            return "+" + num[len(idd) :].lstrip(" .-")
    if num.startswith("00"):  # ``0039…``, ``00 39 …`` (set apart, as often)
        return "+" + num[2:].lstrip(" .-")
    return None


def phone_ok(num: str, regions: Sequence[str], strict: bool) -> bool:
    """Whether `num` (a candidate, without its extension) is a telephone number: possible
    (`strict`: valid) in its own country, or else in one of `regions`."""
    return _phone_ok(num, tuple(regions), strict)


# Bounded memo: a chat client sends the whole conversation again on every turn, so the
# same numbers come back and a parse (13-20 µs, once per region tried) is paid once.
@lru_cache(maxsize=4096)
def _phone_ok(num: str, regions: tuple[str, ...], strict: bool) -> bool:
    check = phonenumbers.is_valid_number if strict else phonenumbers.is_possible_number
    intl = _international(num)
    if intl is not None:
        try:
            if check(phonenumbers.parse(intl, None)):
                return True
        except NumberParseException:
            pass
        if num[0] == "+" or num.startswith("00"):
            return False
        # ``011 403 5769`` is also Turin with its trunk 0, ``810-555-0143`` Michigan:
        # read in the regions too.
    for region in regions:
        try:
            if check(phonenumbers.parse(num, region)):
                return True
        except NumberParseException:
            continue
    return False


_GROUPS = re.compile(r"\d+")
# Groups of three after the first: how a count is written (``235 521 134`` units), and
# how Portugal and Spain write some numbers too; the count wins.
_THOUSANDS = re.compile(r"\d{1,3}(?:([ .])\d{3})(?:\1\d{3})*")


def written_as_national(num: str, regions: Sequence[str]) -> bool:
    """Whether `num`, digits in groups without a country code (``958 45 61 78``,
    ``24 822 62 89``, ``056 79 78 57``), is a valid number in one of `regions` written in
    that country's own grouping (libphonenumber's national format: the same groups,
    any of space, dot or dash between): evidence enough without a phone word. Never groups
    of three after the first (`_THOUSANDS`): a count (``235 521 134 units``) is a valid
    Portuguese or Spanish number's digits often enough (16 of 1,120 Faker development
    sentences, 25 of 960 Mimesis ones, measured); a reference in other groups is a valid
    number's digits by chance now and then, in the country's grouping far more rarely."""
    return _national(num, tuple(regions))


# Regions whose national grouping is no evidence alone: Brazil writes its landlines 2-4-4
# (``61 7773 4839``), the groups of a French cattle ear tag ("Bovin boucle FR 61 7773 4839",
# the seventh corpus) and of many references. Its numbers count beside a phone word, a
# person's name or set apart, as digits alone do.
_GROUPING_NOT_ENOUGH = frozenset({"BR"})


@lru_cache(maxsize=4096)
def _national(num: str, regions: tuple[str, ...]) -> bool:
    groups = _GROUPS.findall(num)
    if len(groups) < 2 or _THOUSANDS.fullmatch(num):
        return False
    for region in regions:
        if region in _GROUPING_NOT_ENOUGH:
            continue
        try:
            parsed = phonenumbers.parse(num, region)
        except NumberParseException:
            continue
        if not phonenumbers.is_valid_number_for_region(parsed, region):
            continue
        national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        if _GROUPS.findall(national) == groups:
            return True
    return False


def forget() -> None:
    """Empty the memo: the benchmarks time a number's first sight, not a repeat."""
    _phone_ok.cache_clear()
    _national.cache_clear()
