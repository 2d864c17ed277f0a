"""Exact numbers: Decimal conversion, half-up rounding, predikat bands, Indonesian formatting."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from capkin.models.instansi_model import BandPredikat

SERATUS = Decimal(100)
KOSONG = "–"
"""What people see where there is no number."""


def desimal(x: Decimal | int | float) -> Decimal:
    """Convert a number to Decimal exactly as written (floats through their shortest repr)."""
    if isinstance(x, Decimal):
        return x
    if isinstance(x, int):
        return Decimal(x)
    d = Decimal(str(x))
    return d.copy_abs() if d.is_zero() else d  # -0.0 is 0: never "-0,00 %"


def bulat(x: Decimal | int | float, desimal_: int = 2) -> Decimal:
    """Round half up to `desimal_` places (2.675 -> 2.68, never binary-float surprises)."""
    return desimal(x).quantize(Decimal(1).scaleb(-desimal_), rounding=ROUND_HALF_UP)


def bulat_atau_kosong(x: Decimal | None) -> Decimal | None:
    """Round half up to 2 places, keeping None."""
    return None if x is None else bulat(x)


def angka_json(x: Decimal | None) -> float | None:
    """Return a number for JSON output: rounded half up to 2 places, None kept."""
    return None if x is None else float(bulat(x))


def rata_rata(nilai: Iterable[Decimal]) -> Decimal | None:
    """Return the exact mean of some numbers, None when there are none."""
    daftar = list(nilai)
    if not daftar:
        return None
    return sum(daftar, Decimal(0)) / len(daftar)


def predikat(capaian: Decimal | None, band: Iterable[BandPredikat]) -> str | None:
    """Return the predikat of a capaian from half-open bands given by their lower bounds.

    The capaian is rounded half up to 2 places first, so the predikat always agrees with the
    figure people see (90.995 shows as 91,00 and is "Sangat Tinggi" with the default bands).
    None when there is no capaian or it lies below every band.
    """
    if capaian is None:
        return None
    nilai = bulat(capaian)
    for b in sorted(band, key=lambda b: desimal(b.min), reverse=True):
        if nilai >= desimal(b.min):
            return b.nama
    return None


_ID = str.maketrans({",": ".", ".": ","})
"""Python's grouping and decimal marks (1,250.5) swapped for Indonesian ones (1.250,5)."""


def _format_id(x: Decimal, desimal: int, buang_nol: bool) -> str:
    """Format a number already rounded to `desimal` places: grouped by dots, comma decimals.

    What Babel's `format_decimal(..., locale="id")` gives for the same patterns, done with
    Python's own Decimal formatting: Babel parses its locale and pattern on every call, which
    cost a regency's site (300,000 figures) most of a minute.
    """
    teks = f"{x:,.{desimal}f}"
    if buang_nol and "." in teks:
        teks = teks.rstrip("0").rstrip(".")
    return teks.translate(_ID)


def format_angka(x: Decimal | int | float | None, desimal: int = 2) -> str:
    """Format a number the Indonesian way with fixed decimals: 85,50; 1.250.000.000; "–"."""
    if x is None:
        return KOSONG
    return _format_id(bulat(x, desimal), desimal, buang_nol=False)


def format_nilai(x: Decimal | int | float | str | None) -> str:
    """Format a target or realisasi: up to 2 decimals, no trailing zeros (83,4; 1.250.000)."""
    if x is None:
        return KOSONG
    if isinstance(x, str):
        return x
    return _format_id(bulat(x, 2), 2, buang_nol=True)


def format_persen(x: Decimal | int | float | None) -> str:
    """Format a capaian as a percentage with 2 decimals: "85,50 %"; "–" for None."""
    return KOSONG if x is None else f"{format_angka(x)} %"
