"""What more evidence would settle an undecided verdict, said as advice.

`stats.cases_needed` answers a statistical question ("at the observed rate, how many
cases until the bound clears?"); the answer can be 41,574 for a rate a hair above its
threshold. Printed as is, that reads like a to-do item. A reader needs to know whether
more cases are a realistic way forward at all, so a number is given only when it is
within reach (at most `FEASIBLE_FACTOR` times the cases scored so far), rounded up to
a figure a person would say ("about 300 more cases"); beyond that it says so ("would
take over 10× the 54 cases so far") and advises improving the system or revisiting the
threshold; when no number of cases would do, it says that.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

__all__ = ["FEASIBLE_FACTOR", "Advice", "about", "advise"]

#: More cases than this many times those already scored is not a plan, it is a wish.
FEASIBLE_FACTOR = 10


def about(n: int) -> int:
    """`n` rounded up to a number a person would say: exact below 20, then to 5, then to
    two significant digits (287 → 290, 1,234 → 1,300). Rounded up, so it is enough."""
    if n < 20:
        return n
    if n < 100:
        return 5 * math.ceil(n / 5)
    step: int = 10 ** (len(str(n)) - 2)
    return step * math.ceil(n / step)


def _pct(x: float, other: float) -> str:
    """A rate as a percentage, with a decimal when whole percents would hide the gap."""
    whole = f"{x:.0%}"
    return f"{x:.1%}" if whole == f"{other:.0%}" and x != other else whole


@dataclass(frozen=True)
class Advice:
    """The sentence, and whether more cases are a realistic way to settle the question."""

    text: str
    more_cases_help: bool

    def __str__(self) -> str:
        return self.text


def advise(
    value: float | None,
    threshold: float,
    n: int,
    more: int | None,
    *,
    direction: Literal["higher", "lower"] = "higher",
    min_cases: int = 1,
    rate: bool = True,
) -> Advice:
    """What more evidence would settle an INCONCLUSIVE verdict, in one sentence.

    Args:
        value: the observed metric (None when nothing was scored).
        threshold: the threshold it is judged against.
        n: cases scored so far.
        more: further cases `stats` says would decide at the observed value (None when
            more cases at this value cannot reach PASS).
        direction: ``higher`` when the metric must exceed the threshold.
        min_cases: the plan's minimum; a shortfall is always worth closing.
        rate: whether value and threshold are rates (shown as percentages).
    """
    op = "≥" if direction == "higher" else "≤"
    if value is None or n == 0:
        want = max(more or 0, min_cases, 1)
        return Advice(f"no scored cases yet: run at least {want} cases", True)

    if rate:  # the threshold as written (70%, 72.5%); the observed rate told apart from it
        observed, target = _pct(value, threshold), f"{threshold * 100:.4g}%"
    else:
        observed, target = f"{value:.4g}", f"{threshold:.4g}"
    if more is not None and n + more <= min_cases:
        return Advice(f"the plan requires at least {min_cases} cases: add {more} more", True)
    if more is None:
        return Advice(
            f"at the observed {observed}, no number of cases shows {op} {target}: "
            "improve the system or revisit the threshold",
            False,
        )
    if more > FEASIBLE_FACTOR * n:
        return Advice(
            f"at the observed {observed}, showing {op} {target} would take over "
            f"{FEASIBLE_FACTOR}× the {n:,} cases so far: "
            "improve the system or revisit the threshold",
            False,
        )
    return Advice(
        f"about {about(more):,} more cases at the observed {observed} would settle it", True
    )
