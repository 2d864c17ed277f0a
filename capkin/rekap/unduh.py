"""The roll-up's downloads: CSV and XLSX where no cell can become a formula."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

AWALAN_RUMUS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is a formula to a spreadsheet (CSV injection)."""


def teks_aman(x: str) -> str:
    """Return text a spreadsheet opening the CSV shows as text, never runs as a formula."""
    return "'" + x if x.startswith(AWALAN_RUMUS) else x


def _csv_sel(x: Any) -> Any:
    if x is None:
        return ""
    if isinstance(x, bool):
        return "ya" if x else "tidak"
    if isinstance(x, str):
        return teks_aman(x)
    if isinstance(x, date):
        return x.isoformat()
    return x


def tulis_csv(path: Path, kepala: Sequence[str], baris: Iterable[Sequence[Any]]) -> None:
    """Write a table as UTF-8 CSV with a BOM (Excel reads it as UTF-8)."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(kepala)
        for b in baris:
            w.writerow([_csv_sel(x) for x in b])


def tulis_xlsx(
    path: Path, judul: str, kepala: Sequence[str], baris: Iterable[Sequence[Any]]
) -> None:
    """Write a table as XLSX: numbers as numbers, dates as dates, text always as text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(judul[:31])
    tebal = Font(bold=True)

    def sel(x: Any, font: Font | None = None) -> Any:
        if isinstance(x, bool):
            x = "ya" if x else "tidak"
        if isinstance(x, str):
            x = ILLEGAL_CHARACTERS_RE.sub("", x)
        c = WriteOnlyCell(ws, value=x)
        if isinstance(x, str):
            c.data_type = "s"  # never "f": a value from data is not a formula
        if font is not None:
            c.font = font
        return c

    ws.append([sel(k, tebal) for k in kepala])
    for b in baris:
        ws.append([sel(x) for x in b])
    wb.save(path)
