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


def _revisi_tidak_dihitung(ds: Dataset, p: Pengesahan) -> list[Masalah]:
    """Warn about re-approvals whose commit does not prove the official they name."""
    masalah: list[Masalah] = []
    for v in p.versi:
        if v.dihitung or v.commit is None:
            continue
        pesan = (
            f"pengesahan ulang (revisi {v.ke - 1}) laporan {p.periode} {p.tahun} atas nama "
            f"{_nama(ds, v.oleh)} di-commit ({v.commit[:7]}) oleh {v.email or '?'}: "
            f"{v.keadaan}; revisi ini tidak dihitung dan laporan yang terbit tetap versi "
            f"sebelumnya. Pengesahan ulang harus di-commit oleh pejabat itu sendiri, seperti "
            f"langkah pengesahan: minta {v.oleh} menjalankan capkin sign --periode {p.periode} "
            f"--tahun {p.tahun} --langkah {ds.sop.no_pengesahan if ds.sop else 6} --oleh "
            f'{v.oleh} --revisi --alasan "..." --commit di komputernya'
        )
        masalah.append(
            ds.peringatan(
                berkas_siklus(p.tahun, p.periode),
                (*v.jalur, "oleh"),
                "tanda-tangan-tidak-terverifikasi",
                pesan,
            )
        )
    return masalah


def masalah_pengesahan(ds: Dataset, daftar: list[Pengesahan]) -> list[Masalah]:
    """Return one warning per approved period whose report the current data alters."""
    masalah: list[Masalah] = []
    for p in daftar:
        masalah += _revisi_tidak_dihitung(ds, p)
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
