"""Cases captured from production traces (`phaseone capture --to NAME`), read from the store.

Production traffic turned into eval cases closes the loop: the suite learns from what
real users sent, not only from what the team imagined.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

from phaseone.datasets.base import SOURCES
from phaseone.datasets.rows import Row, RowSource, Where, iterate_in_thread
from phaseone.errors import DatasetError
from phaseone.plan.components import Mapping, TracesSource
from phaseone.store.captured_cases import iter_captured_cases
from phaseone.store.database import Store

BATCH = 500


class CapturedTraces(RowSource):
    """Case id = the trace id, so a case links back to the production request it came from."""

    mapping = Mapping(id="trace_id", input="input", expected="expected", tags="tags")

    def __init__(self, config: TracesSource, store: Store) -> None:
        self.config = config
        self.store = store
        self.empty_fix = (
            f"capture traces first: `phaseone capture --to {config.capture}`, "
            "or check the capture name"
        )

    def describe(self) -> str:
        return f"traces {self.config.capture}"

    def _read(self) -> Iterator[tuple[Where, Row]]:
        cases = iter_captured_cases(self.store, self.config.capture, batch_size=BATCH)
        for i, case in enumerate(cases, 1):
            row = {
                "trace_id": case.trace_id,
                "input": case.input,
                "expected": case.expected,
                "tags": list(case.tags),
            }
            yield Where(f"captured case {i} (trace {case.trace_id})"), row

    def rows(self) -> AsyncIterator[tuple[Where, Row]]:
        return iterate_in_thread(self._read, batch_size=BATCH)


@SOURCES.register("traces")
def traces_source(
    config: TracesSource, base_dir: Path, store: Store | None = None
) -> CapturedTraces:
    if store is None:
        raise DatasetError(
            f"the traces dataset {config.capture!r} needs the store",
            source=f"traces {config.capture}",
            fix="run it through `phaseone eval`, which opens the plan's store",
        )
    return CapturedTraces(config, store)
