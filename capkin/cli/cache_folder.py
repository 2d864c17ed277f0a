"""Commands over capkin's cache folder: cache info, cache bersihkan."""

from __future__ import annotations

import json
from pathlib import Path

import click

from capkin.cli.options import Grup, main, opsi_format, root_dari
from capkin.errors import UsageError


def _root(ctx: click.Context) -> Path:
    """The data tree's folder (with data/), or the folder given: a rekap folder has no data/."""
    from capkin.dataset import cari_root

    folder = root_dari(ctx)
    try:
        return cari_root(folder)
    except UsageError:
        if not folder.is_dir():
            raise
        return folder.resolve()


def ukuran_teks(ukuran: int) -> str:
    """Show a size in bytes the Indonesian way: "1,5 MB"."""
    for satuan, besar in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if ukuran >= besar:
            return f"{ukuran / besar:.1f} {satuan}".replace(".", ",")
    return f"{ukuran} B"


@main.group(cls=Grup)
def cache() -> None:
    """Lihat dan kosongkan cache capkin (di .git/capkin/, tidak pernah di folder repo).

    Cache hanya menghemat waktu: isinya dapat dihapus kapan saja dan dibuat lagi bila
    diperlukan. Setiap capkin build membuang dari cache grafik, unduhan, DOCX dan PDF yang
    tidak dipakainya, sehingga cache tidak terus membesar.

    \b
    Contoh:
      capkin cache info
      capkin cache bersihkan
      capkin cache bersihkan pdf grafik
    """


@cache.command()
@opsi_format("Bentuk keluaran.", "teks", "json")
@click.pass_context
def info(ctx: click.Context, fmt: str) -> None:
    """Tampilkan letak cache dan ukuran tiap bagiannya.

    \b
    Contoh:
      capkin cache info
      capkin -C ../repo-kapanewon cache info --format json
    """
    from capkin.site.cache_upkeep import isi_cache

    folder, isi = isi_cache(_root(ctx))
    total = sum(b.ukuran for b in isi)
    if fmt == "json":
        bagian = [
            {
                "bagian": b.jenis.nama,
                "keterangan": b.jenis.keterangan,
                "berkas": b.berkas,
                "ukuran": b.ukuran,
            }
            for b in isi
        ]
        hasil = {"folder": str(folder), "ukuran": total, "bagian": bagian}
        click.echo(json.dumps(hasil, ensure_ascii=False, indent=1))
        return
    click.echo(f"Cache: {folder}")
    for b in isi:
        if b.berkas:
            teks = f"{b.jenis.nama:<13}{ukuran_teks(b.ukuran):>10}  {b.berkas:>6} berkas  "
            click.echo(teks + b.jenis.keterangan)
    click.echo(f"{'jumlah':<13}{ukuran_teks(total):>10}")


@cache.command()
@click.argument("bagian", nargs=-1)
@click.pass_context
def bersihkan(ctx: click.Context, bagian: tuple[str, ...]) -> None:
    """Kosongkan cache, atau hanya BAGIAN yang disebut (lihat capkin cache info).

    Ditolak selama capkin build atau capkin serve sedang berjalan di repo ini. Perintah
    capkin berikutnya membuat lagi isi cache yang diperlukannya (lebih lambat sekali itu).

    \b
    Contoh:
      capkin cache bersihkan
      capkin cache bersihkan pdf docx
    """
    from capkin.site.cache_upkeep import bersihkan_cache

    berkas, ukuran = bersihkan_cache(_root(ctx), bagian)
    click.echo(f"Cache dibersihkan: {berkas} berkas, {ukuran_teks(ukuran)}.")
