"""Approved reports altered since approval, as validation warnings on the siklus file."""

from __future__ import annotations

from pathlib import Path

from capkin.dataset import Dataset, berkas_siklus
from capkin.errors import Masalah
from capkin.history.model import EntriRiwayat
from capkin.pengesahan.beku import Pengesahan, periksa_pengesahan

KODE = "laporan-berubah-setelah-pengesahan"

BATAS_BEDA = 12
"""Differences named in one message; the rest are counted."""


def _nama(ds: Dataset, pid: str) -> str:
    pejabat = ds.instansi.cari_pejabat(pid) if ds.instansi else None
    return pejabat.nama if pejabat else pid


def pesan_beda(p: Pengesahan) -> list[str]:
    """Return the differences grouped by the commit that made them, for people."""
    kelompok: dict[str | None, list[str]] = {}
    for b in p.beda:
        kelompok.setdefault(b.commit, []).append(b.teks())
    bagian: list[str] = []
    sisa = BATAS_BEDA
    for commit, daftar in kelompok.items():
        if sisa <= 0:
            break
        tampil = daftar[:sisa]
        sisa -= len(tampil)
        if commit is None:
            asal = "belum di-commit"
        else:
            nama, tanggal = p.info_commit.get(commit, ("?", "?"))
            asal = f"commit {commit[:7]} oleh {nama}, {tanggal}"
        bagian.append("; ".join(tampil) + f" ({asal})")
    if len(p.beda) > BATAS_BEDA:
        bagian.append(f"dan {len(p.beda) - BATAS_BEDA} perubahan lain")
    return bagian


def masalah_pengesahan(ds: Dataset, daftar: list[Pengesahan]) -> list[Masalah]:
    """Return one warning per approved period whose report the current data alters."""
    masalah: list[Masalah] = []
    for p in daftar:
        if not p.berubah:
            continue
        v = p.terakhir
        assert v.commit is not None
        disahkan = (
            f"disahkan {_nama(ds, v.oleh)} pada {v.tanggal.isoformat()}"
            + (f" (revisi {v.ke - 1})" if v.ke > 1 else "")
            + f", commit {v.commit[:7]}"
        )
        pesan = (
            f"laporan {p.periode} {p.tahun} yang sudah {disahkan}, berubah oleh data sekarang: "
            + " · ".join(pesan_beda(p))
            + ". Laporan yang dipublikasikan tetap versi yang disahkan. Bila perubahan ini "
            f"koreksi yang benar, minta {v.oleh} mengesahkan ulang: capkin sign --periode "
            f"{p.periode} --tahun {p.tahun} --langkah {ds.sop.no_pengesahan if ds.sop else 6} "
            f'--oleh {v.oleh} --revisi --alasan "..." (PANDUAN: Koreksi setelah disahkan); '
            "bila tidak, kembalikan perubahannya"
        )
        masalah.append(ds.peringatan(berkas_siklus(p.tahun, p.periode), v.jalur, KODE, pesan))
    return masalah


def periksa_laporan_beku(
    ds: Dataset, root: Path, riwayat: list[EntriRiwayat] | None = None
) -> list[Masalah]:
    """Return the warnings for approved reports altered since their approval."""
    return masalah_pengesahan(ds, periksa_pengesahan(ds, root, riwayat))
