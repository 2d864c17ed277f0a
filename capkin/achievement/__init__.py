"""Steps 3 and 4 of the SOP: compare realisasi with target and conclude (design.md rules)."""

from __future__ import annotations

from capkin.achievement.engine import (
    SEMUA_PERIODE,
    Penghitung,
    hitung,
    hitung_semua,
)
from capkin.achievement.formulas import Capaian, hitung_capaian
from capkin.achievement.numbers import (
    bulat,
    desimal,
    format_angka,
    format_nilai,
    format_persen,
    predikat,
)
from capkin.achievement.periode import (
    periode_berdata,
    periode_dari,
    periode_terakhir,
    pilih_periode,
    tahun_terakhir,
)
from capkin.achievement.results import (
    HasilIndikator,
    HasilPeriode,
    HasilSasaran,
    KunciPeriode,
    Pembanding,
    Status,
    nilai_json,
)

__all__ = [
    "SEMUA_PERIODE",
    "Capaian",
    "HasilIndikator",
    "HasilPeriode",
    "HasilSasaran",
    "KunciPeriode",
    "Pembanding",
    "Penghitung",
    "Status",
    "bulat",
    "desimal",
    "format_angka",
    "format_nilai",
    "format_persen",
    "hitung",
    "hitung_capaian",
    "hitung_semua",
    "nilai_json",
    "periode_berdata",
    "periode_dari",
    "periode_terakhir",
    "pilih_periode",
    "predikat",
    "tahun_terakhir",
]
