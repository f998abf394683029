"""Where cases come from: JSONL/CSV/YAML files, a SQL query, an HTTP endpoint, traces.

Public surface: `build_source(config, base_dir, store)` and the types from `datasets.base`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from phaseone.datasets.base import (
    SOURCES,
    Case,
    DatasetIdentity,
    DatasetSource,
    content_id,
    dataset_config,
)

__all__ = [
    "SOURCES",
    "Case",
    "DatasetIdentity",
    "DatasetSource",
    "build_source",
    "content_id",
    "dataset_config",
]


def build_source(config: Any, base_dir: str | Path = ".", store: Any = None) -> DatasetSource:
    """Build the dataset source a suite names.

    Args:
        config: a `DatasetConfig` model from the plan.
        base_dir: the plan's directory; relative file paths and sqlite:/// URLs resolve here.
        store: the open `Store`; only the `traces` source needs it.

    Nothing is read here: errors about the data itself (missing file, bad line, missing
    column) are raised as `DatasetError` by `cases()` and `identity()`.
    """
    factory = SOURCES.get(str(config.kind))
    return factory(config, Path(base_dir), store)
