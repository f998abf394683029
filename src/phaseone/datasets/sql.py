"""A SQL query on a live database: the real integration, not an export.

The store reads the query (`phaseone.store.external_sql`: a server-side cursor, so a
large table does not fill memory); this source runs that read on a worker thread, so it
does not block the event loop, and turns its rows into cases.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

from phaseone.datasets.base import SOURCES
from phaseone.datasets.rows import (
    Row,
    RowSource,
    Where,
    check_columns,
    iterate_in_thread,
    jsonable,
)
from phaseone.plan.components import SqlSource
from phaseone.store.external_sql import ExternalQuery, safe_url, stream_query

YIELD_PER = 500


class SqlQuery(RowSource):
    def __init__(self, config: SqlSource, base_dir: Path) -> None:
        self.config = config
        self.mapping = config.mapping
        self.base_dir = base_dir
        self.label = f"sql {safe_url(config.url)}"

    def describe(self) -> str:
        return self.label

    def _read(self) -> Iterator[tuple[Where, Row]]:
        query = ExternalQuery(self.config.url, self.config.query, self.base_dir, self.label)
        rows = stream_query(
            query,
            batch_size=YIELD_PER,
            on_columns=lambda columns: check_columns(self.mapping, columns, self.label),
        )
        for i, row in enumerate(rows, 1):
            yield Where(f"row {i}"), {k: jsonable(v) for k, v in row.items()}

    def rows(self) -> AsyncIterator[tuple[Where, Row]]:
        return iterate_in_thread(self._read, batch_size=YIELD_PER)


@SOURCES.register("sql")
def sql_source(config: SqlSource, base_dir: Path, store: object = None) -> SqlQuery:
    return SqlQuery(config, base_dir)
