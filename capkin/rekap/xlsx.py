"""The roll-up's XLSX downloads, where no cell can become a formula (CSV: `tabel.ekspor`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from capkin.site.downloads import sel_tulis, xlsx_tetap

BATAS_XLSX = 25_000
"""Rows above which a table is offered as CSV and Parquet only (XLSX is slow and stops at
1,048,576 rows; a national indicator table has millions)."""


def tulis_xlsx(
    path: Path, judul: str, kepala: Sequence[str], baris: Iterable[Sequence[Any]]
) -> None:
    """Write a table as XLSX: numbers as numbers, dates as dates, text always as text."""
    from openpyxl import Workbook
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
        c = sel_tulis(ws, x)  # the site downloads' cell: text is never a formula
        if font is not None:
            c.font = font
        return c

    ws.append([sel(k, tebal) for k in kepala])
    for b in baris:
        ws.append([sel(x) for x in b])
    path.write_bytes(xlsx_tetap(wb))
