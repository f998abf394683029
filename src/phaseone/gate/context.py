"""Everything a check may look at, read once from the store and the plan.

Checks stay small and pure: they ask the context ("the latest pilot run of suite X",
"the newest result of probe Y") and turn the answer into a `CheckResult`.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from phaseone.errors import PhaseoneError
from phaseone.gate.evidence import CheckInfo, CheckResult, Evidence
from phaseone.humanize import age
from phaseone.plan.schema import GateSettings, Plan
from phaseone.store.attestations import attestations_for
from phaseone.store.database import Store
from phaseone.store.decisions import last_go

#: Key names the probes use (re-exported: their traffic is not live traffic).
from phaseone.store.gate_queries import PROBE_KEY_PREFIX as PROBE_KEY_PREFIX
from phaseone.store.gate_queries import (
    find_run,
    first_run_started,
    live_traces,
)
from phaseone.store.models import Attestation, Decision, ProbeResult, Run, Trace
from phaseone.store.plans import get_plan_version
from phaseone.store.probes import ProbeBatch, batch_for_gate
from phaseone.store.run_summary import RunSummary, summary_or_empty

if TYPE_CHECKING:
    from phaseone.evals.integrity import RunIntegrity
    from phaseone.gate.run_match import PlannedDataset, PlannedTarget, RunMismatch
    from phaseone.plan.loader import LoadedPlan

#: How far ahead of the gate's clock evidence may be dated and still count: machines'
#: clocks drift by seconds, not minutes. Evidence dated later than ``now + CLOCK_SKEW``
#: was recorded under a wrong clock: it says nothing about when the system was observed.
CLOCK_SKEW = dt.timedelta(minutes=5)


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

    @property
    def clock_limit(self) -> dt.datetime:
        """The latest time evidence may be dated (``now + CLOCK_SKEW``)."""
        return self.now + CLOCK_SKEW

    def evidence_newest(self, ev: Evidence) -> dt.datetime:
        """The latest time ``ev`` carries: for a cited run, its newest answer (a run is as
        old as its oldest answer, and as future-dated as its newest one)."""
        times = [ev.at]
        times += [self._observed[r][1] for r in ev.refs if r in self._observed]
        times += [
            run.finished_at
            for r in ev.refs
            if (run := self._cited.get(r)) and run.finished_at is not None
        ]
        return max(times)

    def future_result(self, check: CheckInfo, result: CheckResult) -> CheckResult:
        """``result``, or INCONCLUSIVE when it stands on evidence dated later than now.

        A run, probe batch, attestation or trace dated in the future was recorded under a
        wrong clock (this machine's or the one that made it): "observed in 3 months" is
        not observed now, and freshness rules cannot be applied to it. A FAIL stands (it is
        stricter); anything else becomes INCONCLUSIVE naming the clock.
        """
        if result.status == "fail":
            return result
        ahead = [
            (e, t) for e in result.evidence if (t := self.evidence_newest(e)) > self.clock_limit
        ]
        if not ahead:
            return result
        from phaseone.humanize import ago

        what = "; ".join(
            f"{e.source} is dated {ago(t, self.now).removeprefix('in ')} from now" for e, t in ahead
        )
        out = check.inconclusive(
            f"not evidence: {what}: a clock is wrong (this machine's or the one that recorded it)",
            result.evidence,
            fix="fix the clock (check `date -u` on every machine that runs phaseone), "
            "then re-run what made this evidence",
            data={
                **result.data,
                "future_dated": [e.source for e, _ in ahead],
                "replaced_status": result.status,
            },
        )
        return out

    def stale_result(
        self, check: CheckInfo, evidence: list[Evidence], rerun: str, *, reused_ok: bool = False
    ) -> CheckResult | None:
        """A result that replaces the check's own when its evidence was not observed now.

        Failing when a cited run's stored summary does not match its case results
        (`integrity_result`). Failing when any cited evidence is older than
        evidence_max_age_days (a run is as old as its oldest answer). Inconclusive when a
        cited run was made against another target or dataset than the plan now names
        (`mismatch_result`), and when a cited run answered cases from the response cache
        (`phaseone eval --cache`): stored answers may come from a system that has changed
        since, so they are not evidence. Checks that count fresh calls only pass
        ``reused_ok=True`` (a mismatch still counts for them).
        """
        if broken := self.integrity_result(check, evidence, rerun, unsealed=False):
            return broken  # edited: the strongest finding
        old = [e for e in evidence if self.is_stale(e)]
        if old:
            ages = ", ".join(f"{e.source} is {age(e.age_days * 86400)}" for e in old)
            return check.failed(
                f"evidence is stale: {ages} (gate.evidence_max_age_days = {self.max_age_days:g})",
                evidence,
                fix=f"re-run {rerun}",
            )
        if mismatch := self.mismatch_result(check, evidence):
            return mismatch
        if unsealed := self.integrity_result(check, evidence, rerun):
            return unsealed
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
        pv = get_plan_version(self.store, self.loaded.content_hash)
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
        """The newest completed run of `suite` in `role` (cached for this gate pass).

        Runs dated later than `clock_limit` never hide a run observed now: the newest run
        up to now is returned. Only when there is none is a future-dated run returned, so
        the check that cites it says the clock is wrong (`future_result`). Either way the
        future-dated runs are listed in `future_runs` for the decision's notes.
        """
        key = (suite, role)
        if key not in self._latest_runs:
            from phaseone.store.runs import future_runs, latest_run

            ahead = future_runs(self.store, self.project, suite, role=role, after=self.clock_limit)
            if ahead:
                self.future_runs[key] = ahead
            found = latest_run(
                self.store, self.project, suite, role=role, not_after=self.clock_limit
            )
            self._latest_runs[key] = found if found is not None or not ahead else ahead[0]
        return self._latest_runs[key]

    @functools.cached_property
    def _latest_runs(self) -> dict[tuple[str, str], Run | None]:
        return {}

    @functools.cached_property
    def future_runs(self) -> dict[tuple[str, str], list[Run]]:
        """(suite, role) → completed runs dated later than `clock_limit`, for every suite
        whose latest run was asked for in this gate pass."""
        return {}

    def clock_notes(self) -> list[str]:
        """One line per suite with future-dated runs: the gate left them out (or, with no
        other run, could not use them) — a clock is wrong somewhere."""
        from phaseone.humanize import ago

        notes = []
        for (suite, role), runs in self.future_runs.items():
            newest = max(self.run_observed(r)[1] for r in runs)
            ids = ", ".join(r.id for r in runs[:3]) + (" …" if len(runs) > 3 else "")
            notes.append(
                f"{len(runs)} {role} run(s) of suite {suite!r} ({ids}) are dated up to "
                f"{ago(newest, self.now).removeprefix('in ')} from now: not evidence, a "
                "clock is wrong; fix the clock and re-run"
            )
        return notes

    def get_run(self, run_id: str) -> Run | None:
        return find_run(self.store, run_id)

    def run_evidence(self, run: Run, summary: str, *, pinned: bool = False) -> Evidence:
        """Cite a run, as old as its OLDEST answer. Whether it matches the plan's target and
        dataset is noted here and reported by `stale_result` / `mismatch_result`.

        A resumed run finished now may hold answers observed weeks ago; ``finished_at``
        would make them look fresh. Its age is the age of its oldest case result.

        Args:
            pinned: the plan names this very run (`success_metric.baseline.run`), so its
                target is whatever it was; its dataset is still compared.
        """
        from phaseone.evals.freshness import Freshness

        first, _ = self.run_observed(run)
        self._reused[run.id] = Freshness.of(self.summary(run)).reused_answers
        mismatch = self.run_mismatch(run, pinned=pinned)
        if mismatch is not None:
            self._mismatched[run.id] = mismatch
        self._cited[run.id] = run
        return self.verified(f"run {run.id}", summary, first, [run.id])

    @functools.cached_property
    def _mismatched(self) -> dict[str, RunMismatch]:
        """Run id → how it differs from the plan, for every cited run that does."""
        return {}

    def mismatch_result(self, check: CheckInfo, evidence: list[Evidence]) -> CheckResult | None:
        """INCONCLUSIVE when a cited run was made against another target or dataset than
        the plan names now: it is evidence about a system or data no longer in the plan."""
        found = {r: self._mismatched[r] for e in evidence for r in e.refs if r in self._mismatched}
        if not found:
            return None
        ms = list(found.values())
        reruns = list(dict.fromkeys(m.rerun for m in ms))
        return check.inconclusive(
            "; ".join(m.describe() for m in ms),
            evidence,
            fix=f"re-run {' and '.join(reruns)}",
            data={"mismatched_runs": [m.as_dict() for m in ms]},
        )

    def run_mismatch(self, run: Run, *, pinned: bool = False) -> RunMismatch | None:
        """How `run` differs from the plan's target for its role and its suite's dataset
        now, or None when it matches (see `gate.run_match`)."""
        key = (run.id, pinned)
        if key in self._mismatch_cache:
            return self._mismatch_cache[key]
        from phaseone.gate.run_match import RunMismatch, dataset_mismatch, target_mismatch

        found: tuple[str, ...] | None = (
            None if pinned else target_mismatch(run, self.planned_target(run.role), run.role)
        )
        if found is None:
            planned = self.planned_dataset(run.suite)
            current = None
            recorded = run.dataset_identity or {}
            if planned is not None and recorded.get("content_hash"):
                current = self.current_dataset(run.suite)
            found = dataset_mismatch(run, planned, current)
        if found is None:  # scored or tagged otherwise than the plan's suite now
            from phaseone.gate.run_match import planned_scoring, scoring_mismatch

            suite = next((s for s in self.plan.suites if s.name == run.suite), None)
            scoring = None if suite is None else planned_scoring(suite, self.loaded.base_dir)
            found = scoring_mismatch(run, scoring)
        result = None if found is None else RunMismatch(run.id, run.suite, run.role, *found)
        self._mismatch_cache[key] = result
        return result

    @functools.cached_property
    def _mismatch_cache(self) -> dict[tuple[str, bool], RunMismatch | None]:
        return {}

    def planned_target(self, role: str) -> PlannedTarget | None:
        """The target the plan names for `role` (None: the plan names none)."""
        if role not in self._memo_targets:
            from phaseone.errors import UsageError
            from phaseone.evals.parts import target_for_role
            from phaseone.gate.run_match import planned_target

            try:
                config = target_for_role(self.loaded, role)
            except UsageError:
                self._memo_targets[role] = None
            else:
                self._memo_targets[role] = planned_target(config, self.loaded.base_dir)
        return self._memo_targets[role]

    @functools.cached_property
    def _memo_targets(self) -> dict[str, PlannedTarget | None]:
        return {}

    def planned_dataset(self, suite: str) -> PlannedDataset | None:
        """The suite's dataset as the plan names it (None: no such suite)."""
        if suite not in self._memo_datasets:
            from phaseone.gate.run_match import planned_dataset

            try:
                config = self.plan.suite(suite).dataset
            except KeyError:
                self._memo_datasets[suite] = None
            else:
                self._memo_datasets[suite] = planned_dataset(config, self.loaded.base_dir)
        return self._memo_datasets[suite]

    @functools.cached_property
    def _memo_datasets(self) -> dict[str, PlannedDataset | None]:
        return {}

    def current_dataset(self, suite: str) -> dict[str, Any] | str | None:
        """A file suite's identity now (read once per gate pass; a SQLite file read with
        SQL counts as a file), or why it cannot be read; None for a live source (its
        content changes by itself)."""
        if suite not in self._memo_current:
            from phaseone.gate.run_match import read_identity
            from phaseone.plan.components import content_compared

            config = self.plan.suite(suite).dataset
            current: dict[str, Any] | str | None = None
            if content_compared(config):
                try:
                    current = read_identity(config, self.loaded.base_dir, self.store)
                except PhaseoneError as exc:
                    current = exc.message
            self._memo_current[suite] = current
        return self._memo_current[suite]

    @functools.cached_property
    def _memo_current(self) -> dict[str, dict[str, Any] | str | None]:
        return {}

    @property
    def metric_dataset_identity(self) -> dict[str, Any] | None:
        """The dataset identity of the latest metric run: what the metric lock is held to
        (a run on other data than the lock names is drift, not evidence)."""
        m = self.plan.success_metric
        run = self.latest_run(m.suite) if m is not None else None
        return dict(run.dataset_identity) if run is not None and run.dataset_identity else None

    @functools.cached_property
    def _reused(self) -> dict[str, int]:
        """Run id → answers it reused from the cache, for every run cited so far."""
        return {}

    @functools.cached_property
    def _cited(self) -> dict[str, Run]:
        """Run id → run, for every run cited so far (their integrity is checked)."""
        return {}

    @functools.cached_property
    def _observed(self) -> dict[str, tuple[dt.datetime, dt.datetime]]:
        return {}

    def run_observed(self, run: Run) -> tuple[dt.datetime, dt.datetime]:
        """(oldest, newest) time a case result of ``run`` was stored; a run without
        results falls back on its start and finish."""
        if run.id not in self._observed:
            from phaseone.store.runs import observed_span

            span = observed_span(self.store, run.id)
            if span is None:
                start = run.started_at
                span = (start, run.finished_at or start)
            self._observed[run.id] = span
        return self._observed[run.id]

    def run_age(self, run: Run) -> str:
        """When the run's answers were observed, in words: "answers observed 3 hours ago",
        or "answers observed between 30 days ago and just now" for a resumed run."""
        from phaseone.humanize import ago

        first, last = (ago(t, self.now) for t in self.run_observed(run))
        if first == last:
            return f"answers observed {first}"
        return f"answers observed between {first} and {last}"

    # --- run integrity --------------------------------------------------------------------

    @functools.cached_property
    def _integrity(self) -> dict[str, RunIntegrity]:
        return {}

    def run_integrity(self, run: Run) -> RunIntegrity:
        """Is ``run``'s stored summary what its case results say? (`evals.integrity`;
        recomputed once per run per gate pass)."""
        if run.id not in self._integrity:
            from phaseone.evals.integrity import verify_run

            self._integrity[run.id] = verify_run(self.store, run)
        return self._integrity[run.id]

    def integrity_result(
        self, check: CheckInfo, evidence: list[Evidence], rerun: str, *, unsealed: bool = True
    ) -> CheckResult | None:
        """A result replacing the check's own when a cited run's summary is not what its
        case results say: FAIL when edited, INCONCLUSIVE when it cannot be checked (unless
        ``unsealed=False``, for a caller that reports other reasons first)."""
        runs = [self._cited[r] for e in evidence for r in e.refs if r in self._cited]
        found = [self.run_integrity(run) for run in dict.fromkeys(runs)]
        edited = [i for i in found if i.state == "edited"]
        if edited:
            return check.failed(
                "; ".join(i.reason for i in edited),
                evidence,
                fix=f"find out who changed the store, then re-run {rerun}",
            )
        missing = [i for i in found if i.state == "unsealed"] if unsealed else []
        if missing:
            return check.inconclusive(
                "; ".join(i.reason for i in missing), evidence, fix=f"re-run {rerun}"
            )
        return None

    def first_run_at(self, suite: str) -> dt.datetime | None:
        return first_run_started(self.store, self.project, suite)

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
        # up to the clock limit: later ones are future-dated, a wrong clock
        return live_traces(self.store, self.project, since, self.clock_limit)

    @functools.cached_property
    def last_go(self) -> Decision | None:
        return last_go(self.store, self.project)

    def summary(self, run: Run) -> RunSummary:
        """The run's summary, typed (an empty one when it has none)."""
        return summary_or_empty(run)
