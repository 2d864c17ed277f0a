"""The annual Laporan Kinerja: `capkin lkjip`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from capkin.cli.options import main, muat_untuk_hitung, opsi_out, opsi_tahun

if TYPE_CHECKING:
    from capkin.dataset import Dataset
    from capkin.errors import Masalah


@main.command()
@opsi_tahun("Tahun laporan (bawaan: tahun terakhir).")
@opsi_out("Folder hasil (bawaan: folder lkjip/ di folder saat ini).")
@click.option("--no-pdf", is_flag=True, help="Lewati pembuatan PDF (HTML dan DOCX tetap dibuat).")
@click.pass_context
def lkjip(ctx: click.Context, tahun: int | None, out: Path | None, no_pdf: bool) -> None:
    """Susun Laporan Kinerja Instansi Pemerintah (LKjIP) tahunan dari data yang sama.

    Isi: Ikhtisar Eksekutif, BAB I Pendahuluan, BAB II Perencanaan Kinerja, BAB III
    Akuntabilitas Kinerja (tujuh analisis per sasaran dan realisasi anggaran), BAB IV
    Penutup, dan Perjanjian Kinerja sebagai lampiran. Narasi diambil dari
    data/<tahun>/lkjip/ikhtisar.md, pendahuluan.md dan penutup.md (Markdown); bagian yang
    belum ditulis diberi tanda. Selama laporan TW4 belum disetujui, sampulnya bertanda DRAF.
    Hasil: laporan-kinerja-<tahun>.html, .pdf dan .docx.

    \b
    Contoh:
      capkin lkjip --tahun 2025
      capkin lkjip --tahun 2025 --out keluaran/ --no-pdf
    """
    from capkin.achievement import tahun_terakhir
    from capkin.cachedir import folder_cache
    from capkin.clock import hari_ini, zona_kantor
    from capkin.lkjip import susun_lkjip, tulis_lkjip
    from capkin.render import buat_env, kumpulkan

    ds = muat_untuk_hitung(ctx)
    th = tahun if tahun is not None else tahun_terakhir(ds)
    # the published figures: an approved report as of its approval commit
    s = kumpulkan(ds, tanggal=hari_ini(ds.instansi))
    lk = susun_lkjip(ds, ds.root, th, s.hasil)
    out = out if out is not None else Path("lkjip")
    hasil = tulis_lkjip(
        buat_env(ds.root, zona_kantor(ds.instansi)),
        lk,
        out,
        pdf=not no_pdf,
        cache_pdf=folder_cache(ds.root) / "pdf",
    )
    for m in [*hasil.masalah, *_narasi_berubah(ds, th)]:
        click.echo(str(m), err=True)
    if hasil.draf:
        click.echo(
            f"catatan: laporan TW4 {th} belum disetujui, sehingga LKjIP bertanda DRAF",
            err=True,
        )
    for path in hasil.berkas:
        click.echo(f"ditulis: {path}")


def _narasi_berubah(ds: Dataset, tahun: int) -> list[Masalah]:
    """Return the warnings for this year's narratives changed after TW4 was approved."""
    from capkin.pengesahan import periksa_pengesahan
    from capkin.pengesahan.narratives import periksa_narasi_beku

    daftar = [p for p in periksa_pengesahan(ds, ds.root) if p.tahun == tahun]
    return periksa_narasi_beku(ds, ds.root, daftar)
