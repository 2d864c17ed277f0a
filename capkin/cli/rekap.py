"""`capkin rekap`: the regency's roll-up of the offices' published sites."""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import click

from capkin.cli.options import OPSI_PORT, Grup, main, opsi_out, root_dari


def _progres(baris: str) -> None:
    click.echo(baris, err=True)


@main.group(cls=Grup)
def rekap() -> None:
    """Rekap kabupaten: gabungkan situs capaian kinerja kantor-kantor menjadi satu situs.

    Jalankan di folder rekap (yang berisi rekap.yml), atau pakai -C.

    \b
    Contoh:
      capkin rekap init ../rekap-sleman --nama "Rekap Capaian Kinerja Kabupaten Sleman"
      capkin -C ../rekap-sleman rekap build --strict
    """


def _laporkan(hasil: Any, strict: bool) -> None:
    for h in hasil.gagal:
        click.echo(
            f"peringatan: {h.kantor.id} ({h.kantor.nama}) tidak dapat diambil: {h.alasan}",
            err=True,
        )
    for nama, ids in hasil.nama_sama:
        click.echo(
            f"peringatan: kantor {', '.join(ids)} menerbitkan situs dengan nama yang sama "
            f"({nama}) dengan angka yang berbeda; semuanya direkap: bila seharusnya nama "
            "instansinya berbeda, periksa sumber-nya di rekap.yml",
            err=True,
        )
    if hasil.selisih:
        for s in hasil.selisih:
            click.echo(f"peringatan: verifikasi: {s}", err=True)
    elif hasil.selisih is not None:
        click.echo("Verifikasi: semua angka yang disahkan sama dengan repositori kantor.", err=True)
    masalah = len(hasil.gagal) + len(hasil.selisih or ())
    if strict and masalah:
        click.echo(
            f"Gagal (--strict): {len(hasil.gagal)} kantor tidak dapat diambil, "
            f"{len(hasil.selisih or ())} selisih verifikasi.",
            err=True,
        )
        sys.exit(1)


@rekap.command()
@opsi_out("Folder hasil situs (bawaan: site/ di folder rekap).")
@click.option(
    "--verifikasi",
    is_flag=True,
    help="Hitung ulang periode yang disahkan dari repositori kantor (kunci repo: di rekap.yml) "
    "pada commit pengesahannya dan laporkan angka terbit yang berbeda.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Keluar dengan kode 1 bila ada kantor yang tidak dapat diambil atau selisih verifikasi.",
)
@click.pass_context
def build(ctx: click.Context, out: Path | None, verifikasi: bool, strict: bool) -> None:
    """Bangun situs rekap: ambil API setiap kantor di rekap.yml, hitung tabel, jalankan MkDocs.

    Kantor yang tidak dapat diambil atau datanya tidak sah tidak menghentikan rekap: kantor
    itu dicantumkan sebagai "tidak dapat diambil" beserta alasannya.

    \b
    Contoh:
      capkin rekap build
      capkin rekap build --verifikasi --strict --out public
    """
    from capkin.rekap.regency_site import bangun_rekap

    hasil = bangun_rekap(root_dari(ctx), out, periksa=verifikasi, progres=_progres)
    _laporkan(hasil, strict)


class _Diam(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@rekap.command()
@OPSI_PORT
@click.pass_context
def serve(ctx: click.Context, port: int) -> None:
    """Bangun situs rekap lalu sajikan di 127.0.0.1 (Ctrl+C untuk berhenti).

    \b
    Contoh:
      capkin rekap serve
      capkin rekap serve --port 8080
    """
    from capkin.rekap.regency_site import bangun_rekap

    hasil = bangun_rekap(root_dari(ctx), progres=_progres)
    _laporkan(hasil, strict=False)
    assert hasil.out is not None
    server = ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(_Diam, directory=str(hasil.out))
    )
    click.echo(
        f"Menyajikan http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C untuk berhenti)", err=True
    )
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        t.join()
    except KeyboardInterrupt:
        server.shutdown()
        server.server_close()


@rekap.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--nama", required=True, help='Nama rekap, mis. "Rekap Capaian Kinerja Kabupaten Sleman".'
)
@click.option("--induk", default=None, help='Pemerintah induk, mis. "Pemerintah Kabupaten Sleman".')
def init(folder: Path, nama: str, induk: str | None) -> None:
    """Buat repositori rekap baru: rekap.yml, mkdocs.yml, skema editor, alur kerja terbit harian.

    \b
    Contoh:
      capkin rekap init ../rekap-sleman --nama "Rekap Capaian Kinerja Kabupaten Sleman" \\
          --induk "Pemerintah Kabupaten Sleman"
    """
    from capkin.rekap.regency_repo import buat_rekap

    berkas, commit = buat_rekap(folder, nama, induk)
    for b in berkas:
        click.echo(f"  {b}")
    click.echo(
        f"Rekap dibuat di {folder} (commit {commit[:12]}). Isi daftar kantor di rekap.yml, "
        "lalu jalankan 'capkin rekap build'."
    )
