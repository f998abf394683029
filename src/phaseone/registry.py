"""One registry pattern for every pluggable component.

Targets, dataset sources, scorers, guard stages, probes and gate checks are all
registered the same way: a factory decorated with ``@REGISTRY.register("name")``.
The plan names a component by its ``kind``; the registry finds the factory and
says "did you mean …" when the name is wrong. Adding a component is one file that
uses the decorator, plus its name and module in the registry's ``modules``.

A kind's module is imported when a plan first names it (``modules`` maps each kind to
the module that registers it), not when the package is: a run against a plain ``http``
target must not pay for aiohttp, which the ``http`` dataset and the ``openai`` target
need (~0.14 s of imports and TLS contexts). Listing the kinds (``names``, ``in``, the
"did you mean" hint) imports nothing.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Generic, TypeVar

from phaseone.errors import PhaseoneError

T = TypeVar("T")


class UnknownComponent(PhaseoneError):
    """A plan or a call named a component that is not registered."""


class Registry(Generic[T]):
    """Name → factory, for one family of components."""

    def __init__(self, family: str, modules: Mapping[str, str] | None = None) -> None:
        self.family = family
        self._items: dict[str, T] = {}
        #: kind → the module whose import registers it (imported on first `get`).
        self._modules: dict[str, str] = dict(modules or {})

    def register(self, name: str) -> Callable[[T], T]:
        def decorate(factory: T) -> T:
            if name in self._items and self._items[name] is not factory:
                raise ValueError(f"{self.family} {name!r} is registered twice")
            self._items[name] = factory
            return factory

        return decorate

    def get(self, name: str) -> T:
        if name not in self._items and name in self._modules:
            self._load(name)
        try:
            return self._items[name]
        except KeyError:
            close = difflib.get_close_matches(name, self.names(), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise UnknownComponent(
                f"unknown {self.family} {name!r}",
                fix=f"{hint}known {self.family}s: {', '.join(self.names())}",
            ) from None

    def _load(self, name: str) -> None:
        """Import the module that registers `name` (a plugin module of the same package,
        imported on first use for start-up speed; see the module docstring)."""
        module = self._modules[name]
        importlib.import_module(module)
        if name not in self._items:  # a wrong `modules` entry: the code's mistake, not the plan's
            raise RuntimeError(f"{module} was imported but registers no {self.family} {name!r}")

    def names(self) -> list[str]:
        return sorted({*self._items, *self._modules})

    def __contains__(self, name: object) -> bool:
        return name in self._items or name in self._modules

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def items(self) -> list[tuple[str, T]]:
        """Every kind with its factory (imports the modules of kinds not yet used)."""
        for name in self._modules:
            if name not in self._items:
                self._load(name)
        return sorted(self._items.items())
