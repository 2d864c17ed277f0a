"""Changes made too late: targets after realisasi, realisasi after approval, and what an
email-only re-approval approved."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from typing import Any

from capkin.clock import zona_kantor
from capkin.dataset import Dataset
from capkin.errors import Masalah
from capkin.history.approval_ledger import (
    langkah_pengesahan,
    masih_tercatat,
    posisi_pengesahan,
    revisi_dihitung,
)
from capkin.history.changes import konteks_berkas
from capkin.history.model import EntriRiwayat, Perubahan
from capkin.history.reapproval import RevisiDiperiksa
from capkin.history.signatures import Keadaan
from capkin.history.signoff_problems import nama_pejabat
from capkin.history.text import uraikan
from capkin.layout import berkas_pk
from capkin.models.base import Periode


def siapa_penulis(e: EntriRiwayat) -> str:
    return f"{e.penulis.nama} <{e.penulis.email}>"


def _letak_indikator(
    ds: Dataset, berkas: str, indikator: str | None, medan: str
) -> tuple[Any, ...]:
    dok = ds.dokumen.get(berkas)
    sasaran = dok.data.get("sasaran") if dok and isinstance(dok.data, dict) else None
    for si, s in enumerate(sasaran if isinstance(sasaran, list) else []):
        daftar = s.get("indikator") if isinstance(s, dict) else None
        for ii, ind in enumerate(daftar if isinstance(daftar, list) else []):
            if isinstance(ind, dict) and ind.get("id") == indikator:
                return ("sasaran", si, "indikator", ii, medan)
    return ()


def _letak_realisasi(ds: Dataset, berkas: str, indikator: str | None) -> tuple[Any, ...]:
    dok = ds.dokumen.get(berkas)
    daftar = dok.data.get("realisasi") if dok and isinstance(dok.data, dict) else None
    for i, item in enumerate(daftar if isinstance(daftar, list) else []):
        if isinstance(item, dict) and indikator is not None and item.get("indikator") == indikator:
            return ("realisasi", i)
    return ()


def _penetapan_ulang(riwayat: list[EntriRiwayat]) -> dict[int, int]:
    """Return, per year, the position (oldest first) of the latest change of the PK's `tanggal`."""
    hasil: dict[int, int] = {}
    for n, e in enumerate(reversed(riwayat)):
        for p in e.perubahan:
            if (
                p.medan == "tanggal"
                and p.indikator is None
                and p.tahun is not None
                and konteks_berkas(p.berkas).jenis == "perjanjian-kinerja"
            ):
                hasil[p.tahun] = n
    return hasil


def belum_kembali(telat: list[tuple[int, Perubahan]]) -> list[tuple[int, Perubahan]]:
    """Drop late changes that were undone: the field ended with the value it had before.

    A field's value before its first late change and after its last one are compared;
    a file or item deleted then restored compares equal. A single change is never undone
    (a whole-file note such as "berkas dihapus" carries no values to compare).
    """
    awal: dict[tuple[str, str], Any] = {}
    akhir: dict[tuple[str, str], Any] = {}
    jumlah: Counter[tuple[str, str]] = Counter()
    for _, p in telat:
        kunci = (p.berkas, p.jalur)
        awal.setdefault(kunci, p.lama)
        akhir[kunci] = p.baru
        jumlah[kunci] += 1
    kembali = {k for k in jumlah if jumlah[k] > 1 and awal[k] == akhir[k]}
    return [(n, p) for n, p in telat if (p.berkas, p.jalur) not in kembali]


def target_berubah(ds: Dataset, riwayat: list[EntriRiwayat]) -> list[Masalah]:
    """Flag targets changed once realisasi of the year exist.

    A change is accepted as a formal revision of the agreement when the PK's `tanggal`
    (the date it was signed) is changed in the same commit or later. Late changes of a
    target that were undone (e.g. by `git revert`) leave nothing to fix and are not flagged.
    """
    masalah: list[Masalah] = []
    ada_realisasi: set[int] = set()
    ditetapkan_ulang = _penetapan_ulang(riwayat)
    telat: list[tuple[int, Perubahan]] = []
    for n, e in enumerate(reversed(riwayat)):
        telat += [
            (n, p)
            for p in e.perubahan
            if p.tahun in ada_realisasi
            and p.medan in {"target", "target_periode"}
            and ditetapkan_ulang.get(p.tahun, -1) < n
            and konteks_berkas(p.berkas).jenis == "perjanjian-kinerja"
        ]
        ada_realisasi.update(
            p.tahun
            for p in e.perubahan
            if p.tahun is not None and konteks_berkas(p.berkas).jenis == "realisasi"
        )
    urut = riwayat[::-1]
    per_commit: dict[int, dict[tuple[int, str | None], list[Perubahan]]] = {}
    for n, p in belum_kembali(telat):
        per_commit.setdefault(n, {}).setdefault((p.tahun or 0, p.indikator), []).append(p)
    for n, kelompok in per_commit.items():
        e = urut[n]
        for (tahun, indikator), daftar in kelompok.items():
            berkas = berkas_pk(tahun)
            jalur = _letak_indikator(ds, berkas, indikator, daftar[0].medan or "target")
            pesan = (
                f"target indikator {indikator} diubah pada commit {e.commit[:7]} oleh {siapa_penulis(e)} "
                f"({e.hari(zona_kantor(ds.instansi))}), setelah realisasi tahun {tahun} dilaporkan: "
                + "; ".join(uraikan(p) for p in daftar)
                + ". Bila ini perubahan Perjanjian Kinerja yang sah, perbarui juga 'tanggal' "
                "perjanjian kinerja ke tanggal penetapan perubahannya; bila tidak, kembalikan "
                "targetnya"
            )
            masalah.append(ds.peringatan(berkas, jalur, "target-berubah", pesan))
    return masalah


def _tertanda(ds: Dataset, no: int) -> set[tuple[int, str]]:
    """Return the (tahun, periode) whose approval step is signed in the current data."""
    return {
        (t, str(per))
        for t, dt in ds.tahun.items()
        for per, s in dt.siklus.items()
        if (akhir := s.cari_langkah(no)) is not None and akhir.ditandatangani
    }


def realisasi_telat(
    urut: list[EntriRiwayat], kunci: tuple[int, str], dari: int, sampai: int
) -> list[tuple[int, Perubahan]]:
    """Return the changes to a period's realisasi made after position `dari` up to `sampai`."""
    return [
        (n, p)
        for n in range(dari + 1, min(sampai, len(urut) - 1) + 1)
        for p in urut[n].perubahan
        if (p.tahun or 0, p.periode or "") == kunci
        and konteks_berkas(p.berkas).jenis == "realisasi"
    ]


def realisasi_setelah_pengesahan(
    ds: Dataset,
    riwayat: list[EntriRiwayat],
    revisi: list[RevisiDiperiksa],
    ditahan: Collection[tuple[int, Periode]] = (),
) -> list[Masalah]:
    """Flag realisasi changed after the SOP's last step approved that period's report.

    A re-approval (`revisi`) counts only when its commit proves the official it names; a
    period whose approval step is held back (`ditahan`, `signoff.pengesahan_ditahan`) is not
    approved, as the site says.
    """
    no = langkah_pengesahan(ds)
    if no is None:
        return []
    tertanda = _tertanda(ds, no) - {(t, str(p)) for t, p in ditahan}
    semua = posisi_pengesahan(riwayat, no, revisi_dihitung(revisi))
    disahkan = {k: daftar[-1] for k, daftar in semua.items() if k in tertanda}
    urut = riwayat[::-1]
    telat = [tp for k, n in disahkan.items() for tp in realisasi_telat(urut, k, n, len(urut))]
    per_commit: dict[int, dict[tuple[str, str | None], list[Perubahan]]] = {}
    for n, p in sorted(belum_kembali(telat), key=lambda np: np[0]):
        per_commit.setdefault(n, {}).setdefault((p.berkas, p.indikator), []).append(p)
    masalah: list[Masalah] = []
    for n, kelompok in per_commit.items():
        e = urut[n]
        for (berkas, indikator), daftar in kelompok.items():
            p0 = daftar[0]
            sah = urut[disahkan[(p0.tahun or 0, p0.periode or "")]]
            pesan = (
                f"realisasi {p0.periode} {p0.tahun} diubah pada commit {e.commit[:7]} oleh "
                f"{siapa_penulis(e)} ({e.hari(zona_kantor(ds.instansi))}), setelah langkah {no} periode itu "
                f"disahkan pada commit {sah.commit[:7]}: "
                + "; ".join(uraikan(p) for p in daftar)
                + f". Bila perubahan ini benar, laporan perlu disahkan ulang (langkah {no})"
            )
            jalur = _letak_realisasi(ds, berkas, indikator)
            masalah.append(
                ds.peringatan(berkas, jalur, "realisasi-berubah-setelah-pengesahan", pesan)
            )
    return masalah


BATAS_URAIAN = 8
"""Changes named in one message about an email-only re-approval; the rest are counted."""


def revisi_tanpa_kriptografi(
    ds: Dataset,
    riwayat: list[EntriRiwayat],
    revisi: list[RevisiDiperiksa],
    ditahan: Collection[tuple[int, Periode]] = (),
) -> list[Masalah]:
    """Warn about each re-approval that counts on an email match alone, as for a step.

    Such a re-approval replaces the published report (signatures are optional here), so the
    warning names the realisasi changes it approved: anyone can set the official's email.
    None for a period whose approval step is held back (`ditahan`): nothing is published.
    """
    tidak_terbit = {(t, str(p)) for t, p in ditahan}
    no = langkah_pengesahan(ds)
    if no is None:
        return []
    if not any(r.dihitung and r.keadaan is Keadaan.EMAIL_COCOK for r in revisi):
        return []
    urut = riwayat[::-1]
    posisi = {e.commit: n for n, e in enumerate(urut)}
    semua = posisi_pengesahan(riwayat, no, revisi_dihitung(revisi))
    masalah: list[Masalah] = []
    for r in revisi:
        if not r.dihitung or r.keadaan is not Keadaan.EMAIL_COCOK:
            continue
        if not masih_tercatat(ds, r):
            continue  # no longer in the data: nothing published rests on it
        ctx = konteks_berkas(r.berkas)
        if ctx.tahun is None or ctx.periode is None or (ctx.tahun, ctx.periode) in tidak_terbit:
            continue
        n = posisi[r.commit]
        sebelum = [m for m in semua.get((ctx.tahun, ctx.periode), []) if m < n]
        telat = (
            belum_kembali(realisasi_telat(urut, (ctx.tahun, ctx.periode), sebelum[-1], n))
            if sebelum
            else []
        )
        oleh = str(r.item["oleh"])
        pesan = (
            f"pengesahan ulang (revisi {r.ke + 1}) laporan {ctx.periode} {ctx.tahun} atas nama "
            f"{nama_pejabat(ds, oleh)}: {Keadaan.EMAIL_COCOK} (commit {r.commit[:7]} oleh "
            f"{r.email}); email dapat diatur siapa saja, tetapi revisi ini dihitung "
            "(pengaturan.wajib_tanda_tangan_git: false) dan laporan yang terbit kini versi revisi ini"
        )
        if telat:
            uraian = [
                f"{uraikan(p)} (commit {urut[m].commit[:7]} oleh {siapa_penulis(urut[m])})"
                for m, p in telat
            ]
            pesan += ", termasuk perubahan realisasi sesudah pengesahan sebelumnya: " + "; ".join(
                uraian[:BATAS_URAIAN]
            )
            if len(uraian) > BATAS_URAIAN:
                pesan += f"; dan {len(uraian) - BATAS_URAIAN} perubahan lain"
        pesan += (
            f". Pastikan {nama_pejabat(ds, oleh)} sendiri yang mengesahkannya; agar "
            "terverifikasi, daftarkan kunci SSH pejabat itu (kunci_ssh) lalu minta ia "
            f"mengesahkan ulang dengan commit bertanda tangan: capkin sign --periode "
            f"{ctx.periode} --tahun {ctx.tahun} --langkah {no} --oleh {oleh} --revisi "
            '--alasan "..." --commit (PANDUAN: Koreksi setelah disahkan)'
        )
        masalah.append(
            ds.peringatan(
                r.berkas, ("revisi", r.ke, "oleh"), "tanda-tangan-tanpa-kriptografi", pesan
            )
        )
    return masalah
