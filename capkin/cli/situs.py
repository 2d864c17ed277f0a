"""Commands that publish: build, serve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from capkin.cli.umum import OPSI_PORT, main, root_dari


def _opsi_pdf(semua: bool, no_pdf: bool) -> Any:
    from capkin.site import PilihanPdf

    if no_pdf:
        return PilihanPdf.TIDAK
    return PilihanPdf.SEMUA if semua else PilihanPdf.TERAKHIR


def _progres(baris: str) -> None:
    click.echo(baris, err=True)


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder hasil situs (bawaan: site/ di folder repo).",
)
@click.option("--no-pdf", is_flag=True, help="Lewati pembuatan PDF laporan.")
@click.option(
    "--pdf-semua/--pdf-terakhir",
    default=True,
    show_default=True,
    help="PDF laporan untuk semua periode, atau hanya periode tahun terakhir.",
)
@click.pass_context
def build(ctx: click.Context, out: Path | None, no_pdf: bool, pdf_semua: bool) -> None:
    """Bangun situs laporan: validasi, hitung capaian, tulis halaman ke docs/, jalankan MkDocs.

    Data yang tidak sah menghentikan pembangunan dengan pesan yang sama seperti
    'capkin validate'. PDF yang isinya tidak berubah diambil dari cache di folder git
    (.git/capkin/). Satu pembangunan pada satu waktu per repo; situs baru menggantikan
    site/ hanya bila pembangunan berhasil.

    \b
    Contoh:
      capkin build
      capkin build --out public --no-pdf
    """
    from capkin.site import bangun

    bangun(root_dari(ctx), out, pdf=_opsi_pdf(pdf_semua, no_pdf), progres=_progres)


@main.command()
@OPSI_PORT
@click.option("--no-pdf", is_flag=True, help="Lewati pembuatan PDF laporan.")
@click.pass_context
def serve(ctx: click.Context, port: int, no_pdf: bool) -> None:
    """Bangun situs, sajikan di 127.0.0.1, dan bangun ulang saat data/ atau templat berubah.

    \b
    Contoh:
      capkin serve
      capkin serve --port 8080 --no-pdf
    """
    from capkin.site.sajikan import Penyaji

    penyaji = Penyaji(root_dari(ctx), port, pdf=_opsi_pdf(True, no_pdf), progres=_progres)
    penyaji.start()
    click.echo(f"Menyajikan {penyaji.url} (Ctrl+C untuk berhenti)", err=True)
    try:
        penyaji.tunggu()
    except KeyboardInterrupt:
        penyaji.stop()
