"""Label match per case; the run aggregates the labels into a classification report.

Each score's ``details`` carries ``{"expected": …, "predicted": …}`` in canonical
spelling, so the runner can compute accuracy, per-label precision/recall/F1 with
intervals, macro-F1 and the confusion matrix with
`phaseone.evals.stats.classification_report`.
"""

from __future__ import annotations

from phaseone.datasets.base import Case
from phaseone.plan.components import ClassificationScorer
from phaseone.scorers._common import BaseScorer, as_text, no_expected, normalise
from phaseone.scorers.base import SCORERS, Score
from phaseone.scorers.context import ScorerContext
from phaseone.targets.base import TargetResponse


@SCORERS.register("classification")
class Classification(BaseScorer):
    """The predicted label equals the expected label (whitespace and, by default, case ignored).

    With ``labels``, outputs are mapped to the configured spelling ("SPAM " → "spam")
    and an output outside the label set fails with a note saying so.
    """

    kind = "classification"

    def __init__(self, config: ClassificationScorer, ctx: ScorerContext) -> None:
        super().__init__(config, ctx)
        self.case_sensitive = config.case_sensitive
        self.labels = list(config.labels) if config.labels else None
        self._canon = {self._norm(lab): lab for lab in self.labels or []}

    def _norm(self, value: object) -> str:
        return normalise(as_text(value), case_sensitive=self.case_sensitive)

    def canonical(self, value: object) -> str:
        key = self._norm(value)
        return self._canon.get(key, key)

    def check(self, case: Case, response: TargetResponse) -> Score:
        if case.expected is None:
            return no_expected(self.name)
        expected = self.canonical(case.expected)
        predicted = self.canonical(response.output)
        details = {"expected": expected, "predicted": predicted}
        ok = expected == predicted
        if ok:
            return Score(1.0, True, f"label {predicted!r}", details)
        why = f"predicted {predicted!r}, expected {expected!r}"
        if self.labels is not None and predicted not in self.labels:
            why += f" ({predicted!r} is not one of the labels {self.labels!r})"
        return Score(0.0, False, why, details)
