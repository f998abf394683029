"""How much of a run is evidence: fresh calls against answers reused from the cache.

A run made with ``phaseone eval --cache`` may answer cases from the response cache:
answers recorded earlier, possibly from a system that has changed since. They help a
developer iterate on scorers, but they are not observations of the system as it is now,
so every reader that certifies something (the gate, the reports) counts fresh calls
only. `Freshness` is the one typed reading of those counts from a run summary.
"""

from __future__ import annotations

from dataclasses import dataclass

from phaseone.store.run_summary import RunSummary


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
    def of(cls, summary: RunSummary | None) -> Freshness:
        """Read a run summary; summaries written before the counts existed fall back on
        ``n`` and ``cached`` (the reused count was always stored)."""
        s = summary if summary is not None else RunSummary()
        reused = s.reused_answers if s.reused_answers is not None else s.cached
        fresh = s.fresh_calls if s.fresh_calls is not None else max(0, s.n - reused)
        errors = s.fresh_errors if s.fresh_errors is not None else min(s.errors, fresh)
        answered = s.fresh_scored if s.fresh_scored is not None else max(0, s.scored - reused)
        lat = s.latency_ms.n if s.latency_ms is not None else None
        latencies = lat if lat is not None else fresh
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
