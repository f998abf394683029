"""How much of a run is evidence: fresh calls against answers reused from the cache.

A run made with ``phaseone eval --cache`` may answer cases from the response cache:
answers recorded earlier, possibly from a system that has changed since. They help a
developer iterate on scorers, but they are not observations of the system as it is now,
so every reader that certifies something (the gate, the reports) counts fresh calls
only. `Freshness` is the one typed reading of those counts from a run summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def _int(value: Any, default: int = 0) -> int:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else default


@dataclass(frozen=True)
class Freshness:
    """The fresh and reused parts of one run.

    Attributes:
        fresh_calls: Results of calls this run made to the target (errors included).
        reused_answers: Results answered from the response cache (no call made).
        fresh_errors: Fresh calls that ended in an error.
        fresh_answered: Fresh calls the target answered and the scorers scored.
        fresh_latencies: Fresh calls with a measured latency.
    """

    fresh_calls: int
    reused_answers: int
    fresh_errors: int
    fresh_answered: int
    fresh_latencies: int

    @classmethod
    def of(cls, summary: dict[str, Any] | None) -> Freshness:
        """Read a run summary; summaries written before the counts existed fall back on
        ``n`` and ``cached`` (the reused count was always stored)."""
        s = summary or {}
        n = _int(s.get("n"))
        reused = _int(s.get("reused_answers"), _int(s.get("cached")))
        fresh = _int(s.get("fresh_calls"), max(0, n - reused))
        errors = _int(s.get("fresh_errors"), min(_int(s.get("errors")), fresh))
        answered = _int(s.get("fresh_scored"), max(0, _int(s.get("scored")) - reused))
        lat = s.get("latency_ms") or {}
        latencies = _int(lat.get("n"), fresh) if isinstance(lat, dict) else fresh
        return cls(fresh, reused, errors, answered, latencies)

    @property
    def error_rate(self) -> float | None:
        """Errors among fresh calls (None without fresh calls: nothing was observed)."""
        return self.fresh_errors / self.fresh_calls if self.fresh_calls else None

    @property
    def all_fresh(self) -> bool:
        return self.reused_answers == 0

    def describe(self) -> str:
        """ "54 fresh calls" or "30 fresh calls, 24 reused answers (--cache)"."""
        text = f"{self.fresh_calls:,} fresh call{'' if self.fresh_calls == 1 else 's'}"
        if self.reused_answers:
            plural = "" if self.reused_answers == 1 else "s"
            text += f", {self.reused_answers:,} reused answer{plural} (--cache)"
        return text
