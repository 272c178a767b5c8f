"""Read-only, hashable containers for the models: a dict and a list that refuse change.

They subclass `dict` and `list` so that everything that reads models keeps
working unchanged (`json.dumps`, TOML writers, `isinstance(value, list)` in a
plugin's kind, `== [...]`), while `place.answers["x"] = 1` raises and equal
models hash equal, so caches can be keyed by the models themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import NoReturn, SupportsIndex, TypeVar

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


def _refuse(obj: object) -> NoReturn:
    raise TypeError(f"{type(obj).__name__} is read-only: build a new one (attrs.evolve for a model)")


class FrozenDict(dict[K, V]):
    """A dict that cannot be changed once built, hashed by its items."""

    __slots__ = ("_hash",)

    def __hash__(self) -> int:  # type: ignore[override]  # dict says unhashable; this one is not
        try:
            return self._hash
        except AttributeError:
            self._hash: int = hash(frozenset(self.items()))
            return self._hash

    def __setitem__(self, key: K, value: V) -> NoReturn:
        _refuse(self)

    def __delitem__(self, key: K) -> NoReturn:
        _refuse(self)

    def __ior__(self, other: object) -> NoReturn:  # type: ignore[misc]
        _refuse(self)

    def clear(self) -> NoReturn:
        _refuse(self)

    def pop(self, *args: object) -> NoReturn:
        _refuse(self)

    def popitem(self) -> NoReturn:
        _refuse(self)

    def setdefault(self, *args: object) -> NoReturn:
        _refuse(self)

    def update(self, *args: object, **kwargs: object) -> NoReturn:
        _refuse(self)

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        # pickle (the worker pool) and copy would otherwise rebuild it item by item with __setitem__.
        return type(self), (dict(self),)

    def __repr__(self) -> str:
        return f"FrozenDict({dict.__repr__(self)})"


class FrozenList(list[T]):
    """A list that cannot be changed once built, hashed like a tuple of its items."""

    __slots__ = ("_hash",)

    def __hash__(self) -> int:  # type: ignore[override]  # list says unhashable; this one is not
        try:
            return self._hash
        except AttributeError:
            self._hash: int = hash(tuple(self))
            return self._hash

    def __setitem__(self, index: object, value: object) -> NoReturn:
        _refuse(self)

    def __delitem__(self, index: SupportsIndex | slice) -> NoReturn:
        _refuse(self)

    def __iadd__(self, other: Iterable[T]) -> NoReturn:  # type: ignore[override,misc]
        _refuse(self)

    def __imul__(self, count: SupportsIndex) -> NoReturn:
        _refuse(self)

    def append(self, item: T) -> NoReturn:
        _refuse(self)

    def extend(self, items: Iterable[T]) -> NoReturn:
        _refuse(self)

    def insert(self, index: SupportsIndex, item: T) -> NoReturn:
        _refuse(self)

    def remove(self, item: T) -> NoReturn:
        _refuse(self)

    def pop(self, index: SupportsIndex = -1) -> NoReturn:
        _refuse(self)

    def clear(self) -> NoReturn:
        _refuse(self)

    def sort(self, *args: object, **kwargs: object) -> NoReturn:
        _refuse(self)

    def reverse(self) -> NoReturn:
        _refuse(self)

    def __reduce__(self) -> tuple[type[FrozenList[T]], tuple[list[T]]]:
        return type(self), (list(self),)

    def __repr__(self) -> str:
        return f"FrozenList({list.__repr__(self)})"


class Deferred(Mapping[K, V]):
    """A read-only mapping worked out on its first use, by `make`, once.

    For what a model keeps only to point at a problem (the lines of a set's
    keys): finding them costs more than reading the file, and most runs never
    ask. Pickled (the worker pool) and copied as the FrozenDict it stands for.
    """

    __slots__ = ("_items", "_make")

    def __init__(self, make: Callable[[], Mapping[K, V]]) -> None:
        self._make = make
        self._items: FrozenDict[K, V] | None = None

    def _worked_out(self) -> FrozenDict[K, V]:
        if self._items is None:
            self._items = frozen_dict(self._make())
        return self._items

    def __getitem__(self, key: K) -> V:
        return self._worked_out()[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._worked_out())

    def __len__(self) -> int:
        return len(self._worked_out())

    def __hash__(self) -> int:
        return hash(self._worked_out())

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        return FrozenDict, (dict(self._worked_out()),)

    def __repr__(self) -> str:
        return f"Deferred({dict.__repr__(self._worked_out())})"


def frozen_dict(mapping: Mapping[K, V]) -> FrozenDict[K, V]:
    """`mapping` as a FrozenDict (itself when it already is one); its values are kept as given."""
    return mapping if type(mapping) is FrozenDict else FrozenDict(mapping)


#: Values with nothing inside to make read-only.
_ATOMS = frozenset({bool, int, float, str, Decimal, Fraction, type(None)})


def deep_frozen(value: T) -> T:
    """`value` with every dict and list in it, however deep, made read-only (other values as given)."""
    if type(value) is FrozenDict or type(value) is FrozenList:
        return value
    if isinstance(value, dict):
        return FrozenDict({k: deep_frozen(v) for k, v in value.items()})  # type: ignore[return-value]
    if isinstance(value, list):
        if _ATOMS.issuperset(map(type, value)):  # most lists (a multi answer's option ids)
            return FrozenList(value)  # type: ignore[return-value]
        return FrozenList([deep_frozen(v) for v in value])  # type: ignore[return-value]
    if isinstance(value, tuple) and type(value) is tuple:
        return tuple(deep_frozen(v) for v in value)  # type: ignore[return-value]
    return value
