"""Commands that publish: build, serve."""

from __future__ import annotations

from pathlib import Path

import click

from capkin.cli.options import OPSI_DASAR, OPSI_PORT, main, opsi_out, opsi_pdf, root_dari


def _progres(baris: str) -> None:
    click.echo(baris, err=True)


@main.command()
@opsi_out("Folder hasil situs (bawaan: site/ di folder repo).")
@opsi_pdf("PDF laporan untuk semua periode, hanya periode tahun terakhir, atau tidak sama sekali.")
@OPSI_DASAR
@click.pass_context
def build(ctx: click.Context, out: Path | None, pdf: str) -> None:
    """Bangun situs laporan: validasi, hitung capaian, tulis halaman ke docs/, jalankan MkDocs.

    Data yang tidak sah menghentikan pembangunan dengan pesan yang sama seperti
    'capkin validate'. PDF yang isinya tidak berubah diambil dari cache di folder git
    (.git/capkin/). Satu pembangunan pada satu waktu per repo; situs baru menggantikan
    site/ hanya bila pembangunan berhasil.

    \b
    Contoh:
      capkin build
      capkin build --out public --pdf tidak
      capkin build --pdf terakhir
      capkin build --dasar origin/main
    """
    from capkin.site import PilihanPdf, bangun

    bangun(root_dari(ctx), out, pdf=PilihanPdf(pdf), progres=_progres)


@main.command()
@OPSI_PORT
@opsi_pdf("PDF laporan untuk semua periode, hanya periode tahun terakhir, atau tidak sama sekali.")
@click.pass_context
def serve(ctx: click.Context, port: int, pdf: str) -> None:
    """Bangun situs, sajikan di 127.0.0.1, dan bangun ulang saat data/ atau templat berubah.

    \b
    Contoh:
      capkin serve
      capkin serve --port 8080 --pdf tidak
    """
    from capkin.site import PilihanPdf
    from capkin.site.serve import Penyaji

    penyaji = Penyaji(root_dari(ctx), port, pdf=PilihanPdf(pdf), progres=_progres)
    penyaji.start()
    click.echo(f"Menyajikan {penyaji.url} (Ctrl+C untuk berhenti)", err=True)
    try:
        penyaji.tunggu()
    except KeyboardInterrupt:
        penyaji.stop()
