"""Problems with step sign-offs: unverified, email-only, future-dated, newly authorised."""

from __future__ import annotations

from capkin.dataset import Dataset
from capkin.errors import Masalah
from capkin.history.signatures import Keadaan
from capkin.history.signoff import (
    KunciLangkah,
    Verifikasi,
)
from capkin.layout import berkas_siklus
from capkin.models.base import Periode


def nama_pejabat(ds: Dataset, pid: str) -> str:
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
        f"tanda tangan langkah {no} siklus {periode} {tahun} atas nama {nama_pejabat(ds, oleh)}: "
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
                f"{nama_pejabat(ds, langkah.oleh or '')} dalam commit {(v.commit or '')[:7]}, "
                "padahal di cabang main sebelum perubahan itu pejabat tersebut tidak berwenang "
                "menandatangani langkah ini: peran pejabat (data/instansi.yml) atau pelaksana "
                "langkah (data/sop.yml) baru diubah dalam perubahan yang sama. Gabungkan dulu "
                "perubahan peran atau SOP itu (disetujui pemilik kode), lalu tandatangani ulang"
                + (
                    f"; sampai itu laporan {periode} {tahun} tidak diterbitkan sebagai disahkan"
                    if ds.sop is not None and no == ds.sop.no_pengesahan
                    else ""
                ),
            )
        )
    return masalah


def masalah_tanda_tangan(ds: Dataset, hasil: dict[KunciLangkah, Verifikasi]) -> list[Masalah]:
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
        awal = (
            f"tanda tangan langkah {no} siklus {periode} {tahun} atas nama {nama_pejabat(ds, oleh)}"
        )
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
