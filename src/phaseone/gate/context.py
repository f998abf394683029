"""Everything a check may look at, read once from the store and the plan.

Checks stay small and pure: they ask the context ("the latest pilot run of suite X",
"the newest result of probe Y") and turn the answer into a `CheckResult`.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select

from phaseone.gate.model import Check, CheckResult, Evidence, _aware
from phaseone.humanize import age
from phaseone.plan.schema import GateSettings, Plan
from phaseone.store.attestations import attestations_for
from phaseone.store.database import Store
from phaseone.store.decisions import last_go
from phaseone.store.models import Attestation, Decision, PlanVersion, ProbeResult, Run, Trace
from phaseone.store.probes import ProbeBatch, batch_for_gate

if TYPE_CHECKING:
    from phaseone.plan.loader import LoadedPlan

#: Key names the probes use, so their traffic is not mistaken for live traffic.
PROBE_KEY_PREFIX = "phaseone-probe"


def live_traffic() -> Any:
    """SQL condition on traces: not sent by a probe (the gate's own traffic is no
    evidence of live use, and its spend is not phase-one spend)."""
    return or_(Trace.key_name.is_(None), ~Trace.key_name.startswith(PROBE_KEY_PREFIX))


@dataclass
class GateContext:
    loaded: LoadedPlan
    store: Store
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def plan(self) -> Plan:
        return self.loaded.plan

    @property
    def project(self) -> str:
        return self.plan.project.name

    @property
    def settings(self) -> GateSettings:
        return self.plan.gate

    @property
    def max_age_days(self) -> float:
        return float(self.settings.evidence_max_age_days)

    # --- evidence helpers ---------------------------------------------------------------

    def verified(
        self,
        source: str,
        summary: str,
        at: dt.datetime | None = None,
        refs: list[str] | None = None,
    ) -> Evidence:
        return Evidence("verified", source, summary, at or self.now, list(refs or [])).aged(
            self.now
        )

    def is_stale(self, ev: Evidence) -> bool:
        return ev.age_days > self.max_age_days

    def stale_result(
        self, check: Check, evidence: list[Evidence], rerun: str, *, reused_ok: bool = False
    ) -> CheckResult | None:
        """A result that replaces the check's own when its evidence was not observed now.

        Failing when any cited evidence is older than evidence_max_age_days. Inconclusive
        when a cited run answered cases from the response cache (`phaseone eval --cache`):
        stored answers may come from a system that has changed since, so they are not
        evidence. Checks that count fresh calls only pass ``reused_ok=True``.
        """
        old = [e for e in evidence if self.is_stale(e)]
        if old:
            ages = ", ".join(f"{e.source} is {age(e.age_days * 86400)}" for e in old)
            return check.failed(
                f"evidence is stale: {ages} (gate.evidence_max_age_days = {self.max_age_days:g})",
                evidence,
                fix=f"re-run {rerun}",
            )
        if reused_ok:
            return None
        reused = {r: self._reused[r] for e in evidence for r in e.refs if self._reused.get(r)}
        if not reused:
            return None
        runs = ", ".join(f"run {r} reused {n:,}" for r, n in reused.items())
        return check.inconclusive(
            f"not evidence: {runs} stored answer(s) from the response cache (--cache); "
            "stored answers may come from a system that has changed since",
            evidence,
            fix="run `phaseone eval` without --cache",
        )

    @functools.cached_property
    def plan_evidence(self) -> Evidence:
        with self.store.session() as s:
            pv = s.scalars(
                select(PlanVersion).where(PlanVersion.content_hash == self.loaded.content_hash)
            ).first()
        # The plan as it is now is current by definition; its age is when it was first seen.
        ev = self.verified(
            f"plan {self.loaded.path.name}",
            f"plan version {self.loaded.content_hash[:12]}",
            pv.created_at if pv else self.now,
            [self.loaded.content_hash],
        )
        return ev

    def plan_ev(self, summary: str) -> Evidence:
        base = self.plan_evidence
        return Evidence("verified", base.source, summary, base.at, list(base.refs)).aged(self.now)

    # --- runs ---------------------------------------------------------------------------

    def latest_run(self, suite: str, role: str = "pilot") -> Run | None:
        """The newest completed run of `suite` in `role` (cached for this gate pass)."""
        key = (suite, role)
        if key not in self._latest_runs:
            from phaseone.store.runs import latest_run

            self._latest_runs[key] = latest_run(
                self.store, self.project, suite, role=role, status="completed"
            )
        return self._latest_runs[key]

    @functools.cached_property
    def _latest_runs(self) -> dict[tuple[str, str], Run | None]:
        return {}

    def get_run(self, run_id: str) -> Run | None:
        with self.store.session() as s:
            return s.get(Run, run_id)

    def run_evidence(self, run: Run, summary: str) -> Evidence:
        from phaseone.evals.freshness import Freshness

        at = run.finished_at or run.started_at
        self._reused[run.id] = Freshness.of(run.summary).reused_answers
        return self.verified(f"run {run.id}", summary, at, [run.id])

    @functools.cached_property
    def _reused(self) -> dict[str, int]:
        """Run id → answers it reused from the cache, for every run cited so far."""
        return {}

    def run_age(self, run: Run) -> str:
        """When the run finished, in words: "finished 3 hours ago"."""
        from phaseone.humanize import ago

        return f"finished {ago(run.finished_at or run.started_at, self.now)}"

    def first_run_at(self, suite: str) -> dt.datetime | None:
        with self.store.session() as s:
            t = s.scalar(
                select(Run.started_at)
                .where(Run.project == self.project, Run.suite == suite)
                .order_by(Run.started_at)
                .limit(1)
            )
        return _aware(t) if t else None

    # --- probes, attestations, traces, decisions ------------------------------------------

    @functools.cached_property
    def probe_batch(self) -> ProbeBatch | None:
        """The one probe batch the gate reads (`store.probes.batch_for_gate`)."""
        return batch_for_gate(self.store, self.project)

    @property
    def probes(self) -> dict[str, ProbeResult]:
        """Probe name → its result in `probe_batch` (never results mixed from batches)."""
        return dict(self.probe_batch.rows) if self.probe_batch else {}

    def probe_evidence(self, row: ProbeResult) -> Evidence:
        verdict = "passed" if row.passed else "FAILED"
        return self.verified(
            f"probe {row.probe} (batch {row.batch_id})",
            f"{verdict}: {row.summary}",
            row.created_at,
            [row.batch_id, f"probe:{row.id}"],
        )

    @functools.cached_property
    def attestations(self) -> dict[str, list[Attestation]]:
        return attestations_for(self.store, self.project)

    @functools.cached_property
    def recent_traces(self) -> list[Trace]:
        """Live traces within the evidence window, probe traffic excluded."""
        since = self.now - dt.timedelta(days=self.max_age_days)
        with self.store.session() as s:
            return list(
                s.scalars(
                    select(Trace).where(
                        Trace.project == self.project, Trace.started_at >= since, live_traffic()
                    )
                ).all()
            )

    @functools.cached_property
    def last_go(self) -> Decision | None:
        return last_go(self.store, self.project)

    def summary(self, run: Run) -> dict[str, Any]:
        return dict(run.summary or {})
