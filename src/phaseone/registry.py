"""One registry pattern for every pluggable component.

Targets, dataset sources, scorers, guard stages, probes and gate checks are all
registered the same way: a factory decorated with ``@REGISTRY.register("name")``.
The plan names a component by its ``kind``; the registry finds the factory and
says "did you mean …" when the name is wrong. Adding a component is one file that
uses the decorator, plus an import in its package's ``__init__``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from phaseone.errors import PhaseoneError

T = TypeVar("T")


class UnknownComponent(PhaseoneError):
    """A plan or a call named a component that is not registered."""


class Registry(Generic[T]):
    """Name → factory, for one family of components."""

    def __init__(self, family: str) -> None:
        self.family = family
        self._items: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        def decorate(factory: T) -> T:
            if name in self._items and self._items[name] is not factory:
                raise ValueError(f"{self.family} {name!r} is registered twice")
            self._items[name] = factory
            return factory

        return decorate

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            close = difflib.get_close_matches(name, list(self._items), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise UnknownComponent(
                f"unknown {self.family} {name!r}",
                fix=f"{hint}known {self.family}s: {', '.join(sorted(self._items))}",
            ) from None

    def names(self) -> list[str]:
        return sorted(self._items)

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._items))

    def items(self) -> list[tuple[str, T]]:
        return sorted(self._items.items())
