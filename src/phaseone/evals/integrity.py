"""A finished run's seal: its summary must be what its case results say.

The gate decides on run summaries, and a summary is a row anyone with the database file
can rewrite (``UPDATE runs SET summary = …``). So a run is sealed when it finishes and
re-checked whenever the gate cites it:

* **Seal** (`seal`, by the runner's finish path): ``summary["integrity"]`` records the
  inputs the summary was computed from besides the results (`SummaryInputs`: the metric,
  the suite threshold, the infra-error limit, the scorers' kinds), the SHA-256 of the
  case results (`store.runs.ResultsDigest`: ids, answers, scores, verdicts, error kinds,
  measurements, timestamps) and one digest over those three and the summary itself.
* **Verify** (`verify_run`, by the gate): one pass over the case results recomputes the
  summary from the recorded inputs *and* the results digest. The run is intact only when
  the recomputed summary equals the stored one and the digest matches. A stored summary
  that says PASS over results that say 0.667 fails the first test whatever the digest;
  an edited case result fails the second.

Where it lives, and why: in the summary's own JSON (``runs.summary``), no migration. The
digest covers the summary without ``integrity`` and without ``baseline`` (the comparison
`phaseone eval --baseline` attaches after the run; the gate recomputes that comparison
itself). Anyone can recompute a SHA-256 with this file open, so the seal detects edits,
it does not prevent a determined forger who rewrites results, summary and digest
together; anchoring the digest outside the database (the decision log) is what would.

A summary from another summary version (an older phaseone) cannot be recomputed
identically: it is reported as unverifiable, not as edited.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal

from phaseone.evals.summary import SummaryInputs, summarise
from phaseone.store.database import Store
from phaseone.store.models import Run
from phaseone.store.runs import ResultsDigest

#: Bump when `summarise` changes what it computes: older seals are then unverifiable.
SUMMARY_VERSION = 2
#: Keys of a stored summary outside the seal.
UNSEALED_KEYS = frozenset({"integrity", "baseline"})

IntegrityState = Literal["intact", "edited", "unsealed"]


@dataclass(frozen=True)
class RunIntegrity:
    """What re-checking one run found.

    Attributes:
        state: ``intact``; ``edited`` (the stored summary or results differ from what was
            sealed); ``unsealed`` (no seal, or one from another summary version: nothing
            to check against).
        reason: One line for a check's reason, naming the run.
        rows: Case results read.
    """

    run_id: str
    state: IntegrityState
    reason: str
    rows: int = 0

    @property
    def intact(self) -> bool:
        return self.state == "intact"


def canonical(value: Any) -> str:
    """JSON with sorted keys and no spaces: one spelling per value (NaN kept as NaN)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def _sealed_part(summary: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in summary.items() if k not in UNSEALED_KEYS}


def _digest(results_sha256: str, inputs: dict[str, Any], summary: dict[str, Any]) -> str:
    h = hashlib.sha256()
    for part in (results_sha256, canonical(inputs), canonical(_sealed_part(summary))):
        h.update(part.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def seal(summary: dict[str, Any], inputs: SummaryInputs, results: ResultsDigest) -> dict[str, Any]:
    """``summary`` with its ``integrity`` record (see the module docstring)."""
    recorded = inputs.to_json()
    # The seal is over the summary as the store will hand it back (JSON round trip).
    plain: dict[str, Any] = json.loads(canonical(_sealed_part(summary)))
    sha = results.hexdigest()
    plain["integrity"] = {
        "version": SUMMARY_VERSION,
        "rows": results.rows,
        "results_sha256": sha,
        "inputs": recorded,
        "digest": _digest(sha, recorded, plain),
    }
    if "baseline" in summary:
        plain["baseline"] = summary["baseline"]
    return plain


def summarise_sealed(
    store: Store, run: Run, inputs: SummaryInputs, *, notes: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The run's summary, sealed: one pass over its results for both."""
    results = ResultsDigest()
    summary = summarise(store, run, inputs, notes=notes, digest=results)
    return seal(summary, inputs, results)


def verify_run(store: Store, run: Run) -> RunIntegrity:
    """Recompute ``run``'s summary and results digest from its case results and compare.

    Cost: one streamed pass over the run's results plus the summary's statistics (the
    same work as finishing the run); see docs/architecture.md for the measured time.
    """
    stored = dict(run.summary or {})
    rec = stored.get("integrity")
    if not isinstance(rec, dict):
        return RunIntegrity(
            run.id,
            "unsealed",
            f"run {run.id} has no integrity seal (finished by a phaseone before seals, or "
            "not by `phaseone eval`), so its summary cannot be checked against its case "
            "results",
        )
    if rec.get("version") != SUMMARY_VERSION:
        return RunIntegrity(
            run.id,
            "unsealed",
            f"run {run.id} was sealed by another phaseone version (summary version "
            f"{rec.get('version')}, this one computes {SUMMARY_VERSION}), so its summary "
            "cannot be recomputed identically",
        )
    edited = f"run {run.id}'s stored summary does not match its case results (edited?)"
    raw_inputs = rec.get("inputs")
    try:
        inputs = SummaryInputs.from_json(raw_inputs if isinstance(raw_inputs, dict) else {})
    except ValueError as exc:
        return RunIntegrity(run.id, "edited", f"{edited}: {exc}")
    notes = stored.get("execution")
    results = ResultsDigest()
    again = summarise(
        store, run, inputs, notes=notes if isinstance(notes, dict) else None, digest=results
    )
    fresh = canonical(json.loads(canonical(_sealed_part(again))))
    if fresh != canonical(_sealed_part(stored)):
        diff = _first_difference(json.loads(fresh), _sealed_part(stored))
        return RunIntegrity(run.id, "edited", f"{edited}: {diff}", results.rows)
    sha = results.hexdigest()
    if sha != rec.get("results_sha256") or results.rows != rec.get("rows"):
        return RunIntegrity(
            run.id,
            "edited",
            f"{edited}: its {results.rows:,} case results are not the ones it was sealed with",
            results.rows,
        )
    if rec.get("digest") != _digest(sha, raw_inputs or {}, stored):
        return RunIntegrity(run.id, "edited", f"{edited}: the seal's digest differs", results.rows)
    return RunIntegrity(run.id, "intact", f"run {run.id} matches its case results", results.rows)


_FIRST = ("verdict", "metric", "threshold_verdict", "value", "pass_rate")


def _order(key: Any) -> tuple[int, str]:
    return (_FIRST.index(key) if key in _FIRST else len(_FIRST), str(key))


def _first_difference(fresh: Any, stored: Any, path: str = "summary") -> str:
    """Where two summaries first differ, for the reason line (`metric.verdict: PASS ≠ FAIL`)."""
    if isinstance(fresh, dict) and isinstance(stored, dict):
        # the verdicts first: they are what an edit is usually after
        keys = sorted(set(fresh) | set(stored), key=_order)
        for key in keys:
            if canonical(fresh.get(key)) != canonical(stored.get(key)):
                return _first_difference(fresh.get(key), stored.get(key), f"{path}.{key}")
        return path
    shown = canonical(stored)[:60]
    return f"{path} is stored as {shown}, the case results give {canonical(fresh)[:60]}"
