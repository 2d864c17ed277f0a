"""The annual Laporan Kinerja (LKjIP) from the same data: content, narratives, HTML/PDF/DOCX."""

from __future__ import annotations

from capkin.lkjip.akuntabilitas import ANALISIS
from capkin.lkjip.composer import StatusPeriode, status_persetujuan
from capkin.lkjip.content import Lkjip, susun_lkjip
from capkin.lkjip.output import HasilLkjip, html_cetak, nama_berkas, tulis_lkjip

__all__ = [
    "ANALISIS",
    "HasilLkjip",
    "Lkjip",
    "StatusPeriode",
    "html_cetak",
    "nama_berkas",
    "status_persetujuan",
    "susun_lkjip",
    "tulis_lkjip",
]
