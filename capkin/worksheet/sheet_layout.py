"""The shape of a kertas kerja, shared by the maker and the importer."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from openpyxl.utils import get_column_letter

LEMBAR = "Kertas Kerja"
"""Title of the sheet the units fill in."""

LEMBAR_IDENTITAS = "capkin"
"""Title of the hidden sheet that says which office, year, period and unit it belongs to."""

FORMAT = "capkin-kertas-kerja"
"""Value of the `format` key on the hidden sheet."""

VERSI = "1"
"""Layout version written by `capkin worksheet make`; the importer knows these versions."""

VERSI_DIKENAL = frozenset({VERSI})

JUDUL_KOLOM: tuple[str, ...] = (
    "Kode Indikator",
    "Uraian",
    "Satuan",
    "Target",
    "Realisasi",
    "Hambatan",
    "Strategi",
    "Tindak Lanjut",
    "Bukti Dukung",
)
"""The header row, exactly, from column A."""

KOLOM_ISIAN: dict[str, str] = {
    "Realisasi": "nilai",
    "Hambatan": "hambatan",
    "Strategi": "strategi",
    "Tindak Lanjut": "tindak_lanjut",
    "Bukti Dukung": "bukti",
}
"""Editable columns and the realisasi entry field each one fills."""

LEBAR_KOLOM: tuple[float, ...] = (22, 44, 12, 14, 14, 40, 40, 40, 40)

KOLOM_KODE = 1
KOLOM_PERTAMA_ISIAN = JUDUL_KOLOM.index("Realisasi") + 1
KOLOM_REALISASI = KOLOM_PERTAMA_ISIAN

BATAS_INDIKATOR = 10_000
"""Most indicator rows a worksheet may declare (a guard against hostile files)."""


def huruf(kolom: int) -> str:
    """Return the column letter of a 1-based column number."""
    return str(get_column_letter(kolom))


def sel(kolom: int, baris: int) -> str:
    """Return an A1-style cell reference."""
    return f"{huruf(kolom)}{baris}"


def kolom_isian(nama_field: str) -> int:
    """Return the 1-based column of a realisasi entry field."""
    judul = next(j for j, f in KOLOM_ISIAN.items() if f == nama_field)
    return JUDUL_KOLOM.index(judul) + 1


def checksum(
    instansi: str, tahun: int, periode: str, unit: str, judul: Iterable[str], kode: Iterable[str]
) -> str:
    """Return the fingerprint of a worksheet's identity, header row and indicator codes."""
    bagian = [FORMAT, VERSI, instansi, str(tahun), periode, unit, *judul, "", *kode]
    return hashlib.sha256("\x1f".join(bagian).encode("utf-8")).hexdigest()
