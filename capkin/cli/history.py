"""Commands on the git history: history (the register), diff (a change's effect)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from capkin.cli.options import (
    OPSI_DASAR,
    TANGGAL,
    main,
    opsi_format,
    opsi_unit,
    root_dari,
    tanpa_gc,
)


@main.command()
@click.option(
    "--since",
    "sejak",
    type=TANGGAL,
    metavar="TANGGAL",
    help="Hanya perubahan sejak tanggal ini (YYYY-MM-DD).",
)
@click.option("--indikator", metavar="ID", help="Hanya perubahan tentang indikator ini (mis. ik1).")
@opsi_unit("Hanya perubahan tentang unit ini (mis. jawatan-umum).")
@opsi_format(
    "text: untuk dibaca; json: untuk mesin; markdown: tabel untuk halaman.",
    "text",
    "json",
    "markdown",
)
@click.option(
    "--limit", "batas", type=click.IntRange(min=1), metavar="N", help="Paling banyak N entri."
)
@click.option("--no-cache", is_flag=True, help="Hitung ulang tanpa cache (.git/capkin/).")
@OPSI_DASAR
@click.pass_context
def history(
    ctx: click.Context,
    sejak: Any,
    indikator: str | None,
    unit: str | None,
    fmt: str,
    batas: int | None,
    no_cache: bool,
) -> None:
    """Tampilkan register perubahan data dari riwayat git, terbaru dahulu.

    Setiap entri adalah satu commit (pull request yang digabung tampil sebagai satu entri):
    tanggal, penulis dan pejabatnya, nomor PR, dan perubahan per isian data.

    \b
    Contoh:
      capkin history --since 2025-07-01 --indikator ik1
      capkin history --unit jawatan-umum --format markdown --limit 20
      capkin history --dasar origin/main
    """
    from capkin.clock import zona_kantor
    from capkin.dataset import cari_root
    from capkin.history import (
        baca_riwayat,
        dalam_git,
        format_json,
        format_markdown,
        format_teks,
        muat_instansi,
        saring_riwayat,
    )

    tanpa_gc()
    root = cari_root(root_dari(ctx))
    if not dalam_git(root):
        click.echo(
            f"Folder {root} bukan bagian dari repositori git, jadi register perubahan kosong. "
            "Jalankan 'git init' dan commit data untuk mulai mencatat riwayat.",
            err=True,
        )
    instansi = muat_instansi(root)
    semua = baca_riwayat(
        root,
        instansi=instansi,
        cache=not no_cache,
        progres=lambda s: click.echo(s, err=True),
    )
    riwayat = saring_riwayat(
        semua,
        sejak=sejak.date() if sejak else None,
        indikator=indikator,
        unit=unit,
        batas=batas,
        zona=zona_kantor(instansi),
    )
    saringan = [
        f"{nama} {nilai}"
        for nama, nilai in (("--indikator", indikator), ("--unit", unit))
        if nilai is not None
    ]
    if not riwayat and (saringan or sejak):
        # say what matched nothing, not that the register is empty
        sejak_teks = f" sejak {sejak.date().isoformat()}" if sejak else ""
        pesan = f"Belum ada perubahan data{sejak_teks}."
        if saringan:
            pesan = (
                f"Tidak ada perubahan data{sejak_teks} yang cocok dengan {' '.join(saringan)}. "
                "Periksa id indikator atau unit (lihat data/instansi.yml dan perjanjian kinerja)."
            )
        click.echo(pesan, err=fmt != "text")
        if fmt == "text":
            return
    if fmt == "json":
        click.echo(format_json(riwayat), nl=False)
    elif fmt == "markdown":
        click.echo(format_markdown(riwayat, instansi), nl=False)
    else:
        click.echo(format_teks(riwayat, instansi), nl=False)
        if not saringan and semua:
            click.echo(_keadaan_tanda_tangan(root, semua), nl=False)


def _keadaan_tanda_tangan(root: Any, semua: Any) -> str:
    """Return the sign-offs' verification states for the text register ('' if none)."""
    from capkin.dataset import muat_dataset
    from capkin.history import format_keadaan, verifikasi_langkah, verifikasi_revisi
    from capkin.history.basis import baca_basis
    from capkin.history.gitlog import buka_repo

    ds, _ = muat_dataset(root)
    hasil = {(t, str(p), no): v for (t, p, no), v in verifikasi_langkah(ds, root, semua).items()}
    wajib = ds.instansi is not None and ds.instansi.pengaturan.wajib_tanda_tangan_git
    teks = format_keadaan(hasil, wajib, verifikasi_revisi(ds, root, semua))
    repo = buka_repo(root) if teks else None
    # which history counted as main line: a branch checked against its base, or HEAD's own
    return teks + (f"{baca_basis(repo).teks()}.\n" if repo is not None else "")


@main.command()
@click.argument("base")
@click.argument("head", required=False)
@opsi_format(
    "markdown: untuk komentar pull request; json: untuk mesin.",
    "markdown",
    "json",
)
@click.option(
    "--langsung",
    is_flag=True,
    help="Bandingkan dengan ujung BASE sendiri (seperti git diff BASE HEAD), bukan dengan "
    "titik tempat HEAD bercabang dari BASE (merge base, seperti git diff BASE...HEAD).",
)
@OPSI_DASAR
@click.pass_context
def diff(ctx: click.Context, base: str, head: str | None, fmt: str, langsung: bool) -> None:
    """Tunjukkan apa yang diubah sebuah perubahan pada laporan, dari revisi git BASE ke HEAD.

    HEAD bawaannya pohon kerja (berkas yang sekarang ada di folder). Pembandingnya titik tempat
    HEAD bercabang dari BASE (merge base, seperti git diff BASE...HEAD): commit yang masuk ke
    BASE sesudahnya tidak tampil sebagai dibatalkan; baris "Dasar" menyebut commit-nya. Yang
    dilaporkan: indikator yang realisasi, capaian, predikat atau statusnya berubah, target
    yang berubah, langkah SOP yang ditandatangani, unit yang kini menyampaikan realisasi, dan
    masalah validasi baru.

    \b
    Contoh:
      capkin diff origin/main
      capkin diff HEAD~1 HEAD --format json
      capkin diff origin/main --dasar origin/main
    """
    from capkin.diff import as_json, bandingkan, markdown

    hasil = bandingkan(root_dari(ctx), base, head, langsung=langsung)
    if fmt == "json":
        click.echo(json.dumps(as_json(hasil), ensure_ascii=False, indent=2))
    else:
        click.echo(markdown(hasil), nl=False)


@main.command("diff-comment")
@click.argument("berkas", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def diff_comment(berkas: Path) -> None:
    """Tulis komentar pull request dari BERKAS keluaran `capkin diff --format json`.

    Untuk alur kerja komentar: BERKAS berasal dari alur kerja pull request itu sendiri, jadi
    hanya dibaca sebagai data. Bentuk, jenis dan ukurannya diperiksa; semua teks ditampilkan
    apa adanya (tidak pernah sebagai Markdown), di bawah catatan bahwa angkanya dihitung oleh
    pull request itu sendiri dan belum diverifikasi.

    \b
    Contoh:
      capkin diff-comment capkin-diff/diff.json > komentar.md
    """
    from capkin.diff.comment import UKURAN_MAKS, ArtefakDitolak, baca_artefak, komentar

    with berkas.open("rb") as f:
        isi = f.read(UKURAN_MAKS + 1)
    try:
        data = baca_artefak(isi)
    except ArtefakDitolak as exc:
        click.echo(f"galat: {berkas}: artefak ditolak: {exc}", err=True)
        sys.exit(1)
    click.echo(komentar(data), nl=False)
