"""Helpers for tests that read capkin's own source to keep its structure rules."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

PAKET = Path(__file__).parent.parent / "capkin"
"""The capkin package folder."""


def modul_yang_memuat(cocok: Callable[[ast.AST], bool]) -> set[str]:
    """Return the package modules (paths relative to capkin/) with a syntax node that matches."""
    hasil: set[str] = set()
    for modul in sorted(PAKET.rglob("*.py")):
        pohon = ast.parse(modul.read_text(encoding="utf-8"))
        if any(cocok(node) for node in ast.walk(pohon)):
            hasil.add(modul.relative_to(PAKET).as_posix())
    return hasil
