"""The audit register from git: field-level history of `data/` and verified sign-offs."""

from __future__ import annotations

from capkin.history.gitlog import dalam_git
from capkin.history.integrity import periksa_integritas, verifikasi_langkah
from capkin.history.model import EntriRiwayat, Penulis, Perubahan, RiwayatDangkal
from capkin.history.register import baca_riwayat, muat_instansi, nomor_pr
from capkin.history.signoff import Verifikasi
from capkin.history.tampil import (
    format_json,
    format_markdown,
    format_teks,
    saring_riwayat,
    uraikan,
)

__all__ = [
    "EntriRiwayat",
    "Penulis",
    "Perubahan",
    "RiwayatDangkal",
    "Verifikasi",
    "baca_riwayat",
    "dalam_git",
    "format_json",
    "format_markdown",
    "format_teks",
    "muat_instansi",
    "nomor_pr",
    "periksa_integritas",
    "saring_riwayat",
    "uraikan",
    "verifikasi_langkah",
]
