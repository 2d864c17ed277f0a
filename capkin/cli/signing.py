"""The sign command: an SOP step signed off in a siklus file, re-approved or affirmed."""

from __future__ import annotations

from typing import Any

import click

from capkin.cli.options import TANGGAL, main, opsi_periode, opsi_tahun, opsi_tanggal, root_dari
from capkin.errors import UsageError


@main.command()
@opsi_periode("Triwulan siklus.", wajib=True)
@click.option(
    "--langkah",
    "no",
    type=int,
    required=True,
    help="Nomor langkah SOP (lihat data/sop.yml; SOP 08/SOP/2023: 1–6).",
)
@click.option("--oleh", required=True, help="ID pejabat yang menandatangani.")
@opsi_tanggal("Tanggal selesai (bawaan: hari ini; tidak boleh sesudah hari ini).")
@opsi_tahun("Tahun (bawaan: tahun terakhir yang memiliki PK).")
@click.option(
    "--mulai",
    type=TANGGAL,
    default=None,
    help="Tanggal mulai (bawaan: yang sudah tercatat, atau hari kerja sesudah langkah sebelumnya).",
)
@click.option(
    "--catatan",
    default=None,
    help="Catatan untuk langkah ini; untuk langkah 3 ke atas wajib bila masih ada unit yang "
    "belum menyampaikan realisasi (alasan melanjutkan tanpa data itu).",
)
@click.option("--dokumen", default=None, help="Dokumen hasil langkah ini (mis. laporan terkirim).")
@click.option(
    "--commit",
    "buat_commit",
    is_flag=True,
    help="Commit berkas siklus dengan identitas git Anda (harus salah satu identitas_git "
    "pejabat), ditandatangani kunci SSH Anda bila pejabat punya kunci_ssh.",
)
@click.option(
    "--kukuhkan",
    is_flag=True,
    help="Kukuhkan tanda tangan yang sudah ada dengan commit kosong bertanda tangan kunci SSH "
    "pejabat (mis. sesudah squash merge); data tidak diubah.",
)
@click.option(
    "--revisi",
    is_flag=True,
    help="Sahkan ulang laporan yang sudah disahkan, setelah koreksi (ditambahkan ke 'revisi:').",
)
@click.option("--alasan", default=None, help="Dengan --revisi: apa yang dikoreksi dan dasarnya.")
@click.pass_context
def sign(
    ctx: click.Context,
    periode: str,
    no: int,
    oleh: str,
    tanggal: Any,
    tahun: int | None,
    mulai: Any,
    catatan: str | None,
    dokumen: str | None,
    buat_commit: bool,
    revisi: bool,
    alasan: str | None,
    kukuhkan: bool,
) -> None:
    """Tandatangani satu langkah SOP di berkas siklus triwulan (data/<tahun>/siklus/<P>.yml).

    Diperiksa dahulu: pejabat ada, perannya termasuk pelaksana langkah itu, semua langkah
    sebelumnya sudah ditandatangani, langkah ini belum, dan tanggalnya berurutan, tidak sesudah
    hari ini. Langkah 3 ke atas ditolak selama masih ada unit yang belum menyampaikan
    realisasi, kecuali --catatan menjelaskan alasannya. Komentar dan tata letak berkas tetap
    terjaga. Dengan --commit, identitas git yang benar-benar dipakai (git var
    GIT_AUTHOR_IDENT) dan kunci SSH penanda tangan diperiksa terhadap identitas_git dan
    kunci_ssh pejabat. --kukuhkan membuat commit kosong bertanda tangan yang mengukuhkan
    tanda tangan yang sudah ada (tanggalnya tidak diubah).

    \b
    Contoh:
      capkin sign --periode TW2 --langkah 3 --oleh kasubbag-kpe
      capkin sign --periode TW2 --langkah 6 --oleh panewu --tanggal 2025-07-25 --commit
      capkin sign --periode TW2 --langkah 3 --oleh kasubbag-kpe \\
        --catatan "Nilai SAKIP belum terbit; dilaporkan TW3"
      capkin sign --periode TW2 --langkah 2 --oleh kasubbag-kpe --kukuhkan

    Dengan --revisi, laporan yang sudah disahkan lalu dikoreksi disahkan ulang: entri baru
    (tanggal, oleh, alasan) ditambahkan ke 'revisi:' di berkas siklus, dengan pemeriksaan
    peran, identitas dan tanda tangan yang sama dengan langkah pengesahan.

    \b
      capkin sign --periode TW1 --langkah 6 --oleh panewu --revisi \\
        --alasan "Koreksi realisasi ik1 (surat 000.8/140/Gamping)" --commit
    """
    from capkin.models.base import Periode
    from capkin.scaffold.signoff_entry import Permintaan, sahkan_ulang, tanda_tangani
    from capkin.scaffold.signoff_entry import kukuhkan as kukuhkan_tanda_tangan

    if alasan is not None and not revisi:
        raise UsageError("--alasan hanya dipakai bersama --revisi")
    if revisi and (mulai or catatan or dokumen or kukuhkan):
        raise UsageError("--revisi tidak memakai --mulai, --catatan, --dokumen atau --kukuhkan")
    if kukuhkan and not revisi:
        lain = [
            nama
            for nama, nilai in (
                ("--tanggal", tanggal),
                ("--mulai", mulai),
                ("--catatan", catatan),
                ("--dokumen", dokumen),
                ("--commit", buat_commit),
            )
            if nilai
        ]
        if lain:
            raise UsageError(
                f"--kukuhkan tidak dapat digabung dengan {', '.join(lain)}: pengukuhan tidak "
                "mengubah data, termasuk tanggal tanda tangan"
            )
    root, per = root_dari(ctx), Periode(periode.upper())
    minta = Permintaan(root, per, oleh, tanggal.date() if tanggal else None, tahun, buat_commit)
    if revisi:
        rev = sahkan_ulang(minta, alasan or "", no=no)
        click.echo(
            f"Laporan {rev.periode} {rev.tahun} disahkan ulang oleh {rev.pejabat.nama} "
            f"pada {rev.selesai}."
        )
        _cetak_tulisan(rev.berkas, rev.commit)
        return
    if kukuhkan:
        kuat = kukuhkan_tanda_tangan(root, per, no, oleh, tahun)
        click.echo(
            f"Tanda tangan langkah {kuat.no} siklus {kuat.periode} {kuat.tahun} oleh "
            f"{kuat.pejabat.nama} (selesai {kuat.selesai}) dikukuhkan."
        )
        click.echo(f"commit: {kuat.commit}")
        click.echo(
            "Dorong commit ini ke GitHub dan gabungkan dengan 'Create a merge commit' (bukan "
            "squash) agar tanda tangan kriptografisnya tetap ada."
        )
        return
    hasil = tanda_tangani(
        minta, no, mulai=mulai.date() if mulai else None, catatan=catatan, dokumen=dokumen
    )
    click.echo(
        f"Langkah {hasil.no} ({hasil.aktivitas}) siklus {hasil.periode} {hasil.tahun} "
        f"ditandatangani oleh {hasil.pejabat.nama}: mulai {hasil.mulai}, selesai {hasil.selesai}."
    )
    _cetak_tulisan(hasil.berkas, hasil.commit)
    if hasil.commit:
        if hasil.bertanda:
            click.echo("Commit ini ditandatangani dengan kunci SSH Anda yang terdaftar.")
        else:
            click.echo(
                "catatan: commit ini tidak bertanda tangan kriptografis (pejabat belum punya "
                "kunci_ssh), sehingga tercatat 'email cocok, tanpa tanda tangan kriptografis'. "
                "Lihat PANDUAN.md bagian 'Menandatangani dengan kunci SSH'."
            )


def _cetak_tulisan(berkas: str, commit: str | None) -> None:
    """Say which file was written and the commit made, if any."""
    click.echo(f"ditulis: {berkas}")
    if commit:
        click.echo(f"commit: {commit}")
