"""Kertas kerja bridge: XLSX worksheets out to the units (step 2) and back into YAML."""

from __future__ import annotations

from capkin.worksheet.impor import HasilImpor, rencanakan_impor, ringkasan_perubahan, terapkan
from capkin.worksheet.layout import JUDUL_KOLOM, LEMBAR, LEMBAR_IDENTITAS
from capkin.worksheet.make import (
    BELUM_DITETAPKAN,
    batas_waktu,
    buat_kertas_kerja,
    indikator_unit,
    nama_berkas,
    tulis_kertas_kerja,
)
from capkin.worksheet.merge import Perubahan, RencanaBerkas, sama_nilai
from capkin.worksheet.read import Identitas, KertasKerjaTerbaca, baca_kertas_kerja

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
