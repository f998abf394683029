"""Before any call is made: every selected suite's dataset is read and validated.

A malformed line in the third suite's file must not be found after the first two suites
have spent their time and money. Each dataset is streamed once through the same checks a
run applies (`RowSource.identity`: JSON/CSV/YAML syntax, mapped columns, empty and
duplicate ids, an empty dataset), holding one row at a time and the set of ids seen —
never the cases — so a 100,000-case file costs one extra sequential read, not memory.
SQL and HTTP sources are queried once more for this (one extra query / one extra pass
over the pages); a traces source is one extra read of the store.
"""

from __future__ import annotations

from collections.abc import Sequence

from phaseone.datasets import build_source
from phaseone.errors import DatasetError
from phaseone.plan.loader import LoadedPlan
from phaseone.store.database import Store


async def check_datasets(loaded: LoadedPlan, store: Store, suites: Sequence[str]) -> int:
    """Read every named suite's dataset once; raise the first problem found.

    Args:
        loaded: The plan (suites must exist: check names first).
        store: The open store (a ``traces`` dataset reads from it).
        suites: The suites about to run, in order.

    Returns:
        The number of cases read, over all suites.

    Raises:
        DatasetError: a file, line and fix, saying which suite and that nothing has run.
    """
    total = 0
    for name in suites:
        suite = loaded.plan.suite(name)
        try:
            source = build_source(suite.dataset, loaded.base_dir, store)
            total += (await source.identity()).rows
        except DatasetError as exc:
            exc.message = f"{exc.message} (suite {name!r}; checked before any call: nothing ran)"
            exc.args = (exc.message,)
            raise
    return total
