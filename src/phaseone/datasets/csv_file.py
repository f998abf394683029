"""CSV files with a header row; mapped columns are checked against the header up front."""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

from phaseone.datasets.base import SOURCES, resolve_path
from phaseone.datasets.files import decode_error, open_text
from phaseone.datasets.rows import Row, RowSource, Where, check_columns, iterate_in_thread
from phaseone.errors import DatasetError
from phaseone.plan.components import CsvSource


class CsvFile(RowSource):
    def __init__(self, config: CsvSource, base_dir: Path) -> None:
        self.config = config
        self.mapping = config.mapping
        self.path = resolve_path(base_dir, config.path)
        self.label = config.path

    def describe(self) -> str:
        return f"csv {self.config.path}"

    def _read(self) -> Iterator[tuple[Where, Row]]:
        with open_text(self.path, self.label, newline="") as f:
            reader = csv.DictReader(f, delimiter=self.config.delimiter)
            try:
                header = reader.fieldnames
                if not header:
                    raise DatasetError(
                        "the file is empty: no header row",
                        source=self.label,
                        line=1,
                        fix="the first line must name the columns, e.g. id,input,expected",
                    )
                check_columns(self.mapping, list(header), self.label)
                for row in reader:
                    line = reader.line_num
                    if None in row:
                        raise DatasetError(
                            f"row has more fields than the header's {len(header)}",
                            source=self.label,
                            line=line,
                            fix="quote fields that contain the delimiter "
                            f"{self.config.delimiter!r}",
                        )
                    if not any(v for v in row.values()):
                        continue  # a blank line
                    yield Where(f"line {line}", line), self._clean(row)
            except UnicodeDecodeError:
                raise decode_error(self.label, reader.line_num + 1) from None
            except csv.Error as exc:
                raise DatasetError(
                    f"malformed CSV: {exc}", source=self.label, line=reader.line_num
                ) from None

    def _clean(self, row: dict[str, str | None]) -> Row:
        """CSV has no null: an empty expected/tags cell means "none"."""
        out: Row = dict(row)
        for col in (self.mapping.expected, self.mapping.tags):
            if col and out.get(col) == "":
                out[col] = None
        return out

    def rows(self) -> AsyncIterator[tuple[Where, Row]]:
        return iterate_in_thread(self._read)


@SOURCES.register("csv")
def csv_source(config: CsvSource, base_dir: Path, store: object = None) -> CsvFile:
    return CsvFile(config, base_dir)
