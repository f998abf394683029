"""What scorers may need from the run that builds them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from phaseone.store.database import Store

if TYPE_CHECKING:  # only named here: a run without a judge never imports aiohttp
    import aiohttp


@dataclass
class ScorerContext:
    """Shared resources handed to every scorer factory.

    Attributes:
        base_dir: The plan's directory: custom Python scorers import from here.
        store: Where the judge caches its answers (namespace ``judge`` of the
            response cache, apart from target answers). ``None``: no judge cache.
        session_factory: Makes the aiohttp session the judge sends requests with;
            by default the judge opens one pooled session of its own (per event loop)
            and closes it in ``aclose()``.
        use_cache: ``False`` makes the judge ask again, neither reading nor writing its
            cache; the eval runner sets it from ``phaseone eval --cache`` (off by default).
        load_models: ``False`` when the scorers are built only to check their config
            because they score elsewhere (a Dask run scores on its workers): a scorer
            with a model (``similarity``) then neither loads it nor needs its extra in
            this process; scoring with it raises `ScorerUnavailable`.
        currency: The plan's ``project.currency``, for amounts in explanations
            (``cost 0.0004 EUR ≤ 0.001 EUR``, never ``4e-04``).
    """

    base_dir: Path = field(default_factory=Path.cwd)
    store: Store | None = None
    session_factory: Callable[[], aiohttp.ClientSession] | None = None
    use_cache: bool = True
    load_models: bool = True
    currency: str = ""
