"""Opening dataset files with errors that say which file and what to do."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from phaseone.errors import DatasetError


def open_text(path: Path, label: str, *, newline: str | None = None) -> IO[str]:
    """Open a UTF-8 text file (a BOM is tolerated) or raise a `DatasetError` naming it."""
    try:
        return path.open("r", encoding="utf-8-sig", newline=newline)
    except FileNotFoundError:
        raise DatasetError(
            f"file not found: {path}",
            source=label,
            fix="dataset paths are relative to the plan file; check the path",
        ) from None
    except IsADirectoryError:
        raise DatasetError(f"{path} is a directory, not a file", source=label) from None
    except OSError as exc:
        raise DatasetError(f"cannot read {path}: {exc.strerror}", source=label) from None


def decode_error(label: str, line: int | None) -> DatasetError:
    return DatasetError(
        "the file is not UTF-8 text", source=label, line=line, fix="save the file as UTF-8"
    )
