"""What an approval step's sign-off rests on: the period's realisasi, complete and dated no
later than the approval (an approval cannot approve figures that did not exist yet)."""

from __future__ import annotations

from collections.abc import Iterator

from capkin.achievement.periode import tanpa_realisasi
from capkin.dataset import Dataset
from capkin.errors import Masalah
from capkin.layout import berkas_realisasi
from capkin.models.base import Periode
from capkin.models.siklus_model import Siklus

BATAS_NAMA = 8
"""Indicators named in one message; the rest are counted."""


def _pengesahan(ds: Dataset, s: Siklus) -> tuple[int, int] | None:
    """Return (index, no) of the period's signed approval step, None when it is not signed."""
    if ds.sop is None:
        return None
    no = ds.sop.no_pengesahan
    return next(
        ((i, no) for i, lk in enumerate(s.langkah) if lk.no == no and lk.ditandatangani), None
    )


def pengesahan_sesudah_realisasi(
    ds: Dataset, b: str, tahun: int, periode: Periode, s: Siklus
) -> Iterator[Masalah]:
    """The approval step is dated no earlier than each realisasi file of the period it
    approves: a unit's report dated after the approval was not what the official approved."""
    letak = _pengesahan(ds, s)
    if letak is None:
        return
    i, no = letak
    selesai = s.langkah[i].selesai
    assert selesai is not None
    for unit, r in sorted(ds.tahun[tahun].realisasi.get(periode, {}).items()):
        if r.tanggal > selesai:
            yield ds.peringatan(
                b,
                ("langkah", i, "selesai"),
                "pengesahan-sebelum-realisasi",
                f"langkah {no} siklus {periode} {tahun} selesai {selesai}, lebih awal dari "
                f"realisasi unit {unit} ({berkas_realisasi(tahun, periode, unit)}) bertanggal "
                f"{r.tanggal}: pengesahan tidak dapat mengesahkan data yang belum ada. Bila "
                "realisasi itu dikoreksi sesudah disahkan, catat pengesahan ulangnya sebagai "
                "revisi (capkin sign --revisi); bila tidak, perbaiki tanggalnya",
            )


def pengesahan_atas_realisasi_lengkap(
    ds: Dataset, b: str, tahun: int, periode: Periode, s: Siklus
) -> Iterator[Masalah]:
    """The approval step is signed only when every indicator of the year's PK has a
    realisasi value for the period (`tanpa_realisasi`: what the report shows as 'belum ada
    data'; a value from another unit than the responsible one is computed, with a note)."""
    letak = _pengesahan(ds, s)
    dt = ds.tahun[tahun]
    if letak is None or dt.pk is None:
        return
    i, no = letak
    # the engine's rule: a value in any unit's file is in the approved report
    kosong = [ind.id for ind in tanpa_realisasi(dt, periode)]
    if not kosong:
        return
    nama = ", ".join(kosong[:BATAS_NAMA]) + (
        f" dan {len(kosong) - BATAS_NAMA} lainnya" if len(kosong) > BATAS_NAMA else ""
    )
    yield ds.peringatan(
        b,
        ("langkah", i, "oleh"),
        "pengesahan-realisasi-belum-lengkap",
        f"langkah {no} siklus {periode} {tahun} ditandatangani padahal {len(kosong)} indikator "
        f"belum berisi realisasi {periode} di berkas unit mana pun: {nama}. Laporan yang "
        "disahkan memuat 'belum ada data' untuk indikator itu; lengkapi realisasinya lalu "
        "sahkan ulang (capkin sign --revisi), atau catat alasannya di kesimpulan",
    )
