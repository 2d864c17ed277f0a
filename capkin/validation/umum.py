"""Small helpers shared by the checks."""

from __future__ import annotations

from collections.abc import Iterator


def ganda(nilai: list[str]) -> Iterator[tuple[int, str, int]]:
    """Yield (index, value, first index) for each repeated value."""
    pertama: dict[str, int] = {}
    for i, v in enumerate(nilai):
        if v in pertama:
            yield i, v, pertama[v]
        else:
            pertama[v] = i
