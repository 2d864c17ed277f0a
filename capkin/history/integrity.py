"""Checks that need the git history: verified sign-offs and changes made too late.

How a sign-off is attributed to a commit is described in `capkin.history.signoff`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from capkin.clock import zona_kantor
from capkin.dataset import Dataset
from capkin.errors import Masalah
from capkin.history.changes import konteks_berkas
from capkin.history.gitlog import Graf, RepoGit, baca_graf, baca_versi, buka_repo
from capkin.history.model import EntriRiwayat, Perubahan
from capkin.history.reapproval import RevisiDiperiksa, dihitung, keadaan_revisi
from capkin.history.register import baca_riwayat
from capkin.history.signatures import Keadaan, kunci_webflow
from capkin.history.signoff import (
    KunciLangkah,
    Verifikasi,
    _asal_cabang,
    _data,
    no_pengesahan_mentah,
    verifikasi,
)
from capkin.history.text import uraikan
from capkin.layout import berkas_pk, berkas_siklus
from capkin.models import Periode


def verifikasi_langkah(
    ds: Dataset, root: Path, riwayat: list[EntriRiwayat] | None = None
) -> dict[KunciLangkah, Verifikasi]:
    """Return, for each signed step (tahun, periode, no), whether its sign-off is verified.

    `riwayat` is the register when the caller has read it already. Empty outside a git
    repository; raises RiwayatDangkal for a shallow clone.
    """
    repo = buka_repo(root)
    if repo is None:
        return {}
    if riwayat is None:
        riwayat = baca_riwayat(root, instansi=ds.instansi)
    return verifikasi(ds, repo, riwayat, kunci_webflow(repo.worktree))


def _nama_pejabat(ds: Dataset, pid: str) -> str:
    pejabat = ds.instansi.cari_pejabat(pid) if ds.instansi else None
    return f"{pid} ({pejabat.nama})" if pejabat else pid


def _bertanggal_depan(ds: Dataset, hasil: dict[KunciLangkah, Verifikasi]) -> list[Masalah]:
    """Return an error for each sign-off dated after the commit that brought it in."""
    masalah: list[Masalah] = []
    for (tahun, periode, no), v in sorted(hasil.items()):
        siklus = ds.tahun[tahun].siklus[periode]
        idx, langkah = next((i, s) for i, s in enumerate(siklus.langkah) if s.no == no)
        if v.tanggal_masuk is None or langkah.selesai is None:
            continue
        if langkah.selesai > v.tanggal_masuk:
            masalah.append(
                ds.galat(
                    berkas_siklus(tahun, periode),
                    ("langkah", idx, "selesai"),
                    "tanda-tangan-bertanggal-depan",
                    f"langkah {no} siklus {periode} {tahun}: selesai {langkah.selesai} sesudah "
                    f"tanggal commit {(v.commit or '')[:7]} yang mencatatnya "
                    f"({v.tanggal_masuk}); tanda tangan tidak boleh diberi tanggal di masa "
                    "depan: tandatangani langkah itu pada harinya (capkin sign tanpa --tanggal)",
                )
            )
    return masalah


def _tanpa_kriptografi(
    ds: Dataset, tahun: int, periode: Periode, no: int, v: Verifikasi
) -> Masalah:
    """Return the warning for a sign-off backed by an email match only (signatures optional)."""
    siklus = ds.tahun[tahun].siklus[periode]
    idx, langkah = next((i, s) for i, s in enumerate(siklus.langkah) if s.no == no)
    oleh = langkah.oleh or ""
    return ds.peringatan(
        berkas_siklus(tahun, periode),
        ("langkah", idx, "oleh"),
        "tanda-tangan-tanpa-kriptografi",
        f"tanda tangan langkah {no} siklus {periode} {tahun} atas nama {_nama_pejabat(ds, oleh)}: "
        f"{Keadaan.EMAIL_COCOK} (commit {(v.commit or '')[:7]}); email dapat diatur siapa "
        f"saja. Agar terverifikasi, daftarkan kunci SSH pejabat itu (kunci_ssh) lalu minta ia "
        f"mengukuhkannya: capkin sign --kukuhkan --periode {periode} --tahun {tahun} "
        f"--langkah {no} --oleh {oleh} (PANDUAN: Menandatangani dengan kunci SSH)",
    )


def _wewenang_baru(ds: Dataset, hasil: dict[KunciLangkah, Verifikasi]) -> list[Masalah]:
    """Return an error for each sign-off allowed only by a role or pelaksana changed with it."""
    masalah: list[Masalah] = []
    for (tahun, periode, no), v in sorted(hasil.items()):
        if not v.wewenang_baru:
            continue
        siklus = ds.tahun[tahun].siklus[periode]
        idx, langkah = next((i, s) for i, s in enumerate(siklus.langkah) if s.no == no)
        masalah.append(
            ds.galat(
                berkas_siklus(tahun, periode),
                ("langkah", idx, "oleh"),
                "peran-tidak-berwenang",
                f"langkah {no} siklus {periode} {tahun} ditandatangani "
                f"{_nama_pejabat(ds, langkah.oleh or '')} dalam commit {(v.commit or '')[:7]}, "
                "padahal di cabang main sebelum perubahan itu pejabat tersebut tidak berwenang "
                "menandatangani langkah ini: peran pejabat (data/instansi.yml) atau pelaksana "
                "langkah (data/sop.yml) baru diubah dalam perubahan yang sama. Gabungkan dulu "
                "perubahan peran atau SOP itu (disetujui pemilik kode), lalu tandatangani ulang",
            )
        )
    return masalah


def _masalah_tanda_tangan(ds: Dataset, hasil: dict[KunciLangkah, Verifikasi]) -> list[Masalah]:
    masalah: list[Masalah] = _bertanggal_depan(ds, hasil) + _wewenang_baru(ds, hasil)
    for (tahun, periode, no), v in sorted(hasil.items()):
        if v.terverifikasi and v.keadaan is Keadaan.EMAIL_COCOK:
            masalah.append(_tanpa_kriptografi(ds, tahun, periode, no, v))
            continue
        if v.terverifikasi:
            continue
        oleh = next(s.oleh for s in ds.tahun[tahun].siklus[periode].langkah if s.no == no)
        if v.commit is None and v.penulis is not None and v.penulis.pejabat == oleh:
            continue  # about to be committed by the official (e.g. in a pre-commit hook)
        siklus = ds.tahun[tahun].siklus[periode]
        idx = next(i for i, s in enumerate(siklus.langkah) if s.no == no)
        oleh = oleh or ""
        pejabat = ds.instansi.cari_pejabat(oleh) if ds.instansi else None
        awal = f"tanda tangan langkah {no} siklus {periode} {tahun} atas nama {_nama_pejabat(ds, oleh)}"
        if v.commit is None:
            pesan = f"{awal} belum di-commit, sehingga belum dapat diverifikasi"
            if v.penulis is not None:
                pesan += (
                    f"; identitas git yang akan membuat commit berikutnya ({v.penulis.nama} "
                    f"<{v.penulis.email}>) bukan identitas git pejabat itu"
                )
            pesan += "; minta pejabat itu meng-commit tanda tangannya sendiri dengan identitas git miliknya"
        else:
            siapa = f"{v.penulis.nama} <{v.penulis.email}>" if v.penulis else "?"
            if v.penulis is None or v.penulis.pejabat != oleh:
                pesan = (
                    f"{awal} dibuat dalam commit {v.commit[:7]} oleh {siapa}, yang bukan identitas "
                    "git pejabat itu; minta pejabat tersebut meng-commit tanda tangannya sendiri"
                )
                if pejabat is not None and not pejabat.identitas_git:
                    pesan += f", dan isi identitas_git pejabat {oleh} di data/instansi.yml"
                else:
                    pesan += (
                        ", atau tambahkan email itu ke identitas_git di data/instansi.yml bila "
                        "memang miliknya"
                    )
                if v.hanya_rekan:
                    pesan += (
                        ". Pejabat itu hanya tercantum sebagai 'Co-authored-by' (squash merge), "
                        "yang dapat ditulis siapa saja; gabungkan pull request dengan 'Create a "
                        "merge commit' atau 'Rebase and merge' agar commit pejabat sendiri tercatat"
                    )
            elif v.identitas_baru:
                pesan = (
                    f"{awal} di-commit ({v.commit[:7]}) oleh {siapa}, tetapi email itu baru "
                    f"ditambahkan ke identitas_git pejabat {oleh} dalam perubahan yang sama; "
                    "identitas git harus sudah disetujui di cabang main sebelum dipakai "
                    "menandatangani: gabungkan dulu perubahan data/instansi.yml, lalu minta "
                    "pejabat itu meng-commit ulang tanda tangannya"
                )
            else:
                pesan = (
                    f"{awal}: {Keadaan.EMAIL_COCOK} (commit {v.commit[:7]} oleh {siapa} tidak "
                    f"ditandatangani kunci SSH yang terdaftar di kunci_ssh pejabat {oleh} "
                    "sebelum perubahan itu), padahal pengaturan.wajib_tanda_tangan_git aktif "
                    "(kini atau di cabang main sebelum perubahan itu); "
                    f"minta pejabat itu mengukuhkannya dengan kuncinya sendiri: capkin sign "
                    f"--kukuhkan --periode {periode} --langkah {no} --oleh {oleh}"
                )
        if v.ditahan and ds.sop is not None and no == ds.sop.no_pengesahan:
            pesan += (
                f"; sampai itu laporan {periode} {tahun} tidak diterbitkan sebagai disahkan "
                "(situs, PDF dan API menyebutnya menunggu pengesahan terverifikasi)"
            )
        masalah.append(
            ds.peringatan(
                berkas_siklus(tahun, periode),
                ("langkah", idx, "oleh"),
                "tanda-tangan-tidak-terverifikasi",
                pesan,
            )
        )
    return masalah


def _siapa(e: EntriRiwayat) -> str:
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


def _belum_kembali(telat: list[tuple[int, Perubahan]]) -> list[tuple[int, Perubahan]]:
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


def _target_berubah(ds: Dataset, riwayat: list[EntriRiwayat]) -> list[Masalah]:
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
    for n, p in _belum_kembali(telat):
        per_commit.setdefault(n, {}).setdefault((p.tahun or 0, p.indikator), []).append(p)
    for n, kelompok in per_commit.items():
        e = urut[n]
        for (tahun, indikator), daftar in kelompok.items():
            berkas = berkas_pk(tahun)
            jalur = _letak_indikator(ds, berkas, indikator, daftar[0].medan or "target")
            pesan = (
                f"target indikator {indikator} diubah pada commit {e.commit[:7]} oleh {_siapa(e)} "
                f"({e.tanggal.astimezone(zona_kantor(ds.instansi)).date().isoformat()}), setelah realisasi tahun {tahun} dilaporkan: "
                + "; ".join(uraikan(p) for p in daftar)
                + ". Bila ini perubahan Perjanjian Kinerja yang sah, perbarui juga 'tanggal' "
                "perjanjian kinerja ke tanggal penetapan perubahannya; bila tidak, kembalikan "
                "targetnya"
            )
            masalah.append(ds.peringatan(berkas, jalur, "target-berubah", pesan))
    return masalah


def langkah_pengesahan(ds: Dataset) -> int | None:
    """Return the number of the SOP's last step, whose sign-off approves a period's report."""
    return ds.sop.no_pengesahan if ds.sop is not None else None


def _revisi_baru(p: Perubahan) -> bool:
    """Return whether a change appends a re-approval to a siklus file's `revisi:`."""
    lama = p.lama if isinstance(p.lama, list) else []
    return p.medan == "revisi" and isinstance(p.baru, list) and len(p.baru) > len(lama)


def _cocok_item(k: int, item: Any) -> Callable[[Any], bool]:
    """Return a test: does a siklus file's data hold this re-approval at `revisi[k]`?"""

    def cocok(data: Any) -> bool:
        daftar = data.get("revisi") if isinstance(data, dict) else None
        if not isinstance(daftar, list) or len(daftar) <= k or not isinstance(daftar[k], dict):
            return False
        return all(str(daftar[k].get(m)) == str(item.get(m)) for m in ("tanggal", "oleh", "alasan"))

    return cocok


def _revisi_diperiksa(
    ds: Dataset, repo: RepoGit, riwayat: list[EntriRiwayat]
) -> list[RevisiDiperiksa]:
    """Return every re-approval appended on the main line, with its proof (oldest last).

    Whether it counts is decided as for a published version (`capkin.history.reapproval`):
    the commit that brought the entry in (inside a merged branch, the branch's own) must
    prove the official it names.
    """
    baru: list[tuple[EntriRiwayat, Perubahan, int, str]] = []
    for e in riwayat:
        for p in e.perubahan:
            if p.tahun is None or p.periode is None or not _revisi_baru(p):
                continue
            lama = p.lama if isinstance(p.lama, list) else []
            for k in range(len(lama), len(p.baru)):
                item = p.baru[k]
                if isinstance(item, dict) and isinstance(item.get("oleh"), str):
                    baru.append((e, p, k, item["oleh"]))
    if not baru:
        return []
    graf: list[Graf] = []

    def baca() -> Graf:
        if not graf:
            graf.append(baca_graf(repo))
        return graf[0]

    asal: list[tuple[EntriRiwayat, Perubahan, int, str, str]] = []
    for e, p, k, oleh in baru:
        commit = e.commit
        if len(e.induk) > 1:
            commit = _asal_cabang(
                repo, baca(), e.commit, repo.ke_worktree(p.berkas), _cocok_item(k, p.baru[k])
            )
        asal.append((e, p, k, oleh, commit))
    dicari = list(dict.fromkeys((commit, oleh) for *_, oleh, commit in asal))
    keadaan = keadaan_revisi(ds, repo, riwayat, baca, dicari)
    return [
        RevisiDiperiksa(e.commit, p.berkas, k, p.baru[k], kd[0], kd[1], dihitung(ds, kd[0], kd[2]))
        for e, p, k, oleh, commit in asal
        if (kd := keadaan.get(f"{commit}:{oleh}")) is not None
    ]


def _masih_tercatat(ds: Dataset, r: RevisiDiperiksa) -> bool:
    """Return whether the current data still holds the re-approval where it was appended."""
    dok = ds.dokumen.get(r.berkas)
    return dok is not None and _cocok_item(r.ke, r.item)(dok.data)


def verifikasi_revisi(
    ds: Dataset, root: Path, riwayat: list[EntriRiwayat] | None = None
) -> list[RevisiDiperiksa]:
    """Return the re-approvals of the current data, each with how far its commit proves the
    official it names (oldest last, as the register). Empty outside a git repository."""
    repo = buka_repo(root)
    if repo is None:
        return []
    if riwayat is None:
        riwayat = baca_riwayat(root, instansi=ds.instansi)
    return [r for r in _revisi_diperiksa(ds, repo, riwayat) if _masih_tercatat(ds, r)]


def _revisi_dihitung(revisi: list[RevisiDiperiksa]) -> set[tuple[str, str, int]]:
    """Return (commit, siklus file, index) of the appended re-approvals that count."""
    return {(r.commit, r.berkas, r.ke) for r in revisi if r.dihitung}


def _pengesahan(
    riwayat: list[EntriRiwayat], no: int, revisi_sah: set[tuple[str, str, int]]
) -> dict[tuple[int, str], list[int]]:
    """Return, per (tahun, periode), the positions (oldest first) of every approval: the
    step `no` sign-off or a re-approval (`revisi`) that counts (`revisi_sah`)."""
    hasil: dict[tuple[int, str], list[int]] = {}
    for n, e in enumerate(reversed(riwayat)):
        for p in e.perubahan:
            if (
                p.tahun is not None
                and p.periode is not None
                and _revisi_baru(p)
                and any(
                    (e.commit, p.berkas, k) in revisi_sah
                    for k in range(len(p.lama) if isinstance(p.lama, list) else 0, len(p.baru))
                )
            ) or (
                p.langkah == no
                and p.tahun is not None
                and p.periode is not None
                and p.jenis in {"tambah", "ubah"}
                and (
                    p.medan in {"oleh", "selesai"} or (p.medan is None and isinstance(p.baru, dict))
                )
                and konteks_berkas(p.berkas).jenis == "siklus"
            ):
                daftar = hasil.setdefault((p.tahun, p.periode), [])
                if not daftar or daftar[-1] != n:
                    daftar.append(n)
    return hasil


def _tertanda(ds: Dataset, no: int) -> set[tuple[int, str]]:
    """Return the (tahun, periode) whose approval step is signed in the current data."""
    return {
        (t, str(per))
        for t, dt in ds.tahun.items()
        for per, s in dt.siklus.items()
        if (akhir := s.cari_langkah(no)) is not None and akhir.ditandatangani
    }


def _realisasi_telat(
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


def _realisasi_setelah_pengesahan(
    ds: Dataset, riwayat: list[EntriRiwayat], revisi: list[RevisiDiperiksa]
) -> list[Masalah]:
    """Flag realisasi changed after the SOP's last step approved that period's report.

    A re-approval (`revisi`) counts only when its commit proves the official it names.
    """
    no = langkah_pengesahan(ds)
    if no is None:
        return []
    tertanda = _tertanda(ds, no)
    semua = _pengesahan(riwayat, no, _revisi_dihitung(revisi))
    disahkan = {k: daftar[-1] for k, daftar in semua.items() if k in tertanda}
    urut = riwayat[::-1]
    telat = [tp for k, n in disahkan.items() for tp in _realisasi_telat(urut, k, n, len(urut))]
    per_commit: dict[int, dict[tuple[str, str | None], list[Perubahan]]] = {}
    for n, p in sorted(_belum_kembali(telat), key=lambda np: np[0]):
        per_commit.setdefault(n, {}).setdefault((p.berkas, p.indikator), []).append(p)
    masalah: list[Masalah] = []
    for n, kelompok in per_commit.items():
        e = urut[n]
        for (berkas, indikator), daftar in kelompok.items():
            p0 = daftar[0]
            sah = urut[disahkan[(p0.tahun or 0, p0.periode or "")]]
            pesan = (
                f"realisasi {p0.periode} {p0.tahun} diubah pada commit {e.commit[:7]} oleh "
                f"{_siapa(e)} ({e.tanggal.astimezone(zona_kantor(ds.instansi)).date().isoformat()}), setelah langkah {no} periode itu "
                f"disahkan pada commit {sah.commit[:7]}: "
                + "; ".join(uraikan(p) for p in daftar)
                + f". Bila perubahan ini benar, laporan perlu disahkan ulang (langkah {no})"
            )
            jalur = _letak_realisasi(ds, berkas, indikator)
            masalah.append(
                ds.peringatan(berkas, jalur, "realisasi-berubah-setelah-pengesahan", pesan)
            )
    return masalah


def _jejak_pengesahan(
    riwayat: list[EntriRiwayat], no: int
) -> dict[tuple[int, str], tuple[tuple[str, str], int | None]]:
    """Return, per (tahun, periode), the approval step's first signed (oleh, selesai) and
    the position (oldest first) of the latest change that left it otherwise (None: never,
    or it came back to that value)."""
    keadaan: dict[tuple[int, str], dict[str, Any]] = {}
    hasil: dict[tuple[int, str], tuple[tuple[str, str], int | None]] = {}
    for n, e in enumerate(reversed(riwayat)):
        for p in e.perubahan:
            ctx = konteks_berkas(p.berkas)
            if ctx.jenis != "siklus" or ctx.tahun is None or ctx.periode is None:
                continue
            kunci = (ctx.tahun, ctx.periode)
            kini = keadaan.setdefault(kunci, {})
            if p.langkah is None and p.jalur == ctx.label and p.jenis == "hapus":
                kini.clear()  # the whole file deleted
            elif p.langkah != no:
                continue
            elif p.medan is None:
                baru = p.baru if p.jenis != "hapus" and isinstance(p.baru, dict) else {}
                kini.clear()
                kini.update(oleh=baru.get("oleh"), selesai=baru.get("selesai"))
            elif p.medan in {"oleh", "selesai"}:
                kini[p.medan] = None if p.jenis == "hapus" else p.baru
            else:
                continue
            nilai = (kini.get("oleh"), kini.get("selesai"))
            ditandatangani = all(x is not None for x in nilai)
            if kunci not in hasil:
                if ditandatangani:
                    hasil[kunci] = ((str(nilai[0]), str(nilai[1])), None)
                continue
            awal, _ = hasil[kunci]
            sama = ditandatangani and (str(nilai[0]), str(nilai[1])) == awal
            hasil[kunci] = (awal, None if sama else n)
    return hasil


def _pengesahan_ditulis_ulang(ds: Dataset, riwayat: list[EntriRiwayat]) -> list[Masalah]:
    """Flag approvals (the SOP's last step) rewritten on the main line after they were signed.

    A correction after approval is a `revisi`; changing or re-signing the approval step makes
    the rewriting commit the approved version, figures and all, and the warning that the
    approval was removed lasts only one commit. This one stays until the first approval is
    back (e.g. `git revert`).
    """
    no = langkah_pengesahan(ds)
    if no is None:
        return []
    urut = riwayat[::-1]
    masalah: list[Masalah] = []
    for (tahun, periode), (awal, n) in sorted(_jejak_pengesahan(riwayat, no).items()):
        siklus = ds.tahun[tahun].siklus.get(Periode(periode)) if tahun in ds.tahun else None
        lk = siklus.cari_langkah(no) if siklus is not None else None
        if n is None or siklus is None or lk is None or lk.selesai is None or not lk.oleh:
            continue  # not rewritten, or not approved now (the report is a draft again)
        kini = (lk.oleh, lk.selesai.isoformat())
        if kini == awal:
            continue
        e = urut[n]
        idx = next(i for i, x in enumerate(siklus.langkah) if x.no == no)
        pesan = (
            f"pengesahan langkah {no} laporan {periode} {tahun} ditulis ulang: semula oleh "
            f"{awal[0]} selesai {awal[1]}, kini oleh {kini[0]} selesai {kini[1]} (diubah pada "
            f"commit {e.commit[:7]} oleh {_siapa(e)}, "
            f"{e.tanggal.astimezone(zona_kantor(ds.instansi)).date().isoformat()}). Laporan yang "
            f"sudah disahkan tidak disahkan ulang dengan mengubah atau menandatangani ulang "
            f"langkah {no}: laporan yang terbit kini dihitung dari data pengesahan yang ditulis "
            "ulang itu. Kembalikan catatan pengesahan semula (mis. git revert "
            f"{e.commit[:7]}), lalu catat koreksinya sebagai revisi: capkin sign --periode "
            f"{periode} --tahun {tahun} --langkah {no} --oleh {awal[0]} --revisi --alasan "
            '"..." (PANDUAN: Koreksi setelah disahkan)'
        )
        masalah.append(
            ds.peringatan(
                berkas_siklus(tahun, Periode(periode)),
                ("langkah", idx, "selesai"),
                "pengesahan-ditulis-ulang",
                pesan,
            )
        )
    return masalah


def _pengesahan_ditinggalkan(
    ds: Dataset, repo: RepoGit, riwayat: list[EntriRiwayat]
) -> list[Masalah]:
    """Flag periods approved under an earlier SOP that a changed SOP turned back into drafts.

    A period is approved by the sign-off of the SOP's last step as the SOP stood when it was
    signed. Adding a step to data/sop.yml later must not withdraw that approval (and with it
    the frozen report) unseen; the warning that the approval was removed lasted one commit.
    """
    no = langkah_pengesahan(ds)
    if no is None or sum(any(p.berkas == "data/sop.yml" for p in e.perubahan) for e in riwayat) < 2:
        return []  # one version of the SOP ever: its last step always approved
    draf = {
        (t, str(per)): s
        for t, dt in ds.tahun.items()
        for per, s in dt.siklus.items()
        if not ((lk := s.cari_langkah(no)) is not None and lk.ditandatangani)
    }
    urut = riwayat[::-1]
    tanda: list[tuple[int, tuple[int, str], int]] = []
    for n, e in enumerate(urut):
        for p in e.perubahan:
            ctx = konteks_berkas(p.berkas)
            kunci = (ctx.tahun or 0, ctx.periode or "")
            if (
                ctx.jenis == "siklus"
                and kunci in draf
                and p.langkah is not None
                and p.langkah != no
                and p.jenis in {"tambah", "ubah"}
                and (
                    p.medan in {"oleh", "selesai"} or (p.medan is None and isinstance(p.baru, dict))
                )
            ):
                tanda.append((n, kunci, p.langkah))
    if not tanda:
        return []
    path = repo.ke_worktree("data/sop.yml")
    # HEAD and its first parent: where the approval was still in force there, the warning
    # that it was removed (`pengesahan.alterations`) says so already
    acuan = [
        c
        for c in ("HEAD", "HEAD^1")
        if repo.jalankan("rev-parse", "-q", "--verify", c + "^{commit}", cek=False).strip()
    ]
    versi = baca_versi(repo, [(c, path) for c in {*acuan, *(urut[n].commit for n, _, _ in tanda)}])
    masih = {no_pengesahan_mentah(_data(versi.get((c, path)), "data/sop.yml")) for c in acuan}
    masalah: list[Masalah] = []
    dilaporkan: set[tuple[int, str]] = set()
    for n, (tahun, periode), langkah in tanda:
        e = urut[n]
        if (tahun, periode) in dilaporkan:
            continue
        if langkah in masih:
            continue
        if no_pengesahan_mentah(_data(versi.get((e.commit, path)), "data/sop.yml")) != langkah:
            continue
        siklus = draf[(tahun, periode)]
        lk = siklus.cari_langkah(langkah)
        if lk is None or not lk.ditandatangani:
            continue  # the approval itself is gone: a draft again, as the data says
        dilaporkan.add((tahun, periode))
        idx = next(i for i, x in enumerate(siklus.langkah) if x.no == langkah)
        masalah.append(
            ds.peringatan(
                berkas_siklus(tahun, Periode(periode)),
                ("langkah", idx, "oleh"),
                "pengesahan-tertinggal-sop",
                f"laporan {periode} {tahun} disahkan dengan tanda tangan langkah {langkah} "
                f"oleh {lk.oleh} (commit {e.commit[:7]}), langkah terakhir SOP saat itu, tetapi "
                f"data/sop.yml kini menjadikan langkah {no} langkah pengesahan: laporan itu "
                "kembali menjadi draf dan versi yang disahkan tidak lagi diterbitkan. Mengubah "
                "SOP tidak mencabut pengesahan yang sudah ada; kembalikan langkah SOP itu, atau "
                f"minta pejabat yang berwenang menandatangani langkah {no} periode ini "
                f"(capkin sign --periode {periode} --tahun {tahun} --langkah {no} ...)",
            )
        )
    return masalah


BATAS_URAIAN = 8
"""Changes named in one message about an email-only re-approval; the rest are counted."""


def _revisi_tanpa_kriptografi(
    ds: Dataset, riwayat: list[EntriRiwayat], revisi: list[RevisiDiperiksa]
) -> list[Masalah]:
    """Warn about each re-approval that counts on an email match alone, as for a step.

    Such a re-approval replaces the published report (signatures are optional here), so the
    warning names the realisasi changes it approved: anyone can set the official's email.
    """
    no = langkah_pengesahan(ds)
    if no is None:
        return []
    if not any(r.dihitung and r.keadaan is Keadaan.EMAIL_COCOK for r in revisi):
        return []
    urut = riwayat[::-1]
    posisi = {e.commit: n for n, e in enumerate(urut)}
    semua = _pengesahan(riwayat, no, _revisi_dihitung(revisi))
    masalah: list[Masalah] = []
    for r in revisi:
        if not r.dihitung or r.keadaan is not Keadaan.EMAIL_COCOK:
            continue
        if not _masih_tercatat(ds, r):
            continue  # no longer in the data: nothing published rests on it
        ctx = konteks_berkas(r.berkas)
        if ctx.tahun is None or ctx.periode is None:
            continue
        n = posisi[r.commit]
        sebelum = [m for m in semua.get((ctx.tahun, ctx.periode), []) if m < n]
        telat = (
            _belum_kembali(_realisasi_telat(urut, (ctx.tahun, ctx.periode), sebelum[-1], n))
            if sebelum
            else []
        )
        oleh = str(r.item["oleh"])
        pesan = (
            f"pengesahan ulang (revisi {r.ke + 1}) laporan {ctx.periode} {ctx.tahun} atas nama "
            f"{_nama_pejabat(ds, oleh)}: {Keadaan.EMAIL_COCOK} (commit {r.commit[:7]} oleh "
            f"{r.email}); email dapat diatur siapa saja, tetapi revisi ini dihitung "
            "(pengaturan.wajib_tanda_tangan_git: false) dan laporan yang terbit kini versi revisi ini"
        )
        if telat:
            uraian = [
                f"{uraikan(p)} (commit {urut[m].commit[:7]} oleh {_siapa(urut[m])})"
                for m, p in telat
            ]
            pesan += ", termasuk perubahan realisasi sesudah pengesahan sebelumnya: " + "; ".join(
                uraian[:BATAS_URAIAN]
            )
            if len(uraian) > BATAS_URAIAN:
                pesan += f"; dan {len(uraian) - BATAS_URAIAN} perubahan lain"
        pesan += (
            f". Pastikan {_nama_pejabat(ds, oleh)} sendiri yang mengesahkannya; agar "
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


def periksa_integritas(ds: Dataset, root: Path) -> list[Masalah]:
    """Return the problems only git can show: unverified sign-offs, late changes.

    Empty outside a git repository; raises RiwayatDangkal for a shallow clone.
    """
    repo = buka_repo(root)
    if repo is None:
        return []
    riwayat = baca_riwayat(root, instansi=ds.instansi)
    revisi = _revisi_diperiksa(ds, repo, riwayat)
    return (
        _masalah_tanda_tangan(ds, verifikasi(ds, repo, riwayat, kunci_webflow(repo.worktree)))
        + _target_berubah(ds, riwayat)
        + _realisasi_setelah_pengesahan(ds, riwayat, revisi)
        + _revisi_tanpa_kriptografi(ds, riwayat, revisi)
        + _pengesahan_ditulis_ulang(ds, riwayat)
        + _pengesahan_ditinggalkan(ds, repo, riwayat)
    )
