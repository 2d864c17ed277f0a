"""Approved reports altered since approval, as validation warnings on the siklus file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from capkin.dataset import Dataset
from capkin.errors import Masalah
from capkin.history.gitlog import baca_versi, buka_repo
from capkin.history.model import EntriRiwayat
from capkin.history.signoff import data_versi, no_pengesahan_mentah
from capkin.layout import berkas_siklus
from capkin.pengesahan.frozen import Pengesahan, periksa_pengesahan
from capkin.pengesahan.narratives import periksa_narasi_beku

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
            f"disahkan oleh {_nama(ds, v.oleh)} pada {v.tanggal.isoformat()}"
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


_SIKLUS = re.compile(r"data/([0-9]{4})/siklus/(TW[1-4])\.yml")


def _persetujuan(data: Any, no: int) -> set[tuple[str, ...]]:
    """Return the approvals a raw siklus file records: step `no`'s sign-off and each revisi."""
    hasil: set[tuple[str, ...]] = set()
    if not isinstance(data, dict):
        return hasil
    langkah = data.get("langkah")
    for item in langkah if isinstance(langkah, list) else []:
        if (
            isinstance(item, dict)
            and item.get("no") == no
            and item.get("oleh")
            and item.get("selesai")
        ):
            hasil.add(("langkah", str(item["oleh"]), str(item["selesai"])))
    revisi = data.get("revisi")
    for item in revisi if isinstance(revisi, list) else []:
        if isinstance(item, dict):
            hasil.add(("revisi", str(item.get("oleh")), str(item.get("tanggal"))))
    return hasil


def _pengesahan_dicabut(ds: Dataset, root: Path) -> list[Masalah]:
    """Warn about approvals on the main line before this change that are gone now.

    Deleting the approval step (or a revisi, or the siklus file) turns an approved report
    back into a draft that any later change can alter unseen; a correction after approval
    is a revisi, never a rewrite of the approval (design.md). The main line before the
    change is HEAD's first parent (in CI, the base of the pull request's merge commit),
    and HEAD itself for what is not committed yet.
    """
    repo = buka_repo(root)
    if repo is None or ds.sop is None:
        return []
    no = ds.sop.no_pengesahan
    acuan = [
        c
        for c in ("HEAD^1", "HEAD")
        if repo.jalankan("rev-parse", "-q", "--verify", c + "^{commit}", cek=False).strip()
    ]
    berkas_sop = repo.ke_worktree("data/sop.yml")
    permintaan: list[tuple[str, str]] = [(c, berkas_sop) for c in acuan]
    for c in acuan:
        daftar = repo.jalankan(
            "ls-tree", "-r", "-z", "--name-only", "--full-tree", c, "--", repo.ke_worktree("data/")
        ).decode("utf-8", "replace")
        for path in daftar.split("\x00"):
            berkas = repo.ke_root(path) if path else None
            if berkas is not None and _SIKLUS.fullmatch(berkas):
                permintaan.append((c, path))
    versi = baca_versi(repo, permintaan)
    # the approval step as it was then: adding a step to the SOP must not un-approve a period
    no_acuan = {
        c: no_pengesahan_mentah(data_versi(versi.pop((c, berkas_sop), None), "data/sop.yml"))
        for c in acuan
    }
    masalah: list[Masalah] = []
    dilaporkan: set[tuple[str, tuple[str, ...]]] = set()
    for (c, path), isi in sorted(versi.items()):
        berkas = repo.ke_root(path)
        cocok = _SIKLUS.fullmatch(berkas or "")
        if berkas is None or cocok is None:
            continue
        kini_path = ds.root / berkas
        kini = (
            _persetujuan(data_versi(kini_path.read_bytes(), berkas), no)
            if kini_path.is_file()
            else set()
        )
        n_acuan = no_acuan[c] or no
        for p in sorted(_persetujuan(data_versi(isi, berkas), n_acuan) - kini):
            if (berkas, p) in dilaporkan:
                continue
            dilaporkan.add((berkas, p))
            apa = f"pengesahan langkah {n_acuan}" if p[0] == "langkah" else "revisi pengesahan"
            masalah.append(
                ds.peringatan(
                    berkas,
                    (),
                    KODE,
                    f"{apa} laporan {cocok.group(2)} {cocok.group(1)} oleh {p[1]} tanggal "
                    f"{p[2]} (tercatat di {'commit sebelumnya' if c == 'HEAD' else 'main'}) "
                    "dihapus atau diubah: laporan yang sudah disahkan tidak boleh dicabut "
                    "dengan mengubah siklus. Kembalikan catatan pengesahan itu; koreksi setelah "
                    f"disahkan dicatat sebagai revisi: capkin sign --periode {cocok.group(2)} "
                    f"--tahun {cocok.group(1)} --langkah {no} --oleh {p[1]} --revisi "
                    '--alasan "..." (PANDUAN: Koreksi setelah disahkan)',
                )
            )
    return masalah


def periksa_laporan_beku(
    ds: Dataset, root: Path, riwayat: list[EntriRiwayat] | None = None
) -> list[Masalah]:
    """Return the warnings for approved reports altered since their approval."""
    daftar = periksa_pengesahan(ds, root, riwayat)
    return (
        masalah_pengesahan(ds, daftar)
        + periksa_narasi_beku(ds, root, daftar)
        + _pengesahan_dicabut(ds, root)
    )
