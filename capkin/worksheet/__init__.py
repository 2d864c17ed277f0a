"""Kertas kerja bridge: XLSX worksheets out to the units (step 2) and back into YAML."""

from __future__ import annotations

from capkin.worksheet.importer import HasilImpor, rencanakan_impor, ringkasan_perubahan, terapkan
from capkin.worksheet.maker import (
    BELUM_DITETAPKAN,
    batas_waktu,
    buat_kertas_kerja,
    indikator_unit,
    nama_berkas,
    tulis_kertas_kerja,
)
from capkin.worksheet.merger import Perubahan, RencanaBerkas, sama_nilai
from capkin.worksheet.reader import Identitas, KertasKerjaTerbaca, baca_kertas_kerja
from capkin.worksheet.sheet_layout import JUDUL_KOLOM, LEMBAR, LEMBAR_IDENTITAS

__all__ = [
    "BELUM_DITETAPKAN",
    "JUDUL_KOLOM",
    "LEMBAR",
    "LEMBAR_IDENTITAS",
    "HasilImpor",
    "Identitas",
    "KertasKerjaTerbaca",
    "Perubahan",
    "RencanaBerkas",
    "baca_kertas_kerja",
    "batas_waktu",
    "buat_kertas_kerja",
    "indikator_unit",
    "nama_berkas",
    "rencanakan_impor",
    "ringkasan_perubahan",
    "sama_nilai",
    "terapkan",
    "tulis_kertas_kerja",
]
