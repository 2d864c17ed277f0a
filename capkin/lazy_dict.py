"""A dict whose entries are read from disk the first time they are looked at (`Tunda`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


SEMUA = object()
"""What `Tunda` asks its loader for when every entry is needed."""


def _membaca_kunci(asal: Callable[..., Any]) -> Any:
    """Return dict's method `asal` for `Tunda`: its key's entry is read first."""

    def metode(self: Tunda[Any, Any], kunci: Any, *args: Any) -> Any:
        self._siapkan(kunci)
        return asal(self, kunci, *args)

    return metode


def _membaca_semua(asal: Callable[..., Any]) -> Any:
    """Return dict's method `asal` for `Tunda`: every entry is read first."""

    def metode(self: Tunda[Any, Any], *args: Any, **kwargs: Any) -> Any:
        self._semua()
        return asal(self, *args, **kwargs)

    return metode


class Tunda(dict[K, V]):
    """A dict whose entries are read from disk the first time they are looked at.

    `muat(key)` reads what a key needs into the dataset (this dict included), `muat(SEMUA)`
    everything. Looking a key up reads it first; anything that sees every entry (iterating,
    its size, equality, a copy, pickling) reads everything first, so the dict always shows
    what an eager load gives. Which of dict's methods do which: `_MEMBACA_KUNCI` and
    `_MEMBACA_SEMUA` below.
    """

    def __init__(
        self, muat: Callable[[object], None], tertunda: Callable[[], Iterable[K]] = tuple
    ) -> None:
        super().__init__()
        self._muat = muat
        self._tertunda = tertunda

    def kunci_tanpa_muat(self) -> set[K]:
        """Return every key, reading nothing (the keys not read yet included)."""
        return {*super().keys(), *self._tertunda()}

    def _siapkan(self, kunci: object) -> None:
        if not super().__contains__(kunci):  # an entry present is read already
            self._muat(kunci)

    def _semua(self) -> None:
        self._muat(SEMUA)

    def __eq__(self, lain: object) -> bool:
        self._semua()
        if isinstance(lain, Tunda):
            lain._semua()
        return super().__eq__(lain)

    def __ne__(self, lain: object) -> bool:
        return not self == lain

    def copy(self) -> dict[K, V]:
        self._semua()
        return dict(super().items())

    def __or__(self, lain: Any) -> Any:
        return self.copy() | lain

    def __ror__(self, lain: Any) -> Any:
        return dict(lain) | self.copy()

    def __ior__(self, lain: Any) -> Any:
        self.update(lain)
        return self

    def __reduce__(self) -> Any:
        return (dict, (self.copy(),))


_MEMBACA_KUNCI = (
    "__getitem__",
    "get",
    "__contains__",
    "__setitem__",
    "__delitem__",
    "pop",
    "setdefault",
)
"""dict's methods that `Tunda` makes read their key's entry first."""
_MEMBACA_SEMUA = (
    "__iter__",
    "__reversed__",
    "__len__",
    "keys",
    "values",
    "items",
    "__repr__",
    "update",
    "popitem",
    "clear",
)
"""dict's methods that `Tunda` makes read every entry first."""
for _nama in _MEMBACA_KUNCI:
    setattr(Tunda, _nama, _membaca_kunci(getattr(dict, _nama)))
for _nama in _MEMBACA_SEMUA:
    setattr(Tunda, _nama, _membaca_semua(getattr(dict, _nama)))
